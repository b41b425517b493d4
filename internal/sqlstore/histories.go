package sqlstore

import (
	"context"
	"encoding/json"
	"sync"

	"damlam/internal/i18n"
	"damlam/internal/workflow"
)

// A case's page carries its whole history, read again each time. Events are never changed once written, nor are
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
	h.keep(id, out)
	return out[:len(out):len(out)], nil
}

// keep remembers out as the history of case id if it is the contiguous
// run of events from 1 that actions write (anything else: nothing is kept
// for the case) and longer than the one kept.
func (h *historyCache) keep(id string, out []EventView) {
	for i, ev := range out {
		if ev.Seq != i+1 {
			return
		}
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.m == nil || len(h.m) >= maxHistories {
		h.m = map[string][]EventView{}
	}
	if len(out) > len(h.m[id]) {
		h.m[id] = out
	}
}

// historyAfter reads the events of case id after seq from.
func (s *Store) historyAfter(ctx context.Context, id string, from int) ([]EventView, error) {
	return s.historyBetween(ctx, id, from, -1)
}

// historyBetween reads the events of case id after seq from, up to seq to
// (to < 0: to the last).
func (s *Store) historyBetween(ctx context.Context, id string, from, to int) ([]EventView, error) {
	if to >= 0 && to <= from {
		return nil, nil
	}
	query := `SELECT e.seq, e.type, e.action, e.actor_id, COALESCE(p.name, ''), e.at, e.state_before, e.state_after, e.payload, e.log_index
		FROM events e LEFT JOIN people p ON p.id = e.actor_id WHERE e.proposal_id = $1 AND e.seq > $2 ORDER BY e.seq`
	args := []any{id, from}
	if to >= 0 {
		query = `SELECT e.seq, e.type, e.action, e.actor_id, COALESCE(p.name, ''), e.at, e.state_before, e.state_after, e.payload, e.log_index
		FROM events e LEFT JOIN people p ON p.id = e.actor_id WHERE e.proposal_id = $1 AND e.seq > $2 AND e.seq <= $3 ORDER BY e.seq`
		args = append(args, to)
	}
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []EventView{}
	for rows.Next() {
		var ev eventRow
		var name string
		if err := rows.Scan(&ev.Seq, &ev.Type, &ev.Action, &ev.ActorID, &name, &ev.At, &ev.StateBefore, &ev.StateAfter, &ev.Payload, &ev.LogIndex); err != nil {
			return nil, err
		}
		out = append(out, ev.view(name))
	}
	return out, rows.Err()
}

// view is the history line of an event row whose actor is named name.
func (ev eventRow) view(name string) EventView {
	v := EventView{Seq: ev.Seq, Type: ev.Type, Action: workflow.Action(ev.Action), Actor: PersonRef{ID: ev.ActorID, Name: name},
		At: parseTime(ev.At), StateBefore: workflow.State(ev.StateBefore), StateAfter: workflow.State(ev.StateAfter),
		Payload: json.RawMessage(ev.Payload), LogIndex: ev.LogIndex}
	v.Label = i18n.T("event." + ev.Type)
	if !i18n.Has("event." + ev.Type) {
		v.Label = v.Action.Label()
	}
	return v
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
