package ledger

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"damlam/internal/proof"
	"damlam/internal/testdb"
)

// instanceOn opens a second instance of e's log: its own connection pool
// and its own copy of the key folder, as a second server would have.
func (e *env) instanceOn(t *testing.T, now func() time.Time) *Log {
	t.Helper()
	db := testdb.Open(t, e.dialect, e.dsn)
	keys := filepath.Join(t.TempDir(), "keys")
	if err := os.CopyFS(keys, os.DirFS(e.cfg.KeyDir)); err != nil {
		t.Fatal(err)
	}
	cfg := e.cfg
	cfg.KeyDir, cfg.Now = keys, now
	l, err := Open(context.Background(), db, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// TestInstancesShareOneLog appends and asks for receipts from two
// instances and many goroutines at once. Indices must stay dense, every
// checkpoint either instance handed out must be consistent with the final
// one, and signed sizes must only grow in the order they were stored.
func TestInstancesShareOneLog(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dialect, dsn string) {
		e := newEnv(t, dialect, dsn)
		e.add("setup") // the first instance has signed nothing yet; that is fine
		a, b := e.instanceOn(t, time.Now), e.instanceOn(t, time.Now)
		ctx := context.Background()
		const workers, each = 6, 25
		var mu sync.Mutex
		acked := map[int64][]byte{}
		notes := map[string]bool{}
		var wg sync.WaitGroup
		for w := range 2 * workers {
			l := []*Log{a, b}[w%2]
			wg.Go(func() {
				for range each {
					// One case per worker: the case's chain is the
					// caller's to serialise (sqlstore locks the case row).
					caseID := "case-" + strconv.Itoa(w)
					idx, leaf, err := addLeaf(ctx, l.db, l, caseID, "proposal.note")
					if err != nil {
						t.Errorf("append: %v", err)
						return
					}
					r, err := l.Receipt(ctx, idx)
					if err != nil {
						t.Errorf("receipt %d: %v", idx, err)
						return
					}
					vs, _ := l.Verifiers(ctx)
					if err := proof.VerifyReceipt(r, leaf, vs); err != nil {
						t.Errorf("receipt %d: %v", idx, err)
					}
					mu.Lock()
					if acked[idx] != nil {
						t.Errorf("index %d handed out twice", idx)
					}
					acked[idx] = leaf
					notes[string(r.Checkpoint)] = true
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		if t.Failed() {
			return
		}
		n := int64(2*workers*each + 1)
		for i := int64(1); i < n; i++ {
			if acked[i] == nil {
				t.Fatalf("index %d was never handed out: indices are not dense", i)
			}
			if got, _ := e.log.Leaf(ctx, i); string(got) != string(acked[i]) {
				t.Fatalf("leaf %d differs from what its append was told", i)
			}
		}
		final, err := a.Checkpoint(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if fromB, _ := b.Checkpoint(ctx); string(fromB) != string(final) {
			t.Error("the second instance signed its own checkpoint of a size already signed")
		}
		checkAllConsistent(t, e, final, notes)
		checkSizesGrow(t, e.db)
		for _, l := range []*Log{a, b} {
			if rep, err := l.AuditTree(ctx); err != nil || !rep.OK() {
				t.Fatalf("audit: %v %v", err, rep.Problems)
			}
		}
	})
}

// checkAllConsistent proves every note in notes, and every stored
// checkpoint, is a prefix of final.
func checkAllConsistent(t *testing.T, e *env, final []byte, notes map[string]bool) {
	t.Helper()
	ctx := context.Background()
	vs, _ := e.log.Verifiers(ctx)
	latest, _, err := proof.OpenCheckpoint(final, vs)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := e.db.Query(`SELECT note FROM ledger_checkpoints`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var n string
		rows.Scan(&n)
		notes[n] = true
	}
	rows.Close()
	for n := range notes {
		old, _, err := proof.OpenCheckpoint([]byte(n), vs)
		if err != nil {
			t.Fatal(err)
		}
		p, err := e.log.ConsistencyProof(ctx, int64(old.Size), int64(latest.Size))
		if err != nil {
			t.Fatal(err)
		}
		if err := proof.VerifyConsistency(old, latest, p); err != nil {
			t.Errorf("checkpoint %d is not a prefix of %d: %v", old.Size, latest.Size, err)
		}
	}
}

// checkSizesGrow requires checkpoints stored later to be bigger: no
// instance signed a tree smaller than one signed before it.
func checkSizesGrow(t *testing.T, db *sql.DB) {
	t.Helper()
	rows, err := db.Query(`SELECT size FROM ledger_checkpoints ORDER BY created_at, size`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	last := int64(-1)
	for rows.Next() {
		var n int64
		rows.Scan(&n)
		if n <= last {
			t.Errorf("checkpoint of size %d was stored after one of size %d", n, last)
		}
		last = n
	}
}
