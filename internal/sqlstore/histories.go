package sqlstore

import (
	"context"
	"encoding/json"
	"sync"

	"damlam/internal/i18n"
	"damlam/internal/workflow"
)

// The answer to every action carries the case's whole history, read again
// each time: over a province, 150 us of the 1.3 ms of CPU a decision cost,
// growing with the case. Events are never changed once written, nor are
// the names of the people who acted, so the history read for a case is
// kept and only the events after it are read next time. A kept history
// longer than the case's last_seq (a database restored behind this
// process) is read again whole.

// maxHistories bounds the cases whose history is kept (a few dozen events
// each).
const maxHistories = 4096

type historyCache struct {
	mu sync.Mutex
	m  map[string][]EventView
}

// caseHistory returns the history of case id, whose last event is seq
// last. The slice is shared: callers must not change its elements.
func (s *Store) caseHistory(ctx context.Context, id string, last int) ([]EventView, error) {
	h := s.histories
	h.mu.Lock()
	kept := h.m[id]
	h.mu.Unlock()
	if len(kept) > last || (len(kept) > 0 && kept[len(kept)-1].Seq != len(kept)) {
		kept = nil
	}
	if len(kept) == last && last > 0 {
		return kept[:last:last], nil
	}
	more, err := s.historyAfter(ctx, id, len(kept))
	if err != nil {
		return nil, err
	}
	// Capped, kept is copied by the append rather than written past its
	// length under another reader.
	out := append(kept[:len(kept):len(kept)], more...)
	for i, ev := range out {
		if ev.Seq != i+1 {
			// Not the contiguous run from 1 that actions write: keep
			// nothing for this case.
			return out, nil
		}
	}
	h.mu.Lock()
	if h.m == nil || len(h.m) >= maxHistories {
		h.m = map[string][]EventView{}
	}
	if len(out) > len(h.m[id]) {
		h.m[id] = out
	}
	h.mu.Unlock()
	return out[:len(out):len(out)], nil
}

// historyAfter reads the events of case id after seq from.
func (s *Store) historyAfter(ctx context.Context, id string, from int) ([]EventView, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT e.seq, e.type, e.action, e.actor_id, COALESCE(p.name, ''), e.at, e.state_before, e.state_after, e.payload, e.log_index
		FROM events e LEFT JOIN people p ON p.id = e.actor_id WHERE e.proposal_id = $1 AND e.seq > $2 ORDER BY e.seq`, id, from)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []EventView{}
	for rows.Next() {
		var ev EventView
		var at, before, after, payload, action string
		if err := rows.Scan(&ev.Seq, &ev.Type, &action, &ev.Actor.ID, &ev.Actor.Name, &at, &before, &after, &payload, &ev.LogIndex); err != nil {
			return nil, err
		}
		ev.Action = workflow.Action(action)
		ev.Label = i18n.T("event." + ev.Type)
		if !i18n.Has("event." + ev.Type) {
			ev.Label = ev.Action.Label()
		}
		ev.At = parseTime(at)
		ev.StateBefore, ev.StateAfter = workflow.State(before), workflow.State(after)
		ev.Payload = json.RawMessage(payload)
		out = append(out, ev)
	}
	return out, rows.Err()
}

// personName is the name of person id, from the names kept for lists.
func (s *Store) personName(ctx context.Context, id string) (string, error) {
	c := s.people
	c.mu.RLock()
	name, ok := c.people[id]
	c.mu.RUnlock()
	if ok {
		return name, nil
	}
	found, err := s.personNames(ctx, []string{id})
	return found[id], err
}
