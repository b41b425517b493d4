package sqlstore

import (
	"context"
	"strings"
	"sync"
	"time"

	"damlam/internal/org"
)

// Every page with a unit filter lists the units the reader may choose,
// in tree order with Vietnamese sorting: over the country's units more
// than the rest of the page, for a tree that changes a few times a year. The
// whole tree is kept in order for a short while; a subtree, in that order,
// is a contiguous run of it. A unit created through this process clears
// it; one created through another instance shows within unitsTTL.

const unitsTTL = 10 * time.Second

type unitsCache struct {
	mu    sync.Mutex
	all   []org.Unit
	names map[string]string // by id, for lists (names.go)
	paths map[string]string // by id, for a list's unit filter
	until time.Time
}

// orderedUnits returns the whole tree in order.
func (s *Store) orderedUnits(ctx context.Context) ([]org.Unit, error) {
	all, _, err := s.keptUnits(ctx)
	return all, err
}

// unitNamesByID returns every unit's name by id.
func (s *Store) unitNamesByID(ctx context.Context) (map[string]string, error) {
	_, names, err := s.keptUnits(ctx)
	return names, err
}

func (s *Store) keptUnits(ctx context.Context) ([]org.Unit, map[string]string, error) {
	c := s.units
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.all != nil && time.Now().Before(c.until) {
		return c.all, c.names, nil
	}
	all, err := s.loadUnits(ctx, "")
	if err != nil {
		return nil, nil, err
	}
	names, paths := make(map[string]string, len(all)), make(map[string]string, len(all))
	for _, u := range all {
		names[u.ID], paths[u.ID] = u.Name, u.Path
	}
	c.all, c.names, c.paths, c.until = all, names, paths, time.Now().Add(unitsTTL)
	return all, names, nil
}

// keptUnitPath is unitPath for reads, from the kept tree: a unit's path
// never changes, and the query was a tenth of the list page's database
// work. A unit the kept tree does not hold yet (created by another
// instance) is looked up.
func (s *Store) keptUnitPath(ctx context.Context, id string) (string, error) {
	if _, _, err := s.keptUnits(ctx); err == nil {
		s.units.mu.Lock()
		path, ok := s.units.paths[id]
		s.units.mu.Unlock()
		if ok {
			return path, nil
		}
	}
	return unitPath(ctx, s.db, id)
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
