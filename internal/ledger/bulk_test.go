package ledger

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"damlam/internal/proof"
	"damlam/internal/testdb"
)

// TestBulkAppends: a bulk writer's transactions give the tree and rows
// that single appends give, refuse a leaf that breaks its case's chain as
// Append does, and see appends made beside them between transactions.
func TestBulkAppends(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dialect, dsn string) {
		e := newEnv(t, dialect, dsn)
		ctx := context.Background()
		e.add("c0") // a leaf from before the loader
		b := e.log.NewBulk()
		seqs := map[string]int{"c0": 1}
		prevs := map[string]int64{"c0": 0}
		leaf := func(c string) []byte {
			p, ok := prevs[c]
			if !ok {
				p = -1
			}
			l, err := proof.Entry{Type: "proposal.note", Case: c, Seq: seqs[c] + 1, Prev: p, Time: e.now(), Actor: "c0ffee", State: "SUBMITTED"}.Marshal()
			if err != nil {
				t.Fatal(err)
			}
			return l
		}
		batch := func(n int, broken bool) error {
			tx, err := e.db.BeginTx(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			bctx, _, err := b.Begin(ctx, tx)
			if err != nil {
				t.Fatal(err)
			}
			for i := range n {
				c := fmt.Sprintf("c%d", i%7)
				l := leaf(c)
				if broken && i == n-1 {
					// The same leaf twice: the second repeats a sequence number.
					if _, err := e.log.Append(bctx, tx, c, l); err != nil {
						t.Fatal(err)
					}
				}
				idx, err := e.log.Append(bctx, tx, c, l)
				if err != nil {
					tx.Rollback()
					b.Abort()
					return err
				}
				seqs[c]++
				prevs[c] = idx
			}
			if err := b.Flush(bctx); err != nil {
				t.Fatal(err)
			}
			if err := tx.Commit(); err != nil {
				t.Fatal(err)
			}
			b.Commit()
			return nil
		}
		if err := batch(300, false); err != nil {
			t.Fatal(err)
		}
		prevs["c1"] = e.add("c1") // beside the loader
		seqs["c1"]++
		if err := batch(5, false); err != nil {
			t.Fatal(err)
		}
		saved := map[string]int{}
		for k, v := range seqs {
			saved[k] = v
		}
		savedPrevs := map[string]int64{}
		for k, v := range prevs {
			savedPrevs[k] = v
		}
		if err := batch(20, true); !errors.Is(err, ErrChain) {
			t.Fatalf("a repeated leaf in a bulk transaction: %v", err)
		}
		seqs, prevs = saved, savedPrevs
		if err := batch(130, false); err != nil {
			t.Fatal(err)
		}
		size, err := e.log.Size(ctx)
		if err != nil || size != 1+300+1+5+130 {
			t.Fatalf("size %d, %v", size, err)
		}
		if rep := e.audit(); !rep.OK() {
			t.Fatal(rep.Problems)
		}
		if _, err := e.log.Receipt(ctx, size-1); err != nil {
			t.Fatal(err)
		}
	})
}
