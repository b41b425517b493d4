package server

import (
	"testing"
)

// markedHTML is the "marked" fragment of m.
func markedHTML(t testing.TB, m marked) string {
	t.Helper()
	f, err := execFragment("marked", m)
	if err != nil {
		t.Fatal(err)
	}
	return f.markup
}

// TestDay checks dates written by hand against fmt.
func TestDay(t *testing.T) {
	v := &view{}
	for _, c := range []struct{ in, want string }{
		{"2026-03-07", "07/03/2026"}, {"2023-09-29", "29/09/2023"}, {"0999-12-31", "31/12/0999"}, {"", ""}, {"bad", "bad"}, {"2026-13-01", "2026-13-01"},
	} {
		if got := v.Day(c.in); got != c.want {
			t.Errorf("Day(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// BenchmarkSearchRows measures the search page's 50 rows kept (a page
// seen before) and not kept (each row executed by its template).
func BenchmarkSearchRows(b *testing.B) {
	v := &view{Lang: "vi"}
	results := make([]searchResult, 50)
	for i := range results {
		r := &results[i]
		r.ID, r.State, r.UnitName, r.Field, r.Proposer, r.DueDate = "DX-2026-0000"+string(rune('0'+i%10)), "SUBMITTED", "Phường Bình Thạnh", "Hạ tầng", "Nguyễn Văn A", "2026-03-07"
		r.Marked = highlight("Làm đường hẻm theo phương thức nhà nước và nhân dân cùng làm "+r.ID, []string{"lam", "duong"})
	}
	b.Run("kept", func(b *testing.B) {
		for b.Loop() {
			if _, err := searchItems(v, results); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("executed", func(b *testing.B) {
		for b.Loop() {
			for i := range results {
				if _, err := execFragment("search_row", resultRow{Lang: v.Lang, ID: results[i].ID, Title: results[i].Marked, Due: "07/03/2026"}); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}
