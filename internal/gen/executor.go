package gen

import (
	"context"
	"damlam/internal/casework"
	"fmt"
	"math/rand/v2"
	"time"

	"damlam/internal/org"
	"damlam/internal/sqlstore"
	"damlam/internal/workflow"
)

// executor takes planned steps through the service.
type executor struct {
	store  *sqlstore.Store
	st     *sqlstore.Store // the same store, reading the executor's clock
	clock  *clock
	people map[string]*org.Person
	// ids numbers proposals per year exactly as the store does, so that a
	// resumed run knows the ids of cases drafted before the interruption.
	ids  map[int]int
	seed uint64
}

// predict advances the case numbering over a step without running it.
func (e *executor) predict(c *casePlan, s *step) {
	switch s.act {
	case "":
		y := yearOf(s.at)
		e.ids[y]++
		c.id = fmt.Sprintf("DX-%d-%06d", y, e.ids[y])
	case workflow.Replicate:
		e.ids[yearOf(s.at)] += len(c.targets)
	}
}

// run takes one step inside batch b.
func (e *executor) run(ctx context.Context, b *sqlstore.Batch, c *casePlan, s *step) error {
	e.clock.Set(time.Unix(s.at, 0))
	who, err := e.person(ctx, s.who)
	if err != nil {
		return err
	}
	e.predict(c, s)
	if s.act == "" {
		rng := rand.New(rand.NewPCG(uint64(c.no), e.seed^0x636f6e))
		content := contentFor(rng, c.unit, c.field, c.theme, c.budget)
		content.Pilot = c.requested(s.at)
		id, err := casework.CreateIn(b, who, c.unit.ID, content)
		if err != nil {
			return err
		}
		if id != c.id {
			return fmt.Errorf("the store numbered the case %s, the generator expected %s: was the database changed between runs?", id, c.id)
		}
		return nil
	}
	if _, err = casework.DoIn(b, who, c.id, s.act, c.inputFor(*s)); err != nil {
		return err
	}
	if s == &c.steps[len(c.steps)-1] {
		// The case's last step: the loader need not keep it.
		b.Forget(c.id)
	}
	return nil
}

// person loads an actor once: their seats, grants and pseudonym.
func (e *executor) person(ctx context.Context, id string) (*org.Person, error) {
	if p, ok := e.people[id]; ok {
		return p, nil
	}
	p, err := e.store.Person(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("person %s: %w", id, err)
	}
	e.people[id] = p
	return p, nil
}
