package ledger

import (
	"context"
	"fmt"
	"testing"
)

// TestTxHashesKeepTheTree: appends that share a transaction's hash cache,
// with savepoints rolled back among them, build the same tree as appends
// without it, and the tree audits clean.
func TestTxHashesKeepTheTree(t *testing.T) {
	ctx := context.Background()
	build := func(cached bool) (int64, [32]byte) {
		e := sqliteEnv(t)
		tx, err := e.db.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		actx := ctx
		if cached {
			actx = NewTxHashes(tx).Context(ctx)
		}
		for i := range 70 {
			caseID := fmt.Sprintf("C%d", i%7)
			if i%9 == 4 {
				// An action that fails after appending: its leaves go.
				if _, err := tx.Exec(`SAVEPOINT a`); err != nil {
					t.Fatal(err)
				}
				for range 2 + i%3 {
					leaf, err := nextLeaf(actx, e.log, tx, caseID, "proposal.note")
					if err != nil {
						t.Fatal(err)
					}
					if _, err := e.log.Append(actx, tx, caseID, leaf); err != nil {
						t.Fatal(err)
					}
				}
				if _, err := tx.Exec(`ROLLBACK TO SAVEPOINT a`); err != nil {
					t.Fatal(err)
				}
				tx.Exec(`RELEASE SAVEPOINT a`)
			}
			leaf, err := nextLeaf(actx, e.log, tx, caseID, "proposal.note")
			if err != nil {
				t.Fatal(err)
			}
			if _, err := e.log.Append(actx, tx, caseID, leaf); err != nil {
				t.Fatal(err)
			}
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
		if rep := e.audit(); !rep.OK() {
			t.Fatalf("cached %v: %v", cached, rep.Problems)
		}
		size, root, err := TreeHead(ctx, e.db)
		if err != nil {
			t.Fatal(err)
		}
		return size, root
	}
	n1, r1 := build(false)
	n2, r2 := build(true)
	if n1 != 70 || n1 != n2 {
		t.Fatalf("sizes %d and %d", n1, n2)
	}
	// Leaves carry times from each env's clock, which run alike, so the
	// trees are equal leaf for leaf.
	if r1 != r2 {
		t.Errorf("the cached appends built another tree")
	}
}
