package sqlstore

import (
	"context"
	"encoding/json"
	"strings"

	"damlam/internal/i18n"
	"damlam/internal/problem"
	"damlam/internal/proof"
	"damlam/internal/workflow"
)

// Model is a completed, positively evaluated case offered for others to
// adopt ("Mô hình hay"). The catalogue is open to every signed-in cadre of
// the deployment: spreading good models is its purpose, so it shows what
// was done and achieved, not who voted how.
type Model struct {
	ID         string           `json:"id"`
	Title      string           `json:"title"`
	Field      string           `json:"field"`
	UnitID     string           `json:"unit_id"`
	UnitName   string           `json:"unit_name"`
	State      workflow.State   `json:"state"`
	Result     workflow.Result  `json:"result"`
	Outcome    workflow.Outcome `json:"protection"`
	Purpose    string           `json:"purpose"`
	Contents   string           `json:"contents"`
	Scope      *proof.Scope     `json:"approved_scope,omitempty"`
	SpentVND   int64            `json:"spent_vnd"`
	Replicas   int              `json:"replicas"`
	DecidedAt  string           `json:"decided_at"`
	Evaluation string           `json:"evaluation_summary"`
	// Reached holds the latest value reported of each indicator.
	Reached map[string]float64 `json:"reached,omitempty"`
}

// CatalogueFilter narrows the catalogue.
type CatalogueFilter struct {
	Field string
	Unit  string // a unit id: the unit and its subtree
	Q     string // words, matched without diacritics or case
	Limit int
}

// modelStates are the states a positively evaluated case can be in.
var modelStates = workflow.ModelStates

// Catalogue lists the models matching f, most recently decided first.
func (s *Store) Catalogue(ctx context.Context, f CatalogueFilter) ([]Model, error) {
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	var args sqlArgs
	var states []string
	for _, st := range modelStates {
		states = append(states, args.add(string(st)))
	}
	where := []string{"p.result IN ('completed', 'partly_completed')", "p.state IN (" + strings.Join(states, ",") + ")"}
	if f.Field != "" {
		where = append(where, "p.field = "+args.add(f.Field))
	}
	if f.Unit != "" {
		path, err := unitPath(ctx, s.db, f.Unit)
		if err != nil {
			return nil, err
		}
		where = append(where, "p.unit_path LIKE "+args.add(likePrefix(path))+" ESCAPE '\\'")
	}
	for _, w := range i18n.FoldedWords(f.Q) {
		where = append(where, "p.search_fold LIKE "+args.add("%"+escapeLike(w)+"%")+" ESCAPE '\\'")
	}
	return s.models(ctx, `WHERE `+strings.Join(where, " AND ")+` ORDER BY p.decided_at DESC, p.id DESC LIMIT `+args.add(f.Limit), args)
}

// Model returns one model, or not-found when the case is not one.
func (s *Store) Model(ctx context.Context, id string) (*Model, error) {
	var args sqlArgs
	ms, err := s.models(ctx, `WHERE p.id = `+args.add(id)+` AND p.result IN ('completed', 'partly_completed')`, args)
	if err != nil {
		return nil, err
	}
	if len(ms) == 0 {
		return nil, problem.New(problem.NotFound, "proposal_not_found", id)
	}
	return &ms[0], nil
}

func (s *Store) models(ctx context.Context, tail string, args sqlArgs) ([]Model, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT p.id, p.title, p.field, p.unit_id, u.name, p.state, p.result, p.outcome, p.content, p.scope,
			p.scope_spent, p.decided_at, p.evaluation, (SELECT count(*) FROM proposals r WHERE r.source_id = p.id)
		FROM proposals p JOIN units u ON u.id = p.unit_id `+tail, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Model{}
	for rows.Next() {
		var m Model
		var state, result, outcome, content, scope, evaluation string
		if err := rows.Scan(&m.ID, &m.Title, &m.Field, &m.UnitID, &m.UnitName, &state, &result, &outcome, &content, &scope,
			&m.SpentVND, &m.DecidedAt, &evaluation, &m.Replicas); err != nil {
			return nil, err
		}
		m.State, m.Result, m.Outcome = workflow.State(state), workflow.Result(result), workflow.Outcome(outcome)
		var c workflow.Content
		if json.Unmarshal([]byte(content), &c) == nil {
			m.Purpose, m.Contents = c.Purpose, c.Contents
		}
		if scope != "" {
			m.Scope = &proof.Scope{}
			if json.Unmarshal([]byte(scope), m.Scope) != nil {
				m.Scope = nil
			}
		}
		var ev workflow.EvaluationInput
		if json.Unmarshal([]byte(evaluation), &ev) == nil {
			m.Evaluation = ev.Summary
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		if err := s.reached(ctx, &out[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// reached reads the latest value reported of each indicator: the pilot's
// progress reports and its completion report, oldest first, the way the
// pilot's page shows them. A completion report that leaves an indicator
// out keeps the last progress report's value, so the catalogue never
// shows a model at 0 where its pilot reached the target.
func (s *Store) reached(ctx context.Context, m *Model) error {
	rows, err := s.db.QueryContext(ctx, `SELECT payload FROM events WHERE proposal_id = $1
		AND type IN ('pilot.progress_reported', 'pilot.completion_reported') ORDER BY seq`, m.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var payload string
		if err := rows.Scan(&payload); err != nil {
			return err
		}
		// Both reports carry their values under the same name.
		var p struct {
			Input struct {
				Indicators map[string]float64 `json:"indicators"`
			} `json:"input"`
		}
		if json.Unmarshal([]byte(payload), &p) != nil {
			continue
		}
		for name, x := range p.Input.Indicators {
			if m.Reached == nil {
				m.Reached = map[string]float64{}
			}
			m.Reached[name] = x
		}
	}
	return rows.Err()
}

// Fields lists the fields (lĩnh vực) proposals use, for filters; kept
// until the database changes (changes.go). Callers must not change it.
func (s *Store) Fields(ctx context.Context) ([]string, error) {
	return kept(ctx, s, "fields", func() ([]string, error) { return s.fields(ctx) })
}

func (s *Store) fields(ctx context.Context) ([]string, error) {
	// From the counts the database keeps (a few rows) rather than every
	// proposal (two seconds at a million): the fields counted at the root
	// of the tree are the fields of all proposals.
	rows, err := s.db.QueryContext(ctx, `SELECT c.key FROM units u JOIN proposal_counts c ON c.unit_id = u.id AND c.dim = 'field'
		WHERE u.parent_id IS NULL AND c.n > 0 AND c.key <> '' GROUP BY c.key ORDER BY c.key`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var f string
		if err := rows.Scan(&f); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}
