package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"damlam/internal/calendar"
	"damlam/internal/workflow"
)

// Rebuilding the projection from the log
//
// The proposals row and the votes table are a projection: everything in
// them that decides anything follows from the case's events, and the
// events are bound to the log's leaves (each leaf carries the digest of
// its event's payload, its type, seq, state, time and actor). When the
// audit finds the projection edited behind the service's back, the log is
// the record and the projection is rebuilt from it: each case's events
// replayed through the fold (workflow.Replay), its derived columns
// rewritten, its ballots rewritten from its vote events.
//
// That is only sound if the log itself can be trusted and the events are
// what it recorded. RepairProjection therefore refuses, changing nothing,
// when the tree audit finds anything (a changed leaf, hash or checkpoint;
// a start-up check that fails), when any event row differs from its leaf,
// or when a case's events do not replay. Content (proposal_versions,
// title, field) and attachments are documents bound by digest, not
// derived from events: they are not rebuilt.

// RepairReport says what RepairProjection changed.
type RepairReport struct {
	Cases   int      `json:"cases"`   // proposals rows replayed
	Changed []string `json:"changed"` // "proposals X: scope_index: -1 → 3", "votes X round 1 p: …"
	// Skipped are cases the log records but the projection has no row
	// for: a row (with its content) cannot be rebuilt from events alone.
	Skipped []string `json:"skipped"`
}

// RepairRefusedError is RepairProjection's refusal: the log cannot be
// trusted to rebuild from, and nothing was changed.
type RepairRefusedError struct {
	Problems []string
}

func (e *RepairRefusedError) Error() string {
	return fmt.Sprintf("không dựng lại: sổ ghi không đáng tin để dựng lại từ đó; không thay đổi gì / "+
		"repair refused: the log cannot be trusted to rebuild from; nothing was changed (%d problems, first: %s)", len(e.Problems), e.Problems[0])
}

// RepairProjection rebuilds every case's projection from its logged
// events in one transaction, and reports each column and ballot it
// changed. Stop the servers first: the repair reads the whole log, and on
// PostgreSQL a decision committed meanwhile on a case it rewrites fails
// the repair (it runs in a repeatable-read transaction) rather than be
// overwritten.
func (s *Store) RepairProjection(ctx context.Context) (RepairReport, error) {
	var rep RepairReport
	tree, err := s.log.AuditTree(ctx)
	if err != nil {
		return rep, err
	}
	if !tree.OK() {
		return rep, &RepairRefusedError{Problems: tree.Problems}
	}
	cal, err := s.Calendar(ctx)
	if err != nil {
		return rep, err
	}
	var opts *sql.TxOptions
	if s.db.Dialect == Postgres {
		opts = &sql.TxOptions{Isolation: sql.LevelRepeatableRead}
	}
	tx, err := s.db.BeginTx(ctx, opts)
	if err != nil {
		return rep, err
	}
	defer tx.Rollback()
	lg, problems, err := loggedEvents(ctx, tx)
	if err != nil {
		return rep, err
	}
	if len(problems) > 0 {
		return rep, &RepairRefusedError{Problems: problems}
	}
	paths := map[string]string{}
	if err := eachRow(ctx, tx, `SELECT id, path FROM units`, func(r *sql.Rows) error {
		var id, path string
		err := r.Scan(&id, &path)
		paths[id] = path
		return err
	}); err != nil {
		return rep, err
	}
	var cases []*caseRow
	if err := eachRow(ctx, tx, `SELECT `+caseColumns+` FROM proposals ORDER BY id`, func(r *sql.Rows) error {
		c, err := scanCase(r, false, s.contents)
		cases = append(cases, c)
		return err
	}); err != nil {
		return rep, err
	}
	corrections, err := projectedCorrections(ctx, tx)
	if err != nil {
		return rep, err
	}
	rowed := map[string]bool{}
	for _, c := range cases {
		rep.Cases++
		rowed[c.ID] = true
		rec, err := workflow.Replay(c.ID, lg.events[c.ID])
		if err != nil {
			problems = append(problems, fmt.Sprintf("events %v: the step does not follow from the case's earlier events", err))
			continue
		}
		if diffs := correctionDiffs(c.ID, rec.Corrective, corrections[c.ID]); len(diffs) > 0 { // corrective.go
			if err := writeCorrections(ctx, tx, c.ID, rec.Corrective); err != nil {
				return rep, err
			}
			rep.Changed = append(rep.Changed, diffs...)
		}
		changes, sets, args := rebuilt(c, rec, len(lg.events[c.ID]) > 0, paths, cal)
		if len(sets) == 0 {
			continue
		}
		args = append(args, c.ID)
		if _, err := tx.ExecContext(ctx, `UPDATE proposals SET `+strings.Join(sets, ", ")+fmt.Sprintf(` WHERE id = $%d`, len(args)), args...); err != nil {
			return rep, fmt.Errorf("proposals %s: %w", c.ID, err)
		}
		rep.Changed = append(rep.Changed, changes...)
	}
	if len(problems) > 0 {
		return rep, &RepairRefusedError{Problems: problems}
	}
	for id := range lg.events {
		if !rowed[id] {
			rep.Skipped = append(rep.Skipped, fmt.Sprintf("proposals %s: no row; the log records %d events of it", id, len(lg.events[id])))
		}
	}
	changed, err := repairVotes(ctx, tx, lg.ballots, rowed)
	if err != nil {
		return rep, err
	}
	rep.Changed = append(rep.Changed, changed...)
	if changed, err = s.repairImplementers(ctx, tx, cases); err != nil {
		return rep, err
	}
	rep.Changed = append(rep.Changed, changed...)
	if err := tx.Commit(); err != nil {
		return rep, err
	}
	return rep, nil
}

// repairImplementers makes each case's proposal_implementers rows the
// people its content names, as the audit checks them.
func (s *Store) repairImplementers(ctx context.Context, tx *sql.Tx, cases []*caseRow) ([]string, error) {
	rows, err := s.projectedImplementers(ctx, tx)
	if err != nil {
		return nil, err
	}
	var changed []string
	for _, c := range cases {
		if err := c.fullContent(); err != nil {
			continue // the audit names an unreadable content; nothing to derive
		}
		diffs := implementerDiffs(c.ID, c.Content.Implementers, rows[c.ID])
		delete(rows, c.ID)
		if len(diffs) == 0 {
			continue
		}
		if err := writeImplementers(ctx, tx, c.ID, c.Content.Implementers, true); err != nil {
			return nil, err
		}
		changed = append(changed, diffs...)
	}
	return changed, nil
}

// rebuilt compares the derived columns of c with what rec, the replay of
// its events, gives, and returns the changes (for the report) and the
// SET clauses and arguments that make the row what the log says. It
// derives each column as auditProjection checks it, so that a repaired
// row audits clean.
func rebuilt(c *caseRow, rec workflow.Record, logged bool, paths map[string]string, cal *calendar.Calendar) (changes, sets []string, args []any) {
	for _, col := range derivedColumns(c, rec, logged, paths, cal) {
		if !col.differs() {
			continue
		}
		changes = append(changes, fmt.Sprintf("proposals %s: %s: %v → %v", c.ID, col.name, quoteEmpty(col.got), quoteEmpty(col.want)))
		args = append(args, col.write)
		sets = append(sets, fmt.Sprintf("%s = $%d", col.name, len(args)))
	}
	return changes, sets, args
}

// loggedCases is what the log records, read through the event rows that
// match their leaves: each case's events for the fold, and its ballots.
type loggedCases struct {
	events  map[string][]workflow.Event
	ballots map[string]map[ballotKey]ballotRow
}

type ballotKey struct {
	round  int
	person string
}

type ballotRow struct{ ballot, comment, at string }

// loggedEvents reads every event in q and checks it against its leaf, as
// the audit does; any difference is a problem, and then the events are
// not a record to rebuild from. Every leaf but the log's own must have
// its event.
func loggedEvents(ctx context.Context, q querier) (loggedCases, []string, error) {
	lg := loggedCases{events: map[string][]workflow.Event{}, ballots: map[string]map[ballotKey]ballotRow{}}
	var problems []string
	add := func(format string, args ...any) {
		if len(problems) < 1000 {
			problems = append(problems, fmt.Sprintf(format, args...))
		}
	}
	pseudonyms := map[string]string{SystemActor: SystemActor}
	if err := eachRow(ctx, q, `SELECT id, pseudonym FROM people`, func(r *sql.Rows) error {
		var id, ps string
		err := r.Scan(&id, &ps)
		pseudonyms[id] = ps
		return err
	}); err != nil {
		return lg, nil, err
	}
	type leafRow struct {
		caseID string
		leaf   []byte
	}
	leaves := map[int64]leafRow{}
	if err := eachRow(ctx, q, `SELECT idx, case_id, leaf FROM ledger_leaves`, func(r *sql.Rows) error {
		var idx int64
		var l leafRow
		err := r.Scan(&idx, &l.caseID, &l.leaf)
		leaves[idx] = l
		return err
	}); err != nil {
		return lg, nil, err
	}
	seen := map[int64]bool{}
	type tip struct {
		seq   int
		index int64
		state string
	}
	tips := map[string]tip{}
	err := eachRow(ctx, q, `SELECT proposal_id, seq, type, action, actor_id, at, state_before, state_after, payload, log_index, prev_index
		FROM events ORDER BY proposal_id, seq`, func(r *sql.Rows) error {
		var ev eventRow
		if err := r.Scan(&ev.ProposalID, &ev.Seq, &ev.Type, &ev.Action, &ev.ActorID, &ev.At, &ev.StateBefore, &ev.StateAfter, &ev.Payload, &ev.LogIndex, &ev.PrevIndex); err != nil {
			return err
		}
		where := fmt.Sprintf("events %s seq %d (log index %d)", ev.ProposalID, ev.Seq, ev.LogIndex)
		t, ok := tips[ev.ProposalID]
		if !ok {
			t = tip{index: -1}
		}
		if ev.Seq != t.seq+1 || ev.PrevIndex != t.index || (t.state != "" && ev.StateBefore != t.state) {
			add("%s: does not follow the case's previous event", where)
		}
		tips[ev.ProposalID] = tip{ev.Seq, ev.LogIndex, ev.StateAfter}
		seen[ev.LogIndex] = true
		leaf, ok := leaves[ev.LogIndex]
		if !ok || leaf.caseID != ev.ProposalID {
			add("%s: no leaf of this case at that index in the log", where)
			return nil
		}
		ps, ok := pseudonyms[ev.ActorID]
		if !ok {
			add("%s: actor %s no longer exists", where, ev.ActorID)
			return nil
		}
		if derived, err := leafFor(ev, ps); err != nil || string(derived) != string(leaf.leaf) {
			add("%s: the row no longer matches its leaf", where)
			return nil
		}
		e, err := eventOf(ev)
		if err != nil {
			add("%s: payload: %v", where, err)
			return nil
		}
		lg.events[ev.ProposalID] = append(lg.events[ev.ProposalID], e)
		if ev.Type == "collective.vote" {
			var in workflow.VoteInput
			var d workflow.VoteDetails
			if json.Unmarshal(e.Payload.Input, &in) != nil || json.Unmarshal(e.Payload.Details, &d) != nil {
				add("%s: the ballot cannot be read", where)
				return nil
			}
			if lg.ballots[ev.ProposalID] == nil {
				lg.ballots[ev.ProposalID] = map[ballotKey]ballotRow{}
			}
			// A later ballot of the same person in the same round
			// replaces the earlier one, as the service writes it.
			lg.ballots[ev.ProposalID][ballotKey{d.Round, ev.ActorID}] = ballotRow{string(in.Ballot), in.Comment, ev.At}
		}
		return nil
	})
	if err != nil {
		return lg, nil, err
	}
	for idx, l := range leaves {
		if seen[idx] {
			continue
		}
		if !caseLeaf(l.leaf) {
			continue
		}
		add("ledger_leaves idx %d (case %s): no event row records it (deleted?)", idx, l.caseID)
	}
	return lg, problems, nil
}

// repairVotes makes the votes table the ballots the log records, for the
// cases that have a row: it removes rows no vote event recorded, adds the
// missing ones and corrects the others.
func repairVotes(ctx context.Context, tx *sql.Tx, ballots map[string]map[ballotKey]ballotRow, rowed map[string]bool) ([]string, error) {
	var changes []string
	type stored struct {
		id string
		k  ballotKey
		ballotRow
	}
	var rows []stored
	if err := eachRow(ctx, tx, `SELECT proposal_id, round, person_id, ballot, comment, at FROM votes ORDER BY proposal_id, round, person_id`, func(r *sql.Rows) error {
		var v stored
		err := r.Scan(&v.id, &v.k.round, &v.k.person, &v.ballot, &v.comment, &v.at)
		rows = append(rows, v)
		return err
	}); err != nil {
		return nil, err
	}
	have := map[string]map[ballotKey]bool{}
	for _, v := range rows {
		if have[v.id] == nil {
			have[v.id] = map[ballotKey]bool{}
		}
		have[v.id][v.k] = true
		want, ok := ballots[v.id][v.k]
		where := fmt.Sprintf("votes %s round %d %s", v.id, v.k.round, v.k.person)
		switch {
		case !ok:
			changes = append(changes, fmt.Sprintf("%s: removed (ballot %s; the log records none)", where, v.ballot))
			if _, err := tx.ExecContext(ctx, `DELETE FROM votes WHERE proposal_id = $1 AND round = $2 AND person_id = $3`, v.id, v.k.round, v.k.person); err != nil {
				return nil, err
			}
		case want != v.ballotRow:
			changes = append(changes, fmt.Sprintf("%s: ballot %s → %s", where, v.ballot, want.ballot))
			if _, err := tx.ExecContext(ctx, `UPDATE votes SET ballot = $1, comment = $2, at = $3 WHERE proposal_id = $4 AND round = $5 AND person_id = $6`,
				want.ballot, want.comment, want.at, v.id, v.k.round, v.k.person); err != nil {
				return nil, err
			}
		}
	}
	for id, bs := range ballots {
		if !rowed[id] {
			continue // the row a ballot refers to is gone (Skipped)
		}
		for k, b := range bs {
			if have[id][k] {
				continue
			}
			changes = append(changes, fmt.Sprintf("votes %s round %d %s: added (ballot %s, as the log records)", id, k.round, k.person, b.ballot))
			if _, err := tx.ExecContext(ctx, `INSERT INTO votes (proposal_id, round, person_id, ballot, comment, at) VALUES ($1, $2, $3, $4, $5, $6)`,
				id, k.round, k.person, b.ballot, b.comment, b.at); err != nil {
				return nil, err
			}
		}
	}
	return changes, nil
}

// eachRow runs query (with its arguments) in q and calls fn for each row.
func eachRow(ctx context.Context, q querier, query string, fn func(*sql.Rows) error, args ...any) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}
