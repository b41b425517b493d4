package sqlstore

import (
	"context"
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
		role  org.Role
		who   workflow.Who
		where string
	}
	after := `p.state IN ('PROTECTION_DETERMINED', 'REWARDED', 'REPLICATED', 'INSTITUTIONALISED')`
	parts := []part{
		{org.Inspector, workflow.WhoInspector, `p.state IN ('IN_IMPLEMENTATION', 'ADJUSTED', 'SUSPENDED', 'STOPPED')
			AND (p.outside_scope > 0 OR NOT EXISTS (SELECT 1 FROM events e WHERE e.proposal_id = p.id AND e.type = 'pilot.inspected'))`},
		{org.Disciplinary, workflow.WhoDisciplinary, after + ` AND NOT EXISTS (SELECT 1 FROM events e WHERE e.proposal_id = p.id AND e.type = 'protection.liability_recorded')`},
		{org.RewardOfficer, workflow.WhoReward, `p.state = 'PROTECTION_DETERMINED' AND p.result IN ('completed', 'partly_completed')`},
	}
	seen := map[string]bool{}
	var out []InboxItem
	for _, pt := range parts {
		var args sqlArgs
		var scopes []string
		for _, g := range actor.Grants {
			if g.Role == pt.role {
				scopes = append(scopes, "p.unit_path LIKE "+args.add(likePrefix(g.UnitPath))+" ESCAPE '\\'")
			}
		}
		if len(scopes) == 0 {
			continue
		}
		query := `SELECT p.id, p.title, p.field, p.state, p.unit_id, u.name, pe.name, p.due_date, p.updated_at, ''
			FROM proposals p JOIN units u ON u.id = p.unit_id JOIN people pe ON pe.id = p.proposer_id
			WHERE (` + strings.Join(scopes, " OR ") + `) AND ` + pt.where + ` ORDER BY p.updated_at, p.id LIMIT 200`
		items, err := s.summaries(ctx, query, args, nil)
		if err != nil {
			return nil, err
		}
		for _, it := range items {
			if !seen[it.ID] {
				seen[it.ID] = true
				out = append(out, InboxItem{ProposalSummary: it, As: pt.who})
			}
		}
	}
	return out, nil
}
