package calendar

import "time"

// Counting convention. Decree 73/2023/NĐ-CP gives its limits as "within N
// working days" of an event (receiving a proposal, finishing the work,
// receiving the report). As in the Civil Code (Art. 147: a period counted
// in days starts on the day after the event), the day of the event itself
// never counts, even when it is a working day and the event happened at
// 08:00. The due date is the N-th working day after it, and the act is in
// time if it happens on or before the due date.
//
//	received Friday 2025-06-06, 7 working days → due Tuesday 2025-06-17
//	(Mon 9, Tue 10, Wed 11, Thu 12, Fri 13, Mon 16, Tue 17)

// AddWorkingDays returns the n-th working day after from: the due date of
// a limit of n working days that counts from the day from, which itself is
// not counted whether or not it is a working day. For n < 0 it returns the
// |n|-th working day before from, and for n == 0 it returns from unchanged.
func (c *Calendar) AddWorkingDays(from Date, n int) Date {
	dn := from.days()
	yi := c.year(fromDays(dn).Year)
	step := 1
	if n < 0 {
		step, n = -1, -n
	}
	for n > 0 {
		dn += step
		i := dn - yi.first
		if i < 0 || i >= yi.n {
			yi = c.year(fromDays(dn).Year)
			i = dn - yi.first
		}
		if yi.working(i) {
			n--
		}
	}
	return fromDays(dn)
}

// WorkingDaysBetween returns the number of working days after a up to and
// including b, negated when b is before a; it is 0 when a == b. It is the
// inverse of AddWorkingDays: WorkingDaysBetween(a, AddWorkingDays(a, n))
// == n.
//
// With a = today and b = a due date it gives the working days left: 0 means
// due today, 1 due on the next working day. Once the due date has passed it
// is negative and its absolute value is how many working days the item is
// overdue by. Note that it is still 0 on the weekend after a Friday due
// date, so test lateness with today.After(due), not with the sign.
func (c *Calendar) WorkingDaysBetween(a, b Date) int {
	an, bn := a.days(), b.days()
	switch {
	case an == bn:
		return 0
	case an > bn:
		return -c.countWorking(bn, an)
	}
	return c.countWorking(an, bn)
}

// countWorking counts the working days in the day-number interval (a, b],
// a < b, a year at a time from the prefix sums.
func (c *Calendar) countWorking(a, b int) int {
	ya := c.year(fromDays(a).Year)
	yb := c.year(fromDays(b).Year)
	// upTo returns the working days from 1 January through day dn.
	upTo := func(yi *yearInfo, dn int) int { return int(yi.cum[dn-yi.first+1]) }
	if ya.first == yb.first {
		return upTo(yb, b) - upTo(ya, a)
	}
	total := int(ya.cum[ya.n]) - upTo(ya, a)
	for y := fromDays(a).Year + 1; y < fromDays(b).Year; y++ {
		yi := c.year(y)
		total += int(yi.cum[yi.n])
	}
	return total + upTo(yb, b)
}

// DueDate returns the due date of a limit of n working days counted from
// the instant received (a timestamp, in any zone). The receipt day is the
// date in Vietnam, so a proposal filed at 23:30 UTC on a Sunday was
// received on Monday in Hanoi, and Monday is the day that does not count.
func (c *Calendar) DueDate(received time.Time, n int) Date {
	return c.AddWorkingDays(DateOf(received), n)
}

// NextWorkingDay returns the first working day on or after d: the day a
// limit that ends on a day off rolls forward to when a rule says so, or
// the first day an office can act on something received on a holiday.
func (c *Calendar) NextWorkingDay(d Date) Date {
	if c.IsWorkingDay(d) {
		return NewDate(d.Year, d.Month, d.Day)
	}
	return c.AddWorkingDays(d, 1)
}
