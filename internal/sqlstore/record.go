package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"

	"damlam/internal/workflow"
)

// The proposals row is the projection of a case's record: the fold of its
// events (workflow.Apply). An action turns the row into the record the
// fold starts from, and writes back what the fold gave; the audit replays
// the events and compares the row column by column.

// record is the fold's view of the row. What the row does not keep (the
// round's collective and ballots, the obstacles and inspections) is
// loaded by loadFacts, for the steps that read it.
func (c *caseRow) record() workflow.Record {
	r := workflow.Record{
		ID: c.ID, UnitID: c.UnitID, ProposerID: c.ProposerID, DeciderID: c.DeciderID, SourceID: c.SourceID,
		State: c.State, Version: c.Version,
		SubmittedAt: c.SubmittedAt, EnteredAt: c.EnteredAt, ReportedAt: c.ReportedAt,
		DecidedAt: parseTime(c.DecidedAt), EscalatedFor: parseTime(c.EscalatedFor),
		VoteRound: c.VoteRound,
		Scope:     c.Scope, ScopeIndex: c.ScopeIndex, ScopeSpent: c.ScopeSpent, OutsideScope: c.OutsideScope,
		Result: c.Result, Outcome: c.Outcome, Rules: c.Rules,
		LastSeq: c.LastSeq, LastIndex: -1,
	}
	if c.lastKnown {
		r.LastIndex = c.lastIndex
	}
	return r
}

// take writes what the fold decided back into the row, index being the
// step's leaf.
func (c *caseRow) take(r workflow.Record, ch workflow.Change, index int64) error {
	c.State, c.Version = r.State, r.Version
	if r.DeciderID != "" { // a draft is decided where it was written
		c.DeciderID = r.DeciderID
	}
	c.SubmittedAt, c.EnteredAt, c.ReportedAt = r.SubmittedAt, r.EnteredAt, r.ReportedAt
	if !r.DecidedAt.IsZero() {
		c.DecidedAt = fmtTime(r.DecidedAt)
	}
	c.VoteRound = r.VoteRound
	c.Scope, c.ScopeIndex, c.ScopeSpent, c.OutsideScope = r.Scope, r.ScopeIndex, r.ScopeSpent, r.OutsideScope
	if c.ScopeIndex == workflow.PendingIndex {
		c.ScopeIndex = index
	}
	if ch.Evaluation {
		body, err := json.Marshal(r.Evaluation)
		if err != nil {
			return err
		}
		c.Evaluation = string(body)
	}
	c.Result, c.Outcome = r.Result, r.Outcome
	if ch.Rules {
		c.Rules, c.rules = r.Rules, string(r.Rules.Canonical())
	}
	if ch.Escalated {
		c.EscalatedFor = fmtTime(r.EscalatedFor)
	}
	c.LastSeq, c.lastIndex, c.lastKnown = r.LastSeq, index, true
	return nil
}

// evaluation decodes the row's stored evaluation, nil if there is none.
func (c *caseRow) evaluation() (*workflow.EvaluationInput, error) {
	if c.Evaluation == "" {
		return nil, nil
	}
	var ev workflow.EvaluationInput
	if err := json.Unmarshal([]byte(c.Evaluation), &ev); err != nil {
		return nil, fmt.Errorf("proposal %s: evaluation: %w", c.ID, err)
	}
	return &ev, nil
}

// eventOf is the fold's view of a stored event.
func eventOf(ev eventRow) (workflow.Event, error) {
	e := workflow.Event{Case: ev.ProposalID, Seq: ev.Seq, Index: ev.LogIndex, Type: ev.Type, Action: workflow.Action(ev.Action),
		Actor: ev.ActorID, At: parseTime(ev.At), From: workflow.State(ev.StateBefore), To: workflow.State(ev.StateAfter)}
	if err := json.Unmarshal([]byte(ev.Payload), &e.Payload); err != nil {
		return e, fmt.Errorf("payload: %w", err)
	}
	return e, nil
}

// collectiveOf reads the collective convened for the case's current
// round, as its convening event logged it.
func collectiveOf(ctx context.Context, q querier, c *caseRow) ([]workflow.Member, error) {
	if c.VoteRound == 0 {
		return nil, nil
	}
	var payload string
	err := q.QueryRowContext(ctx, `SELECT payload FROM events WHERE proposal_id = $1 AND type = 'proposal.convened' ORDER BY seq DESC LIMIT 1`, c.ID).Scan(&payload)
	if err != nil {
		return nil, fmt.Errorf("proposal %s: the convening of round %d: %w", c.ID, c.VoteRound, err)
	}
	var p struct {
		Details workflow.ConveneDetails `json:"details"`
	}
	if err := json.Unmarshal([]byte(payload), &p); err != nil {
		return nil, fmt.Errorf("proposal %s: the convening of round %d: %w", c.ID, c.VoteRound, err)
	}
	return p.Details.Members, nil
}
