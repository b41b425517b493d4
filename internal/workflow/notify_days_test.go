package workflow

import (
	"testing"

	"damlam/internal/calendar"
)

func TestReminderDueFollowsTheDays(t *testing.T) {
	cal := calendar.New(calendar.Overrides{})
	due := calendar.NewDate(2026, 12, 7) // a Monday
	cases := []struct {
		today calendar.Date
		days  int
		want  string
	}{
		{calendar.NewDate(2026, 12, 2), 2, ""},
		{calendar.NewDate(2026, 12, 3), 2, RemindBefore},
		{calendar.NewDate(2026, 12, 2), 3, RemindBefore},
		{calendar.NewDate(2026, 12, 1), 3, ""},
		{calendar.NewDate(2026, 12, 4), 1, RemindBefore},
		{calendar.NewDate(2026, 12, 3), 1, ""},
		{calendar.NewDate(2026, 12, 7), 5, RemindDueDay},
		{calendar.NewDate(2026, 12, 8), 5, ""},
	}
	for _, c := range cases {
		if got := ReminderDue(cal, c.today, due, c.days); got != c.want {
			t.Errorf("%s, %d days ahead: %q, want %q", c.today, c.days, got, c.want)
		}
	}
}
