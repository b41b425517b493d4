// Package casework holds the use cases of the procedure: writing a draft,
// taking a step on a case, and changing the organisation that decides. For each it checks the caller's authority, asks the store for
// the facts the step's event must carry, lets the fold (workflow.Apply)
// decide, and hands the decided step to the store, which writes it, its
// log leaf and the projection in one transaction. It knows no SQL: the
// store is the small interface below, which the SQL adapter implements.
package casework

import (
	"context"
	"encoding/json"

	"damlam/internal/i18n"
	"damlam/internal/org"
	"damlam/internal/problem"
	"damlam/internal/workflow"
)

// Store is what the use cases need of persistence.
type Store interface {
	// Act runs decide on case id inside one transaction that holds the
	// case, writes the step it returns, and returns once the transaction
	// has committed and a signed checkpoint covers it. An unknown case is
	// refused (404) before decide runs.
	Act(ctx context.Context, actor *org.Person, id string, decide workflow.Decide) (workflow.Committed, error)
	// Peek reads case id as stored, without taking any step.
	Peek(ctx context.Context, id string) (*workflow.Proposal, error)
	// Overdue lists the cases whose due date has passed (a superset: each
	// is checked again under its lock) and the store's today (yyyy-mm-dd,
	// Vietnamese time).
	Overdue(ctx context.Context) (today string, ids []string, err error)
	// OverdueCorrections lists the open violations past their corrective
	// deadline and not yet sent up (a superset, checked again under the
	// case's lock), and the store's today.
	OverdueCorrections(ctx context.Context) (today string, due []workflow.CaseViolation, err error)
	// Start starts a case from the model sourceID as decide decides, in
	// one transaction, and returns its id once a checkpoint covers it.
	Start(ctx context.Context, actor *org.Person, sourceID string, decide workflow.DecideAdoption) (string, error)
	Drafts
	Organisation
	Publishing
	Rules
	Instruments
}

// Service takes steps on cases.
type Service struct {
	store Store
	// quota bounds attachments (attach.go).
	quota    workflow.Quota
	quotaSet bool
}

// New builds the use cases over a store.
func New(store Store) *Service { return &Service{store: store} }

// Result is what a step answers: the event it recorded, the receipt that
// proves the event is in the log, and where that leaves the case — its
// state, due date and the steps the caller may take next. It does not
// carry the case itself: an answer that grows with the case's history
// makes every decision on a long case slower than the last, and the case
// is one read away (GET /api/v1/proposals/{id}).
type Result struct {
	ID    string        `json:"id"`
	Event workflow.Line `json:"event"`
	// Receipt is the C2SP tlog-proof: index, inclusion proof, signed checkpoint.
	Receipt    string         `json:"receipt"`
	State      workflow.State `json:"state,omitempty"`
	StateLabel *i18n.Message  `json:"state_label,omitempty"`
	// DueDate (yyyy-mm-dd) is when the case's next step is due, if it waits.
	DueDate        string               `json:"due_date,omitempty"`
	AllowedActions []workflow.ActionRef `json:"allowed_actions"`
	// Created lists the cases the step started (replication).
	Created []string `json:"created,omitempty"`
}

// Do takes action a on case id for actor. Refusals come in a fixed order:
// the case is unknown (404), the caller may not take the action (403), the
// case is not in a state for it (409), the input is wrong (422), the
// record refuses the step (409 or 422, as the rule says).
func (s *Service) Do(ctx context.Context, actor *org.Person, id string, a workflow.Action, in workflow.Input) (*Result, error) {
	decide, err := Decide(actor, a, in)
	if err != nil {
		return nil, err
	}
	var created []string
	done, err := s.store.Act(ctx, actor, id, func(p *workflow.Proposal, r workflow.Record, ask func(workflow.Need) (workflow.Facts, error)) (workflow.Step, error) {
		st, err := decide(p, r, ask)
		created = created[:0]
		for _, ad := range st.Adopted {
			created = append(created, ad.Step.Next.ID)
		}
		return st, err
	})
	if err != nil {
		return nil, err
	}
	res := &Result{ID: id, Event: done.Event, Receipt: string(done.Receipt), Created: created, AllowedActions: []workflow.ActionRef{}}
	// Someone who may no longer see the case after their step is told
	// only what they did.
	if workflow.CanRead(actor, &done.Proposal) {
		label := done.Proposal.State.Label()
		res.State, res.StateLabel, res.DueDate = done.Proposal.State, &label, done.DueDate
		res.AllowedActions = workflow.AllowedRefs(actor, &done.Proposal)
	}
	return res, nil
}

// May says whether actor may take action a on case id now, with the same
// refusal Do would give (unknown case, 403, 409), without writing anything.
// Pages ask it before showing a form's own field errors, so that someone
// who may not act learns that first, as with the API.
func (s *Service) May(ctx context.Context, actor *org.Person, id string, a workflow.Action) error {
	p, err := s.store.Peek(ctx, id)
	if err != nil {
		return err
	}
	return workflow.Authorize(actor, p, a)
}

// Decide is the step of action a by actor, with input in, for a store to
// run on a case: the use case itself, for callers that drive the store's
// transactions (bulk loads run many in one).
func Decide(actor *org.Person, a workflow.Action, in workflow.Input) (workflow.Decide, error) {
	if !workflow.Personal(a) {
		return nil, problem.New(problem.NotFound, "unknown_action", string(a))
	}
	if in == nil {
		in = workflow.NewInput(a)
	}
	var fields problem.Fields
	in.Validate(&fields)
	return func(p *workflow.Proposal, r workflow.Record, ask func(workflow.Need) (workflow.Facts, error)) (workflow.Step, error) {
		if err := workflow.Authorize(actor, p, a); err != nil {
			return workflow.Step{}, err
		}
		if err := fields.Err(); err != nil {
			return workflow.Step{}, err
		}
		t, _ := workflow.Find(p.State, a)
		d, err := compose(actor, p, r, t, in, ask)
		if err != nil {
			return workflow.Step{}, err
		}
		return d.decide(actor, p, t)
	}, nil
}

// rawJSON is v as an event's payload keeps it; nil stays absent.
func rawJSON(v any) (json.RawMessage, error) {
	if v == nil {
		return nil, nil
	}
	return json.Marshal(v)
}

// Batch is a store's transaction that takes many steps, all written or
// none (a bulk load).
type Batch interface {
	Act(actor *org.Person, id string, decide workflow.Decide) (int64, error)
}

// DoIn takes action a on case id for actor inside b, and returns the log
// index of its event.
func DoIn(b Batch, actor *org.Person, id string, a workflow.Action, in workflow.Input) (int64, error) {
	decide, err := Decide(actor, a, in)
	if err != nil {
		return 0, err
	}
	return b.Act(actor, id, decide)
}
