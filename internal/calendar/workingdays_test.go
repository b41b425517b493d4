package calendar

import (
	"sync"
	"testing"
	"time"
)

func TestAddWorkingDays(t *testing.T) {
	plain := New(Overrides{})
	// Shaped like a yearly Tết announcement: Monday 27/1/2025 off as a
	// bridging day, worked back on Saturday 8/2; the default compensatory
	// Monday 3/2 (for mùng 4 on Saturday 1/2) not granted.
	announced := New(Overrides{
		DaysOff: map[Date]string{{2025, 1, 27}: "Nghỉ hoán đổi, làm bù thứ Bảy 08/02/2025"},
		WorkingDays: map[Date]string{
			{2025, 2, 8}: "Làm bù cho thứ Hai 27/01/2025",
			{2025, 2, 3}: "Đi làm theo thông báo nghỉ Tết",
		},
	})
	cases := []struct {
		name string
		cal  *Calendar
		from string
		n    int
		want string
	}{
		{"weekend skipped, receipt day not counted", plain, "2025-06-06", 7, "2025-06-17"},
		{"midweek receipt", plain, "2025-06-11", 7, "2025-06-20"},
		{"received on Saturday counts from Monday", plain, "2025-06-07", 7, "2025-06-17"},
		{"report limit of 5", plain, "2025-06-11", 5, "2025-06-18"},
		{"one working day", plain, "2025-06-13", 1, "2025-06-16"},
		{"zero days", plain, "2025-06-14", 0, "2025-06-14"},
		{"backwards", plain, "2025-06-17", -7, "2025-06-06"},
		// Tết 2026 is 17/02 (Tuesday); the default days off are 16–20/02,
		// so a proposal received on Thursday 12/02 gets one working day
		// before Tết and six after.
		{"received just before Tết 2026", plain, "2026-02-12", 7, "2026-03-02"},
		{"received on mùng 1", plain, "2026-02-17", 1, "2026-02-23"},
		// 30/4 and 1/5/2025 are Wednesday and Thursday.
		{"across 30/4 and 1/5", plain, "2025-04-28", 7, "2025-05-09"},
		// Giỗ Tổ 2026 is Sunday 26/4, made up on Monday 27/4; 30/4 and
		// 1/5 are Thursday and Friday.
		{"compensatory day skipped", plain, "2026-04-24", 5, "2026-05-06"},
		{"across New Year", plain, "2025-12-29", 5, "2026-01-06"},
		// Without the announcement: 28/1–31/1 Tết, 3/2 compensatory.
		{"default Tết 2025", plain, "2025-01-24", 7, "2025-02-11"},
		// With it: 27/1 off, 3/2 and Saturday 8/2 worked.
		{"announced Tết 2025", announced, "2025-01-24", 7, "2025-02-10"},
		{"announced day off skipped", announced, "2025-01-24", 1, "2025-02-03"},
		{"swapped Saturday counts", announced, "2025-02-07", 1, "2025-02-08"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			from := mustParse(t, tc.from)
			got := tc.cal.AddWorkingDays(from, tc.n)
			if got.String() != tc.want {
				t.Errorf("AddWorkingDays(%s %s, %d) = %s %s, want %s", from, from.Weekday(), tc.n, got, got.Weekday(), tc.want)
			}
			if tc.n != 0 && !tc.cal.IsWorkingDay(got) {
				t.Errorf("due date %s is not a working day", got)
			}
			if tc.n >= 0 {
				if back := tc.cal.WorkingDaysBetween(from, got); back != tc.n {
					t.Errorf("WorkingDaysBetween(%s, %s) = %d, want %d", from, got, back, tc.n)
				}
			}
		})
	}
}

func TestWorkingDaysBetweenSigns(t *testing.T) {
	c := New(Overrides{})
	d := func(s string) Date { return mustParse(t, s) }
	cases := []struct {
		a, b string
		want int
	}{
		{"2025-06-13", "2025-06-13", 0},  // due today
		{"2025-06-12", "2025-06-13", 1},  // due tomorrow
		{"2025-06-13", "2025-06-17", 2},  // Fri → Tue: Mon and Tue left
		{"2025-06-17", "2025-06-13", -2}, // overdue by two working days
		{"2025-06-13", "2025-06-14", 0},  // Saturday after a Friday due date
		{"2025-06-14", "2025-06-13", 0},  // …is still 0: use After for lateness
		{"2025-06-16", "2025-06-13", -1}, // Monday after: overdue by one
		{"2025-06-09", "2025-06-13", 4},
		{"2026-02-13", "2026-02-23", 1}, // the whole Tết week counts for nothing
		{"2024-12-31", "2026-01-01", 250},
	}
	for _, tc := range cases {
		if got := c.WorkingDaysBetween(d(tc.a), d(tc.b)); got != tc.want {
			t.Errorf("WorkingDaysBetween(%s, %s) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}

// The prefix-sum count agrees with a day-by-day count and with
// AddWorkingDays, over spans within a year and across several years.
func TestWorkingDaysBetweenAgreesWithCounting(t *testing.T) {
	c := New(Overrides{WorkingDays: map[Date]string{{2027, 2, 13}: "Làm bù"}})
	naive := func(a, b Date) int {
		n := 0
		for d := a.AddDays(1); !d.After(b); d = d.AddDays(1) {
			if c.IsWorkingDay(d) {
				n++
			}
		}
		return n
	}
	for a := (Date{2024, 11, 1}); a.Before(Date{2027, 3, 1}); a = a.AddDays(11) {
		for _, span := range []int{0, 1, 3, 9, 40, 400, 800} {
			b := a.AddDays(span)
			want := naive(a, b)
			if got := c.WorkingDaysBetween(a, b); got != want {
				t.Fatalf("WorkingDaysBetween(%s, %s) = %d, want %d", a, b, got, want)
			}
			if got := c.WorkingDaysBetween(b, a); got != -want {
				t.Fatalf("WorkingDaysBetween(%s, %s) = %d, want %d", b, a, got, -want)
			}
		}
		for _, n := range []int{1, 5, 7, 30, 300} {
			due := c.AddWorkingDays(a, n)
			if got := c.WorkingDaysBetween(a, due); got != n {
				t.Fatalf("WorkingDaysBetween(%s, AddWorkingDays(+%d) = %s) = %d", a, n, due, got)
			}
			if back := c.AddWorkingDays(due, -n); c.IsWorkingDay(a) && back != a {
				t.Fatalf("AddWorkingDays(%s, -%d) = %s, want %s", due, n, back, a)
			}
		}
	}
}

func TestDueDateAndNextWorkingDay(t *testing.T) {
	c := New(Overrides{})
	// 23:30 UTC on Sunday 2025-06-08 is 06:30 on Monday 9/6 in Hanoi, so
	// Monday is the receipt day and does not count.
	got := c.DueDate(time.Date(2025, 6, 8, 23, 30, 0, 0, time.UTC), 7)
	if want := (Date{2025, 6, 18}); got != want {
		t.Errorf("DueDate = %s, want %s", got, want)
	}
	if got := c.NextWorkingDay(Date{2026, 2, 14}); got != (Date{2026, 2, 23}) {
		t.Errorf("NextWorkingDay(Tết 2026) = %s", got)
	}
	if got := c.NextWorkingDay(Date{2026, 2, 23}); got != (Date{2026, 2, 23}) {
		t.Errorf("NextWorkingDay(working day) = %s", got)
	}
}

// Years far outside the cache still answer (slowly).
func TestUncachedYears(t *testing.T) {
	c := New(Overrides{})
	if got := c.AddWorkingDays(Date{2300, 6, 6}, 1); got != (Date{2300, 6, 7}) {
		t.Errorf("2300: %s", got)
	}
	if n := c.WorkingDaysBetween(Date{2299, 12, 30}, Date{2300, 1, 2}); n != 1 {
		t.Errorf("across 2300: %d", n)
	}
}

// Many goroutines filling the lazy cache at once (run with -race).
func TestConcurrentUse(t *testing.T) {
	c := New(Overrides{})
	want := c.AddWorkingDays(Date{2031, 1, 20}, 7)
	c = New(Overrides{})
	var wg sync.WaitGroup
	for g := 0; g < 16; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for y := 2028; y < 2034; y++ {
				c.IsWorkingDay(Date{y, 3, 1})
			}
			if got := c.AddWorkingDays(Date{2031, 1, 20}, 7); got != want {
				t.Errorf("concurrent AddWorkingDays = %s, want %s", got, want)
			}
		}()
	}
	wg.Wait()
}

func BenchmarkAddWorkingDays(b *testing.B) {
	c := New(Overrides{})
	from := Date{2026, 2, 12}
	c.AddWorkingDays(from, 7) // warm the cache, as a running server would be
	for b.Loop() {
		c.AddWorkingDays(from, 7)
	}
}

func BenchmarkWorkingDaysBetween(b *testing.B) {
	c := New(Overrides{})
	a, d := Date{2026, 2, 12}, Date{2026, 3, 2}
	c.WorkingDaysBetween(a, d)
	for b.Loop() {
		c.WorkingDaysBetween(a, d)
	}
}

func BenchmarkIsWorkingDay(b *testing.B) {
	c := New(Overrides{})
	d := Date{2026, 2, 17}
	c.IsWorkingDay(d)
	for b.Loop() {
		c.IsWorkingDay(d)
	}
}

// The cost of a cold year: what the first request touching a new year pays.
func BenchmarkColdYear(b *testing.B) {
	for b.Loop() {
		New(Overrides{}).IsWorkingDay(Date{2026, 2, 17})
	}
}
