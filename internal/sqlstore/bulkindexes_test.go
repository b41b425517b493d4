package sqlstore_test

import (
	"slices"
	"testing"

	"damlam/internal/sqlstore"
	"damlam/internal/testdb"
	"damlam/internal/workflow"
)

// TestBulkIndexesComeBackAsMigrated: the indexes a bulk load drops are
// built again exactly as the migrations define them, over the rows
// written without them.
func TestBulkIndexesComeBackAsMigrated(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dialect, dsn string) {
		f := newFixture(t, dsn)
		schema := func() []string {
			q := `SELECT name || ' ' || COALESCE(sql, '') FROM sqlite_schema WHERE type IN ('index', 'trigger')`
			if dialect == sqlstore.Postgres {
				q = `SELECT indexname || ' ' || indexdef FROM pg_indexes WHERE schemaname = current_schema()`
			}
			rows, err := f.db.QueryContext(f.ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			var out []string
			for rows.Next() {
				var s string
				if err := rows.Scan(&s); err != nil {
					t.Fatal(err)
				}
				out = append(out, s)
			}
			slices.Sort(out)
			return out
		}
		want := schema()
		ids := []string{f.draft("staff.bth", "BTH")}
		if err := f.store.DropBulkIndexes(f.ctx); err != nil {
			t.Fatal(err)
		}
		if got := schema(); len(got) >= len(want) {
			t.Fatalf("nothing dropped: %d indexes before, %d after", len(want), len(got))
		}
		ids = append(ids, f.draft("staff.bth", "BTH"), f.draft("staff.bth", "BTH"))
		f.do("staff.bth", ids[1], workflow.Submit, nil)
		if err := f.store.DropBulkIndexes(f.ctx); err != nil { // a resumed load drops them again
			t.Fatal(err)
		}
		for range 2 { // and builds them once
			if err := f.store.CreateBulkIndexes(f.ctx); err != nil {
				t.Fatal(err)
			}
		}
		if got := schema(); !slices.Equal(got, want) {
			t.Fatalf("indexes after the load:\n%v\nas migrated:\n%v", got, want)
		}
		if dialect == sqlstore.SQLite {
			// The proposals made without the search trigger are found, and
			// numbered as the trigger numbers them: in order of creation.
			rows, err := f.db.QueryContext(f.ctx, `SELECT d.proposal_id FROM proposal_search JOIN proposal_search_docs d ON d.doc = proposal_search.rowid
				WHERE proposal_search MATCH 'duong' ORDER BY d.doc`)
			if err != nil {
				t.Fatal(err)
			}
			var found []string
			for rows.Next() {
				var id string
				if err := rows.Scan(&id); err != nil {
					t.Fatal(err)
				}
				found = append(found, id)
			}
			rows.Close()
			if !slices.Equal(found, ids) {
				t.Fatalf("search finds %v, in this order; want %v", found, ids)
			}
		}
		if rep := f.audit(); !rep.OK() {
			t.Fatal(rep.Problems)
		}
	})
}
