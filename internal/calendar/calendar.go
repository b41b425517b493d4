package calendar

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync/atomic"
)

// Overrides are the yearly announcements that the defaults cannot know:
// the Prime Minister's choice of Tết days and of the second National Day,
// bridging days swapped against a worked Saturday, or a one-off day off.
// Administrators enter them; a Calendar applies them on top of the
// defaults, as announced, without recomputing anything around them.
//
// Precedence, highest first: WorkingDays, DaysOff, the default holidays
// and compensatory days, the Saturday–Sunday weekend.
type Overrides struct {
	// DaysOff are extra days off, each with the reason to show, e.g.
	// "Nghỉ bù cho ngày làm việc thứ Bảy 08/02/2025".
	DaysOff map[Date]string
	// WorkingDays are days that are worked although they would otherwise
	// be off: a Saturday worked in exchange for a bridging day, or a
	// default holiday or compensatory day that the announcement placed on
	// another date.
	WorkingDays map[Date]string
}

// Validate reports dates that are both a day off and a working day. New
// accepts such overrides (the working day wins), but an administrator
// entering them has almost certainly made a mistake.
func (o Overrides) Validate() error {
	var both []string
	for d := range o.DaysOff {
		if _, ok := o.WorkingDays[d]; ok {
			both = append(both, d.String())
		}
	}
	if len(both) == 0 {
		return nil
	}
	sort.Strings(both)
	return fmt.Errorf("calendar: dates both off and working: %s", strings.Join(both, ", "))
}

// Calendar answers working-day questions for Vietnamese state bodies. It
// is immutable and safe for concurrent use; when the overrides change,
// build a new one with New (cheap: years are computed lazily on first use
// and then cached for the Calendar's lifetime).
type Calendar struct {
	daysOff     map[Date]string
	workingDays map[Date]string
	years       [cachedYears]atomic.Pointer[yearInfo]
}

// Years whose working-day tables are kept once computed; other years are
// recomputed on every call, which is correct but slow.
const (
	firstCachedYear = MinLunarYear
	cachedYears     = MaxLunarYear - MinLunarYear + 1
)

// New returns a Calendar with the default holidays and the given
// announced overrides. The maps are copied, so the caller may reuse them.
func New(o Overrides) *Calendar {
	c := &Calendar{
		daysOff:     make(map[Date]string, len(o.DaysOff)),
		workingDays: make(map[Date]string, len(o.WorkingDays)),
	}
	// Normalise keys so that an out-of-range Date{2025, 1, 32} still
	// matches the day it denotes.
	for d, why := range o.DaysOff {
		c.daysOff[NewDate(d.Year, d.Month, d.Day)] = why
	}
	for d, why := range o.WorkingDays {
		c.workingDays[NewDate(d.Year, d.Month, d.Day)] = why
	}
	return c
}

// yearInfo is everything the working-day functions need about one year.
type yearInfo struct {
	first    int        // day number of 1 January
	n        int        // days in the year
	off      [6]uint64  // bit i set: day i of the year is not a working day
	cum      [367]int16 // cum[i]: working days among days 0..i-1 of the year
	holidays []Holiday  // in date order
}

func (yi *yearInfo) working(i int) bool { return yi.off[i>>6]&(1<<(i&63)) == 0 }

// year returns the cached table for year y, computing it on first use. Two
// goroutines may race to compute the same year; both results are equal
// and one of them is kept.
func (c *Calendar) year(y int) *yearInfo {
	i := y - firstCachedYear
	if i < 0 || i >= cachedYears {
		return c.buildYear(y)
	}
	if yi := c.years[i].Load(); yi != nil {
		return yi
	}
	yi := c.buildYear(y)
	if !c.years[i].CompareAndSwap(nil, yi) {
		return c.years[i].Load()
	}
	return yi
}

func (c *Calendar) buildYear(y int) *yearInfo {
	yi := &yearInfo{first: Date{y, 1, 1}.days()}
	yi.n = Date{y + 1, 1, 1}.days() - yi.first

	var hs []Holiday
	for _, h := range withCompensatoryDays(statutoryHolidays(y)) {
		if _, worked := c.workingDays[h.Date]; !worked {
			hs = append(hs, h)
		}
	}
	for d, why := range c.daysOff {
		if d.Year != y {
			continue
		}
		if _, worked := c.workingDays[d]; worked {
			continue
		}
		if slices.ContainsFunc(hs, func(h Holiday) bool { return h.Date == d }) {
			continue // already a holiday; keep its proper name
		}
		hs = append(hs, Holiday{Date: d, NameVI: why, NameEN: why, Kind: Announced})
	}
	slices.SortStableFunc(hs, func(a, b Holiday) int { return a.Date.Compare(b.Date) })
	yi.holidays = hs

	setOff := func(d Date) {
		i := d.days() - yi.first
		yi.off[i>>6] |= 1 << (i & 63)
	}
	for i := 0; i < yi.n; i++ {
		if d := fromDays(yi.first + i); isWeekend(d) {
			setOff(d)
		}
	}
	for _, h := range hs {
		setOff(h.Date)
	}
	for d := range c.workingDays {
		if d.Year == y {
			i := d.days() - yi.first
			yi.off[i>>6] &^= 1 << (i & 63)
		}
	}
	for i := 0; i < yi.n; i++ {
		yi.cum[i+1] = yi.cum[i]
		if yi.working(i) {
			yi.cum[i+1]++
		}
	}
	return yi
}

// IsWorkingDay reports whether d is a working day: Monday to Friday, not a
// holiday or compensatory day, not an announced day off; or an announced
// working day.
func (c *Calendar) IsWorkingDay(d Date) bool {
	dn := d.days()
	yi := c.year(fromDays(dn).Year)
	return yi.working(dn - yi.first)
}

// Holidays returns the days off of year y other than ordinary weekends, in
// date order: the statutory holidays (including those that fall on a
// weekend), the compensatory days, and the announced days off. Days that
// the overrides make working days are left out.
func (c *Calendar) Holidays(y int) []Holiday {
	return slices.Clone(c.year(y).holidays)
}

// Holiday returns the holiday on d, if d is one; it tells a user why a day
// does not count.
func (c *Calendar) Holiday(d Date) (Holiday, bool) {
	d = NewDate(d.Year, d.Month, d.Day)
	hs := c.year(d.Year).holidays
	i, found := slices.BinarySearchFunc(hs, d, func(h Holiday, d Date) int { return h.Date.Compare(d) })
	if !found {
		return Holiday{}, false
	}
	return hs[i], true
}

// DayInput announces a day: Kind "off" (a day off) or "work" (a swapped
// working day) with the announcement's note; Kind "" removes an
// announcement.
type DayInput struct {
	Kind string `json:"kind"`
	Note string `json:"note"`
}
