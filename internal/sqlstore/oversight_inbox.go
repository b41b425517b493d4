package sqlstore

import (
	"context"
	"slices"
	"strings"

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
	const limit = 200
	seen := map[string]bool{}
	var out []InboxItem
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
		// One state at a time, in the order of the (state, updated_at)
		// index, so each query stops after a page instead of testing
		// every case of the state (migration 00013); then the oldest
		// page of them all.
		var items []ProposalSummary
		for _, st := range pt.states {
			qargs := append(sqlArgs{}, args...)
			query := `SELECT p.id, p.title, p.field, p.state, p.unit_id, u.name, pe.name, p.due_date, p.updated_at, ''
				FROM proposals p JOIN units u ON u.id = p.unit_id JOIN people pe ON pe.id = p.proposer_id
				WHERE p.state = ` + qargs.add(string(st)) + ` AND (` + strings.Join(scopes, " OR ") + `) AND ` + pt.where +
				` ORDER BY p.updated_at, p.id LIMIT ` + qargs.add(limit)
			got, err := s.summaries(ctx, query, qargs, nil)
			if err != nil {
				return nil, err
			}
			items = append(items, got...)
		}
		slices.SortFunc(items, func(a, b ProposalSummary) int {
			if c := strings.Compare(a.UpdatedAt, b.UpdatedAt); c != 0 {
				return c
			}
			return strings.Compare(a.ID, b.ID)
		})
		for _, it := range items[:min(len(items), limit)] {
			if !seen[it.ID] {
				seen[it.ID] = true
				out = append(out, InboxItem{ProposalSummary: it, As: pt.who})
			}
		}
	}
	return out, nil
}
