package sqlstore

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
)

// TestChangeWatchSharedProbes: callers who wait for a probe begun after
// they arrived take its answer, and every one of them still sees a commit
// made before it arrived.
func TestChangeWatchSharedProbes(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "w.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	w := db.changes
	for round := range 20 {
		before, err := w.generation(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.ExecContext(ctx, `INSERT INTO counters (name, value) VALUES ($1, 1)`, "probe"+itoa(round)); err != nil {
			t.Fatal(err)
		}
		begun := w.begun.Load()
		var wg sync.WaitGroup
		gens := make([]uint64, 64)
		errs := make([]error, len(gens))
		for i := range gens {
			wg.Add(1)
			go func() {
				defer wg.Done()
				gens[i], errs[i] = w.generation(ctx)
			}()
		}
		wg.Wait()
		for i, g := range gens {
			if errs[i] != nil {
				t.Fatal(errs[i])
			}
			if g == before {
				t.Fatalf("round %d: caller %d did not see the commit made before it arrived (generation %d)", round, i, g)
			}
		}
		if probes := w.begun.Load() - begun; probes > uint64(len(gens)) {
			t.Fatalf("round %d: %d probes for %d callers", round, probes, len(gens))
		}
	}
}
