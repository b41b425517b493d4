package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"

	"damlam/internal/org"
	"damlam/internal/problem"
	"damlam/internal/proof"
	"damlam/internal/workflow"
)

// applied is what an action will log, gathered before the fold decides it.
type applied struct {
	// input and details are logged as the payload's input and details;
	// payload holds the keys the leaf also carries.
	input   any
	details any
	payload workflow.Payload
	// content is a submitted version's JSON, created the cases a
	// replication started.
	content []byte
	created []string
	// Set by record: the leaf, the history line, what the fold changed.
	leaf   []byte
	event  EventView
	change workflow.Change
}

// gather collects, for action t on case c, the facts its event must
// carry: what the database knows that the record does not (the seats at
// convening, the unit above for routing, the referenced events) and what
// the rules compute from the record (the tally, the scope check, the
// protection facts), so that the logged event decides the step by itself.
// It decides nothing: workflow.Apply does, in record.
func (s *Store) gather(ctx context.Context, tx *sql.Tx, actor *org.Person, c *caseRow, rec *workflow.Record, t workflow.Transition, in workflow.Input) (*applied, error) {
	ap := &applied{input: in}
	switch t.Action {
	case workflow.Submit:
		return ap, s.gatherSubmit(ctx, tx, actor, c, ap)

	case workflow.Convene:
		seated, err := s.seated(ctx, tx, c.DeciderID)
		if err != nil {
			return nil, err
		}
		ap.details = workflow.ConveneDetails{Members: workflow.Convened(seated, c.ProposerID), Round: rec.VoteRound + 1}

	case workflow.CastVote:
		if err := s.loadRound(ctx, tx, c, rec); err != nil {
			return nil, err
		}
		ap.details = workflow.VoteDetails{Round: rec.VoteRound}

	case workflow.Approve, workflow.ApprovePilot, workflow.ApproveOverride:
		if err := s.loadRound(ctx, tx, c, rec); err != nil {
			return nil, err
		}
		return ap, s.gatherDecision(c, rec, t, in, ap)

	case workflow.ReportProgress:
		act := in.(*workflow.ProgressInput).ScopedAction
		under := rec.ScopeIndex
		ap.payload.ScopeUnder, ap.payload.Act = &under, &act
		ap.payload.Outside = rec.CheckScoped(act)

	case workflow.ResolveObstacle:
		r := in.(*workflow.ResolveObstacleInput)
		raw, err := eventPayloadOf(ctx, tx, c.ID, r.Obstacle, "pilot.obstacle_raised")
		if err != nil {
			return nil, err
		}
		if raw != nil {
			rec.Obstacles = map[int]bool{r.Obstacle: true}
		}

	case workflow.CorrectViolation:
		r := in.(*workflow.CorrectionInput)
		raw, err := eventPayloadOf(ctx, tx, c.ID, r.Inspection, "pilot.inspected")
		if err != nil {
			return nil, err
		}
		var insp struct {
			Input workflow.InspectInput `json:"input"`
		}
		if raw != nil && json.Unmarshal(raw, &insp) == nil {
			rec.Violations = map[int]int{r.Inspection: len(insp.Input.Violations)}
		}

	case workflow.Adjust:
		scope := in.(*workflow.AdjustInput).Scope
		ap.payload.Scope = &scope

	case workflow.DetermineProtection:
		ev, err := c.evaluation()
		if err != nil {
			return nil, err
		}
		rec.Evaluation = ev
		facts, err := rec.ProtectionFacts()
		if err != nil {
			return nil, err
		}
		ap.details = workflow.ProtectionDetails{Facts: facts, Determination: workflow.Determine(facts)}

	case workflow.Replicate:
		return ap, s.gatherReplicate(ctx, tx, actor, c, rec, in.(*workflow.ReplicateInput), ap)
	}
	return ap, nil
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

func (s *Store) gatherSubmit(ctx context.Context, tx *sql.Tx, actor *org.Person, c *caseRow, ap *applied) error {
	if err := c.fullContent(); err != nil {
		return err
	}
	if err := c.Content.ValidateForSubmission(); err != nil {
		return err
	}
	d := workflow.SubmitDetails{UnitID: c.UnitID, ProposerHead: actor.HeadOf(c.UnitID), Version: c.Version + 1}
	deciderPath := c.UnitPath
	if d.ProposerHead {
		var parent sql.NullString
		if err := tx.QueryRowContext(ctx, `SELECT parent_id FROM units WHERE id = $1`, c.UnitID).Scan(&parent); err != nil {
			return err
		}
		if parent.Valid {
			d.SuperiorUnitID = parent.String
			p, err := unitPath(ctx, tx, parent.String)
			if err != nil {
				return err
			}
			deciderPath = p
		}
	}
	decider, err := workflow.RouteDecider(d.UnitID, d.ProposerHead, d.SuperiorUnitID)
	if err != nil {
		return err
	}
	d.DeciderUnitID, d.Routed = decider, decider != c.UnitID
	// The path goes with the decider the fold will confirm; the record
	// keeps ids, the row their place in the tree.
	c.DeciderPath = deciderPath
	body, err := json.Marshal(c.Content)
	if err != nil {
		return err
	}
	d.ContentSHA256 = sha256Hex(body)
	docs, err := attachmentDigests(ctx, tx, c.ID)
	if err != nil {
		return err
	}
	ap.content, ap.payload.Docs, ap.details = body, docs, d
	return nil
}

func (s *Store) gatherDecision(c *caseRow, rec *workflow.Record, t workflow.Transition, in workflow.Input, ap *applied) error {
	var scope *proof.Scope
	switch v := in.(type) {
	case *workflow.ApproveInput:
		scope = v.Scope
	case *workflow.ApprovePilotInput:
		scope = v.Scope
	case *workflow.OverrideInput:
		scope = v.Scope
	}
	if scope == nil {
		if err := c.fullContent(); err != nil {
			return err
		}
		scope = c.Content.Pilot
	}
	ap.payload.Scope = scope
	ap.details = workflow.DecisionDetails{Minutes: rec.Minutes(), Pilot: t.Action == workflow.ApprovePilot || isPilotOverride(in)}
	return nil
}

func isPilotOverride(in workflow.Input) bool {
	o, ok := in.(*workflow.OverrideInput)
	return ok && o.Pilot
}

func (s *Store) gatherReplicate(ctx context.Context, tx *sql.Tx, actor *org.Person, c *caseRow, rec *workflow.Record, in *workflow.ReplicateInput, ap *applied) error {
	// The gate is the fold's; asked here first so that no case is started
	// for a replication the fold would refuse.
	if !rec.GoodResult() {
		return problem.New(problem.Conflict, "replication_needs_good_result")
	}
	var f problem.Fields
	type target struct{ unit, path, head string }
	var targets []target
	for i, u := range in.Units {
		field := "units[" + itoa(i) + "]"
		path, err := unitPath(ctx, tx, u)
		if err != nil {
			return err
		}
		if path == "" {
			f.Add(field, "field.unknown_unit", u)
			continue
		}
		if u == c.UnitID {
			f.Add(field, "field.same_unit")
			continue
		}
		var head string
		err = tx.QueryRowContext(ctx, `SELECT person_id FROM positions WHERE unit_id = $1 AND position = 'head' ORDER BY person_id LIMIT 1`, u).Scan(&head)
		if err == sql.ErrNoRows {
			f.Add(field, "field.no_head", u)
			continue
		} else if err != nil {
			return err
		}
		targets = append(targets, target{u, path, head})
	}
	if err := f.Err(); err != nil {
		return err
	}
	if err := c.fullContent(); err != nil {
		return err
	}
	for _, tg := range targets {
		content := c.Content
		content.Pilot = nil
		content.Implementers = nil
		content.Tasks = nil
		id, err := s.startAdopted(ctx, tx, actor, c, tg.unit, tg.path, tg.head, content, "")
		if err != nil {
			return err
		}
		ap.created = append(ap.created, id)
	}
	ap.details = workflow.ReplicateDetails{Created: ap.created, Units: strings.Join(in.Units, ",")}
	return nil
}

// startAdopted starts a draft in unit from the model src, proposed by
// proposer, whose record starts with where it came from.
func (s *Store) startAdopted(ctx context.Context, tx *sql.Tx, actor *org.Person, src *caseRow, unit, path, proposer string, content workflow.Content, adoptedBy string) (string, error) {
	id, err := s.nextProposalID(ctx, tx)
	if err != nil {
		return "", err
	}
	if err := s.insertProposal(ctx, tx, id, unit, path, proposer, content, src.ID); err != nil {
		return "", err
	}
	nc, err := s.loadCase(ctx, tx, id, true)
	if err != nil {
		return "", err
	}
	row := workflow.Transition{From: workflow.Draft, Action: workflow.Replicate, To: workflow.Draft, Event: workflow.AdoptedEvent}
	d := workflow.AdoptedDetails{AdoptedBy: adoptedBy, ProposerID: proposer, SourceID: src.ID, SourceUnitID: src.UnitID, UnitID: unit}
	rec := nc.record()
	if _, err := s.record(ctx, tx, nc, &rec, actor, row, &applied{details: d}); err != nil {
		return "", err
	}
	return id, nil
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
