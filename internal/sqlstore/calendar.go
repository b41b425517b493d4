package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"unicode/utf8"

	"damlam/internal/calendar"
	"damlam/internal/org"
	"damlam/internal/proof"
)

// CalendarDay is a day the Government announced: off, or a swapped working day.
type CalendarDay struct {
	Day  string `json:"day"`
	Kind string `json:"kind"` // off | work
	Note string `json:"note"`
}

// CalendarDayInput announces a day; kind "" removes an announcement.
type CalendarDayInput = calendar.DayInput

// SetCalendarDay records an announced day off or working day, and logs it:
// deadlines are counted over these days, so a due date can be recomputed
// from the log. The change is by's (nil: the operator), if may allows it
// (it names no unit: deadlines are national).
func (s *Store) SetCalendarDay(ctx context.Context, by *org.Person, day string, in CalendarDayInput, may org.AdminCheck) (calendar.Date, error) {
	d, err := calendar.ParseDate(day)
	if err != nil {
		return d, invalidField("date", "field.bad_date")
	}
	if err := may(nil); err != nil {
		return d, err
	}
	note := strings.TrimSpace(in.Note)
	switch in.Kind {
	case "off", "work":
		if note == "" {
			return d, invalidField("note", "field.required")
		}
		if !utf8.ValidString(note) {
			return d, invalidField("note", "field.bad_text") // the record is JSON
		}
	case "":
	default:
		return d, invalidField("kind", "field.one_of", "off, work")
	}
	err = s.db.inTx(ctx, func(tx *sql.Tx) error {
		if err := s.startOrgLog(ctx, tx); err != nil {
			return err
		}
		var kind, was string
		err := tx.QueryRowContext(ctx, `SELECT kind, note FROM calendar_days WHERE day = $1`, d.String()).Scan(&kind, &was)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if kind == in.Kind && (in.Kind == "" || was == note) {
			return nil // announced already: nothing to log
		}
		if in.Kind == "" {
			if _, err := tx.ExecContext(ctx, `DELETE FROM calendar_days WHERE day = $1`, d.String()); err != nil {
				return err
			}
			return s.logOrg(ctx, tx, by, proof.TypeDayCleared, orgPayload{Day: d.String()})
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO calendar_days (day, kind, note) VALUES ($1, $2, $3)
			ON CONFLICT (day) DO UPDATE SET kind = excluded.kind, note = excluded.note`, d.String(), in.Kind, note); err != nil {
			return err
		}
		return s.logOrg(ctx, tx, by, proof.TypeDaySet, orgPayload{Day: d.String(), DayKind: in.Kind, Note: note})
	})
	s.invalidateCalendar()
	return d, err
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
