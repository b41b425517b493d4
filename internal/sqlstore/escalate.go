package sqlstore

import (
	"context"
	"database/sql"

	"damlam/internal/calendar"
	"damlam/internal/problem"
)

// Overdue lists the cases whose due date has passed and that were not
// escalated for the state they entered last (each is checked again under
// its lock when it is escalated), with today in Vietnamese time.
func (s *Store) Overdue(ctx context.Context) (string, []string, error) {
	today := calendar.DateOf(s.now()).String()
	rows, err := s.db.QueryContext(ctx, `SELECT id FROM proposals WHERE due_date > '' AND due_date < $1 AND escalated_for <> entered_at ORDER BY due_date, id`, today)
	if err != nil {
		return "", nil, err
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return "", nil, err
		}
		ids = append(ids, id)
	}
	return today, ids, rows.Err()
}

// escalated writes what an escalation's step changed beside the case's
// columns: the waiting spell it was escalated for. The heads it names are
// told like everyone an event concerns (notify.go).
func (s *Store) escalated(ctx context.Context, tx *sql.Tx, c *caseRow) error {
	_, err := tx.ExecContext(ctx, `UPDATE proposals SET escalated_for = $1 WHERE id = $2`, c.EscalatedFor, c.ID)
	return err
}

// superiorHeads are the heads of the unit above decider (or of decider
// itself at the top of the tree, where nobody is above).
func (s *Store) superiorHeads(ctx context.Context, q querier, decider string) ([]string, error) {
	var parent sql.NullString
	if err := q.QueryRowContext(ctx, `SELECT parent_id FROM units WHERE id = $1`, decider).Scan(&parent); err != nil {
		return nil, err
	}
	unit := decider
	if parent.Valid {
		unit = parent.String
	}
	rows, err := q.QueryContext(ctx, `SELECT person_id FROM positions WHERE unit_id = $1 AND position = 'head' ORDER BY person_id`, unit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	heads := []string{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		heads = append(heads, id)
	}
	return heads, rows.Err()
}

// MarkNotificationRead marks one of a person's notifications read; someone
// else's is "not found".
func (s *Store) MarkNotificationRead(ctx context.Context, personID, id string) error {
	res, err := s.db.ExecContext(ctx, `UPDATE notifications SET read_at = $1 WHERE id = $2 AND person_id = $3 AND read_at = ''`,
		fmtTime(s.now()), id, personID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		var exists int
		s.db.QueryRowContext(ctx, `SELECT count(*) FROM notifications WHERE id = $1 AND person_id = $2`, id, personID).Scan(&exists)
		if exists == 0 {
			return problem.New(problem.NotFound, "not_found")
		}
	}
	return nil
}
