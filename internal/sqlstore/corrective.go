package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"

	"damlam/internal/calendar"
	"damlam/internal/workflow"
)

// correctives keeps the corrective deadlines as a step writes them, from
// the fold's record after it: an inspection's violations open one each, a
// correction closes its own, an escalation marks it sent up. Written for
// every step that touched one, a loader's too: the inboxes and the
// escalation read them, and the audit holds them to the events.
func correctives(ctx context.Context, tx *sql.Tx, c *caseRow, step workflow.Step) error {
	if !step.Change.Corrective {
		return nil
	}
	e := step.Event
	switch e.Action {
	case workflow.Inspect:
		var in workflow.InspectInput
		if err := json.Unmarshal(e.Payload.Input, &in); err != nil {
			return err
		}
		var rows []any
		for i, v := range in.Violations {
			rows = append(rows, c.ID, e.Seq, i+1, v.Deadline)
		}
		return insertRows(ctx, tx, `INSERT INTO corrective_deadlines (proposal_id, inspection, violation, deadline) VALUES `, 4, rows)
	case workflow.CorrectViolation:
		var in workflow.CorrectionInput
		if err := json.Unmarshal(e.Payload.Input, &in); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE corrective_deadlines SET corrected_at = $1 WHERE proposal_id = $2 AND inspection = $3 AND violation = $4`,
			fmtTime(e.At), c.ID, in.Inspection, in.Violation)
		return err
	case workflow.EscalateCorrection:
		var d workflow.CorrectionEscalationDetails
		if err := json.Unmarshal(e.Payload.Details, &d); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE corrective_deadlines SET escalated_at = $1 WHERE proposal_id = $2 AND inspection = $3 AND violation = $4`,
			fmtTime(e.At), c.ID, d.Violation.Inspection, d.Violation.Violation)
		return err
	}
	return nil
}

// correctionRow is a row of corrective_deadlines.
type correctionRow struct {
	ref                                workflow.ViolationRef
	deadline, correctedAt, escalatedAt string
}

// correctionsOf reads case id's corrective deadlines into the record's form.
func correctionsOf(ctx context.Context, q querier, id string) (map[workflow.ViolationRef]workflow.Correction, error) {
	out := map[workflow.ViolationRef]workflow.Correction{}
	err := eachRow(ctx, q, `SELECT inspection, violation, deadline, corrected_at, escalated_at FROM corrective_deadlines WHERE proposal_id = $1`, func(r *sql.Rows) error {
		var row correctionRow
		if err := r.Scan(&row.ref.Inspection, &row.ref.Violation, &row.deadline, &row.correctedAt, &row.escalatedAt); err != nil {
			return err
		}
		out[row.ref] = workflow.Correction{Deadline: row.deadline, CorrectedAt: parseTime(row.correctedAt), EscalatedAt: parseTime(row.escalatedAt)}
		return nil
	}, id)
	return out, err
}

// OverdueCorrections lists the open violations past their deadline on
// today (Vietnamese time) and not yet escalated; each is checked again
// under its case's lock when it is escalated.
func (s *Store) OverdueCorrections(ctx context.Context) (string, []workflow.CaseViolation, error) {
	today := calendar.DateOf(s.now()).String()
	var out []workflow.CaseViolation
	err := eachRow(ctx, s.db, `SELECT proposal_id, inspection, violation FROM corrective_deadlines
		WHERE corrected_at = '' AND deadline > '' AND deadline < $1 AND escalated_at = '' ORDER BY deadline, proposal_id, inspection, violation`, func(r *sql.Rows) error {
		var o workflow.CaseViolation
		err := r.Scan(&o.ProposalID, &o.Violation.Inspection, &o.Violation.Violation)
		out = append(out, o)
		return err
	}, today)
	return today, out, err
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

// projectedCorrections reads every case's corrective deadlines.
func projectedCorrections(ctx context.Context, q querier) (map[string]map[workflow.ViolationRef]correctionRow, error) {
	out := map[string]map[workflow.ViolationRef]correctionRow{}
	err := eachRow(ctx, q, `SELECT proposal_id, inspection, violation, deadline, corrected_at, escalated_at FROM corrective_deadlines`, func(r *sql.Rows) error {
		var id string
		var row correctionRow
		if err := r.Scan(&id, &row.ref.Inspection, &row.ref.Violation, &row.deadline, &row.correctedAt, &row.escalatedAt); err != nil {
			return err
		}
		if out[id] == nil {
			out[id] = map[workflow.ViolationRef]correctionRow{}
		}
		out[id][row.ref] = row
		return nil
	})
	return out, err
}

// correctionRowOf is the row a correction of the record gives.
func correctionRowOf(ref workflow.ViolationRef, c workflow.Correction) correctionRow {
	row := correctionRow{ref: ref, deadline: c.Deadline}
	if !c.CorrectedAt.IsZero() {
		row.correctedAt = fmtTime(c.CorrectedAt)
	}
	if !c.EscalatedAt.IsZero() {
		row.escalatedAt = fmtTime(c.EscalatedAt)
	}
	return row
}

// correctionDiffs names how case id's corrective_deadlines rows differ
// from the corrections its events give: a deadline moved, a violation
// marked corrected or sent up that was not, or the other way round, would
// take a due item out of an inbox or an escalation out of the log's reach.
func correctionDiffs(id string, want map[workflow.ViolationRef]workflow.Correction, rows map[workflow.ViolationRef]correctionRow) []string {
	var out []string
	refs := make([]workflow.ViolationRef, 0, len(want)+len(rows))
	for ref := range want {
		refs = append(refs, ref)
	}
	for ref := range rows {
		if _, ok := want[ref]; !ok {
			refs = append(refs, ref)
		}
	}
	slices.SortFunc(refs, func(a, b workflow.ViolationRef) int {
		return cmp.Or(cmp.Compare(a.Inspection, b.Inspection), cmp.Compare(a.Violation, b.Violation))
	})
	for _, ref := range refs {
		where := fmt.Sprintf("corrective_deadlines %s %s", id, ref)
		c, logged := want[ref]
		row, stored := rows[ref]
		switch {
		case !stored:
			out = append(out, where+": missing, its inspection is in the log")
		case !logged:
			out = append(out, where+": no inspection in the log found it")
		default:
			w := correctionRowOf(ref, c)
			for _, col := range []struct{ name, got, want string }{
				{"deadline", row.deadline, w.deadline}, {"corrected_at", row.correctedAt, w.correctedAt}, {"escalated_at", row.escalatedAt, w.escalatedAt},
			} {
				if col.got != col.want {
					out = append(out, fmt.Sprintf("%s: %s: %s, its events give %s", where, col.name, quoteEmpty(col.got), quoteEmpty(col.want)))
				}
			}
		}
	}
	return out
}

// writeCorrections makes case id's corrective_deadlines rows the
// corrections of its record.
func writeCorrections(ctx context.Context, tx *sql.Tx, id string, want map[workflow.ViolationRef]workflow.Correction) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM corrective_deadlines WHERE proposal_id = $1`, id); err != nil {
		return err
	}
	var rows []any
	for ref, c := range want {
		r := correctionRowOf(ref, c)
		rows = append(rows, id, ref.Inspection, ref.Violation, r.deadline, r.correctedAt, r.escalatedAt)
	}
	return insertRows(ctx, tx, `INSERT INTO corrective_deadlines (proposal_id, inspection, violation, deadline, corrected_at, escalated_at) VALUES `, 6, rows)
}
