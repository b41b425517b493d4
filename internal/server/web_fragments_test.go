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
