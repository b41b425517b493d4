package calendar

import (
	"slices"
	"time"
)

// Public holidays under the Labour Code 2019 (Bộ luật Lao động, Law
// 45/2019/QH14), Art. 112(1):
//
//	a) Tết Dương lịch        1 day   1/1
//	b) Tết Âm lịch           5 days  chosen each year by the Prime Minister
//	c) Ngày Chiến thắng      1 day   30/4
//	d) Ngày Quốc tế lao động 1 day   1/5
//	đ) Quốc khánh            2 days  2/9 and one day next to it, chosen each year
//	e) Giỗ Tổ Hùng Vương     1 day   10/3 lunar
//
// Art. 111(3): a holiday that falls on the weekly rest day is made up on the
// next working day (nghỉ bù). Art. 112(3) leaves the exact Tết days and the
// second National Day to a yearly decision, which administrators enter as
// Overrides; until they do, the defaults below apply.
//
// The same rules are applied to every year, including years before the
// 2019 code took effect (2021), because the calendar serves deadlines that
// run now, not labour history.

// HolidayKind says why a day is off.
type HolidayKind int

const (
	// Statutory is a holiday of Art. 112(1), or the default choice of day
	// where the law leaves the choice to a yearly decision.
	Statutory HolidayKind = iota
	// Compensatory is a day off in lieu of a holiday that fell on a
	// Saturday or Sunday (nghỉ bù, Art. 111(3)).
	Compensatory
	// Announced is an extra day off set in Overrides.DaysOff.
	Announced
)

func (k HolidayKind) String() string {
	switch k {
	case Statutory:
		return "statutory"
	case Compensatory:
		return "compensatory"
	case Announced:
		return "announced"
	}
	return "unknown"
}

// Holiday is a day off other than an ordinary weekend.
type Holiday struct {
	Date   Date        `json:"date"`
	NameVI string      `json:"name_vi"` // name shown to users
	NameEN string      `json:"name_en"` // English name; for an Announced day, the reason as entered
	Kind   HolidayKind `json:"kind"`    // statutory, compensatory or announced (holiday_json.go)
}

// tetNames are the five default Tết days: the last day of the old lunar
// year (30 Tết, or 29 in a short 12th month) and mùng 1 to mùng 4. The
// yearly decision often places them differently (a day or two earlier, or
// with a bridging day swapped against a Saturday); administrators enter it
// as Overrides.
var tetNames = [5][2]string{
	{"Tết Nguyên Đán (ngày cuối năm Âm lịch)", "Lunar New Year (last day of the lunar year)"},
	{"Tết Nguyên Đán (mùng 1)", "Lunar New Year (1st day)"},
	{"Tết Nguyên Đán (mùng 2)", "Lunar New Year (2nd day)"},
	{"Tết Nguyên Đán (mùng 3)", "Lunar New Year (3rd day)"},
	{"Tết Nguyên Đán (mùng 4)", "Lunar New Year (4th day)"},
}

// NationalDayAdjacent returns the default second day of the National Day
// holiday in year y: 1/9, except when 2/9 is a Thursday, when it is 3/9 so
// that the break runs into the weekend. This reproduces every yearly
// decision under the 2019 code so far (2021: 3/9; 2022, 2023, 2025: 1/9;
// 2024: 3/9 in effect, because 1/9 was a Sunday made up on Tuesday 3/9).
// A different announced choice is entered as Overrides: the default day in
// WorkingDays and the announced one in DaysOff.
func NationalDayAdjacent(y int) Date {
	if (Date{y, time.September, 2}).Weekday() == time.Thursday {
		return Date{y, time.September, 3}
	}
	return Date{y, time.September, 1}
}

// statutoryHolidays returns the default holidays of Art. 112(1) in year y,
// in date order, without compensatory days.
func statutoryHolidays(y int) []Holiday {
	hs := []Holiday{
		{Date: Date{y, time.January, 1}, NameVI: "Tết Dương lịch", NameEN: "New Year's Day"},
		{Date: Date{y, time.April, 30}, NameVI: "Ngày Chiến thắng (Giải phóng miền Nam, thống nhất đất nước)", NameEN: "Reunification Day"},
		{Date: Date{y, time.May, 1}, NameVI: "Ngày Quốc tế Lao động", NameEN: "International Labour Day"},
		{Date: Date{y, time.September, 2}, NameVI: "Quốc khánh", NameEN: "National Day"},
		{Date: NationalDayAdjacent(y), NameVI: "Quốc khánh (ngày liền kề)", NameEN: "National Day (adjacent day)"},
	}
	if y >= MinLunarYear && y <= MaxLunarYear {
		tet := Tet(y)
		for i, n := range tetNames {
			hs = append(hs, Holiday{Date: tet.AddDays(i - 1), NameVI: n[0], NameEN: n[1]})
		}
		if d, err := LunarToSolar(Lunar{Year: y, Month: 3, Day: 10}); err == nil {
			hs = append(hs, Holiday{Date: d, NameVI: "Giỗ Tổ Hùng Vương (10/3 Âm lịch)", NameEN: "Hung Kings' Commemoration Day"})
		}
	}
	slices.SortFunc(hs, func(a, b Holiday) int { return a.Date.Compare(b.Date) })
	return hs
}

// withCompensatoryDays adds, for each holiday on a Saturday or Sunday, a
// day off on the next working day (Art. 111(3)). Holidays are handled in
// date order and each takes the first weekday that is neither a holiday nor
// already taken, which is how the yearly notices resolve a cluster: in 2023
// Giỗ Tổ (Saturday 29/4) was made up on Tuesday 2/5 and 30/4 (Sunday) on
// Wednesday 3/5, because Monday 1/5 was itself a holiday.
//
// Tết is included: the law draws no line, and without it a Tết that falls
// across a weekend (2024) would leave only three weekdays off instead of
// the five the code grants.
func withCompensatoryDays(hs []Holiday) []Holiday {
	taken := make(map[Date]bool, len(hs)+4)
	for _, h := range hs {
		taken[h.Date] = true
	}
	out := slices.Clone(hs)
	for _, h := range hs {
		if !isWeekend(h.Date) {
			continue
		}
		d := h.Date.AddDays(1)
		for isWeekend(d) || taken[d] {
			d = d.AddDays(1)
		}
		taken[d] = true
		out = append(out, Holiday{
			Date:   d,
			NameVI: h.NameVI + " (nghỉ bù)",
			NameEN: h.NameEN + " (compensatory day off)",
			Kind:   Compensatory,
		})
	}
	slices.SortStableFunc(out, func(a, b Holiday) int { return a.Date.Compare(b.Date) })
	return out
}

// isWeekend reports whether d is a Saturday or Sunday, the weekly rest days
// of state bodies, which work a Monday–Friday week (Decision
// 188/1999/QĐ-TTg on the 40-hour week).
func isWeekend(d Date) bool {
	wd := d.Weekday()
	return wd == time.Saturday || wd == time.Sunday
}
