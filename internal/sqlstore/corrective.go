package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strconv"

	"damlam/internal/calendar"
	"damlam/internal/workflow"
)

// correctives keeps the open corrective deadlines as a step writes them:
// an inspection's violations open one each, a correction closes its own.
func correctives(ctx context.Context, tx *sql.Tx, c *caseRow, step workflow.Step, at string) error {
	switch step.Event.Action {
	case workflow.Inspect:
		var in workflow.InspectInput
		if err := json.Unmarshal(step.Event.Payload.Input, &in); err != nil {
			return err
		}
		var rows []any
		for i, v := range in.Violations {
			rows = append(rows, c.ID, step.Event.Seq, i+1, v.Deadline)
		}
		return insertRows(ctx, tx, `INSERT INTO corrective_deadlines (proposal_id, inspection, violation, deadline) VALUES `, 4, rows)
	case workflow.CorrectViolation:
		var in workflow.CorrectionInput
		if err := json.Unmarshal(step.Event.Payload.Input, &in); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE corrective_deadlines SET corrected_at = $1 WHERE proposal_id = $2 AND inspection = $3 AND violation = $4`,
			at, c.ID, in.Inspection, in.Violation)
		return err
	}
	return nil
}

// remindCorrective writes the reminders owed today for open corrective
// deadlines, to the implementers and the proposer, once per violation and
// kind.
func (s *Store) remindCorrective(ctx context.Context, cal *calendar.Calendar, today calendar.Date) ([]Reminder, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT proposal_id, inspection, violation FROM corrective_deadlines
		WHERE corrected_at = '' AND deadline >= $1 AND deadline <= $2 ORDER BY deadline, proposal_id, inspection, violation`,
		today.String(), workflow.ReminderWindow(cal, today, s.reminderDays).String())
	if err != nil {
		return nil, err
	}
	type key struct {
		id   string
		insp int
		viol int
	}
	var keys []key
	for rows.Next() {
		var k key
		if err := rows.Scan(&k.id, &k.insp, &k.viol); err != nil {
			rows.Close()
			return nil, err
		}
		keys = append(keys, k)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var out []Reminder
	for _, k := range keys {
		var r Reminder
		err := s.db.inTx(ctx, func(tx *sql.Tx) error {
			var deadline, corrected string
			if err := tx.QueryRowContext(ctx, `SELECT deadline, corrected_at FROM corrective_deadlines WHERE proposal_id = $1 AND inspection = $2 AND violation = $3`,
				k.id, k.insp, k.viol).Scan(&deadline, &corrected); err != nil {
				return err
			}
			due, err := calendar.ParseDate(deadline)
			if err != nil || corrected != "" {
				return errNoReminder
			}
			kind := workflow.ReminderDue(cal, today, due, s.reminderDays)
			if kind == "" {
				return errNoReminder
			}
			spell := "violation " + strconv.Itoa(k.insp) + "." + strconv.Itoa(k.viol)
			at := fmtTime(s.now())
			res, err := tx.ExecContext(ctx, `INSERT INTO reminders (proposal_id, spell, kind, due_date, at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
				k.id, spell, kind, deadline, at)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return errNoReminder
			}
			c, err := s.loadCase(ctx, tx, k.id, false)
			if err != nil {
				return err
			}
			people, err := s.audience(ctx, tx, c, workflow.Record{}, []workflow.Audience{workflow.ToImplementers, workflow.ToProposer}, "")
			if err != nil {
				return err
			}
			n := told{proposal: c.ID, kind: "violation_" + kind, urgent: kind == workflow.RemindDueDay, link: "/proposals/" + c.ID + "/pilot", due: deadline, at: at}
			if err := s.tell(ctx, tx, people, n); err != nil {
				return err
			}
			r = Reminder{ProposalID: c.ID, State: string(c.State), Kind: "violation_" + kind, DueDate: deadline, Notified: people}
			return nil
		})
		if errors.Is(err, errNoReminder) {
			continue
		}
		if err != nil {
			return out, err
		}
		out = append(out, r)
	}
	return out, nil
}
