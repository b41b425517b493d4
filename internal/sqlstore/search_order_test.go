package sqlstore_test

import (
	"slices"
	"testing"

	"damlam/internal/org"
	"damlam/internal/sqlstore"
	"damlam/internal/testdb"
)

// TestSearchIgnoresDiacritics: both databases search the same folded
// column, so a query typed without marks (or with other marks, or in
// capitals) finds the Vietnamese title.
func TestSearchIgnoresDiacritics(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dialect, dsn string) {
		f := newFixture(t, dsn)
		id := f.draft("staff.bth", "BTH") // "Vận động Nhân dân góp vốn làm đường hẻm"
		for _, tc := range []struct {
			q     string
			found bool
		}{
			{"lam duong", true},
			{"làm đường", true},
			{"LÀM ĐƯỜNG HẺM", true},
			{"lâm dương", true}, // other marks on the same letters
			{"duong lam", true}, // words in any order
			{"van dong gop von", true},
			{"nao vet kenh", false},
		} {
			items, err := f.store.List(f.ctx, f.people["head.hcm"], sqlstore.ListFilter{Q: tc.q})
			if err != nil {
				t.Fatal(err)
			}
			found := slices.ContainsFunc(items, func(p sqlstore.ProposalSummary) bool { return p.ID == id })
			if found != tc.found {
				t.Errorf("%s: search %q found the case: %v, want %v", dialect, tc.q, found, tc.found)
			}
		}
	})
}

// TestListsAreInVietnameseOrder: unit and people lists sort names the way
// a Vietnamese reader expects (a < ă < â, d < đ, o < ô < ơ, u < ư, tones
// after letters), identically on both databases.
func TestListsAreInVietnameseOrder(t *testing.T) {
	wards := []sqlstore.UnitInput{
		{ID: "W1", Name: "Phường Ông Lãnh"}, {ID: "W2", Name: "Phường Ân Phú"}, {ID: "W3", Name: "Phường Đa Kao"},
		{ID: "W4", Name: "Phường An Lạc"}, {ID: "W5", Name: "Phường Dĩ An"}, {ID: "W6", Name: "Phường Ơn Nghĩa"},
		{ID: "W7", Name: "Phường Ăn Khế"}, {ID: "W8", Name: "Phường Ô Môn"},
	}
	wantUnits := []string{"HCM", "W4", "W7", "W2", "BTH", "W5", "W3", "GD", "W8", "W1", "W6"}
	people := []struct{ id, name string }{
		{"p1", "Đỗ Minh Tuấn"}, {"p2", "Dương Văn An"}, {"p3", "Ưng Thị Hoa"}, {"p4", "Uông Văn Nam"},
		{"p5", "Lê Thị Lan"}, {"p6", "La Văn Cầu"}, {"p7", "Lã Văn Cầu"}, {"p8", "Ân Văn Tư"}, {"p9", "An Thị Mai"},
	}
	wantPeople := []string{"p9", "p8", "p2", "p1", "p6", "p7", "p5", "p4", "p3"}
	testdb.Each(t, func(t *testing.T, dialect, dsn string) {
		f := newFixture(t, dsn)
		hcm, err := f.store.Unit(f.ctx, "HCM")
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range wards {
			w.ParentID, w.Kind = "HCM", "ward"
			if _, err := f.store.CreateUnit(f.ctx, nil, w, org.Operator); err != nil {
				t.Fatal(err)
			}
		}
		for _, p := range people {
			in := sqlstore.PersonInput{ID: p.id, Name: p.name, Email: p.id + "@test.vn",
				Seats: []sqlstore.SeatInput{{UnitID: "W8", Position: org.Staff}}}
			if _, err := f.store.CreatePerson(f.ctx, nil, in, org.Operator); err != nil {
				t.Fatal(err)
			}
		}
		units, err := f.store.Units(f.ctx, hcm.Path)
		if err != nil {
			t.Fatal(err)
		}
		var gotUnits []string
		for _, u := range units {
			gotUnits = append(gotUnits, u.ID)
		}
		if !slices.Equal(gotUnits, wantUnits) {
			t.Errorf("%s: units %v, want %v", dialect, gotUnits, wantUnits)
		}
		w8, _ := f.store.Unit(f.ctx, "W8")
		list, err := f.store.People(f.ctx, w8.Path, 0)
		if err != nil {
			t.Fatal(err)
		}
		var gotPeople []string
		for _, p := range list {
			gotPeople = append(gotPeople, p.ID)
		}
		if !slices.Equal(gotPeople, wantPeople) {
			t.Errorf("%s: people %v, want %v", dialect, gotPeople, wantPeople)
		}
		if short, _ := f.store.People(f.ctx, w8.Path, 3); len(short) != 3 || short[0].ID != "p9" || short[2].ID != "p2" {
			t.Errorf("%s: a limited list is not the start of the ordered list: %v", dialect, short)
		}
	})
}
