package sqlstore

import (
	"context"
	"slices"
	"strings"

	"damlam/internal/calendar"
	"damlam/internal/org"
	"damlam/internal/workflow"
)

// OversightInbox lists what waits on the reader's oversight roles, which
// the lifecycle does not time but which should not be forgotten:
//   - an inspector: pilots running (or stopped) that were never inspected,
//     or that have actions flagged outside the approved scope;
//   - a disciplinary authority: protection determined, final liability
//     outcome not yet recorded;
//   - an emulation and reward officer: protection determined on a
//     completed or partly completed case not yet rewarded.
func (s *Store) OversightInbox(ctx context.Context, actor *org.Person) ([]InboxItem, error) {
	seen := map[string]bool{}
	var out []InboxItem
	for _, pt := range oversightParts(actor) {
		var items []ProposalSummary
		for _, q := range pt.queries {
			got, err := s.summaries(ctx, `SELECT p.id, p.title, p.field, p.state, p.unit_id, p.proposer_id, p.due_date, p.updated_at, ''
				FROM proposals p WHERE `+q.where, q.args, nil)
			if err != nil {
				return nil, err
			}
			items = append(items, got...)
		}
		slices.SortFunc(items, func(a, b ProposalSummary) int { return oldestFirst(a.UpdatedAt, a.ID, b.UpdatedAt, b.ID) })
		for _, it := range items[:min(len(items), oversightLimit)] {
			if !seen[it.ID] {
				seen[it.ID] = true
				out = append(out, InboxItem{ProposalSummary: it, As: pt.who})
			}
		}
	}
	return out, nil
}

// OversightCount is len(OversightInbox(…)) without reading the items, for
// the navigation; kept until the database changes (changes.go).
func (s *Store) OversightCount(ctx context.Context, actor *org.Person) (int, error) {
	key := "oversight|" + personKey(actor) + "|" + calendar.DateOf(s.now()).String()
	return kept(ctx, s, key, func() (int, error) { return s.oversightCount(ctx, actor) })
}

func (s *Store) oversightCount(ctx context.Context, actor *org.Person) (int, error) {
	parts := oversightParts(actor)
	if len(parts) == 1 {
		// One role: its states do not overlap, so counting needs no ids,
		// and once a page is full the remaining states need no query.
		n := 0
		for _, q := range parts[0].queries {
			var k int
			if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT 1 FROM proposals p WHERE `+q.where+`) AS page`, q.args...).Scan(&k); err != nil {
				return 0, err
			}
			if n += k; n >= oversightLimit {
				return oversightLimit, nil
			}
		}
		return n, nil
	}
	seen := map[string]bool{}
	type row struct{ id, updated string }
	for _, pt := range oversightParts(actor) {
		var got []row
		for _, q := range pt.queries {
			rows, err := s.db.QueryContext(ctx, `SELECT p.id, p.updated_at FROM proposals p WHERE `+q.where, q.args...)
			if err != nil {
				return 0, err
			}
			for rows.Next() {
				var r row
				if err := rows.Scan(&r.id, &r.updated); err != nil {
					rows.Close()
					return 0, err
				}
				got = append(got, r)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return 0, err
			}
		}
		slices.SortFunc(got, func(a, b row) int { return oldestFirst(a.updated, a.id, b.updated, b.id) })
		for _, r := range got[:min(len(got), oversightLimit)] {
			seen[r.id] = true
		}
	}
	return len(seen), nil
}

func oldestFirst(aTime, aID, bTime, bID string) int {
	if c := strings.Compare(aTime, bTime); c != 0 {
		return c
	}
	return strings.Compare(aID, bID)
}

// oversightLimit bounds each part of the oversight inbox.
const oversightLimit = 200

type oversightPart struct {
	who     workflow.Who
	queries []inboxQuery
}

// oversightParts are the reader's oversight roles' parts, each one query
// per state, in the order of the (state, updated_at) index, so each stops
// after a page instead of testing every case of the state (migration
// 00013); the pages of a part are then merged, oldest first.
func oversightParts(actor *org.Person) []oversightPart {
	type part struct {
		role   org.Role
		who    workflow.Who
		states []workflow.State
		where  string
	}
	after := []workflow.State{workflow.ProtectionDetermined, workflow.Rewarded, workflow.Replicated, workflow.Institutionalised}
	parts := []part{
		{org.Inspector, workflow.WhoInspector, []workflow.State{workflow.InImplementation, workflow.Adjusted, workflow.Suspended, workflow.Stopped},
			`(p.outside_scope > 0 OR NOT EXISTS (SELECT 1 FROM events e WHERE e.proposal_id = p.id AND e.type = 'pilot.inspected'))`},
		{org.Disciplinary, workflow.WhoDisciplinary, after, `NOT EXISTS (SELECT 1 FROM events e WHERE e.proposal_id = p.id AND e.type = 'protection.liability_recorded')`},
		{org.RewardOfficer, workflow.WhoReward, []workflow.State{workflow.ProtectionDetermined}, `p.result IN ('completed', 'partly_completed')`},
	}
	var out []oversightPart
	for _, pt := range parts {
		var scopes []string
		var args sqlArgs
		for _, g := range actor.Grants {
			if g.Role == pt.role {
				scopes = append(scopes, "p.unit_path LIKE "+args.add(likePrefix(g.UnitPath))+" ESCAPE '\\'")
			}
		}
		if len(scopes) == 0 {
			continue
		}
		op := oversightPart{who: pt.who}
		for _, st := range pt.states {
			qargs := append(sqlArgs{}, args...)
			op.queries = append(op.queries, inboxQuery{who: pt.who, where: `p.state = ` + qargs.add(string(st)) + ` AND (` + strings.Join(scopes, " OR ") + `) AND ` + pt.where +
				` ORDER BY p.updated_at, p.id LIMIT ` + qargs.add(oversightLimit), args: qargs})
		}
		out = append(out, op)
	}
	return out
}
