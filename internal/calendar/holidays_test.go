package calendar

import (
	"strings"
	"testing"
	"time"
)

func TestDefaultHolidays2026(t *testing.T) {
	c := New(Overrides{})
	want := []struct {
		date string
		kind HolidayKind
		name string
	}{
		{"2026-01-01", Statutory, "Tết Dương lịch"},
		{"2026-02-16", Statutory, "Tết Nguyên Đán (ngày cuối năm Âm lịch)"}, // 29 tháng Chạp
		{"2026-02-17", Statutory, "Tết Nguyên Đán (mùng 1)"},
		{"2026-02-18", Statutory, "Tết Nguyên Đán (mùng 2)"},
		{"2026-02-19", Statutory, "Tết Nguyên Đán (mùng 3)"},
		{"2026-02-20", Statutory, "Tết Nguyên Đán (mùng 4)"},
		{"2026-04-26", Statutory, "Giỗ Tổ Hùng Vương (10/3 Âm lịch)"}, // Sunday
		{"2026-04-27", Compensatory, "Giỗ Tổ Hùng Vương (10/3 Âm lịch) (nghỉ bù)"},
		{"2026-04-30", Statutory, "Ngày Chiến thắng (Giải phóng miền Nam, thống nhất đất nước)"},
		{"2026-05-01", Statutory, "Ngày Quốc tế Lao động"},
		{"2026-09-01", Statutory, "Quốc khánh (ngày liền kề)"},
		{"2026-09-02", Statutory, "Quốc khánh"},
	}
	got := c.Holidays(2026)
	if len(got) != len(want) {
		t.Fatalf("got %d holidays, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		g := got[i]
		if g.Date.String() != w.date || g.Kind != w.kind || g.NameVI != w.name || g.NameEN == "" {
			t.Errorf("holiday %d = %s %s %q %q, want %s %s %q", i, g.Date, g.Kind, g.NameVI, g.NameEN, w.date, w.kind, w.name)
		}
	}
}

// The compensatory days listed in the python-holidays project's tests for
// Vietnam, which follow the government's yearly notices. Each must be a day
// off in lieu of a holiday on a weekend.
func TestCompensatoryDaysAgainstPublishedList(t *testing.T) {
	c := New(Overrides{})
	for _, s := range []string{
		"2012-01-02", "2017-01-02", "2022-01-03", // 1/1
		"2012-04-02", "2016-04-18", "2019-04-15", "2022-04-11", "2023-05-02", // Giỗ Tổ
		"2011-05-02", "2016-05-02", "2017-05-02", "2022-05-02", "2023-05-03", // 30/4
		"2011-05-03", "2016-05-03", "2021-05-03", "2022-05-03", // 1/5
		"2012-09-03", "2017-09-04", "2018-09-03", "2023-09-04", // 2/9
	} {
		d := mustParse(t, s)
		if c.IsWorkingDay(d) {
			t.Errorf("%s should be a compensatory day off", d)
			continue
		}
		if h, ok := c.Holiday(d); !ok || h.Kind != Compensatory || !strings.HasSuffix(h.NameVI, "(nghỉ bù)") {
			t.Errorf("Holiday(%s) = %+v, %v; want a compensatory day", d, h, ok)
		}
	}
}

// 2023: Giỗ Tổ on Saturday 29/4, 30/4 on Sunday, 1/5 on Monday. Both
// weekend holidays are made up after the Monday holiday, in date order.
func TestCompensatoryCluster2023(t *testing.T) {
	c := New(Overrides{})
	for _, tc := range []struct {
		date    string
		working bool
		name    string
	}{
		{"2023-04-28", true, ""},
		{"2023-04-29", false, "Hung Kings' Commemoration Day"},
		{"2023-04-30", false, "Reunification Day"},
		{"2023-05-01", false, "International Labour Day"},
		{"2023-05-02", false, "Hung Kings' Commemoration Day (compensatory day off)"},
		{"2023-05-03", false, "Reunification Day (compensatory day off)"},
		{"2023-05-04", true, ""},
	} {
		d := mustParse(t, tc.date)
		if got := c.IsWorkingDay(d); got != tc.working {
			t.Errorf("IsWorkingDay(%s) = %v", d, got)
		}
		if h, _ := c.Holiday(d); h.NameEN != tc.name {
			t.Errorf("Holiday(%s) = %q, want %q", d, h.NameEN, tc.name)
		}
	}
}

// The second National Day under the 2019 code, as the yearly decisions set
// it: 2021 Thu 2 + Fri 3; 2022 Thu 1 + Fri 2; 2023 Fri 1, Sat 2 made up on
// Mon 4; 2024 Mon 2 + Tue 3; 2025 Mon 1 + Tue 2.
func TestNationalDayDefaultMatchesDecisions(t *testing.T) {
	c := New(Overrides{})
	off := map[int][]int{
		2021: {2, 3},
		2022: {1, 2},
		2023: {1, 4},
		2024: {2, 3},
		2025: {1, 2},
	}
	for y, days := range off {
		for day := 1; day <= 4; day++ {
			d := Date{y, time.September, day}
			wantOff := day == days[0] || day == days[1]
			if isWeekend(d) {
				continue
			}
			if c.IsWorkingDay(d) == wantOff {
				t.Errorf("%s (%s): working = %v", d, d.Weekday(), !wantOff)
			}
		}
	}
}

// Tết 2024 began on a Saturday. The five default days are Friday 9/2 to
// Tuesday 13/2; the Saturday and Sunday among them are made up on 14 and
// 15/2, so five weekdays are off, as the law intends.
func TestTetAcrossWeekend2024(t *testing.T) {
	c := New(Overrides{})
	offDays := 0
	for d := (Date{2024, 2, 5}); d.Before(Date{2024, 2, 20}); d = d.AddDays(1) {
		if !isWeekend(d) && !c.IsWorkingDay(d) {
			offDays++
		}
	}
	if offDays != 5 {
		t.Errorf("%d weekdays off around Tết 2024, want 5", offDays)
	}
	for _, s := range []string{"2024-02-09", "2024-02-12", "2024-02-13", "2024-02-14", "2024-02-15"} {
		if c.IsWorkingDay(mustParse(t, s)) {
			t.Errorf("%s should be off", s)
		}
	}
}

func TestOverridesValidate(t *testing.T) {
	d := Date{2025, 9, 1}
	o := Overrides{DaysOff: map[Date]string{d: "x"}, WorkingDays: map[Date]string{d: "y"}}
	if err := o.Validate(); err == nil || !strings.Contains(err.Error(), "2025-09-01") {
		t.Errorf("Validate = %v", err)
	}
	if err := (Overrides{}).Validate(); err != nil {
		t.Error(err)
	}
	// The working day wins, and the default holiday disappears from the list.
	c := New(o)
	if !c.IsWorkingDay(d) {
		t.Error("WorkingDays should take precedence")
	}
	if _, ok := c.Holiday(d); ok {
		t.Error("an overridden holiday is still listed")
	}
}

// Overrides are copied: changing the caller's map later has no effect.
func TestNewCopiesOverrides(t *testing.T) {
	m := map[Date]string{{2025, 6, 9}: "Nghỉ đột xuất"}
	c := New(Overrides{DaysOff: m})
	m[Date{2025, 6, 10}] = "added later"
	if c.IsWorkingDay(Date{2025, 6, 9}) || !c.IsWorkingDay(Date{2025, 6, 10}) {
		t.Error("overrides not copied at New")
	}
	h, ok := c.Holiday(Date{2025, 6, 9})
	if !ok || h.Kind != Announced || h.NameVI != "Nghỉ đột xuất" {
		t.Errorf("Holiday = %+v, %v", h, ok)
	}
}
