package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"

	"damlam/internal/calendar"
	"damlam/internal/problem"
	"damlam/internal/workflow"
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
// columns: the waiting spell it was escalated for, and a notice to each
// head it names.
func (s *Store) escalated(ctx context.Context, tx *sql.Tx, c *caseRow, step workflow.Step, at string) error {
	if _, err := tx.ExecContext(ctx, `UPDATE proposals SET escalated_for = $1 WHERE id = $2`, c.EscalatedFor, c.ID); err != nil {
		return err
	}
	var d workflow.EscalationDetails
	if err := json.Unmarshal(step.Event.Payload.Details, &d); err != nil {
		return err
	}
	for _, h := range d.Notified {
		if _, err := tx.ExecContext(ctx, `INSERT INTO notifications (id, person_id, proposal_id, kind, at) VALUES ($1, $2, $3, $4, $5)`,
			newID("n_"), h, c.ID, "escalation", at); err != nil {
			return err
		}
	}
	return nil
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

// Notification is a message for a person.
type Notification struct {
	ID         string `json:"id"`
	ProposalID string `json:"proposal_id"`
	Kind       string `json:"kind"`
	At         string `json:"at"`
	Read       bool   `json:"read"`
}

// Notifications lists a person's notifications, newest first.
func (s *Store) Notifications(ctx context.Context, personID string) ([]Notification, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, proposal_id, kind, at, read_at FROM notifications WHERE person_id = $1 ORDER BY at DESC LIMIT 200`, personID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Notification{}
	for rows.Next() {
		var n Notification
		var read string
		if err := rows.Scan(&n.ID, &n.ProposalID, &n.Kind, &n.At, &read); err != nil {
			return nil, err
		}
		n.Read = read != ""
		out = append(out, n)
	}
	return out, rows.Err()
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
