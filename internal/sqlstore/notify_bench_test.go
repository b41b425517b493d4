package sqlstore_test

import (
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"syscall"
	"testing"
	"time"

	"damlam/internal/sqlstore"
	"damlam/internal/testdb"
	"damlam/internal/workflow"
)

// BenchmarkActionNotices measures what telling people costs a decision:
// the same progress report (which tells the deciding unit's head: one
// notice and one outbox row, recipients read from the org tables) with
// notices on and off, each on a fresh store over the same cases.
//
//	go test -run '^$' -bench ActionNotices -benchtime 400x -count 5 ./internal/sqlstore
func BenchmarkActionNotices(b *testing.B) {
	f := newFixture(b, testdb.SQLite(b))
	var cases []string
	for range 50 {
		id := f.approve(fullContent("BTH").Pilot)
		f.do("head.bth", id, workflow.AllocateResources, &workflow.ResourcesInput{MoneyVND: 1, Source: "Ngân sách"})
		cases = append(cases, id)
	}
	in := &workflow.ProgressInput{ScopedAction: workflow.ScopedAction{Unit: "BTH", Date: "2026-12-10", AmountVND: 0}, Summary: "Tiến độ."}
	for _, quiet := range []bool{false, true} {
		name := "notices=on"
		if quiet {
			name = "notices=off"
		}
		b.Run(name, func(b *testing.B) {
			f.store = sqlstore.New(f.db, f.store.Log(), sqlstore.Config{Now: f.clock.Now, AttachmentDir: f.attachDir, Quiet: quiet})
			b.ReportAllocs()
			before := cpuTime()
			n := 0
			for i := 0; b.Loop(); i++ {
				if _, err := f.try("staff.bth", cases[i%len(cases)], workflow.ReportProgress, in); err != nil {
					b.Fatal(err)
				}
				n++
			}
			// The process's CPU per decision: on a shared machine the
			// wall time is mostly the wait for the disk's flush.
			b.ReportMetric(float64((cpuTime()-before).Microseconds())/float64(n), "cpu-us/op")
		})
	}
}

// cpuTime is the CPU time the process has used, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkNoticeIDs measures what the form of a notice's id costs its
// insert, 20 notices a transaction into a table that grows to tens of
// thousands: random ids land on random pages of the primary key's index,
// ids that begin with the time are appended at its end (newSeqID).
//
//	go test -run '^$' -bench NoticeIDs -benchtime 20000x ./internal/sqlstore
func BenchmarkNoticeIDs(b *testing.B) {
	random := func() string {
		var r [10]byte
		rand.Read(r[:])
		return "n_" + hex.EncodeToString(r[:])
	}
	timed := func() string {
		var r [12]byte
		binary.BigEndian.PutUint64(r[:8], uint64(time.Now().UnixNano()))
		rand.Read(r[8:])
		return "n_" + hex.EncodeToString(r[:])
	}
	for _, c := range []struct {
		name string
		id   func() string
	}{{"random", random}, {"time-first", timed}} {
		b.Run(c.name, func(b *testing.B) {
			f := newFixture(b, testdb.SQLite(b))
			id := f.draft("dep1.bth", "BTH")
			before := cpuTime()
			n := 0
			for b.Loop() {
				tx, err := f.db.BeginTx(f.ctx, nil)
				if err != nil {
					b.Fatal(err)
				}
				for range 20 {
					if _, err := tx.ExecContext(f.ctx, `INSERT INTO notifications (id, person_id, proposal_id, kind, at, urgent, due_date, link, digest)
						VALUES ($1, 'head.bth', $2, 'submitted', $3, 0, '', '', '-')`, c.id(), id, time.Now().UTC().Format(time.RFC3339Nano)); err != nil {
						b.Fatal(err)
					}
				}
				if err := tx.Commit(); err != nil {
					b.Fatal(err)
				}
				n += 20
			}
			b.ReportMetric(float64((cpuTime()-before).Nanoseconds())/1000/float64(n), "cpu-us/row")
		})
	}
}
