package sqlstore_test

import (
	"context"
	"sync"
	"testing"

	"damlam/internal/sqlstore"
	"damlam/internal/testdb"
)

// TestInstancesStartTogether: several instances starting at once on a new
// database all migrate it without tripping over each other.
func TestInstancesStartTogether(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dialect, dsn string) {
		var wg sync.WaitGroup
		errs := make([]error, 4)
		for i := range errs {
			wg.Go(func() {
				db, err := sqlstore.Open(context.Background(), dsn)
				if err == nil {
					db.Close()
				}
				errs[i] = err
			})
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Errorf("instance %d: %v", i, err)
			}
		}
	})
}
