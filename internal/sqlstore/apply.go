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

// apply carries out the part of an action that depends on the action: it
// checks the action's own rules against the record and says what to write.
func (s *Store) apply(ctx context.Context, tx *sql.Tx, actor *org.Person, c *caseRow, t workflow.Transition, in workflow.Input) (*applied, error) {
	ap := &applied{payload: eventPayload{Input: in}}
	now := s.now()
	switch t.Action {
	case workflow.Submit:
		return ap, s.applySubmit(ctx, tx, actor, c, ap)

	case workflow.Convene:
		c.VoteRound++
		members, err := s.members(ctx, tx, c)
		if err != nil {
			return nil, err
		}
		ap.payload.Details = map[string]any{"round": c.VoteRound, "members": members}

	case workflow.CastVote:
		v := in.(*workflow.VoteInput)
		if _, err := tx.ExecContext(ctx, `INSERT INTO votes (proposal_id, round, person_id, ballot, comment, at) VALUES ($1, $2, $3, $4, $5, $6)
			ON CONFLICT (proposal_id, round, person_id) DO UPDATE SET ballot = excluded.ballot, comment = excluded.comment, at = excluded.at`,
			c.ID, c.VoteRound, actor.ID, string(v.Ballot), v.Comment, fmtTime(now)); err != nil {
			return nil, err
		}
		ap.payload.Details = map[string]any{"round": c.VoteRound}

	case workflow.Approve, workflow.ApprovePilot, workflow.ApproveOverride:
		return ap, s.applyDecision(ctx, tx, c, t, in, ap)

	case workflow.ReportProgress:
		p := in.(*workflow.ProgressInput)
		s.checkScoped(c, &p.ScopedAction, ap)

	case workflow.ResolveObstacle:
		r := in.(*workflow.ResolveObstacleInput)
		raw, err := eventPayloadOf(ctx, tx, c.ID, r.Obstacle, "pilot.obstacle_raised")
		if err != nil {
			return nil, err
		}
		if raw == nil {
			return nil, invalidField("obstacle", "field.unknown_event", r.Obstacle)
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
		if raw == nil || json.Unmarshal(raw, &insp) != nil || r.Violation > len(insp.Input.Violations) {
			return nil, invalidField("inspection", "field.unknown_event", r.Inspection)
		}

	case workflow.Adjust:
		adj := in.(*workflow.AdjustInput)
		scope := adj.Scope
		c.Scope = &scope
		ap.payload.Scope = &scope
		ap.approvesScope = true

	case workflow.ReportCompletion:
		c.ReportedAt = now

	case workflow.Evaluate:
		ev := in.(*workflow.EvaluationInput)
		body, err := json.Marshal(ev)
		if err != nil {
			return nil, err
		}
		c.Evaluation = string(body)
		c.Result = ev.Result

	case workflow.DetermineProtection:
		var ev workflow.EvaluationInput
		if err := json.Unmarshal([]byte(c.Evaluation), &ev); err != nil {
			return nil, problem.New(problem.Conflict, "no_evaluation")
		}
		facts := workflow.ProtectionFacts{
			WentThroughProcedure: c.ScopeIndex >= 0,
			OutsideScopeActions:  c.OutsideScope,
			WithinCompetence:     ev.WithinCompetence,
			NoContravention:      ev.NoContravention,
			Result:               ev.Result,
			FollowedPlan:         ev.FollowedPlan,
			HonestMotive:         ev.HonestMotive,
			CommonGood:           ev.CommonGood,
			SelfInterest:         ev.SelfInterest,
			Damage:               ev.Damage,
		}
		d := workflow.Determine(facts)
		c.Outcome = d.Outcome
		ap.payload.Details = map[string]any{"facts": facts, "determination": d}

	case workflow.Replicate:
		return ap, s.applyReplicate(ctx, tx, actor, c, in.(*workflow.ReplicateInput), ap)
	}
	return ap, nil
}

func (s *Store) applySubmit(ctx context.Context, tx *sql.Tx, actor *org.Person, c *caseRow, ap *applied) error {
	if err := c.fullContent(); err != nil {
		return err
	}
	if err := c.Content.ValidateForSubmission(); err != nil {
		return err
	}
	// A head cannot decide on their own proposal: it goes to the head of
	// the superior agency (Decree 73, Art. 7).
	decider, deciderPath := c.UnitID, c.UnitPath
	routed := false
	if actor.HeadOf(c.UnitID) {
		var parent sql.NullString
		if err := tx.QueryRowContext(ctx, `SELECT parent_id FROM units WHERE id = $1`, c.UnitID).Scan(&parent); err != nil {
			return err
		}
		if !parent.Valid {
			return problem.New(problem.Conflict, "no_superior")
		}
		p, err := unitPath(ctx, tx, parent.String)
		if err != nil {
			return err
		}
		decider, deciderPath, routed = parent.String, p, true
	}
	c.DeciderID, c.DeciderPath = decider, deciderPath
	c.SubmittedAt = s.now()
	c.Version++
	body, err := json.Marshal(c.Content)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO proposal_versions (proposal_id, version, content, created_at, created_by) VALUES ($1, $2, $3, $4, $5)`,
		c.ID, c.Version, string(body), fmtTime(s.now()), actor.ID); err != nil {
		return err
	}
	docs, err := attachmentDigests(ctx, tx, c.ID)
	if err != nil {
		return err
	}
	ap.payload.Docs = docs
	ap.payload.Details = map[string]any{"version": c.Version, "decider_unit_id": decider, "routed_to_superior": routed,
		"content_sha256": sha256Hex(body)}
	return nil
}

func (s *Store) applyDecision(ctx context.Context, tx *sql.Tx, c *caseRow, t workflow.Transition, in workflow.Input, ap *applied) error {
	m, err := s.minutes(ctx, tx, c)
	if err != nil {
		return err
	}
	var scope *proof.Scope
	switch v := in.(type) {
	case *workflow.ApproveInput:
		if !m.Passed {
			return problem.New(problem.Conflict, "vote_not_passed")
		}
		scope = v.Scope
	case *workflow.ApprovePilotInput:
		if !m.Passed {
			return problem.New(problem.Conflict, "vote_not_passed")
		}
		scope = v.Scope
	case *workflow.OverrideInput:
		if m.Passed {
			return problem.New(problem.Conflict, "vote_passed")
		}
		scope = v.Scope
	}
	if scope == nil {
		if err := c.fullContent(); err != nil {
			return err
		}
		scope = c.Content.Pilot
	}
	if scope == nil {
		return invalidField("scope", "scope_required")
	}
	c.Scope = scope
	c.DecidedAt = fmtTime(s.now())
	ap.decided = true
	ap.payload.Scope = scope
	ap.payload.Details = map[string]any{"minutes": m, "pilot": t.Action == workflow.ApprovePilot || isPilotOverride(in)}
	ap.approvesScope = true
	return nil
}

func isPilotOverride(in workflow.Input) bool {
	o, ok := in.(*workflow.OverrideInput)
	return ok && o.Pilot
}

// checkScoped checks an action's coordinates against the approved scope.
// An action outside is still recorded, flagged, and counted: the flag is
// what later decides protection.
func (s *Store) checkScoped(c *caseRow, act *workflow.ScopedAction, ap *applied) {
	under := c.ScopeIndex
	ap.payload.ScopeUnder = &under
	a := *act
	ap.payload.Act = &a
	if c.Scope != nil {
		if v := c.Scope.Check(act.Unit, act.Date, act.AmountVND, c.ScopeSpent); len(v) > 0 {
			ap.payload.Outside = v
			c.OutsideScope++
		}
	}
	c.ScopeSpent += act.AmountVND
}

func (s *Store) applyReplicate(ctx context.Context, tx *sql.Tx, actor *org.Person, c *caseRow, in *workflow.ReplicateInput, ap *applied) error {
	if c.Result != workflow.Completed && c.Result != workflow.PartlyCompleted {
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
		id, err := s.nextProposalID(ctx, tx)
		if err != nil {
			return err
		}
		if err := s.insertProposal(ctx, tx, id, tg.unit, tg.path, tg.head, content, c.ID); err != nil {
			return err
		}
		// The new case's record starts with where it came from.
		nc, err := s.loadCase(ctx, tx, id, true)
		if err != nil {
			return err
		}
		row := workflow.Transition{From: workflow.Draft, Action: workflow.Replicate, To: workflow.Draft, Event: "proposal.adopted_from"}
		if _, err := s.record(ctx, tx, nc, actor, row, &applied{payload: eventPayload{Details: map[string]any{"source_id": c.ID, "source_unit_id": c.UnitID}}}); err != nil {
			return err
		}
		ap.created = append(ap.created, id)
	}
	ap.payload.Details = map[string]any{"created": ap.created, "units": strings.Join(in.Units, ",")}
	return nil
}
