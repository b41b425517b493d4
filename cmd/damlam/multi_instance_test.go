package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"damlam/internal/ledger"
	"damlam/internal/proof"
	"damlam/internal/sqlstore"
	"damlam/internal/testdb"
)

// TestTwoInstancesShareOneLog runs two `damlam serve` on one PostgreSQL
// and drives hundreds of concurrent decisions through both: every case
// crosses both instances and its votes race each other. Afterwards the log
// has no gap and no duplicate index, every decision is in it exactly once,
// every checkpoint either instance handed out or stored is consistent with
// the final one, and `damlam audit` is clean from either data folder.
func TestTwoInstancesShareOneLog(t *testing.T) {
	dsn := testdb.Postgres(t)
	f := startFleet(t, 2, map[string]string{"DAMLAM_DB": dsn})

	const cases, workers, reportsPerCase = 24, 8, 4
	var mu sync.Mutex
	var decisions []decision
	record := func(d decision) {
		mu.Lock()
		decisions = append(decisions, d)
		mu.Unlock()
	}
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for i := range jobs {
				id, err := f.toImplementation(i, record)
				for k := 0; err == nil && k < reportsPerCase; k++ {
					var d decision
					if d, err = f.progress(i+k, id); err == nil {
						record(d)
					}
				}
				if err != nil {
					t.Errorf("case %d: %v", i, err)
				}
			}
		})
	}
	for i := range cases {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	if t.Failed() {
		return
	}
	want := cases * (9 + reportsPerCase)
	if len(decisions) != want {
		t.Fatalf("%d decisions answered, want %d", len(decisions), want)
	}
	t.Logf("%d decisions through 2 instances", len(decisions))

	ctx := context.Background()
	db, err := sqlstore.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	checkDenseAndOnce(t, db, decisions)
	checkCheckpoints(t, f, db, decisions)
	for _, in := range f.instances {
		if out, err := in.cli("", "audit"); err != nil || !strings.Contains(out, "audit clean") {
			t.Fatalf("audit from %s: %v\n%s", in.data, err, out)
		}
	}
}

// checkDenseAndOnce: indices 0…size-1 each once, every leaf recorded by
// exactly one event of its case and every event by exactly one leaf, and
// the answered receipts name exactly those leaves.
func checkDenseAndOnce(t *testing.T, db *sqlstore.DB, decisions []decision) {
	t.Helper()
	var size, leaves, distinct, maxIdx, events, authority int64
	db.QueryRow(`SELECT size FROM ledger_state`).Scan(&size)
	db.QueryRow(`SELECT count(*), count(DISTINCT idx), max(idx) FROM ledger_leaves`).Scan(&leaves, &distinct, &maxIdx)
	db.QueryRow(`SELECT count(*) FROM events`).Scan(&events)
	// The organisation's entries (units, people, seats) are leaves too,
	// each with its org_events row instead of an event.
	db.QueryRow(`SELECT count(*) FROM org_events`).Scan(&authority)
	if leaves != size || distinct != size || maxIdx != size-1 {
		t.Errorf("log of size %d has %d leaves, %d distinct indices, highest %d", size, leaves, distinct, maxIdx)
	}
	var orphans, unlogged int64
	db.QueryRow(`SELECT count(*) FROM ledger_leaves l LEFT JOIN events e ON e.log_index = l.idx AND e.proposal_id = l.case_id
		LEFT JOIN org_events o ON o.log_index = l.idx AND o.chain = l.case_id
		WHERE e.log_index IS NULL AND o.log_index IS NULL AND l.case_id <> $1`, ledger.LogCase).Scan(&orphans)
	db.QueryRow(`SELECT count(*) FROM events e LEFT JOIN ledger_leaves l ON l.idx = e.log_index AND l.case_id = e.proposal_id
		WHERE l.idx IS NULL`).Scan(&unlogged)
	if orphans != 0 || unlogged != 0 || events+authority != size {
		t.Errorf("%d leaves without their event, %d events without their leaf; %d events and %d org events for %d leaves", orphans, unlogged, events, authority, size)
	}
	seen := map[uint64]bool{}
	for _, d := range decisions {
		r, err := proof.ParseReceipt([]byte(d.receipt))
		if err != nil {
			t.Fatal(err)
		}
		if seen[r.Index] {
			t.Errorf("index %d answered twice", r.Index)
		}
		seen[r.Index] = true
		var caseID, action string
		db.QueryRow(`SELECT proposal_id, action FROM events WHERE log_index = $1`, int64(r.Index)).Scan(&caseID, &action)
		if caseID != d.caseID || action != d.action {
			t.Errorf("receipt index %d for %s %s, but the event there is %s %s", r.Index, d.caseID, d.action, caseID, action)
		}
	}
	if int64(len(seen))+authority != size {
		t.Errorf("%d receipts and %d org events for a log of %d leaves", len(seen), authority, size)
	}
}

// checkCheckpoints verifies every receipt against its leaf, and proves
// every checkpoint — in a receipt, in ledger_checkpoints, in either
// instance's tripwire file — a prefix of the final one; signed sizes must
// grow in the order they were stored.
func checkCheckpoints(t *testing.T, f *fleet, db *sqlstore.DB, decisions []decision) {
	t.Helper()
	ctx := context.Background()
	keys := filepath.Join(t.TempDir(), "log-key")
	if err := os.CopyFS(keys, os.DirFS(filepath.Join(f.instances[0].data, "log-key"))); err != nil {
		t.Fatal(err)
	}
	lg, err := ledger.Open(ctx, db.DB, ledger.Config{Origin: "damlam.local/log", Dialect: db.Dialect, KeyDir: keys})
	if err != nil {
		t.Fatal(err)
	}
	vs, _ := lg.Verifiers(ctx)
	notes := map[string]bool{}
	for _, d := range decisions {
		r, _ := proof.ParseReceipt([]byte(d.receipt))
		leaf, err := lg.Leaf(ctx, int64(r.Index))
		if err != nil {
			t.Fatal(err)
		}
		if err := proof.VerifyReceipt(r, leaf, vs); err != nil {
			t.Errorf("receipt %d: %v", r.Index, err)
		}
		notes[string(r.Checkpoint)] = true
	}
	rows, err := db.Query(`SELECT size, note FROM ledger_checkpoints ORDER BY created_at, size`)
	if err != nil {
		t.Fatal(err)
	}
	last := int64(-1)
	for rows.Next() {
		var n int64
		var note string
		rows.Scan(&n, &note)
		if n <= last {
			t.Errorf("a checkpoint of size %d was stored after one of size %d", n, last)
		}
		last = n
		notes[note] = true
	}
	rows.Close()
	for _, in := range f.instances {
		b, err := os.ReadFile(filepath.Join(in.data, "log-key", "last-checkpoint.txt"))
		if err != nil {
			t.Fatal(err)
		}
		notes[string(b)] = true
	}
	final, err := lg.Checkpoint(ctx)
	if err != nil {
		t.Fatal(err)
	}
	latest, _, err := proof.OpenCheckpoint(final, vs)
	if err != nil {
		t.Fatal(err)
	}
	for n := range notes {
		old, _, err := proof.OpenCheckpoint([]byte(n), vs)
		if err != nil {
			t.Fatalf("%v\n%s", err, n)
		}
		p, err := lg.ConsistencyProof(ctx, int64(old.Size), int64(latest.Size))
		if err != nil {
			t.Fatal(err)
		}
		if err := proof.VerifyConsistency(old, latest, p); err != nil {
			t.Errorf("checkpoint %d is not a prefix of the final %d: %v", old.Size, latest.Size, err)
		}
	}
	t.Logf("%d distinct checkpoints, all consistent with the final one of size %d", len(notes), latest.Size)
}
