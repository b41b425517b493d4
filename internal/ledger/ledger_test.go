package ledger

import (
	"context"
	"errors"
	"strings"
	"testing"

	"damlam/internal/proof"
	"damlam/internal/testdb"

	merkleproof "github.com/transparency-dev/merkle/proof"
	"github.com/transparency-dev/merkle/rfc6962"
)

func TestAppendReceiptConsistency(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dialect, dsn string) {
		e := newEnv(t, dialect, dsn)
		ctx := context.Background()
		vs, _ := e.log.Verifiers(ctx)
		var cps [][]byte
		leaves := map[int64][]byte{}
		for i := range 23 {
			idx := e.add([]string{"A", "B", "C"}[i%3])
			if idx != int64(i) {
				t.Fatalf("append %d got index %d: indices must be dense", i, idx)
			}
			leaves[idx], _ = e.log.Leaf(ctx, idx)
			if i%4 == 0 {
				r, err := e.log.Receipt(ctx, idx)
				if err != nil {
					t.Fatal(err)
				}
				if err := proof.VerifyReceipt(r, leaves[idx], vs); err != nil {
					t.Fatalf("receipt %d: %v", idx, err)
				}
				cps = append(cps, r.Checkpoint)
			}
		}
		// A receipt for an index an existing checkpoint covers reuses it.
		r0, err := e.log.Receipt(ctx, 0)
		if err != nil {
			t.Fatal(err)
		}
		if string(r0.Checkpoint) != string(cps[len(cps)-1]) {
			t.Error("Receipt signed a new checkpoint although the latest covered the index")
		}
		latestNote, _ := e.log.Checkpoint(ctx)
		latest, _, err := proof.OpenCheckpoint(latestNote, vs)
		if err != nil || latest.Size != 23 {
			t.Fatalf("latest checkpoint %v, %v", latest, err)
		}
		for _, c := range cps {
			old, _, _ := proof.OpenCheckpoint(c, vs)
			p, err := e.log.ConsistencyProof(ctx, int64(old.Size), int64(latest.Size))
			if err != nil {
				t.Fatal(err)
			}
			if err := proof.VerifyConsistency(old, latest, p); err != nil {
				t.Errorf("consistency %d→%d: %v", old.Size, latest.Size, err)
			}
		}
		if _, err := e.log.Receipt(ctx, 23); !errors.Is(err, ErrNotFound) {
			t.Errorf("receipt beyond the log: %v", err)
		}
		if rep := e.audit(); !rep.OK() {
			t.Fatalf("audit: %v", rep.Problems)
		}
		e.reopen() // the start-up check passes on an honest log
	})
}

func TestAppendEnforcesChain(t *testing.T) {
	e := sqliteEnv(t)
	ctx := context.Background()
	e.add("A")
	e.add("A")
	for name, entry := range map[string]proof.Entry{
		"stale prev":     {Seq: 2, Prev: 0},
		"skipped seq":    {Seq: 4, Prev: 1},
		"restarts case":  {Seq: 1, Prev: -1},
		"other case row": {Seq: 3, Prev: 1, Case: "B"},
	} {
		if entry.Case == "" {
			entry.Case = "A"
		}
		entry.Type, entry.Time, entry.Actor, entry.State = "proposal.note", e.now(), "00", "X"
		leaf, err := entry.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		tx, _ := e.db.BeginTx(ctx, nil)
		if _, err := e.log.Append(ctx, tx, "A", leaf); err == nil {
			t.Errorf("%s: accepted", name)
		}
		tx.Rollback()
	}
	tx, _ := e.db.BeginTx(ctx, nil)
	defer tx.Rollback()
	if _, err := e.log.Append(ctx, tx, "A", []byte("not a leaf\n")); err == nil {
		t.Error("accepted a non-leaf")
	}
	if _, err := e.log.Append(ctx, tx, LogCase, []byte("x")); err == nil {
		t.Error("accepted the reserved case")
	}
}

func TestTriggersRefuseChanges(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dialect, dsn string) {
		e := newEnv(t, dialect, dsn)
		e.add("A")
		e.add("A")
		if _, err := e.log.Checkpoint(context.Background()); err != nil {
			t.Fatal(err)
		}
		for _, q := range []string{
			`UPDATE ledger_leaves SET leaf = leaf WHERE idx = 0`,
			`DELETE FROM ledger_leaves WHERE idx = 1`,
			`UPDATE ledger_hashes SET hash = hash WHERE id = 0`,
			`DELETE FROM ledger_hashes`,
			`UPDATE ledger_checkpoints SET note = note`,
			`DELETE FROM ledger_checkpoints`,
			`UPDATE ledger_keys SET vkey = vkey`,
			`DELETE FROM ledger_keys`,
			`UPDATE ledger_state SET size = 1`,
			`DELETE FROM ledger_state`,
		} {
			if _, err := e.db.Exec(q); err == nil {
				t.Errorf("%s: allowed", q)
			}
		}
		if rep := e.audit(); !rep.OK() {
			t.Fatal(rep.Problems)
		}
	})
}

// TestProofsAcceptedByMerkle checks, over many tree sizes, that every
// inclusion and consistency proof the ledger serves (computed by tlog over
// stored hashes) is accepted by transparency-dev/merkle, an independent
// implementation, and that a wrong leaf is not.
func TestProofsAcceptedByMerkle(t *testing.T) {
	e := sqliteEnv(t)
	ctx := context.Background()
	const n = 130
	var roots [][]byte
	var leaves [][]byte
	tx, _ := e.db.BeginTx(ctx, nil)
	for i := range n {
		leaf := []byte{byte(i), byte(i >> 8), 'x'}
		if _, err := e.log.appendRaw(ctx, tx, "raw", leaf, func() error { return nil }); err != nil {
			t.Fatal(err)
		}
		leaves = append(leaves, leaf)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	h := rfc6962.DefaultHasher
	for size := int64(0); size <= n; size++ {
		root, err := e.log.rootAt(ctx, size)
		if err != nil {
			t.Fatal(err)
		}
		roots = append(roots, root[:])
	}
	for size := int64(1); size <= n; size++ {
		for idx := int64(0); idx < size; idx += 1 + size/7 {
			p, err := e.log.InclusionProof(ctx, idx, size)
			if err != nil {
				t.Fatal(err)
			}
			if err := merkleproof.VerifyInclusion(h, uint64(idx), uint64(size), h.HashLeaf(leaves[idx]), slices(p), roots[size]); err != nil {
				t.Fatalf("inclusion %d/%d: %v", idx, size, err)
			}
			if merkleproof.VerifyInclusion(h, uint64(idx), uint64(size), h.HashLeaf([]byte("other")), slices(p), roots[size]) == nil {
				t.Fatalf("inclusion %d/%d accepted another leaf", idx, size)
			}
		}
		for old := int64(1); old <= size; old += 1 + size/9 {
			p, err := e.log.ConsistencyProof(ctx, old, size)
			if err != nil {
				t.Fatal(err)
			}
			if err := merkleproof.VerifyConsistency(h, uint64(old), uint64(size), slices(p), roots[old], roots[size]); err != nil {
				t.Fatalf("consistency %d→%d: %v", old, size, err)
			}
		}
	}
}

func slices(p [][32]byte) [][]byte {
	out := make([][]byte, len(p))
	for i := range p {
		out[i] = p[i][:]
	}
	return out
}

func TestOpenRejectsBadConfig(t *testing.T) {
	e := sqliteEnv(t)
	for _, c := range []Config{
		{Origin: "has space", Dialect: SQLite, KeyDir: e.cfg.KeyDir},
		{Origin: testOrigin, Dialect: "mysql", KeyDir: e.cfg.KeyDir},
		{Origin: testOrigin, Dialect: SQLite},
		{Origin: "another.example/log", Dialect: SQLite, KeyDir: e.cfg.KeyDir},
	} {
		if _, err := Open(context.Background(), e.db, c); err == nil {
			t.Errorf("%+v: accepted", c)
		}
	}
	// A key folder that already signed for another database.
	e.add("A")
	e.log.Checkpoint(context.Background())
	fresh := testdb.Open(t, SQLite, testdb.SQLite(t))
	migrate(t, fresh, SQLite)
	if _, err := Open(context.Background(), fresh, e.cfg); err == nil || !strings.Contains(err.Error(), "another") {
		t.Errorf("foreign key folder: %v", err)
	}
}
