package sqlstore_test

import (
	"damlam/internal/casework"
	"maps"
	"testing"

	"damlam/internal/testdb"
	"damlam/internal/workflow"
)

// TestCountsFollowTheCases: the counts the triggers keep agree, for every
// unit of the tree, with counting the proposals themselves, after drafts,
// submissions, an approval, a withdrawal and an edit of the field.
func TestCountsFollowTheCases(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dialect, dsn string) {
		f := newFixture(t, dsn)
		f.approve(nil)
		a := f.draft("staff.bth", "BTH")
		f.do("staff.bth", a, workflow.Submit, nil)
		b := f.draft("staff.bth", "BTH")
		f.do("staff.bth", b, workflow.Submit, nil)
		f.do("staff.bth", b, workflow.Withdraw, nil)
		c := fullContent("BTH")
		c.Field = "Môi trường"
		d := f.draft("staff.bth", "BTH")
		if err := casework.New(f.store).Edit(f.ctx, f.people["staff.bth"], d, c); err != nil {
			t.Fatal(err)
		}
		f.draft("head.gd", "GD")
		for _, unit := range []string{"VN", "HCM", "BTH", "GD"} {
			got, err := f.store.SubtreeCounts(f.ctx, unit)
			if err != nil {
				t.Fatal(err)
			}
			want := map[workflow.State]int{}
			fields := map[string]int{}
			total := 0
			for _, id := range f.ids(unit) {
				v := f.view(id)
				want[v.State]++
				fields[v.Field]++
				total++
			}
			if got.Total != total || !maps.Equal(got.ByState, want) || !maps.Equal(got.ByField, fields) {
				t.Errorf("%s %s: counts %d %v %v, want %d %v %v", dialect, unit, got.Total, got.ByState, got.ByField, total, want, fields)
			}
		}
		vn, _ := f.store.SubtreeCounts(f.ctx, "VN")
		if vn.Children["HCM"] != 5 || vn.Pilots["approved"] != 1 {
			t.Errorf("%s: children %v, pilots %v", dialect, vn.Children, vn.Pilots)
		}
	})
}

// ids lists the proposals filed under unit, read from the table itself.
func (f *fixture) ids(unit string) []string {
	f.t.Helper()
	rows, err := f.db.QueryContext(f.ctx, `SELECT p.id FROM proposals p JOIN units u ON u.id = $1 WHERE p.unit_path LIKE u.path || '%'`, unit)
	if err != nil {
		f.t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		rows.Scan(&id)
		out = append(out, id)
	}
	return out
}
