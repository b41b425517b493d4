package sqlstore_test

import (
	"maps"
	"testing"

	"damlam/internal/sqlstore"
	"damlam/internal/testdb"
	"damlam/internal/workflow"
)

// TestDashboardFromCountsMatchesGrouping: the dashboard read from counts
// says what grouping the proposals says, on both databases, for the city
// and for a ward; only the units chart differs by design (the subtrees
// below the scope rather than every unit).
func TestDashboardFromCountsMatchesGrouping(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dialect, dsn string) {
		f := newFixture(t, dsn)
		f.approve(nil)
		f.approve(nil)
		a := f.draft("staff.bth", "BTH")
		f.do("staff.bth", a, workflow.Submit, nil)
		f.draft("head.gd", "GD")
		// The grouping dashboard first: the counted one backfills the
		// decision times on its first call.
		for _, unit := range []string{"", "BTH"} {
			want, err := sqlstore.DashboardGrouped(f.store, f.ctx, f.people["head.hcm"], unit)
			if err != nil {
				t.Fatal(err)
			}
			got, err := f.store.Dashboard(f.ctx, f.people["head.hcm"], unit)
			if err != nil {
				t.Fatal(err)
			}
			m := func(cs []sqlstore.Count) map[string]int {
				out := map[string]int{}
				for _, c := range cs {
					out[c.Key] = c.N
				}
				return out
			}
			if got.Total != want.Total || !maps.Equal(m(got.ByState), m(want.ByState)) || !maps.Equal(m(got.ByField), m(want.ByField)) ||
				!maps.Equal(m(got.Pilots), m(want.Pilots)) || !maps.Equal(m(got.Protection), m(want.Protection)) ||
				got.OverdueN != want.OverdueN || got.Decided != want.Decided || got.MedianDaysToDecision != want.MedianDaysToDecision {
				t.Errorf("%s %q: from counts %+v\ngrouped %+v", dialect, unit, got, want)
			}
		}
		// A decision after the backfill counts itself.
		f.approve(nil)
		got, _ := f.store.Dashboard(f.ctx, f.people["head.hcm"], "")
		if got.Decided != 3 {
			t.Errorf("%s: %d decisions counted, want 3", dialect, got.Decided)
		}
	})
}
