package sqlstore

import (
	"context"
	"strings"

	"damlam/internal/calendar"
	"damlam/internal/org"
	"damlam/internal/problem"
)

// CalendarDay is a day the Government announced: off, or a swapped working day.
type CalendarDay struct {
	Day  string `json:"day"`
	Kind string `json:"kind"` // off | work
	Note string `json:"note"`
}

// CalendarDayInput announces a day; kind "" removes an announcement.
type CalendarDayInput struct {
	Kind string `json:"kind"`
	Note string `json:"note"`
}

// SetCalendarDay records an announced day off or working day. Deadlines
// are national, so only administrators or the secretariat of a root unit
// may change them.
func (s *Store) SetCalendarDay(ctx context.Context, actor *org.Person, day string, in CalendarDayInput) (calendar.Date, error) {
	d, err := calendar.ParseDate(day)
	if err != nil {
		return d, invalidField("date", "field.bad_date")
	}
	if !mayManageCalendar(actor) {
		return d, problem.New(problem.Forbidden, "forbidden")
	}
	switch in.Kind {
	case "off", "work":
		if strings.TrimSpace(in.Note) == "" {
			return d, invalidField("note", "field.required")
		}
		_, err = s.db.ExecContext(ctx, `INSERT INTO calendar_days (day, kind, note) VALUES ($1, $2, $3)
			ON CONFLICT (day) DO UPDATE SET kind = excluded.kind, note = excluded.note`, d.String(), in.Kind, strings.TrimSpace(in.Note))
	case "":
		_, err = s.db.ExecContext(ctx, `DELETE FROM calendar_days WHERE day = $1`, d.String())
	default:
		return d, invalidField("kind", "field.one_of", "off, work")
	}
	s.invalidateCalendar()
	return d, err
}

func mayManageCalendar(actor *org.Person) bool {
	if actor == nil {
		return true
	}
	for _, g := range actor.Grants {
		if (g.Role == org.Admin || g.Role == org.Secretariat) && strings.Count(g.UnitPath, "/") == 2 {
			return true
		}
	}
	return false
}

// CalendarDays lists a year's announced days.
func (s *Store) CalendarDays(ctx context.Context, year int) ([]CalendarDay, error) {
	from := calendar.NewDate(year, 1, 1).String()
	to := calendar.NewDate(year, 12, 31).String()
	rows, err := s.db.QueryContext(ctx, `SELECT day, kind, note FROM calendar_days WHERE day >= $1 AND day <= $2 ORDER BY day`, from, to)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []CalendarDay{}
	for rows.Next() {
		var d CalendarDay
		if err := rows.Scan(&d.Day, &d.Kind, &d.Note); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}
