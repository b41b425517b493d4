package sqlstore_test

import (
	"damlam/internal/casework"
	"slices"
	"testing"

	"damlam/internal/sqlstore"
	"damlam/internal/testdb"
	"damlam/internal/workflow"
)

// TestNarrowListsMatchScans: a reader's list and search read through the
// indexes (as for a ward's head in a national database) give what walking
// every proposal gives, page by page.
func TestNarrowListsMatchScans(t *testing.T) {
	f := newFixture(t, testdb.SQLite(t))
	for i := range 7 {
		id := f.draft("staff.bth", "BTH")
		if i%2 == 0 {
			f.do("staff.bth", id, workflow.Submit, nil)
		}
		f.draft("head.gd", "GD")
	}
	c := fullContent("BTH")
	c.Title = "Nạo vét kênh rạch"
	if _, err := casework.New(f.store).Create(f.ctx, f.people["staff.bth"], "BTH", c); err != nil {
		t.Fatal(err)
	}
	list := func(share int64, who string, flt sqlstore.ListFilter) []string {
		store := sqlstore.New(f.db, f.store.Log(), sqlstore.Config{Now: f.clock.Now, NarrowShare: share})
		var ids []string
		for {
			page, err := store.List(f.ctx, f.people[who], flt)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range page {
				ids = append(ids, p.ID)
			}
			if len(page) < flt.Limit {
				return ids
			}
			flt.After = page[len(page)-1].ID
		}
	}
	for _, who := range []string{"head.bth", "staff.bth", "head.gd", "head.hcm", "inspector"} {
		for _, flt := range []sqlstore.ListFilter{{}, {Q: "lam duong"}, {Q: "kênh"}, {Q: "von lam"}, {State: "SUBMITTED"}, {Unit: "BTH"}, {Q: "duong", Unit: "HCM"}} {
			flt.Limit = 3
			broad, narrow := list(1<<40, who, flt), list(-1, who, flt)
			if !slices.Equal(broad, narrow) {
				t.Errorf("%s %+v: walking gives %v, the indexes %v", who, flt, broad, narrow)
			}
		}
	}
}
