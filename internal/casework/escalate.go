package casework

import (
	"context"
	"encoding/json"
	"errors"

	"damlam/internal/workflow"
)

// Escalation is one overdue case sent up to the superior head.
type Escalation struct {
	ProposalID string   `json:"proposal_id"`
	State      string   `json:"state"`
	DueDate    string   `json:"due_date"`
	Notified   []string `json:"notified"`
	LogIndex   int64    `json:"log_index"`
	// Violation names the violation whose corrective deadline passed
	// uncorrected, when that is what was sent up.
	Violation *workflow.ViolationRef `json:"violation,omitempty"`
}

// errNotDue says a case listed as overdue no longer is (another instance
// escalated it, or a step was taken meanwhile): nothing is written.
var errNotDue = errors.New("not due for escalation")

// EscalateOverdue finds every case whose deadline has passed and that was
// not yet escalated for its current waiting spell, records the escalation
// in the case's log, and has the heads of the deciding unit's superior
// told. A head who sits on a proposal is the commonest way the mechanism
// fails; the superior sees it the next morning.
func (s *Service) EscalateOverdue(ctx context.Context) ([]Escalation, error) {
	today, ids, err := s.store.Overdue(ctx)
	if err != nil {
		return nil, err
	}
	out := []Escalation{}
	for _, id := range ids {
		var esc Escalation
		done, err := s.store.Act(ctx, nil, id, func(p *workflow.Proposal, r workflow.Record, ask func(workflow.Need) (workflow.Facts, error)) (workflow.Step, error) {
			t, ok := workflow.Find(p.State, workflow.Escalate)
			if !ok {
				return workflow.Step{}, errNotDue
			}
			f, err := ask(workflow.Need{Escalation: true})
			if err != nil {
				return workflow.Step{}, err
			}
			if !f.Record.EscalationDue(f.DueDate, today) {
				return workflow.Step{}, errNotDue
			}
			esc = Escalation{ProposalID: id, State: string(p.State), DueDate: f.DueDate, Notified: f.SuperiorHeads}
			details, err := json.Marshal(workflow.EscalationDetails{DueDate: f.DueDate, State: p.State, Notified: f.SuperiorHeads})
			if err != nil {
				return workflow.Step{}, err
			}
			return workflow.Take(f.Record, t, workflow.SystemActor, f.Now, workflow.Payload{Details: details})
		})
		if errors.Is(err, errNotDue) {
			continue
		}
		if err != nil {
			return out, err
		}
		esc.LogIndex = done.Event.LogIndex
		out = append(out, esc)
	}
	return s.escalateCorrections(ctx, out)
}

// escalateCorrections sends up every open violation past its corrective
// deadline, once each, as a step of its case's log: a correction nobody
// made is a waiting step like any other, and the superior head is told.
func (s *Service) escalateCorrections(ctx context.Context, out []Escalation) ([]Escalation, error) {
	today, due, err := s.store.OverdueCorrections(ctx)
	if err != nil {
		return out, err
	}
	for _, cv := range due {
		var esc Escalation
		done, err := s.store.Act(ctx, nil, cv.ProposalID, func(p *workflow.Proposal, r workflow.Record, ask func(workflow.Need) (workflow.Facts, error)) (workflow.Step, error) {
			t, ok := workflow.Find(p.State, workflow.EscalateCorrection)
			if !ok {
				return workflow.Step{}, errNotDue
			}
			f, err := ask(workflow.Need{Escalation: true, Corrective: true})
			if err != nil {
				return workflow.Step{}, err
			}
			c, ok := f.Record.Corrective[cv.Violation]
			if !ok || !c.CorrectionOverdue(today) {
				return workflow.Step{}, errNotDue
			}
			ref := cv.Violation
			esc = Escalation{ProposalID: cv.ProposalID, State: string(p.State), DueDate: c.Deadline, Notified: f.SuperiorHeads, Violation: &ref}
			details, err := json.Marshal(workflow.CorrectionEscalationDetails{DueDate: c.Deadline, Notified: f.SuperiorHeads, Violation: ref})
			if err != nil {
				return workflow.Step{}, err
			}
			return workflow.Take(f.Record, t, workflow.SystemActor, f.Now, workflow.Payload{Details: details})
		})
		if errors.Is(err, errNotDue) {
			continue
		}
		if err != nil {
			return out, err
		}
		esc.LogIndex = done.Event.LogIndex
		out = append(out, esc)
	}
	return out, nil
}
