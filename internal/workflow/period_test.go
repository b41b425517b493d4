package workflow

import (
	"testing"
	"time"
)

func TestPeriodBoundsAreVietnameseMidnight(t *testing.T) {
	for _, c := range []struct {
		in         string
		start, end string // UTC
		prev       string
	}{
		{"2026", "2025-12-31T17:00:00Z", "2026-12-31T17:00:00Z", "2025"},
		{"2026-Q1", "2025-12-31T17:00:00Z", "2026-03-31T17:00:00Z", "2025-Q4"},
		{"2026-q4", "2026-09-30T17:00:00Z", "2026-12-31T17:00:00Z", "2026-Q3"},
	} {
		p, err := ParsePeriod(c.in)
		if err != nil {
			t.Fatal(err)
		}
		if got := p.Start().UTC().Format(time.RFC3339); got != c.start {
			t.Errorf("%s starts %s, want %s", c.in, got, c.start)
		}
		if got := p.End().UTC().Format(time.RFC3339); got != c.end {
			t.Errorf("%s ends %s, want %s", c.in, got, c.end)
		}
		if got := p.Previous().String(); got != c.prev {
			t.Errorf("%s comes after %s, want %s", c.in, got, c.prev)
		}
	}
	// 23:30 UTC on 31 March is 06:30 on 1 April in Hà Nội: the second quarter.
	if p := PeriodOf(time.Date(2026, 3, 31, 23, 30, 0, 0, time.UTC), true); p.String() != "2026-Q2" {
		t.Errorf("31/3 23:30 UTC falls in %s, want 2026-Q2", p)
	}
	for _, bad := range []string{"", "26", "2026-Q5", "2026-Q0", "2026-", "2026-H1", "abcd", "2026-Q12", "1999", "+2026"} {
		if _, err := ParsePeriod(bad); err == nil {
			t.Errorf("%q was accepted", bad)
		}
	}
}

// FuzzParsePeriod: whatever is accepted reads back as itself and bounds a
// period of three or twelve months.
func FuzzParsePeriod(f *testing.F) {
	for _, s := range []string{"2026", "2026-Q4", "2026-q1", "x", "2026-Q9"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePeriod(s)
		if err != nil {
			return
		}
		again, err := ParsePeriod(p.String())
		if err != nil || again != p {
			t.Fatalf("%q → %v → %q → %v, %v", s, p, p.String(), again, err)
		}
		if !p.Start().Before(p.End()) || p.Previous().End() != p.Start() {
			t.Fatalf("%q: %v – %v, previous ends %v", s, p.Start(), p.End(), p.Previous().End())
		}
	})
}
