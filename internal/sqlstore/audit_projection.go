package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"

	"damlam/internal/workflow"
)

// auditProjection replays every case from its logged events and compares
// each column of its proposals row, and its versions, with what the fold
// decides, naming each difference by table, row and column. A row that
// the events cannot justify is exactly what an edit behind the service's
// back leaves: a decision read from it would be the edit's, not the log's.
func (s *Store) auditProjection(ctx context.Context, rep *AuditReport, logged map[string][]workflow.Event) error {
	cal, err := s.Calendar(ctx)
	if err != nil {
		return err
	}
	paths := map[string]string{}
	ur, err := s.db.QueryContext(ctx, `SELECT id, path FROM units`)
	if err != nil {
		return err
	}
	for ur.Next() {
		var id, path string
		if err := ur.Scan(&id, &path); err != nil {
			ur.Close()
			return err
		}
		paths[id] = path
	}
	ur.Close()
	versions, err := s.projectedVersions(ctx)
	if err != nil {
		return err
	}

	rows, err := s.db.QueryContext(ctx, `SELECT `+caseColumns+`, search_fold FROM proposals ORDER BY id`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var fold string
		c, err := scanCase(scanExtra{rows, &fold}, false, nil)
		if err != nil {
			return err
		}
		rep.Cases++
		events := logged[c.ID]
		rec, err := workflow.Replay(c.ID, events)
		if err != nil {
			rep.add("events %v: the step does not follow from the case's earlier events", err)
			continue
		}
		diff := func(column string, got, want any) {
			if fmt.Sprint(got) != fmt.Sprint(want) {
				rep.add("proposals %s: %s: %v, its events give %v", c.ID, column, quoteEmpty(got), quoteEmpty(want))
			}
		}
		diff("state", c.State, rec.State)
		diff("last_seq", c.LastSeq, rec.LastSeq)
		diff("version", c.Version, rec.Version)
		if rec.UnitID != "" {
			diff("unit_id", c.UnitID, rec.UnitID)
		}
		if rec.ProposerID != "" {
			diff("proposer_id", c.ProposerID, rec.ProposerID)
		}
		decider := rec.DeciderID
		if decider == "" {
			decider = c.UnitID // a draft is decided where it was written
		}
		diff("decider_id", c.DeciderID, decider)
		diff("source_id", c.SourceID, rec.SourceID)
		diff("unit_path", c.UnitPath, paths[c.UnitID])
		diff("decider_path", c.DeciderPath, paths[c.DeciderID])
		diff("submitted_at", fmtTime(c.SubmittedAt), fmtTime(rec.SubmittedAt))
		if len(events) > 0 && !rec.EnteredAt.IsZero() {
			diff("entered_at", fmtTime(c.EnteredAt), fmtTime(rec.EnteredAt))
		}
		diff("reported_at", fmtTime(c.ReportedAt), fmtTime(rec.ReportedAt))
		diff("decided_at", c.DecidedAt, fmtTime(rec.DecidedAt))
		diff("escalated_for", c.EscalatedFor, fmtTime(rec.EscalatedFor))
		diff("vote_round", c.VoteRound, rec.VoteRound)
		scope, want := "", ""
		if c.Scope != nil {
			scope = string(c.Scope.Canonical())
		}
		if rec.Scope != nil {
			want = string(rec.Scope.Canonical())
		}
		diff("scope", scope, want)
		diff("scope_index", c.ScopeIndex, rec.ScopeIndex)
		diff("scope_spent", c.ScopeSpent, rec.ScopeSpent)
		diff("outside_scope", c.OutsideScope, rec.OutsideScope)
		diff("evaluation", canonicalJSON(c.Evaluation), canonicalEvaluation(rec.Evaluation))
		diff("result", c.Result, rec.Result)
		diff("outcome", c.Outcome, rec.Outcome)

		// The due date follows from the state, its anchors and the
		// calendar: one moved by hand makes a case overdue, or hides it.
		p := *c
		if rec.EnteredAt.IsZero() {
			rec.EnteredAt = c.EnteredAt
		}
		p.Proposal.State, p.SubmittedAt, p.EnteredAt, p.ReportedAt, p.Scope = rec.State, rec.SubmittedAt, rec.EnteredAt, rec.ReportedAt, rec.Scope
		due := ""
		if d, ok := workflow.DueDate(cal, rec.State, p.anchors()); ok {
			due = d.String()
		}
		diff("due_date", c.DueDate, due)

		// What was submitted is bound to the log by its digest (the
		// documents audit checks each version); the row shows the last
		// submitted version unless the proposer may edit.
		vs := versions[c.ID]
		if _, editable := workflow.Find(rec.State, workflow.Edit); !editable && rec.Version > 0 {
			if last, ok := vs[rec.Version]; ok {
				if canonicalJSON(c.rawContent) != canonicalJSON(last) {
					rep.add("proposals %s: content: differs from version %d, which the log binds", c.ID, rec.Version)
				} else if err := c.fullContent(); err == nil {
					diff("title", c.Title, c.Content.Title)
					diff("field", c.Field, c.Content.Field)
					if fold != searchText(c.Content) {
						rep.add("proposals %s: search_fold: not the folded text of its content", c.ID)
					}
				}
			}
		}
	}
	return rows.Err()
}

// projectedVersions reads every stored version's content, by case and number.
func (s *Store) projectedVersions(ctx context.Context) (map[string]map[int]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT proposal_id, version, content FROM proposal_versions`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]map[int]string{}
	for rows.Next() {
		var id, content string
		var n int
		if err := rows.Scan(&id, &n, &content); err != nil {
			return nil, err
		}
		if out[id] == nil {
			out[id] = map[int]string{}
		}
		out[id][n] = content
	}
	return out, rows.Err()
}

// scanExtra scans the case's columns, then the extra ones.
type scanExtra struct {
	rows  interface{ Scan(...any) error }
	extra *string
}

func (x scanExtra) Scan(dest ...any) error { return x.rows.Scan(append(dest, x.extra)...) }

// canonicalJSON is a JSON text re-encoded, so that equal values compare
// equal whatever their spacing; text that is not JSON is kept as it is.
func canonicalJSON(s string) string {
	if s == "" {
		return ""
	}
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		return s
	}
	b, _ := json.Marshal(v)
	return string(b)
}

func canonicalEvaluation(ev *workflow.EvaluationInput) string {
	if ev == nil {
		return ""
	}
	b, _ := json.Marshal(ev)
	return canonicalJSON(string(b))
}

func quoteEmpty(v any) string {
	if s := fmt.Sprint(v); s != "" {
		return s
	}
	return `""`
}
