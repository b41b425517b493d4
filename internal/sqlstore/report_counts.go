package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"damlam/internal/calendar"
	"damlam/internal/workflow"
)

// The report's figures are kept, like the dashboard's, in proposal_counts:
// for every unit and each unit above it, by quarter (Vietnamese time), in
// the transaction of the step that changes them. A report of a province
// for a year then reads a few thousand rows instead of grouping the
// province's whole history (half a million events: seconds of work and
// more, on every request). A year is the sum of its four quarters.
//
// The dimensions, each keyed "2026-Q4" or "2026-Q4|sub" by the quarter of
// the step, except rq.state:
//
//	rq.submitted   cases submitted for the first time
//	rq.field       the same, by field
//	rq.state       the same, by the state they stand in now (keyed by the
//	               quarter of their first submission; a step that moves a
//	               case takes it from one state's count to the other's)
//	rq.<action>    approvals, pilot approvals, overrides, rejections,
//	               returns, completions, stops, inspections, corrections,
//	               institutionalisations: one per event
//	rq.allocated, rq.spent, rq.violations, rq.replicated: sums
//	rq.pilot_open, rq.pilot_closed: pilots approved, and closed (completed
//	               or stopped) once running: the running pilots at a
//	               period's end are the first less the second up to it
//	rq.days        decisions by working days from the submission they
//	               answered ("2026-Q4|3"); rq.on_time those within the limit
//	rq.late        each late decision, so that the worst can be named:
//	               "2026-Q4|00012|case|submitted|decided"
//	rq.completed   each completion report: "2026-Q4|case|seq"
//	rq.protection, rq.reward: by outcome and by kind
//
// The row ('', rq.ready, '') says whether the counts hold the steps taken
// before they were kept (n = 1); until then steps skip them and the first
// report counts everything once, under a lock on that row, as the
// decision times are (counts.go).

// reportCase is what a case's earlier steps tell its next step's counts.
type reportCase struct {
	field string
	// firstQuarter is the quarter of the case's first submission, "" before it.
	firstQuarter string
	// lastSubmit is when the submission a decision answers was made.
	lastSubmit time.Time
}

// reportDelta is one change to a count.
type reportDelta struct {
	dim, key string
	n        int64
}

// runningStates are those of a pilot under way: a stop or a completion
// report from one of them closes it.
var runningStates = map[workflow.State]bool{workflow.InImplementation: true, workflow.Adjusted: true, workflow.Suspended: true}

// reportDeltas are the changes one step makes to the counts, given what
// the case's earlier steps left in c, which it updates. The live path (a
// step's transaction) and the rebuild (every event in order) both call
// it, so they cannot count differently.
func reportDeltas(cal *calendar.Calendar, c *reportCase, caseID string, seq int, action workflow.Action, at time.Time,
	before, after workflow.State, payload string) ([]reportDelta, error) {
	q := workflow.PeriodOf(at, true).String()
	var out []reportDelta
	add := func(dim, sub string, n int64) {
		key := q
		if sub != "" {
			key += "|" + sub
		}
		out = append(out, reportDelta{"rq." + dim, key, n})
	}
	if action == workflow.Submit {
		if c.firstQuarter == "" {
			c.firstQuarter = q
			add("submitted", "", 1)
			add("field", c.field, 1)
			before = "" // from now on the case is counted by its state
		}
		c.lastSubmit = at
	}
	if c.firstQuarter != "" && before != after {
		if before != "" {
			out = append(out, reportDelta{"rq.state", c.firstQuarter + "|" + string(before), -1})
		}
		out = append(out, reportDelta{"rq.state", c.firstQuarter + "|" + string(after), 1})
	}
	if !reportCounted[action] {
		return out, nil
	}
	var pl workflow.Payload
	if action != workflow.Submit {
		if err := json.Unmarshal([]byte(payload), &pl); err != nil {
			return nil, fmt.Errorf("case %s, %s: payload: %w", caseID, action, err)
		}
	}
	input := func(v any) { _ = json.Unmarshal(pl.Input, v) }
	decided := false
	switch action {
	case workflow.Approve, workflow.Reject:
		decided = true
		add(string(action), "", 1)
	case workflow.ApprovePilot, workflow.ApproveOverride:
		decided = true
		add(string(action), "", 1)
		if action == workflow.ApprovePilot || pl.Scope != nil {
			add("pilot_open", "", 1)
		}
	case workflow.Return, workflow.CorrectViolation, workflow.Institutionalise:
		add(string(action), "", 1)
	case workflow.ReportCompletion, workflow.Stop:
		add(string(action), "", 1)
		if action == workflow.ReportCompletion {
			add("completed", caseID+"|"+strconv.Itoa(seq), 1)
		}
		if runningStates[before] {
			add("pilot_closed", "", 1)
		}
	case workflow.AllocateResources:
		var in workflow.ResourcesInput
		input(&in)
		add("allocated", "", in.MoneyVND)
	case workflow.ReportProgress:
		var in workflow.ProgressInput
		input(&in)
		add("spent", "", in.AmountVND)
	case workflow.Inspect:
		var in workflow.InspectInput
		input(&in)
		add(string(action), "", 1)
		add("violations", "", int64(len(in.Violations)))
	case workflow.DetermineProtection:
		var d workflow.ProtectionDetails
		_ = json.Unmarshal(pl.Details, &d)
		add("protection", string(d.Determination.Outcome), 1)
	case workflow.Reward:
		var in workflow.RewardInput
		input(&in)
		add("reward", in.Kind, 1)
	case workflow.Replicate:
		var in workflow.ReplicateInput
		input(&in)
		add("replicated", "", int64(len(in.Units)))
	}
	if decided && !c.lastSubmit.IsZero() {
		from, to := calendar.DateOf(c.lastSubmit), calendar.DateOf(at)
		days := cal.WorkingDaysBetween(from, to)
		add("days", strconv.Itoa(days), 1)
		if !to.After(cal.AddWorkingDays(from, workflow.DecisionLimit)) {
			add("on_time", "", 1)
		} else {
			add("late", fmt.Sprintf("%05d|%s|%s|%s", days, caseID, from, to), 1)
		}
	}
	return out, nil
}

// reportCounted are the actions whose payload the counts read.
var reportCounted = func() map[workflow.Action]bool {
	m := map[workflow.Action]bool{}
	for _, a := range reportActions {
		m[a] = true
	}
	return m
}()

// reportActions are the events the report counts.
var reportActions = []workflow.Action{workflow.Submit, workflow.Approve, workflow.ApprovePilot, workflow.ApproveOverride,
	workflow.Reject, workflow.Return, workflow.AllocateResources, workflow.ReportProgress, workflow.ReportCompletion, workflow.Stop,
	workflow.Inspect, workflow.CorrectViolation, workflow.DetermineProtection, workflow.Reward, workflow.Replicate, workflow.Institutionalise}

// reportReady reads whether the counts hold every step (see above), with
// a shared lock in a step's transaction and an exclusive one in the
// rebuild's on PostgreSQL, so no step slips between them.
func reportReady(ctx context.Context, q querier, lock string) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT n FROM proposal_counts WHERE unit_id = '' AND dim = 'rq.ready' AND key = ''`+lock).Scan(&n)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return n == 1, err
}

// countReport adds a recorded step to the report's counts of the case's
// unit and every unit above it, in the step's transaction. c is the case
// as it was before the step.
func (s *Store) countReport(ctx context.Context, tx *sql.Tx, c *caseRow, ev *eventRow) error {
	action, before, after := workflow.Action(ev.Action), workflow.State(ev.StateBefore), workflow.State(ev.StateAfter)
	if before == after && !reportCounted[action] {
		return nil // a ballot, a comment: nothing the report counts
	}
	if !s.reportKept.Load() {
		ready, err := reportReady(ctx, tx, s.forShare())
		if err != nil || !ready {
			return err // the rebuild will count it
		}
		s.reportKept.Store(true)
	}
	rc := &reportCase{field: c.Field, lastSubmit: c.SubmittedAt}
	if !c.SubmittedAt.IsZero() && before != after {
		// Only a move between states needs the quarter the case is
		// counted under; the row keeps it for the case's next steps.
		if c.firstQuarter == "" {
			var first string
			if err := tx.QueryRowContext(ctx, `SELECT at FROM events WHERE proposal_id = $1 AND action = 'submit' ORDER BY seq LIMIT 1`, c.ID).Scan(&first); err != nil {
				return fmt.Errorf("case %s: first submission: %w", c.ID, err)
			}
			c.firstQuarter = workflow.PeriodOf(parseTime(first), true).String()
		}
		rc.firstQuarter = c.firstQuarter
	}
	cal, err := s.Calendar(ctx)
	if err != nil {
		return err
	}
	ds, err := reportDeltas(cal, rc, c.ID, ev.Seq, action, parseTime(ev.At), before, after, ev.Payload)
	if err != nil || len(ds) == 0 {
		return err
	}
	if action == workflow.Submit && c.firstQuarter == "" {
		c.firstQuarter = rc.firstQuarter
	}
	// A loader sums its batch's changes and writes them once at its end:
	// thousands of steps of a bulk load add to the same few rows.
	if ld := loaderOf(ctx, tx); ld != nil {
		for _, u := range ancestors(c.UnitPath) {
			for _, d := range ds {
				ld.reportStage = append(ld.reportStage, countChange{countKey{u, d.dim, d.key}, d.n})
			}
		}
		return nil
	}
	sums := map[countKey]int64{}
	for _, u := range ancestors(c.UnitPath) {
		for _, d := range ds {
			sums[countKey{u, d.dim, d.key}] += d.n
		}
	}
	return upsertCounts(ctx, tx, sums)
}

// countChange is a change to one count that a loader's step made.
type countChange struct {
	k countKey
	n int64
}

type countKey struct{ unit, dim, key string }

// upsertCounts adds sums to proposal_counts, a few hundred rows a statement.
func upsertCounts(ctx context.Context, q querier, sums map[countKey]int64) error {
	var args sqlArgs
	var rows []string
	flush := func() error {
		if len(rows) == 0 {
			return nil
		}
		_, err := q.ExecContext(ctx, `INSERT INTO proposal_counts (unit_id, dim, key, n) VALUES `+strings.Join(rows, ", ")+`
			ON CONFLICT (unit_id, dim, key) DO UPDATE SET n = proposal_counts.n + excluded.n`, args...)
		args, rows = sqlArgs{}, rows[:0]
		return err
	}
	for k, n := range sums {
		if n == 0 {
			continue
		}
		rows = append(rows, "("+args.add(k.unit)+", "+args.add(k.dim)+", "+args.add(k.key)+", "+args.add(n)+")")
		if len(rows) == 200 {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	return flush()
}

// ensureReportCounts counts, once, every step taken before the counts
// were kept: each case's events in order, through reportDeltas.
func (s *Store) ensureReportCounts(ctx context.Context) error {
	if s.reportKept.Load() {
		return nil
	}
	err := s.db.inTx(ctx, func(tx *sql.Tx) error {
		ready, err := reportReady(ctx, tx, s.db.forUpdate())
		if err != nil || ready {
			return err
		}
		cal, err := s.Calendar(ctx)
		if err != nil {
			return err
		}
		var args sqlArgs
		ph := make([]string, len(reportActions))
		for i, a := range reportActions {
			ph[i] = args.add(string(a))
		}
		// The payload only of the events whose payload is read.
		rows, err := tx.QueryContext(ctx, `SELECT p.id, p.unit_path, p.field, e.seq, e.action, e.at, e.state_before, e.state_after,
			CASE WHEN e.action IN (`+strings.Join(ph, ",")+`) THEN e.payload ELSE '' END
			FROM proposals p JOIN events e ON e.proposal_id = p.id ORDER BY p.id, e.seq`, args...)
		if err != nil {
			return err
		}
		sums := map[countKey]int64{}
		var current string
		var units []string
		var rc *reportCase
		for rows.Next() {
			var id, path, field, action, at, before, after, payload string
			var seq int
			if err := rows.Scan(&id, &path, &field, &seq, &action, &at, &before, &after, &payload); err != nil {
				rows.Close()
				return err
			}
			if id != current {
				current, units, rc = id, ancestors(path), &reportCase{field: field}
			}
			ds, err := reportDeltas(cal, rc, id, seq, workflow.Action(action), parseTime(at), workflow.State(before), workflow.State(after), payload)
			if err != nil {
				rows.Close()
				return err
			}
			for _, u := range units {
				for _, d := range ds {
					sums[countKey{u, d.dim, d.key}] += d.n
				}
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if err := upsertCounts(ctx, tx, sums); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE proposal_counts SET n = 1 WHERE unit_id = '' AND dim = 'rq.ready' AND key = ''`)
		return err
	})
	if err == nil {
		s.reportKept.Store(true)
	}
	return err
}

// CountAgainAfterCopy marks the report's counts of a database that rows
// were copied into (damlam migrate-data) as yet to be counted: the copy
// leaves the derived counts behind and bypasses the steps that keep them.
func CountAgainAfterCopy(ctx context.Context, tx *sql.Tx) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM proposal_counts WHERE dim >= 'rq.' AND dim < 'rq/'`); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO proposal_counts (unit_id, dim, key, n) VALUES ('', 'rq.ready', '', 0)`)
	return err
}
