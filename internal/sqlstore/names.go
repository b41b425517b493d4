package sqlstore

import (
	"context"
	"strings"
	"sync"
)

// Every list of proposals shows each row's unit and proposer by name. Read
// by joining units and people, that was two more index and table lookups a
// row, most of a list page's database time after the proposals themselves.
// Neither name ever changes (units and people are created, never renamed),
// so rows carry the ids and names come from what is kept here: the units
// from the ordered tree the filters already keep (units_cache.go), people
// from a map filled on first sight.

// nameCache holds the names of the people seen in lists (Store.people).
type nameCache struct {
	mu     sync.RWMutex
	people map[string]string
}

// maxNames bounds the people kept; the country has about 30,000 seated.
const maxNames = 200_000

// fillNames replaces each summary's proposer id by the proposer's name and
// fills in its unit's name.
func (s *Store) fillNames(ctx context.Context, items []ProposalSummary) error {
	if len(items) == 0 {
		return nil
	}
	units, err := s.unitNamesByID(ctx)
	if err != nil {
		return err
	}
	c := s.people
	var missing []string
	c.mu.RLock()
	for i := range items {
		it := &items[i]
		it.UnitName = units[it.UnitID]
		if name, ok := c.people[it.Proposer]; ok {
			it.Proposer = name
		} else {
			missing = append(missing, it.Proposer)
		}
	}
	c.mu.RUnlock()
	if len(missing) == 0 {
		return s.unknownUnits(ctx, items)
	}
	found, err := s.personNames(ctx, missing)
	if err != nil {
		return err
	}
	for i := range items {
		if name, ok := found[items[i].Proposer]; ok {
			items[i].Proposer = name
		}
	}
	return s.unknownUnits(ctx, items)
}

// personNames reads the names of ids and keeps them.
func (s *Store) personNames(ctx context.Context, ids []string) (map[string]string, error) {
	var args sqlArgs
	ph := make([]string, 0, len(ids))
	seen := map[string]bool{}
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			ph = append(ph, args.add(id))
		}
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, name FROM people WHERE id IN (`+strings.Join(ph, ",")+`)`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	found := map[string]string{}
	for rows.Next() {
		var id, name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, err
		}
		found[id] = name
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	c := s.people
	c.mu.Lock()
	if c.people == nil || len(c.people)+len(found) > maxNames {
		c.people = make(map[string]string, len(found))
	}
	for id, name := range found {
		c.people[id] = name
	}
	c.mu.Unlock()
	return found, nil
}

// unknownUnits names the units the kept tree does not hold yet: created by
// another instance within the tree's lifetime (unitsTTL).
func (s *Store) unknownUnits(ctx context.Context, items []ProposalSummary) error {
	for i := range items {
		it := &items[i]
		if it.UnitName != "" {
			continue
		}
		u, err := s.Unit(ctx, it.UnitID)
		if err != nil {
			return err
		}
		it.UnitName = u.Name
	}
	return nil
}

// PersonNames gives the names of the people ids names (those it knows):
// forms that offer people by name read them here.
func (s *Store) PersonNames(ctx context.Context, ids []string) (map[string]string, error) {
	return s.personNames(ctx, ids)
}
