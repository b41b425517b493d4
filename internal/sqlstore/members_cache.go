package sqlstore

import (
	"context"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"damlam/internal/workflow"
)

// The view of a case in the collective's review shows the minutes: the
// deciding unit's head and deputies and their ballots. Reading the members
// was the largest single query of the answer to a vote (about 70 us over
// a province), for posts that change a few times a year. The views keep
// them per unit for unitsTTL, like the units' tree: a post changed through
// this process is seen at once (orgChanged), one changed through another
// instance within unitsTTL. Decisions never use what is kept here: an
// approval tallies the members read in its own transaction.

type membersCache struct {
	mu sync.Mutex
	m  map[string]keptMembers
	// gen moves after every change of posts through this process.
	gen atomic.Uint64
}

type keptMembers struct {
	members []workflow.Member // Recused unset
	gen     uint64
	until   time.Time
}

// orgChanged drops the kept members; call it once the change committed.
func (s *Store) orgChanged() {
	c := s.membersKept
	c.gen.Add(1)
	c.mu.Lock()
	c.m = nil
	c.mu.Unlock()
}

// viewMembers is the collective of c's deciding unit, for a view.
func (s *Store) viewMembers(ctx context.Context, c *caseRow) ([]workflow.Member, error) {
	k := s.membersKept
	gen := k.gen.Load()
	k.mu.Lock()
	e, ok := k.m[c.DeciderID]
	k.mu.Unlock()
	if !ok || e.gen != gen || time.Now().After(e.until) {
		// Read with the generation taken before the read: a change that
		// commits meanwhile moves it, and what is read is not kept long.
		all, err := s.members(ctx, s.db, &caseRow{Proposal: workflow.Proposal{DeciderID: c.DeciderID}})
		if err != nil {
			return nil, err
		}
		e = keptMembers{members: all, gen: gen, until: time.Now().Add(unitsTTL)}
		k.mu.Lock()
		if k.m == nil || len(k.m) >= maxKept {
			k.m = map[string]keptMembers{}
		}
		k.m[c.DeciderID] = e
		k.mu.Unlock()
	}
	out := slices.Clone(e.members)
	for i := range out {
		out[i].Recused = out[i].PersonID == c.ProposerID
	}
	return out, nil
}
