package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"

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
	attached, err := s.projectedAttachments(ctx)
	if err != nil {
		return err
	}
	implementers, err := s.projectedImplementers(ctx, s.db)
	if err != nil {
		return err
	}
	corrections, err := projectedCorrections(ctx, s.db)
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
		for _, col := range derivedColumns(c, rec, len(events) > 0, paths, cal) {
			if col.differs() {
				rep.add("proposals %s: %s: %v, its events give %v", c.ID, col.name, quoteEmpty(col.got), quoteEmpty(col.want))
			}
		}

		if err := c.fullContent(); err == nil {
			for _, d := range implementerDiffs(c.ID, c.Content.Implementers, implementers[c.ID]) {
				rep.add("%s", d)
			}
		}
		delete(implementers, c.ID)
		for _, d := range correctionDiffs(c.ID, rec.Corrective, corrections[c.ID]) { // corrective.go
			rep.add("%s", d)
		}
		delete(corrections, c.ID)

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
			auditAttached(rep, c.ID, submitted[rec.Version], attached[c.ID])
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
	for id, people := range implementers {
		for _, d := range implementerDiffs(id, nil, people) {
			rep.add("%s", d)
		}
	}
	for _, id := range sortedKeys(corrections) {
		for _, d := range correctionDiffs(id, nil, corrections[id]) {
			rep.add("%s", d)
		}
	}
	// A case the log records must have its row.
	for id, events := range logged {
		if !hasRow[id] {
			rep.add("proposals %s: missing, its %d events are in the log", id, len(events))
		}
	}
	return nil
}

// projectedImplementers reads every case's proposal_implementers rows.
func (s *Store) projectedImplementers(ctx context.Context, q querier) (map[string][]string, error) {
	out := map[string][]string{}
	err := eachRow(ctx, q, `SELECT proposal_id, person_id FROM proposal_implementers ORDER BY proposal_id, person_id`, func(r *sql.Rows) error {
		var id, person string
		err := r.Scan(&id, &person)
		out[id] = append(out[id], person)
		return err
	})
	return out, err
}

// implementerDiffs names how case id's proposal_implementers rows differ
// from the people its content names.
func implementerDiffs(id string, named, rows []string) []string {
	want, got := implementerSet(named), implementerSet(rows)
	var out []string
	for _, p := range want {
		if _, found := slices.BinarySearch(got, p); !found {
			out = append(out, fmt.Sprintf("proposal_implementers %s %s: missing, the case's content names them", id, p))
		}
	}
	for _, p := range got {
		if _, found := slices.BinarySearch(want, p); !found {
			out = append(out, fmt.Sprintf("proposal_implementers %s %s: the case's content does not name them", id, p))
		}
	}
	return out
}

// storedAttachment is a case's row of proposal_attachments, with its
// attachments row's type and size.
type storedAttachment struct {
	name, addedBy, addedAt string
	mime                   string
	size                   int64
}

// projectedAttachments reads every case's attachment rows, by case and digest.
func (s *Store) projectedAttachments(ctx context.Context) (map[string]map[string]storedAttachment, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT pa.proposal_id, pa.sha256, pa.name, pa.added_by, pa.added_at, COALESCE(a.mime, ''), COALESCE(a.size, -1)
		FROM proposal_attachments pa LEFT JOIN attachments a ON a.sha256 = pa.sha256`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]map[string]storedAttachment{}
	for rows.Next() {
		var id, sum string
		var a storedAttachment
		if err := rows.Scan(&id, &sum, &a.name, &a.addedBy, &a.addedAt, &a.mime, &a.size); err != nil {
			return nil, err
		}
		if out[id] == nil {
			out[id] = map[string]storedAttachment{}
		}
		out[id][sum] = a
	}
	return out, rows.Err()
}

// auditAttached holds a case's attachment rows to its last submission,
// once the case is no longer editable: the files linked to it are then
// exactly those the submission's leaf names, under the name, adder, time,
// type and size it logged. Submissions written before files were logged
// bind the digests only.
func auditAttached(rep *AuditReport, id string, sub submission, rows map[string]storedAttachment) {
	logged := map[string]*workflow.File{}
	for _, d := range sub.docs {
		logged[d] = nil
	}
	for i := range sub.files {
		logged[sub.files[i].SHA256] = &sub.files[i]
	}
	for _, sum := range sortedKeys(logged) {
		row, ok := rows[sum]
		where := fmt.Sprintf("proposal_attachments %s %s", id, sum)
		if !ok {
			rep.add("%s: missing, submitted with the case (seq %d)", where, sub.seq)
			continue
		}
		f := logged[sum]
		if f == nil {
			continue
		}
		for _, c := range []struct{ column, got, want string }{
			{"name", row.name, f.Name}, {"added_by", row.addedBy, f.AddedBy}, {"added_at", row.addedAt, f.AddedAt},
		} {
			if c.got != c.want {
				rep.add("%s: %s: %s, the submission (seq %d) logged %s", where, c.column, quoteEmpty(c.got), sub.seq, quoteEmpty(c.want))
			}
		}
		if row.mime != f.MIME {
			rep.add("attachments %s: mime: %s, the submission of %s (seq %d) logged %s", sum, quoteEmpty(row.mime), id, sub.seq, quoteEmpty(f.MIME))
		}
		if row.size != f.Size {
			rep.add("attachments %s: size: %d, the submission of %s (seq %d) logged %d", sum, row.size, id, sub.seq, f.Size)
		}
	}
	for _, sum := range sortedKeys(rows) {
		if _, ok := logged[sum]; !ok {
			rep.add("proposal_attachments %s %s: not among the files its submission (seq %d) names", id, sum, sub.seq)
		}
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
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
	docs      []string        // the leaf's doc.sha256 digests
	files     []workflow.File // what it logged of each; nil before submissions logged them
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
			out[d.Version] = submission{e.Seq, d.ContentSHA256, e.Actor, fmtTime(e.At), e.Payload.Docs, d.Files}
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
