package calendar

import (
	"fmt"
	"strings"
	"time"
)

// Date is a civil date in Vietnam: a day on the wall calendar, with no time
// of day and no time zone. Deadlines are counted in whole days, so carrying a
// time.Time around would only invite off-by-one errors at midnight.
//
// The zero Date is not a valid day; use IsZero to test for it. Dates are
// comparable with == and usable as map keys. Methods accept dates whose
// fields are out of range (2025-01-32) and normalise them the way time.Date
// does, but ParseDate rejects them.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// Vietnam keeps UTC+7 all year and has done since 1975. A fixed zone avoids
// depending on the host's tz database, which minimal containers often lack.
var vietnam = time.FixedZone("ICT", 7*60*60)

// Vietnam returns the fixed UTC+7 zone (Asia/Ho_Chi_Minh) used for DateOf.
func Vietnam() *time.Location { return vietnam }

// NewDate returns the date y-m-d, normalising out-of-range months and days
// like time.Date (NewDate(2025, 1, 32) is 2025-02-01).
func NewDate(y int, m time.Month, d int) Date {
	return fromDays(Date{y, m, d}.days())
}

// DateOf returns the civil date in Vietnam (UTC+7) at the instant t. A
// proposal received at 23:30 on 31 December UTC is received on 1 January in
// Hanoi, and that is the day the law counts from.
func DateOf(t time.Time) Date {
	y, m, d := t.In(vietnam).Date()
	return Date{y, m, d}
}

// Today returns the current date in Vietnam.
func Today() Date { return DateOf(time.Now()) }

// Time returns midnight at the start of d in Vietnam.
func (d Date) Time() time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, vietnam)
}

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d == Date{} }

// AddDays returns the date n calendar days after d (before, if n < 0).
func (d Date) AddDays(n int) Date { return fromDays(d.days() + n) }

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday {
	// 1970-01-01 was a Thursday.
	return time.Weekday(mod(d.days()+4, 7))
}

// Before reports whether d is strictly earlier than o.
func (d Date) Before(o Date) bool { return d.days() < o.days() }

// After reports whether d is strictly later than o.
func (d Date) After(o Date) bool { return d.days() > o.days() }

// Compare returns -1, 0 or +1 as d is before, equal to or after o, so that
// dates sort with slices.SortFunc(ds, Date.Compare).
func (d Date) Compare(o Date) int {
	a, b := d.days(), o.days()
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// DaysUntil returns the number of calendar days from d to o (negative if o
// is earlier).
func (d Date) DaysUntil(o Date) int { return o.days() - d.days() }

// String formats d as YYYY-MM-DD (ISO 8601), the form used in storage and
// APIs.
func (d Date) String() string {
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// FormatVI formats d as dd/mm/yyyy, the form Vietnamese readers expect.
func (d Date) FormatVI() string {
	return fmt.Sprintf("%02d/%02d/%04d", d.Day, int(d.Month), d.Year)
}

// ParseDate parses a date written as YYYY-MM-DD or, as Vietnamese users type
// it, dd/mm/yyyy. The two forms cannot be confused because they use
// different separators. Dates that do not exist (30/02/2025) are rejected.
func ParseDate(s string) (Date, error) {
	layout := "2006-01-02"
	if strings.Contains(s, "/") {
		layout = "2/1/2006" // also accepts 1/9/2025
	}
	t, err := time.Parse(layout, s)
	if err != nil {
		return Date{}, fmt.Errorf("calendar: invalid date %q: want YYYY-MM-DD or dd/mm/yyyy", s)
	}
	return Date{t.Year(), t.Month(), t.Day()}, nil
}

// MarshalText implements encoding.TextMarshaler (YYYY-MM-DD), which also
// makes Date usable as a JSON object key, as in Overrides.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler; it accepts what
// ParseDate accepts.
func (d *Date) UnmarshalText(b []byte) error {
	p, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = p
	return nil
}

// days returns the number of days since 1970-01-01 (proleptic Gregorian).
// It is the single place where the calendar arithmetic lives; everything
// else works on day numbers. The algorithm is Howard Hinnant's
// days_from_civil, exact for every Gregorian date and free of allocations.
func (d Date) days() int {
	// Normalise month overflow first so that 2025-13-01 means 2026-01-01.
	y, m := d.Year, int(d.Month)-1
	y += floorDiv(m, 12)
	m = mod(m, 12) + 1
	if m <= 2 {
		y--
	}
	era := floorDiv(y, 400)
	yoe := y - era*400
	mp := (m + 9) % 12      // March = 0
	doy := (153*mp + 2) / 5 // day of the year of the 1st of the month
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468 + d.Day - 1
}

// fromDays is the inverse of days (Hinnant's civil_from_days).
func fromDays(n int) Date {
	n += 719468
	era := floorDiv(n, 146097)
	doe := n - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		y++
	}
	return Date{y, time.Month(m), d}
}

// jdnUnixEpoch is the Julian Day Number of 1970-01-01.
const jdnUnixEpoch = 2440588

func floorDiv(a, b int) int {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

func mod(a, b int) int { return a - floorDiv(a, b)*b }
