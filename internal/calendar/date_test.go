package calendar

import (
	"encoding/json"
	"testing"
	"time"
)

func TestDayNumbersAgreeWithTimePackage(t *testing.T) {
	start := time.Date(1600, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < 366*600; i += 7 {
		tm := start.AddDate(0, 0, i)
		d := Date{tm.Year(), tm.Month(), tm.Day()}
		if got, want := d.days(), int(tm.Unix()/86400); got != want {
			t.Fatalf("%s.days() = %d, want %d", d, got, want)
		}
		if back := fromDays(d.days()); back != d {
			t.Fatalf("fromDays(%d) = %s, want %s", d.days(), back, d)
		}
		if d.Weekday() != tm.Weekday() {
			t.Fatalf("%s.Weekday() = %s, want %s", d, d.Weekday(), tm.Weekday())
		}
	}
}

func TestDateArithmetic(t *testing.T) {
	d := Date{2024, time.February, 28}
	if got := d.AddDays(1); got != (Date{2024, time.February, 29}) {
		t.Errorf("leap day: %s", got)
	}
	if got := d.AddDays(2); got != (Date{2024, time.March, 1}) {
		t.Errorf("after leap day: %s", got)
	}
	if got := (Date{2026, 1, 1}).AddDays(-1); got != (Date{2025, 12, 31}) {
		t.Errorf("year back: %s", got)
	}
	if got := NewDate(2025, 1, 32); got != (Date{2025, 2, 1}) {
		t.Errorf("NewDate normalises: %s", got)
	}
	if got := NewDate(2025, 13, 1); got != (Date{2026, 1, 1}) {
		t.Errorf("NewDate month overflow: %s", got)
	}
	a, b := Date{2026, 2, 16}, Date{2026, 2, 17}
	if !a.Before(b) || b.Before(a) || a.Before(a) || !b.After(a) || a.Compare(b) != -1 || b.Compare(a) != 1 || a.Compare(a) != 0 {
		t.Error("ordering is wrong")
	}
	if n := a.DaysUntil(Date{2026, 3, 1}); n != 13 {
		t.Errorf("DaysUntil = %d", n)
	}
	if (Date{}).IsZero() != true || a.IsZero() {
		t.Error("IsZero")
	}
}

func TestDateOfUsesVietnamTime(t *testing.T) {
	// 17:30 UTC on 31 December is 00:30 on 1 January in Hanoi.
	tm := time.Date(2025, 12, 31, 17, 30, 0, 0, time.UTC)
	if got := DateOf(tm); got != (Date{2026, 1, 1}) {
		t.Errorf("DateOf(%s) = %s", tm, got)
	}
	tm = time.Date(2025, 12, 31, 16, 59, 59, 0, time.UTC)
	if got := DateOf(tm); got != (Date{2025, 12, 31}) {
		t.Errorf("DateOf(%s) = %s", tm, got)
	}
	if got := (Date{2026, 1, 1}).Time(); !got.Equal(time.Date(2025, 12, 31, 17, 0, 0, 0, time.UTC)) {
		t.Errorf("Time() = %s", got)
	}
}

func TestFormatAndParse(t *testing.T) {
	d := Date{2026, time.February, 7}
	if s := d.String(); s != "2026-02-07" {
		t.Errorf("String = %q", s)
	}
	if s := d.FormatVI(); s != "07/02/2026" {
		t.Errorf("FormatVI = %q", s)
	}
	for _, s := range []string{"2026-02-07", "07/02/2026", "7/2/2026"} {
		if got, err := ParseDate(s); err != nil || got != d {
			t.Errorf("ParseDate(%q) = %s, %v", s, got, err)
		}
	}
	for _, s := range []string{"", "2025-02-30", "30/02/2025", "2025/02/03", "02-07-2026", "2026-2-7x"} {
		if _, err := ParseDate(s); err == nil {
			t.Errorf("ParseDate(%q) accepted", s)
		}
	}
}

func TestDateJSON(t *testing.T) {
	in := map[Date]string{{2025, 9, 1}: "Quốc khánh"}
	b, err := json.Marshal(struct {
		Day  Date
		Days map[Date]string
	}{Date{2025, 9, 2}, in})
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"Day":"2025-09-02","Days":{"2025-09-01":"Quốc khánh"}}`; string(b) != want {
		t.Fatalf("got %s, want %s", b, want)
	}
	var out struct {
		Day  Date
		Days map[Date]string
	}
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	if out.Day != (Date{2025, 9, 2}) || out.Days[Date{2025, 9, 1}] != "Quốc khánh" {
		t.Errorf("round trip: %+v", out)
	}
	if err := json.Unmarshal([]byte(`"31/02/2025"`), &out.Day); err == nil {
		t.Error("unmarshalled an impossible date")
	}
}
