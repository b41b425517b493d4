package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"

	"damlam/internal/calendar"

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
	// DecisionDays counts decided cases by working days from submission
	// to the collective's decision.
	DecisionDays map[int]int `json:"decision_days"`
}

// SubtreeCounts reads the counts of the subtree rooted at unitID.
func (s *Store) SubtreeCounts(ctx context.Context, unitID string) (*SubtreeCounts, error) {
	c := &SubtreeCounts{UnitID: unitID, ByState: map[workflow.State]int{}, ByField: map[string]int{},
		Pilots: map[string]int{}, Outcomes: map[workflow.Outcome]int{}, Children: map[string]int{}, DecisionDays: map[int]int{}}
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
		case "ddays":
			days, _ := strconv.Atoi(key)
			c.DecisionDays[days] += n
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	// Each child's total, summed over its fewest keys (the outcome: a
	// handful, against dozens of states).
	rows, err = s.db.QueryContext(ctx, `SELECT u.id, sum(c.n) FROM units u JOIN proposal_counts c ON c.unit_id = u.id AND c.dim = 'outcome'
		WHERE u.parent_id = $1 GROUP BY u.id`, unitID)
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

// ancestors lists the ids on a unit path, root first: "/VN/HCM/X/" gives
// VN, HCM, X.
func ancestors(path string) []string {
	return strings.FieldsFunc(path, func(r rune) bool { return r == '/' })
}

// ddaysDone reads whether decisions made before decision-time counts
// existed have been counted. A decision reads it with a shared lock and a
// backfill takes it exclusively, so on PostgreSQL no decision can slip
// between the backfill's reading and its marking (SQLite runs one writer).
func (s *Store) ddaysDone(ctx context.Context, q querier, lock string) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT n FROM proposal_counts WHERE unit_id = '' AND dim = 'ddays.done' AND key = ''`+lock).Scan(&n)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return n == 1, err
}

func (s *Store) forShare() string {
	if s.db.Dialect == Postgres {
		return " FOR SHARE"
	}
	return ""
}

// countDecision adds a case the collective just decided to the decision
// times of its unit and every unit above, in the decision's transaction.
func (s *Store) countDecision(ctx context.Context, tx querier, c *caseRow) error {
	done, err := s.ddaysDone(ctx, tx, s.forShare())
	if err != nil || !done {
		return err // the backfill will count it
	}
	cal, err := s.Calendar(ctx)
	if err != nil {
		return err
	}
	days := cal.WorkingDaysBetween(calendar.DateOf(c.SubmittedAt), calendar.DateOf(parseTime(c.DecidedAt)))
	return addDecisionDays(ctx, tx, ancestors(c.UnitPath), days, 1)
}

// addDecisionDays counts n decisions of days working days for each unit.
func addDecisionDays(ctx context.Context, q querier, units []string, days int, n int64) error {
	sums := make(map[countKey]int64, len(units))
	for _, u := range units {
		sums[countKey{u, "ddays", strconv.Itoa(days)}] += n
	}
	return upsertCounts(ctx, q, sums) // report_counts.go
}

// ensureDecisionDays counts, once, the decisions made before the store
// kept decision times.
func (s *Store) ensureDecisionDays(ctx context.Context) error {
	if s.ddays.Load() {
		return nil
	}
	err := s.db.inTx(ctx, func(tx *sql.Tx) error {
		done, err := s.ddaysDone(ctx, tx, s.db.forUpdate())
		if err != nil || done {
			return err
		}
		cal, err := s.Calendar(ctx)
		if err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT unit_path, submitted_at, decided_at FROM proposals WHERE decided_at <> '' AND submitted_at <> ''`)
		if err != nil {
			return err
		}
		sums := map[countKey]int64{}
		for rows.Next() {
			var path, sub, dec string
			if err := rows.Scan(&path, &sub, &dec); err != nil {
				rows.Close()
				return err
			}
			days := cal.WorkingDaysBetween(calendar.DateOf(parseTime(sub)), calendar.DateOf(parseTime(dec)))
			for _, u := range ancestors(path) {
				sums[countKey{u, "ddays", strconv.Itoa(days)}]++
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if err := upsertCounts(ctx, tx, sums); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE proposal_counts SET n = 1 WHERE unit_id = '' AND dim = 'ddays.done' AND key = ''`)
		return err
	})
	if err == nil {
		s.ddays.Store(true)
	}
	return err
}
