package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	"damlam/internal/workflow"
)

// Mail preferences (notify_prefs.mail; no row means MailEvery).
const (
	MailEvery  = "every"
	MailDigest = "digest"
	MailNone   = "none"
)

// notices writes who is told of a recorded step, in the step's
// transaction (workflow.Notices): so a decision is never committed
// without its notices, and a refused one (403, 409, 422: decide returned
// an error before anything was recorded) writes none. Recipients are
// read from the organisation's tables as they stand now. A bulk loader
// tells nobody: it loads history, which its people need not be told of
// again.
func (s *Store) notices(ctx context.Context, tx *sql.Tx, c *caseRow, step workflow.Step, at string) error {
	if s.quiet || loaderOf(ctx, tx) != nil {
		return nil
	}
	if step.Change.StopsCrossed {
		// Beside the report's own notice: the head must decide now.
		sn := workflow.StopNotice
		ids, err := s.audience(ctx, tx, c, step.Next, sn.To, step.Event.Actor)
		if err != nil {
			return err
		}
		if err := s.tell(ctx, tx, ids, told{proposal: c.ID, kind: sn.Key, urgent: sn.Urgent, link: sn.Link(c.ID), due: c.DueDate, at: at}); err != nil {
			return err
		}
	}
	n, ok := workflow.NoticeOf(step.Event.Type)
	if !ok || len(n.To) == 0 {
		return nil
	}
	ids, err := s.audience(ctx, tx, c, step.Next, n.To, step.Event.Actor)
	if err != nil {
		return err
	}
	t := told{proposal: c.ID, kind: n.Key, urgent: n.Urgent, link: n.Link(c.ID), due: c.DueDate, at: at}
	if step.Event.Action == workflow.EscalateCorrection {
		// The deadline that passed is the violation's, not the case's.
		var d workflow.CorrectionEscalationDetails
		if err := json.Unmarshal(step.Event.Payload.Details, &d); err != nil {
			return err
		}
		t.due = d.DueDate
	}
	if key, ok := workflow.ProposerKeys[step.Event.Type]; ok && slices.Contains(ids, c.ProposerID) {
		own := t
		own.kind, own.link = key, "/proposals/"+c.ID
		if err := s.tell(ctx, tx, []string{c.ProposerID}, own); err != nil {
			return err
		}
		ids = without(ids, []string{c.ProposerID})
	}
	return s.tell(ctx, tx, ids, t)
}

// told is one notice to be written for several people.
type told struct {
	proposal, kind, link, due, at string
	urgent                        bool
	// spell is a reminder's waiting spell ("" for an event's notice).
	spell string
}

// audience resolves the audiences of a notice on case c (with its record
// after the step) to people, each once, in order, leaving out the actor:
// nobody is told of their own act.
func (s *Store) audience(ctx context.Context, q querier, c *caseRow, next workflow.Record, to []workflow.Audience, actor string) ([]string, error) {
	seen := map[string]bool{actor: true, "": true}
	var out []string
	add := func(ids ...string) {
		for _, id := range ids {
			if !seen[id] {
				seen[id] = true
				out = append(out, id)
			}
		}
	}
	for _, a := range to {
		switch a {
		case workflow.ToProposer:
			add(c.ProposerID)
		case workflow.ToImplementers:
			add(c.Content.Implementers...)
		case workflow.ToHead:
			ids, err := column(ctx, q, `SELECT person_id FROM positions WHERE unit_id = $1 AND position = 'head' ORDER BY person_id`, c.DeciderID)
			if err != nil {
				return nil, err
			}
			add(ids...)
		case workflow.ToMembers:
			if len(next.Collective) > 0 {
				for _, m := range next.Collective {
					if !m.Recused && m.PersonID != c.ProposerID {
						add(m.PersonID)
					}
				}
				continue
			}
			ids, err := column(ctx, q, `SELECT person_id FROM positions WHERE unit_id = $1 AND position IN ('head', 'deputy') ORDER BY position DESC, person_id`, c.DeciderID)
			if err != nil {
				return nil, err
			}
			for _, id := range ids {
				if id != c.ProposerID {
					add(id)
				}
			}
		case workflow.ToParty:
			ids, err := column(ctx, q, `SELECT person_id FROM grants WHERE unit_id = $1 AND role = 'party_committee' ORDER BY person_id`, c.DeciderID)
			if err != nil {
				return nil, err
			}
			add(ids...)
		case workflow.ToSuperior:
			ids, err := s.superiorHeads(ctx, q, c.DeciderID)
			if err != nil {
				return nil, err
			}
			add(ids...)
		case workflow.ToInspectors:
			ids, err := granted(ctx, q, "inspector", ancestors(c.UnitPath))
			if err != nil {
				return nil, err
			}
			add(ids...)
		case workflow.ToReward:
			ids, err := granted(ctx, q, "reward_officer", append(ancestors(c.DeciderPath), ancestors(c.UnitPath)...))
			if err != nil {
				return nil, err
			}
			add(ids...)
		}
	}
	return out, nil
}

// granted lists who holds role over any of units.
func granted(ctx context.Context, q querier, role string, units []string) ([]string, error) {
	if len(units) == 0 {
		return nil, nil
	}
	args := []any{role}
	ph := make([]string, len(units))
	for i, u := range units {
		args = append(args, u)
		ph[i] = "$" + strconv.Itoa(i+2)
	}
	return column(ctx, q, `SELECT DISTINCT person_id FROM grants WHERE role = $1 AND unit_id IN (`+strings.Join(ph, ", ")+`) ORDER BY person_id`, args...)
}

// column reads one text column.
func column(ctx context.Context, q querier, query string, args ...any) ([]string, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// tell writes notice n for each of ids: an in-app notice, and a row of
// the outbox for each person who takes every mail, or for everyone with
// an address if n is urgent; a notice for someone who takes a digest
// waits for it.
func (s *Store) tell(ctx context.Context, tx *sql.Tx, ids []string, n told) error {
	if len(ids) == 0 {
		return nil
	}
	args := make([]any, len(ids))
	ph := make([]string, len(ids))
	for i, id := range ids {
		args[i] = id
		ph[i] = "$" + strconv.Itoa(i+1)
	}
	rows, err := tx.QueryContext(ctx, `SELECT p.id, p.email, COALESCE(n.mail, '') FROM people p LEFT JOIN notify_prefs n ON n.person_id = p.id WHERE p.id IN (`+strings.Join(ph, ", ")+`)`, args...)
	if err != nil {
		return err
	}
	type who struct{ email, mail string }
	found := map[string]who{}
	for rows.Next() {
		var id string
		var w who
		if err := rows.Scan(&id, &w.email, &w.mail); err != nil {
			rows.Close()
			return err
		}
		found[id] = w
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	urgent := int64(0)
	if n.urgent {
		urgent = 1
	}
	var notes, mails []any
	for _, id := range ids {
		w, ok := found[id]
		if !ok {
			continue // a person the org tables no longer hold
		}
		nid := newSeqID("n_")
		digest := "-"
		mailNow := w.email != "" && (n.urgent || w.mail == "" || w.mail == MailEvery)
		if !mailNow && w.mail == MailDigest && w.email != "" {
			digest = ""
		}
		notes = append(notes, nid, id, n.proposal, n.kind, n.at, urgent, n.due, n.link, digest)
		if mailNow {
			mails = append(mails, newSeqID("m_"), id, nid, n.proposal, n.kind, w.email, n.due, n.link, urgent, n.spell, n.at, n.at)
		}
	}
	if err := insertRows(ctx, tx, `INSERT INTO notifications (id, person_id, proposal_id, kind, at, urgent, due_date, link, digest) VALUES `, 9, notes); err != nil {
		return err
	}
	return insertRows(ctx, tx, `INSERT INTO outbox (id, person_id, notification_id, proposal_id, kind, to_addr, due_date, link, urgent, spell, created_at, next_at) VALUES `, 12, mails)
}

// insertRows inserts len(vals)/width rows in one statement.
func insertRows(ctx context.Context, tx *sql.Tx, head string, width int, vals []any) error {
	if len(vals) == 0 {
		return nil
	}
	var b strings.Builder
	b.WriteString(head)
	for r := 0; r < len(vals)/width; r++ {
		if r > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('(')
		for c := 0; c < width; c++ {
			if c > 0 {
				b.WriteString(", ")
			}
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(r*width + c + 1))
		}
		b.WriteByte(')')
	}
	_, err := tx.ExecContext(ctx, b.String(), vals...)
	return err
}
