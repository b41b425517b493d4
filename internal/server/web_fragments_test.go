package server

import (
	"strconv"
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

// TestMemoKeepsTwoGenerations checks that a memo executes each key once
// while it is kept, keeps what is read again when a generation fills, and
// drops what is not.
func TestMemoKeepsTwoGenerations(t *testing.T) {
	m := newMemo[optionTag]("option")
	tag := func(i int) optionTag { return optionTag{Value: strconv.Itoa(i), Label: "x"} }
	f0, err := m.get(tag(0))
	if err != nil || f0.markup != "<option value=\"0\">x</option>\n" {
		t.Fatalf("get = %q, %v", f0.markup, err)
	}
	for i := 1; i < memoEntries; i++ {
		m.get(tag(i))
	}
	// The generation is full: the next key starts a new one, tag 0 is in
	// the previous one and moves back when read.
	m.get(tag(memoEntries))
	if _, ok := m.prev[tag(0)]; !ok || len(m.cur) != 1 {
		t.Fatalf("after a full generation: prev has 0: %v, cur %d", ok, len(m.cur))
	}
	m.get(tag(0))
	if _, ok := m.cur[tag(0)]; !ok {
		t.Fatal("a key read from the previous generation is not in the current one")
	}
	for i := memoEntries + 1; len(m.cur) < memoEntries; i++ {
		m.get(tag(i))
	}
	m.get(tag(-1))
	if _, ok := m.prev[tag(0)]; !ok {
		t.Fatal("a key read again was dropped")
	}
	if _, ok := m.prev[tag(1)]; ok {
		t.Fatal("a key not read again was kept for two generations")
	}
	if _, ok := m.cur[tag(1)]; ok {
		t.Fatal("a key not read again is in the current generation")
	}
}
