package sqlstore

import (
	"context"
	"strings"
	"sync"
	"time"

	"damlam/internal/org"
)

// Every page with a unit filter lists the units the reader may choose,
// in tree order with Vietnamese sorting: over the country's 4,546 units
// about 5 ms a page, for a tree that changes a few times a year. The
// whole tree is kept in order for a short while; a subtree, in that order,
// is a contiguous run of it. A unit created through this process clears
// it; one created through another instance shows within unitsTTL.

const unitsTTL = 10 * time.Second

type unitsCache struct {
	mu    sync.Mutex
	all   []org.Unit
	until time.Time
}

// orderedUnits returns the whole tree in order.
func (s *Store) orderedUnits(ctx context.Context) ([]org.Unit, error) {
	c := s.units
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.all != nil && time.Now().Before(c.until) {
		return c.all, nil
	}
	all, err := s.loadUnits(ctx, "")
	if err != nil {
		return nil, err
	}
	c.all, c.until = all, time.Now().Add(unitsTTL)
	return all, nil
}

func (s *Store) forgetUnits() {
	s.units.mu.Lock()
	s.units.all = nil
	s.units.mu.Unlock()
}

// unitsUnder is the run of the ordered tree below path under.
func (s *Store) unitsUnder(ctx context.Context, under string) ([]org.Unit, error) {
	all, err := s.orderedUnits(ctx)
	if err != nil {
		return nil, err
	}
	var out []org.Unit
	for _, u := range all {
		if strings.HasPrefix(u.Path, under) {
			out = append(out, u)
		}
	}
	return out, nil
}
