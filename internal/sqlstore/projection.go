package sqlstore

import (
	"encoding/json"
	"fmt"

	"damlam/internal/calendar"
	"damlam/internal/workflow"
)

// projectedColumn is one column of a proposals row next to what the case's
// events derive for it.
type projectedColumn struct {
	name      string
	got, want any // compared as fmt.Sprint prints them
	// write is what a repair stores when got and want differ: want, unless
	// the column's stored form is not its compared form.
	write any
}

func (p projectedColumn) differs() bool { return fmt.Sprint(p.got) != fmt.Sprint(p.want) }

// derivedColumns is the one rule of which columns of a proposals row
// follow from the case's events, and how: the audit reports every column
// that differs, and the repair writes what it lists, so a repaired row
// audits clean by construction. rec is the replay of the case's events;
// logged says whether it has any (a case created before events were
// logged keeps its own entry time).
func derivedColumns(c *caseRow, rec workflow.Record, logged bool, paths map[string]string, cal *calendar.Calendar) []projectedColumn {
	var cols []projectedColumn
	add := func(name string, got, want any) {
		cols = append(cols, projectedColumn{name: name, got: got, want: want, write: want})
	}
	unit := c.UnitID
	if rec.UnitID != "" {
		add("unit_id", c.UnitID, rec.UnitID)
		unit = rec.UnitID
	}
	if rec.ProposerID != "" {
		add("proposer_id", c.ProposerID, rec.ProposerID)
	}
	var source any // NULL, not '': the column references proposals
	if rec.SourceID != "" {
		source = rec.SourceID
	}
	cols = append(cols, projectedColumn{name: "source_id", got: c.SourceID, want: rec.SourceID, write: source})
	add("unit_path", c.UnitPath, paths[unit])
	decider := rec.DeciderID
	if decider == "" {
		decider = unit // a draft is decided where it was written
	}
	add("decider_id", c.DeciderID, decider)
	add("decider_path", c.DeciderPath, paths[decider])
	add("state", string(c.State), string(rec.State))
	add("last_seq", c.LastSeq, rec.LastSeq)
	add("version", c.Version, rec.Version)
	add("submitted_at", fmtTime(c.SubmittedAt), fmtTime(rec.SubmittedAt))
	entered := c.EnteredAt
	if logged && !rec.EnteredAt.IsZero() {
		entered = rec.EnteredAt
	}
	add("entered_at", fmtTime(c.EnteredAt), fmtTime(entered))
	add("reported_at", fmtTime(c.ReportedAt), fmtTime(rec.ReportedAt))
	add("decided_at", c.DecidedAt, fmtTime(rec.DecidedAt))
	add("escalated_for", c.EscalatedFor, fmtTime(rec.EscalatedFor))
	add("vote_round", c.VoteRound, rec.VoteRound)
	scope, want := "", ""
	if c.Scope != nil {
		scope = string(c.Scope.Canonical())
	}
	if rec.Scope != nil {
		want = string(rec.Scope.Canonical())
	}
	add("scope", scope, want)
	add("scope_index", c.ScopeIndex, rec.ScopeIndex)
	add("scope_spent", c.ScopeSpent, rec.ScopeSpent)
	add("outside_scope", c.OutsideScope, rec.OutsideScope)
	// Evaluations compare as canonical JSON, whatever their spacing; the
	// repair writes the fold's own encoding.
	evaluation := ""
	if rec.Evaluation != nil {
		b, _ := json.Marshal(rec.Evaluation)
		evaluation = string(b)
	}
	cols = append(cols, projectedColumn{name: "evaluation", got: canonicalJSON(c.Evaluation), want: canonicalEvaluation(rec.Evaluation), write: evaluation})
	add("result", string(c.Result), string(rec.Result))
	add("outcome", string(c.Outcome), string(rec.Outcome))
	rules := ""
	if rec.Rules != nil {
		rules = string(rec.Rules.Canonical())
	}
	add("rules", c.rules, rules)

	// The due date follows from the state, its anchors and the calendar:
	// one moved by hand makes a case overdue, or hides it.
	p := *c
	p.Proposal.State, p.SubmittedAt, p.EnteredAt, p.ReportedAt, p.Scope = rec.State, rec.SubmittedAt, entered, rec.ReportedAt, rec.Scope
	due := ""
	if d, ok := workflow.DueDateUnder(cal, rec.Rules, rec.State, p.anchors()); ok {
		due = d.String()
	}
	add("due_date", c.DueDate, due)
	return cols
}
