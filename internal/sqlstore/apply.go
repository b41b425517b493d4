package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"

	"damlam/internal/org"
	"damlam/internal/workflow"
)

// applied is what record wrote of a step: the leaf and the history line.
type applied struct {
	leaf  []byte
	event EventView
}

// facts answers a step's questions (workflow.Need) about case c inside
// its transaction: what the database knows that the record does not.
func (s *Store) facts(ctx context.Context, tx *sql.Tx, c *caseRow, need workflow.Need) (workflow.Facts, error) {
	f := workflow.Facts{Now: stored(s.now()), Record: c.record()}
	var err error
	// A bulk loader decides from the rows it wrote itself; its leaves are
	// written when its batch ends.
	if need.Verified && loaderOf(ctx, tx) == nil {
		if f.Record, err = s.verifiedRecord(ctx, tx, c); err != nil {
			return f, err
		}
		need.Round, need.Evaluation = false, false
	}
	if need.Round {
		if err := s.loadRound(ctx, tx, c, &f.Record); err != nil {
			return f, err
		}
	}
	if need.Evaluation {
		if f.Record.Evaluation, err = c.evaluation(); err != nil {
			return f, err
		}
	}
	if need.Seated {
		if f.Seated, err = s.seated(ctx, tx, c.DeciderID); err != nil {
			return f, err
		}
	}
	if need.Superior {
		var parent sql.NullString
		if err := tx.QueryRowContext(ctx, `SELECT parent_id FROM units WHERE id = $1`, c.UnitID).Scan(&parent); err != nil {
			return f, err
		}
		f.Superior = parent.String
	}
	if need.Submission || need.Content || len(need.Targets) > 0 {
		if err := c.fullContent(); err != nil {
			return f, err
		}
		f.Content = c.Content
	}
	if need.Submission {
		if f.ContentJSON, err = json.Marshal(c.Content); err != nil {
			return f, err
		}
		if f.Files, err = attachmentFiles(ctx, tx, c.ID); err != nil {
			return f, err
		}
		if c.Rules == nil && c.Version == 0 {
			if f.Rules, err = rulesFor(ctx, tx, c.UnitID); err != nil { // rules.go
				return f, err
			}
		}
	}
	if need.Event > 0 {
		if f.Event, err = eventPayloadOf(ctx, tx, c.ID, need.Event, need.EventType); err != nil {
			return f, err
		}
	}
	if need.Corrective {
		if f.Record.Corrective, err = correctionsOf(ctx, tx, c.ID); err != nil {
			return f, err
		}
	}
	if need.Escalation {
		f.DueDate = c.DueDate
		if f.SuperiorHeads, err = s.superiorHeads(ctx, tx, c.DeciderID); err != nil {
			return f, err
		}
	}
	for _, u := range need.Units {
		path, err := unitPath(ctx, tx, u)
		if err != nil {
			return f, err
		}
		if path == "" {
			f.UnknownUnits = append(f.UnknownUnits, u)
			continue
		}
		if f.UnitPaths == nil {
			f.UnitPaths = map[string]string{}
		}
		f.UnitPaths[u] = path
	}
	for _, u := range need.Targets {
		tg := workflow.Target{Unit: u}
		path, err := unitPath(ctx, tx, u)
		if err != nil {
			return f, err
		}
		tg.Known = path != ""
		if tg.Known {
			err := tx.QueryRowContext(ctx, `SELECT person_id FROM positions WHERE unit_id = $1 AND position = 'head' ORDER BY person_id LIMIT 1`, u).Scan(&tg.Head)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return f, err
			}
		}
		if tg.Known && tg.Head != "" && u != c.UnitID {
			if tg.NewID, err = s.nextProposalID(ctx, tx); err != nil {
				return f, err
			}
		}
		f.Targets = append(f.Targets, tg)
	}
	return f, nil
}

// loadRound gives the record the current round's collective, as logged
// when it was convened, and its ballots.
func (s *Store) loadRound(ctx context.Context, tx querier, c *caseRow, rec *workflow.Record) error {
	var err error
	if a := s.keptRound(ctx, c); a != nil {
		rec.Collective, rec.Ballots = a.collective, a.ballots
		return nil
	}
	if rec.Collective, err = collectiveOf(ctx, tx, c); err != nil {
		return err
	}
	rec.Ballots, err = s.ballots(ctx, tx, c)
	return err
}

// keptRound is the case's aside if it holds the round c is in.
func (s *Store) keptRound(ctx context.Context, c *caseRow) *caseAside {
	st := asideStageOf(ctx)
	if st == nil {
		return nil
	}
	a := s.asideAt(st, c.ID, c.LastSeq)
	if a == nil || a.round != c.VoteRound || !a.collectiveKnown {
		return nil
	}
	return a
}

// writeAdoption starts the case an adoption decided: its row, then its
// first event.
func (s *Store) writeAdoption(ctx context.Context, tx *sql.Tx, actor *org.Person, ad workflow.Adoption) error {
	r := ad.Step.Next
	path, err := unitPath(ctx, tx, r.UnitID)
	if err != nil {
		return err
	}
	if err := s.insertProposal(ctx, tx, r.ID, r.UnitID, path, r.ProposerID, ad.Content, r.SourceID); err != nil {
		return err
	}
	nc, err := s.loadCase(ctx, tx, r.ID, true)
	if err != nil {
		return err
	}
	_, err = s.record(ctx, tx, nc, actor, ad.Step, &applied{})
	return err
}

// seated are the deciding unit's head and deputies as seated now.
func (s *Store) seated(ctx context.Context, q querier, unit string) ([]workflow.Member, error) {
	rows, err := q.QueryContext(ctx, `SELECT p.id, p.name, s.position FROM positions s JOIN people p ON p.id = s.person_id
		WHERE s.unit_id = $1 AND s.position IN ('head', 'deputy') ORDER BY s.position DESC, p.id`, unit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []workflow.Member
	for rows.Next() {
		var m workflow.Member
		var pos string
		if err := rows.Scan(&m.PersonID, &m.Name, &pos); err != nil {
			return nil, err
		}
		m.Head = pos == string(org.Head)
		out = append(out, m)
	}
	return out, rows.Err()
}
