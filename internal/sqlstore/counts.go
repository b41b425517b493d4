package sqlstore

import (
	"context"
	"strings"

	"damlam/internal/workflow"
)

// SubtreeCounts are a unit subtree's numbers as the triggers of migration
// 00011 keep them: reading them costs a few dozen rows whatever the number
// of proposals, so a dashboard over the whole country needs no batch job.
// They count every proposal filed in the subtree; show them to readers of
// the whole subtree only.
type SubtreeCounts struct {
	UnitID   string                   `json:"unit_id"`
	Total    int                      `json:"total"`
	ByState  map[workflow.State]int   `json:"by_state"`
	ByField  map[string]int           `json:"by_field"`
	Pilots   map[string]int           `json:"pilots"`
	Outcomes map[workflow.Outcome]int `json:"outcomes"`
	// Children is the total of each child unit's subtree, by unit id.
	Children map[string]int `json:"children"`
}

// SubtreeCounts reads the counts of the subtree rooted at unitID.
func (s *Store) SubtreeCounts(ctx context.Context, unitID string) (*SubtreeCounts, error) {
	c := &SubtreeCounts{UnitID: unitID, ByState: map[workflow.State]int{}, ByField: map[string]int{},
		Pilots: map[string]int{}, Outcomes: map[workflow.Outcome]int{}, Children: map[string]int{}}
	rows, err := s.db.QueryContext(ctx, `SELECT dim, key, n FROM proposal_counts WHERE unit_id = $1 AND n <> 0`, unitID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var dim, key string
		var n int
		if err := rows.Scan(&dim, &key, &n); err != nil {
			return nil, err
		}
		switch dim {
		case "srs":
			state, result, scoped := splitSRS(key)
			c.ByState[state] += n
			c.Total += n
			if p := PilotCategory(state, result, scoped); p != "" {
				c.Pilots[p] += n
			}
		case "field":
			c.ByField[key] += n
		case "outcome":
			if key != "" {
				c.Outcomes[workflow.Outcome(key)] += n
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	rows, err = s.db.QueryContext(ctx, `SELECT c.unit_id, sum(c.n) FROM proposal_counts c JOIN units u ON u.id = c.unit_id
		WHERE u.parent_id = $1 AND c.dim = 'srs' GROUP BY c.unit_id`, unitID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, err
		}
		if n != 0 {
			c.Children[id] = n
		}
	}
	return c, rows.Err()
}

func splitSRS(key string) (workflow.State, workflow.Result, bool) {
	state, rest, _ := strings.Cut(key, "|")
	result, scoped, _ := strings.Cut(rest, "|")
	return workflow.State(state), workflow.Result(result), scoped == "1"
}

// PilotCategory sorts an approved plan by how it stands or ended, the way
// the dashboard's pilot chart does: "" for a case without an approved
// scope, else result.<result>, approved, running, suspended, stopped or
// awaiting_evaluation.
func PilotCategory(state workflow.State, result workflow.Result, scoped bool) string {
	switch {
	case !scoped:
		return ""
	case result != "":
		return "result." + string(result)
	case state == workflow.Approved || state == workflow.ApprovedByOverride:
		return "approved"
	case state == workflow.InImplementation || state == workflow.Adjusted:
		return "running"
	case state == workflow.Suspended || state == workflow.Stopped:
		return strings.ToLower(string(state))
	case state == workflow.CompletionReported || state == workflow.Evaluation:
		return "awaiting_evaluation"
	}
	return ""
}
