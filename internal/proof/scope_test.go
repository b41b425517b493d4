package proof

import (
	"math"
	"slices"
	"testing"
)

func TestScopeCanonical(t *testing.T) {
	a := Scope{Units: []string{"B", "A"}, Start: "2026-01-01", End: "2026-12-31", BudgetVND: 5,
		StopConditions: []string{"<5% & >2"}}
	b := a
	b.Units = []string{"A", "B"}
	want := `{"units":["A","B"],"start":"2026-01-01","end":"2026-12-31","budget_vnd":5,"stop_conditions":["<5% & >2"]}`
	if got := string(a.Canonical()); got != want {
		t.Fatalf("Canonical = %s", got)
	}
	if a.Digest() != b.Digest() || !slices.Equal(a.Units, []string{"B", "A"}) {
		t.Fatal("unit order changed the digest, or Canonical sorted the caller's slice")
	}
	s, err := ParseScope([]byte(want))
	if err != nil || s.Digest() != a.Digest() {
		t.Fatalf("ParseScope: %v", err)
	}
	for _, bad := range []string{
		`{"units":["B","A"],"start":"2026-01-01","end":"2026-12-31","budget_vnd":5}`,
		`{"units":["A"],"start":"2026-01-01","end":"2026-12-31","budget_vnd":5,"x":1}`,
		`{"units":["A"],"start":"2026-12-31","end":"2026-01-01","budget_vnd":5}`,
		`{"units":[],"start":"2026-01-01","end":"2026-12-31","budget_vnd":5}`,
		`{"units":["A"],"start":"2026-1-1","end":"2026-12-31","budget_vnd":5}`,
		`{"units":["A"],"start":"2026-01-01","end":"2026-12-31","budget_vnd":-1}`,
		`{"units":["A","A"],"start":"2026-01-01","end":"2026-12-31","budget_vnd":5}`,
	} {
		if _, err := ParseScope([]byte(bad)); err == nil {
			t.Errorf("accepted %s", bad)
		}
	}
}

func TestScopeCheck(t *testing.T) {
	s := Scope{Units: []string{"P-BEN-NGHE", "P-DA-KAO"}, Start: "2026-04-01", End: "2026-06-30", BudgetVND: 500}
	for _, tc := range []struct {
		name                string
		unit, date          string
		amount, spentBefore int64
		want                []string
	}{
		{"inside", "P-DA-KAO", "2026-05-01", 100, 0, nil},
		{"first day", "P-DA-KAO", "2026-04-01", 0, 0, nil},
		{"last day, exact budget", "P-BEN-NGHE", "2026-06-30", 100, 400, nil},
		{"other unit", "P-TAN-DINH", "2026-05-01", 1, 0, []string{"unit_outside"}},
		{"before start", "P-DA-KAO", "2026-03-31", 1, 0, []string{"before_start"}},
		{"after end", "P-DA-KAO", "2026-07-01", 1, 0, []string{"after_end"}},
		{"over budget cumulatively", "P-DA-KAO", "2026-05-01", 101, 400, []string{"over_budget"}},
		{"bad date", "P-DA-KAO", "30/04/2026", 1, 0, []string{"bad_date"}},
		{"negative", "P-DA-KAO", "2026-05-01", -1, 0, []string{"bad_amount"}},
		{"overflow", "P-DA-KAO", "2026-05-01", math.MaxInt64, 1, []string{"over_budget"}},
		{"everything", "X", "2027-01-01", 1000, 0, []string{"unit_outside", "after_end", "over_budget"}},
	} {
		var codes []string
		for _, v := range s.Check(tc.unit, tc.date, tc.amount, tc.spentBefore) {
			codes = append(codes, v.Code)
			if v.VI == "" || v.EN == "" || v.VI == v.EN {
				t.Errorf("%s: violation %s lacks a text in both languages", tc.name, v.Code)
			}
		}
		if !slices.Equal(codes, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, codes, tc.want)
		}
	}
}
