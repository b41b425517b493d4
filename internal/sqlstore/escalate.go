package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"

	"damlam/internal/calendar"
	"damlam/internal/problem"
	"damlam/internal/workflow"
)

// Escalation is one overdue case sent up to the superior head.
type Escalation struct {
	ProposalID string   `json:"proposal_id"`
	State      string   `json:"state"`
	DueDate    string   `json:"due_date"`
	Notified   []string `json:"notified"`
	LogIndex   int64    `json:"log_index"`
}

// EscalateOverdue finds every case whose deadline has passed and that was
// not yet escalated for its current state, records the escalation in the
// case's log, and notifies the heads of the deciding unit's superior. A head
// who sits on a proposal is the commonest way the mechanism fails; the
// superior sees it the next morning.
func (s *Store) EscalateOverdue(ctx context.Context) ([]Escalation, error) {
	today := calendar.DateOf(s.now()).String()
	rows, err := s.db.QueryContext(ctx, `SELECT id FROM proposals WHERE due_date > '' AND due_date < $1 AND escalated_for <> entered_at ORDER BY due_date, id`, today)
	if err != nil {
		return nil, err
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	var out []Escalation
	for _, id := range ids {
		esc, ok, err := s.escalate(ctx, id, today)
		if err != nil {
			return out, err
		}
		if ok {
			out = append(out, esc)
		}
	}
	return out, nil
}

func (s *Store) escalate(ctx context.Context, id, today string) (Escalation, bool, error) {
	var esc Escalation
	var index int64
	done := false
	err := s.db.inTx(ctx, func(tx *sql.Tx) error {
		c, err := s.loadCase(ctx, tx, id, true)
		if err != nil {
			return err
		}
		// Re-check under the lock: another instance may have escalated it.
		if c.DueDate == "" || c.DueDate >= today || c.EscalatedFor == fmtTime(c.EnteredAt) {
			return nil
		}
		t, ok := workflow.Find(c.State, workflow.Escalate)
		if !ok {
			return nil
		}
		heads, err := s.superiorHeads(ctx, tx, c.DeciderID)
		if err != nil {
			return err
		}
		details, err := json.Marshal(workflow.EscalationDetails{DueDate: c.DueDate, State: c.State, Notified: heads})
		if err != nil {
			return err
		}
		step, err := workflow.Take(c.record(), t, SystemActor, stored(s.now()), workflow.Payload{Details: details})
		if err != nil {
			return err
		}
		entered := fmtTime(c.EnteredAt)
		if index, err = s.record(ctx, tx, c, nil, step, &applied{}); err != nil {
			return err
		}
		// record keeps entered_at (the state did not change); mark the
		// escalation against that entry so it happens once per waiting spell.
		if _, err := tx.ExecContext(ctx, `UPDATE proposals SET escalated_for = $1 WHERE id = $2`, entered, id); err != nil {
			return err
		}
		for _, h := range heads {
			if _, err := tx.ExecContext(ctx, `INSERT INTO notifications (id, person_id, proposal_id, kind, at) VALUES ($1, $2, $3, $4, $5)`,
				newID("n_"), h, id, "escalation", fmtTime(s.now())); err != nil {
				return err
			}
		}
		esc = Escalation{ProposalID: id, State: string(c.State), DueDate: c.DueDate, Notified: heads}
		done = true
		return nil
	})
	if err != nil || !done {
		return esc, false, err
	}
	if _, err := s.log.Receipt(ctx, index); err != nil {
		return esc, false, err
	}
	esc.LogIndex = index
	return esc, true, nil
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
