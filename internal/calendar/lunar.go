package calendar

import (
	"errors"
	"fmt"
	"sync"
)

// The Vietnamese lunisolar calendar (âm lịch), following the rules set out by
// Hồ Ngọc Đức in "How to compute the Vietnamese lunar calendar"
// (informatik.uni-leipzig.de/~duc/amlich/calrules_en.html):
//
//  1. A lunar month starts on the civil day, in Vietnam, that contains the
//     new moon.
//  2. Month 11 is the month that contains the winter solstice (the Sun
//     reaching longitude 270°).
//  3. If 13 months start between two consecutive months 11, the year has a
//     leap month: the first month after month 11 that contains no principal
//     solar term (trung khí, the Sun crossing a multiple of 30°). It repeats
//     the number of the month before it.
//  4. All of this is reckoned at UTC+7 (meridian 105° E).
//
// Rules 1–3 are those of the Chinese calendar; rule 4 is what makes the
// Vietnamese calendar differ, sometimes by a whole month (Tết 1985 fell on
// 21/01/1985 in Vietnam and 20/02/1985 in China). North Vietnam adopted
// UTC+7 for the calendar only in 1968, so for 1967 and earlier this package
// computes the calendar as it would be under today's rule; reckoned at
// UTC+8, as the almanacs of the time were, Tết falls a day later in 1903,
// 1916, 1935 and 1965.

// Lunar is a date in the Vietnamese lunar calendar.
type Lunar struct {
	// Year is the solar year in which this lunar year's Tết falls: the
	// 12th month of lunar year 2025 (Ất Tỵ) runs into January 2026.
	Year  int
	Month int  // 1–12; month 1 is tháng Giêng, month 12 tháng Chạp
	Day   int  // 1–30
	Leap  bool // a leap month (tháng nhuận), repeating Month
}

// String formats l the Vietnamese way, day/month/year, with "nhuận" after a
// leap month: "10/3/2026", "1/4 nhuận/2020".
func (l Lunar) String() string {
	if l.Leap {
		return fmt.Sprintf("%d/%d nhuận/%d", l.Day, l.Month, l.Year)
	}
	return fmt.Sprintf("%d/%d/%d", l.Day, l.Month, l.Year)
}

// Lunar years this package converts. The astronomy is good well beyond the
// range that is tested (1900–2100); the bounds only keep the cache finite.
const (
	MinLunarYear = 1800
	MaxLunarYear = 2199
)

// ErrNoSuchLunarDate is returned (wrapped) by LunarToSolar for a lunar date
// that does not exist: day 30 of a 29-day month, or a leap month in a year
// without one.
var ErrNoSuchLunarDate = errors.New("calendar: no such lunar date")

// SolarToLunar converts a civil date to the Vietnamese lunar calendar.
func SolarToLunar(d Date) Lunar {
	dn := d.days()
	y := fromDays(dn).Year
	sy, sp := y+1, monthsUntilMonth11(y+1)
	if dn < sp.start[0] {
		sy, sp = y, monthsUntilMonth11(y)
	}
	i := sp.n - 1
	for dn < sp.start[i] {
		i--
	}
	l := Lunar{Year: sy, Month: sp.month[i], Day: dn - sp.start[i] + 1, Leap: i == sp.leap}
	if i < sp.first {
		l.Year-- // months 11 and 12 before Tết belong to the previous lunar year
	}
	return l
}

// LunarToSolar converts a Vietnamese lunar date to a civil date.
func LunarToSolar(l Lunar) (Date, error) {
	if l.Year < MinLunarYear || l.Year > MaxLunarYear {
		return Date{}, fmt.Errorf("calendar: lunar year %d outside %d–%d", l.Year, MinLunarYear, MaxLunarYear)
	}
	if l.Month < 1 || l.Month > 12 || l.Day < 1 || l.Day > 30 {
		return Date{}, fmt.Errorf("%w: %s", ErrNoSuchLunarDate, l)
	}
	// Months 11 and 12 of lunar year Y lie in the table that ends with
	// month 11 of solar year Y+1.
	sy := l.Year
	if l.Month >= 11 {
		sy++
	}
	sp := monthsUntilMonth11(sy)
	for i := 0; i < sp.n; i++ {
		if sp.month[i] != l.Month || (i == sp.leap) != l.Leap || (i < sp.first) != (l.Month >= 11) {
			continue
		}
		if l.Day > sp.start[i+1]-sp.start[i] {
			break
		}
		return fromDays(sp.start[i] + l.Day - 1), nil
	}
	return Date{}, fmt.Errorf("%w: %s", ErrNoSuchLunarDate, l)
}

// Tet returns mùng 1 Tết, the first day of lunar year y.
func Tet(year int) Date {
	sp := monthsUntilMonth11(year)
	return fromDays(sp.start[sp.first])
}

// LeapMonth returns the number of the leap month of lunar year y, or 0 if
// the year has none. A leap month 11 or 12 counts for the lunar year it
// belongs to, not the solar year it falls in.
func LeapMonth(year int) int {
	if sp := monthsUntilMonth11(year); sp.leap >= sp.first {
		return sp.month[sp.leap]
	}
	if sp := monthsUntilMonth11(year + 1); sp.leap >= 0 && sp.leap < sp.first {
		return sp.month[sp.leap]
	}
	return 0
}

// lunarSpan holds the lunar months from month 11 of solar year y-1 up to,
// not including, month 11 of solar year y: months 11 and 12 of lunar year
// y-1 followed by months 1–10 of lunar year y, with a leap month among them
// in about 7 years out of 19.
type lunarSpan struct {
	start [14]int // first day of each month (days since 1970); start[n] ends the span
	month [13]int // month number of each month
	n     int     // 12 or 13 months
	leap  int     // index of the leap month, or -1
	first int     // index of month 1 (Tết)
}

func newLunarSpan(y int) lunarSpan {
	ka := month11Index(y - 1)
	kb := month11Index(y)
	sp := lunarSpan{n: kb - ka, leap: -1}
	for i := 0; i <= sp.n; i++ {
		sp.start[i] = newMoonDay(ka + i)
	}
	if sp.n == 13 {
		// Month 11 (index 0) contains the solstice, so the search starts at
		// index 1. If the Sun is in the same sector at both ends of a month,
		// it crossed no multiple of 30° inside it.
		for i := 1; i < sp.n; i++ {
			if sunSectorAtDayStart(sp.start[i]) == sunSectorAtDayStart(sp.start[i+1]) {
				sp.leap = i
				break
			}
		}
	}
	m := 11
	for i := 0; i < sp.n; i++ {
		if i == sp.leap {
			sp.month[i] = sp.month[i-1]
			continue
		}
		sp.month[i] = m
		if m == 1 {
			sp.first = i
		}
		m = m%12 + 1
	}
	return sp
}

// month11Index returns the new-moon index k of the month 11 of solar year y:
// the last new moon whose day begins before the winter solstice.
func month11Index(y int) int {
	dec31 := Date{y, 12, 31}.days()
	k := newMoonIndexNear(dec31)
	for newMoonDay(k) > dec31 {
		k--
	}
	for newMoonDay(k+1) <= dec31 {
		k++
	}
	// Sector 9 starts at 270°: if the Sun is already past the solstice when
	// this month begins, the solstice lies in the month before.
	if sunSectorAtDayStart(newMoonDay(k)) >= 9 {
		k--
	}
	return k
}

// spanCache memoises lunarSpan per solar year. Each entry is computed once
// and then read without locking, which matters because working-day queries
// run once per row of a list.
var spanCache [MaxLunarYear - MinLunarYear + 3]struct {
	once sync.Once
	sp   lunarSpan
}

func monthsUntilMonth11(y int) *lunarSpan {
	i := y - MinLunarYear
	if i < 0 || i >= len(spanCache) {
		sp := newLunarSpan(y)
		return &sp
	}
	c := &spanCache[i]
	c.once.Do(func() { c.sp = newLunarSpan(y) })
	return &c.sp
}
