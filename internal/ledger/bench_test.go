package ledger

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"sync/atomic"
	"testing"

	"damlam/internal/proof"

	"golang.org/x/mod/sumdb/tlog"
)

// Run with: go test -run XXX -bench . -benchtime 2s ./internal/ledger/
//
// BenchmarkAppend* measure durable appends (one committed transaction per
// leaf, WAL with synchronous=NORMAL as in production); BenchmarkRawInsert*
// write the same leaf bytes as a plain row in the same kind of transaction,
// so the ratio is the log's overhead.

func benchLeaf(caseID string, seq int, prev int64) []byte {
	b, _ := proof.Entry{Type: "proposal.note", Case: caseID, Seq: seq, Prev: prev, Time: benchTime,
		Actor: "c0ffee", State: "SUBMITTED", Fields: []proof.Field{{Key: proof.FieldPayload, Value: "ab"}}}.Marshal()
	return b
}

func BenchmarkAppendSerial(b *testing.B) {
	e := sqliteEnv(b)
	ctx := context.Background()
	prev, seq := int64(-1), 0
	for b.Loop() {
		seq++
		tx, err := e.db.BeginTx(ctx, nil)
		if err != nil {
			b.Fatal(err)
		}
		idx, err := e.log.Append(ctx, tx, "bench", benchLeaf("bench", seq, prev))
		if err != nil {
			b.Fatal(err)
		}
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
		prev = idx
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "appends/s")
}

func BenchmarkAppendConcurrent(b *testing.B) {
	e := sqliteEnv(b)
	ctx := context.Background()
	var g atomic.Int64
	b.SetParallelism(4) // 8 goroutines on 2 cores, each its own case and tx
	b.RunParallel(func(pb *testing.PB) {
		caseID := "bench-" + strconv.FormatInt(g.Add(1), 10)
		for pb.Next() {
			if _, _, err := addLeaf(ctx, e.db, e.log, caseID, "proposal.note"); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "appends/s")
}

func rawTable(b *testing.B, db *sql.DB) {
	if _, err := db.Exec(`CREATE TABLE raw_leaves (idx INTEGER PRIMARY KEY, case_id TEXT NOT NULL, leaf BLOB NOT NULL, created_at TEXT NOT NULL)`); err != nil {
		b.Fatal(err)
	}
}

func BenchmarkRawInsertSerial(b *testing.B) {
	e := sqliteEnv(b)
	rawTable(b, e.db)
	ctx := context.Background()
	leaf := benchLeaf("bench", 2, 0)
	var i int64
	for b.Loop() {
		tx, _ := e.db.BeginTx(ctx, nil)
		if _, err := tx.ExecContext(ctx, `INSERT INTO raw_leaves VALUES ($1, $2, $3, $4)`, i, "bench", leaf, "2026-01-01T00:00:00.000000000Z"); err != nil {
			b.Fatal(err)
		}
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
		i++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "inserts/s")
}

func BenchmarkRawInsertConcurrent(b *testing.B) {
	e := sqliteEnv(b)
	rawTable(b, e.db)
	ctx := context.Background()
	leaf := benchLeaf("bench", 2, 0)
	var n atomic.Int64
	b.SetParallelism(4)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			tx, _ := e.db.BeginTx(ctx, nil)
			if _, err := tx.ExecContext(ctx, `INSERT INTO raw_leaves VALUES ($1, $2, $3, $4)`, n.Add(1), "bench", leaf, "2026-01-01T00:00:00.000000000Z"); err != nil {
				b.Fatal(err)
			}
			if err := tx.Commit(); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "inserts/s")
}

// BenchmarkInclusionProof1M measures serving an inclusion proof in a log of
// 2^20 leaves. The setup writes leaves and tlog hashes directly in large
// transactions (the tree is the same one Append would build).
func BenchmarkInclusionProof1M(b *testing.B) {
	const n = 1 << 20
	e := sqliteEnv(b)
	ctx := context.Background()
	bulkLoad(b, e.db, n)
	var i int64
	for b.Loop() {
		idx := (i * 7919) % n
		i++
		if _, err := e.log.InclusionProof(ctx, idx, n); err != nil {
			b.Fatal(err)
		}
	}
}

func bulkLoad(b *testing.B, db *sql.DB, n int64) {
	ctx := context.Background()
	var hs []tlog.Hash
	r := tlog.HashReaderFunc(func(ids []int64) ([]tlog.Hash, error) {
		out := make([]tlog.Hash, len(ids))
		for i, id := range ids {
			out[i] = hs[id]
		}
		return out, nil
	})
	const batch = 50000
	for start := int64(0); start < n; start += batch {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			b.Fatal(err)
		}
		leafStmt, _ := tx.PrepareContext(ctx, `INSERT INTO ledger_leaves (idx, case_id, leaf, created_at) VALUES ($1, $2, $3, $4)`)
		hashStmt, _ := tx.PrepareContext(ctx, `INSERT INTO ledger_hashes (id, hash) VALUES ($1, $2)`)
		for i := start; i < min(start+batch, n); i++ {
			leaf := []byte(fmt.Sprintf("leaf %d\n", i))
			more, err := tlog.StoredHashes(i, leaf, r)
			if err != nil {
				b.Fatal(err)
			}
			first := int64(len(hs))
			hs = append(hs, more...)
			if _, err := leafStmt.Exec(i, "bulk", leaf, "2026-01-01T00:00:00.000000000Z"); err != nil {
				b.Fatal(err)
			}
			for j, h := range more {
				if _, err := hashStmt.Exec(first+int64(j), h[:]); err != nil {
					b.Fatal(err)
				}
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE ledger_state SET size = $1`, min(start+batch, n)); err != nil {
			b.Fatal(err)
		}
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDossier50 builds and verifies the dossier of a 50-event case.
func BenchmarkDossier50(b *testing.B) {
	e := sqliteEnv(b)
	ctx := context.Background()
	for i := range 50 {
		idx, _, err := addLeaf(ctx, e.db, e.log, "HS-50", "proposal.note")
		if err != nil {
			b.Fatal(err)
		}
		e.add("other")
		if i%2 == 0 {
			e.log.Receipt(ctx, idx)
		}
	}
	vs, _ := e.log.Verifiers(ctx)
	var zipped []byte
	b.Run("build", func(b *testing.B) {
		for b.Loop() {
			d, err := e.log.BuildDossier(ctx, "HS-50", DossierExtras{})
			if err != nil {
				b.Fatal(err)
			}
			var buf bytes.Buffer
			if err := d.WriteZip(&buf); err != nil {
				b.Fatal(err)
			}
			zipped = buf.Bytes()
		}
		b.ReportMetric(float64(len(zipped)), "zip-bytes")
	})
	b.Run("verify", func(b *testing.B) {
		for b.Loop() {
			d, err := proof.ReadZip(bytes.NewReader(zipped), int64(len(zipped)))
			if err != nil {
				b.Fatal(err)
			}
			if rep := proof.Verify(d, vs); rep.Overall() != proof.Holds {
				b.Fatal(rep.Claims)
			}
		}
	})
}
