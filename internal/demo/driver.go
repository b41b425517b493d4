package demo

import (
	"context"
	"damlam/internal/casework"
	"fmt"
	"time"

	"damlam/internal/calendar"
	"damlam/internal/clock"
	"damlam/internal/org"
	"damlam/internal/proof"
	"damlam/internal/sqlstore"
	"damlam/internal/workflow"
)

// Step is one action of a scripted case: who does what, with which input.
type Step struct {
	Who    string
	Action workflow.Action
	Input  func(today calendar.Date) workflow.Input
}

// Case is a scripted proposal: where it starts, what it says, and the
// steps it goes through.
type Case struct {
	Unit     string
	Proposer string
	Content  workflow.Content
	Steps    []Step
	// StartDaysAgo places the draft in time; each step then takes a day.
	StartDaysAgo int
}

// Driver runs scripted cases through a store.
type Driver struct {
	Store *sqlstore.Store
	// Clock lays out the history: each step of a case happens a little
	// later than the one before.
	Clock  *clock.Settable
	People map[string]*org.Person
	// Now is the real "today" the cases are laid out against.
	Now time.Time
	// StepEvery is the time between two steps of a case.
	StepEvery time.Duration
}

// person loads (and caches) a demo person.
func (d *Driver) person(ctx context.Context, id string) (*org.Person, error) {
	if p, ok := d.People[id]; ok {
		return p, nil
	}
	p, err := d.Store.Person(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("person %s: %w", id, err)
	}
	d.People[id] = p
	return p, nil
}

// Run creates the case's draft and takes its steps; it returns the id.
func (d *Driver) Run(ctx context.Context, c Case) (string, error) {
	step := d.StepEvery
	if step == 0 {
		step = 24 * time.Hour
	}
	d.Clock.Set(d.Now.Add(-time.Duration(c.StartDaysAgo) * 24 * time.Hour))
	proposer, err := d.person(ctx, c.Proposer)
	if err != nil {
		return "", err
	}
	cases := casework.New(d.Store.WithClock(d.Clock.Now))
	id, err := cases.Create(ctx, proposer, c.Unit, c.Content)
	if err != nil {
		return "", fmt.Errorf("draft %q: %w", c.Content.Title, err)
	}
	for _, st := range c.Steps {
		d.Clock.Advance(step)
		who, err := d.person(ctx, st.Who)
		if err != nil {
			return id, err
		}
		var in workflow.Input
		if st.Input != nil {
			in = st.Input(calendar.DateOf(d.Clock.Now()))
		}
		if _, err := cases.Do(ctx, who, id, st.Action, in); err != nil {
			return id, fmt.Errorf("%s: %s by %s: %w", id, st.Action, st.Who, err)
		}
	}
	return id, nil
}

// Scope is a pilot's bounds starting on from, lasting days, over units.
func Scope(from calendar.Date, days int, budget int64, units ...string) *proof.Scope {
	return &proof.Scope{Units: units, Start: from.String(), End: from.AddDays(days).String(), BudgetVND: budget,
		Indicators:     []proof.Indicator{{Name: "Tỷ lệ hộ dân đồng thuận", Unit: "%", Target: 90}, {Name: "Chiều dài hoàn thành", Unit: "m", Target: 300}},
		StopConditions: []string{"Phát sinh khiếu nại đông người"},
		Stops: []proof.StopCheck{{Kind: proof.StopIndicatorBelow, Indicator: "Tỷ lệ hộ dân đồng thuận", Value: 70},
			{Kind: proof.StopSpending, AmountVND: budget}}}
}
