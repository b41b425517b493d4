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
	hasRow := map[string]bool{}
	for rows.Next() {
		var fold string
		c, err := scanCase(scanExtra{rows, &fold}, false, nil)
		if err != nil {
			return err
		}
		rep.Cases++
		hasRow[c.ID] = true
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

		// What was submitted is bound to the log by its digest, with who
		// submitted it and when; the row shows the last submitted version
		// unless the proposer may edit.
		vs := versions[c.ID]
		submitted := submissions(events)
		for n := 1; n <= rec.Version; n++ {
			v, ok := vs[n]
			sub := submitted[n]
			switch where := fmt.Sprintf("proposal_versions %s version %d", c.ID, n); {
			case !ok:
				rep.add("%s: missing, its submission is in the log", where)
			case sha256Hex([]byte(v.content)) != sub.digest:
				rep.add("%s: content: not the content whose digest was submitted (seq %d)", where, sub.seq)
			case v.createdBy != sub.actor:
				rep.add("%s: created_by: %s, it was submitted by %s (seq %d)", where, v.createdBy, sub.actor, sub.seq)
			case v.createdAt != sub.at:
				rep.add("%s: created_at: %s, it was submitted at %s (seq %d)", where, v.createdAt, sub.at, sub.seq)
			}
		}
		for n := range vs {
			if n < 1 || n > rec.Version {
				rep.add("proposal_versions %s version %d: its events submitted %d versions", c.ID, n, rec.Version)
			}
		}
		if _, editable := workflow.Find(rec.State, workflow.Edit); !editable && rec.Version > 0 {
			if last, ok := vs[rec.Version]; ok {
				if canonicalJSON(c.rawContent) != canonicalJSON(last.content) {
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
	if err := rows.Err(); err != nil {
		return err
	}
	// A case the log records must have its row.
	for id, events := range logged {
		if !hasRow[id] {
			rep.add("proposals %s: missing, its %d events are in the log", id, len(events))
		}
	}
	return nil
}

// storedVersion is a row of proposal_versions.
type storedVersion struct{ content, createdAt, createdBy string }

// projectedVersions reads every stored version, by case and number.
func (s *Store) projectedVersions(ctx context.Context) (map[string]map[int]storedVersion, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT proposal_id, version, content, created_at, created_by FROM proposal_versions`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]map[int]storedVersion{}
	for rows.Next() {
		var id string
		var n int
		var v storedVersion
		if err := rows.Scan(&id, &n, &v.content, &v.createdAt, &v.createdBy); err != nil {
			return nil, err
		}
		if out[id] == nil {
			out[id] = map[int]storedVersion{}
		}
		out[id][n] = v
	}
	return out, rows.Err()
}

// submission is what a case's submit event logged of the version it
// submitted.
type submission struct {
	seq       int
	digest    string
	actor, at string
}

// submissions are a case's submitted versions by number.
func submissions(events []workflow.Event) map[int]submission {
	out := map[int]submission{}
	for _, e := range events {
		if e.Action != workflow.Submit {
			continue
		}
		var d workflow.SubmitDetails
		if json.Unmarshal(e.Payload.Details, &d) == nil {
			out[d.Version] = submission{e.Seq, d.ContentSHA256, e.Actor, fmtTime(e.At)}
		}
	}
	return out
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
