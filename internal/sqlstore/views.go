package sqlstore

import (
	"context"
	"encoding/json"
	"time"

	"damlam/internal/calendar"
	"damlam/internal/i18n"
	"damlam/internal/org"
	"damlam/internal/problem"
	"damlam/internal/proof"
	"damlam/internal/workflow"
)

// ProposalView is a case as its reader sees it: the record, what is due,
// what the reader may do now, and the whole history.
type ProposalView struct {
	ID              string            `json:"id"`
	Title           string            `json:"title"`
	Field           string            `json:"field"`
	State           workflow.State    `json:"state"`
	StateLabel      i18n.Message      `json:"state_label"`
	UnitID          string            `json:"unit_id"`
	UnitName        string            `json:"unit_name"`
	DeciderID       string            `json:"decider_unit_id"`
	DeciderName     string            `json:"decider_unit_name"`
	Proposer        PersonRef         `json:"proposer"`
	Version         int               `json:"version"`
	Content         workflow.Content  `json:"content"`
	CreatedAt       time.Time         `json:"created_at"`
	SubmittedAt     time.Time         `json:"submitted_at,omitzero"`
	StateEnteredAt  time.Time         `json:"state_entered_at"`
	DueDate         string            `json:"due_date,omitempty"`
	WorkingDaysLeft *int              `json:"working_days_left,omitempty"`
	Overdue         bool              `json:"overdue"`
	ApprovedScope   *proof.Scope      `json:"approved_scope,omitempty"`
	ScopeLogIndex   int64             `json:"approved_scope_log_index"`
	ScopeSpentVND   int64             `json:"scope_spent_vnd"`
	OutsideScope    int               `json:"outside_scope_actions"`
	Result          workflow.Result   `json:"result,omitempty"`
	Protection      workflow.Outcome  `json:"protection,omitempty"`
	AllowedActions  []ActionRef       `json:"allowed_actions"`
	Minutes         *workflow.Minutes `json:"minutes,omitempty"`
	History         []EventView       `json:"history"`
	// Obstacles and Violations are what resolve_obstacle and
	// correct_violation refer to, each by its id (workflow.Listed).
	Obstacles   []workflow.ListedObstacle  `json:"obstacles"`
	Violations  []workflow.ListedViolation `json:"violations"`
	Versions    []VersionView              `json:"versions"`
	Attachments []Attachment               `json:"attachments"`
	SourceID    string                     `json:"source_id,omitempty"`
	Replicas    []string                   `json:"replicas,omitempty"`
	// Rules is the rule set the case follows, fixed by its first
	// submission; absent before it (and for a case submitted before
	// cases logged theirs: the national set).
	Rules *workflow.RuleSet `json:"rules,omitempty"`
	// RulesSHA256 is its digest, as the case's leaves carry it.
	RulesSHA256 string `json:"rules_sha256,omitempty"`
}

// PersonRef names a person.
type PersonRef = workflow.PersonRef

// ActionRef is an action the reader may take now.
type ActionRef = workflow.ActionRef

// EventView is one line of the history.
type EventView = workflow.Line

// VersionView is one submitted version of the content.
type VersionView struct {
	Version   int              `json:"version"`
	CreatedAt time.Time        `json:"created_at"`
	Content   workflow.Content `json:"content"`
	// Changed lists the fields that differ from the previous version.
	Changed []string `json:"changed,omitempty"`
}

// Proposal returns the view of one case, if actor may read it.
func (s *Store) Proposal(ctx context.Context, actor *org.Person, id string) (*ProposalView, error) {
	c, err := s.loadCase(ctx, s.db, id, false)
	if err != nil {
		return nil, err
	}
	if !workflow.CanRead(actor, &c.Proposal) {
		return nil, problem.New(problem.NotFound, "proposal_not_found", id)
	}
	return s.view(ctx, actor, c)
}

// afterAction is what an action's transaction knows of its case once it
// has committed: the row as written and the event it recorded.
type afterAction struct {
	row   *caseRow
	event EventView
}

// view builds the view of c for actor.
func (s *Store) view(ctx context.Context, actor *org.Person, c *caseRow) (*ProposalView, error) {
	v := &ProposalView{
		ID: c.ID, Title: c.Title, Field: c.Field, State: c.State, StateLabel: c.State.Label(),
		UnitID: c.UnitID, DeciderID: c.DeciderID, Version: c.Version, Content: c.Content,
		CreatedAt: c.CreatedAt, SubmittedAt: c.SubmittedAt, StateEnteredAt: c.EnteredAt, DueDate: c.DueDate,
		ApprovedScope: c.Scope, ScopeLogIndex: c.ScopeIndex, ScopeSpentVND: c.ScopeSpent, OutsideScope: c.OutsideScope,
		Rules:  c.Rules,
		Result: c.Result, Protection: c.Outcome, SourceID: c.SourceID,
		AllowedActions: []ActionRef{}, History: []EventView{}, Obstacles: []workflow.ListedObstacle{}, Violations: []workflow.ListedViolation{}, Versions: []VersionView{},
	}
	if c.Rules != nil {
		v.RulesSHA256 = c.Rules.Digest()
	}
	q := s.db
	// Names from what lists keep (names.go): three queries fewer.
	units, err := s.unitNamesByID(ctx)
	if err != nil {
		return nil, err
	}
	v.UnitName, v.DeciderName = units[c.UnitID], units[c.DeciderID]
	if v.UnitName == "" { // created by another instance within unitsTTL
		_ = q.QueryRowContext(ctx, `SELECT name FROM units WHERE id = $1`, c.UnitID).Scan(&v.UnitName)
	}
	if v.DeciderName == "" {
		_ = q.QueryRowContext(ctx, `SELECT name FROM units WHERE id = $1`, c.DeciderID).Scan(&v.DeciderName)
	}
	v.Proposer.ID = c.ProposerID
	if v.Proposer.Name, err = s.personName(ctx, c.ProposerID); err != nil {
		return nil, err
	}
	if c.DueDate != "" {
		cal, err := s.Calendar(ctx)
		if err != nil {
			return nil, err
		}
		due, _ := calendar.ParseDate(c.DueDate)
		today := calendar.DateOf(s.now())
		left := cal.WorkingDaysBetween(today, due)
		v.WorkingDaysLeft = &left
		v.Overdue = due.Before(today)
	}
	v.AllowedActions = workflow.AllowedRefs(actor, &c.Proposal)
	if c.State == workflow.CollectiveReview || c.VoteRound > 0 {
		m, err := s.minutes(ctx, q, c)
		if err != nil {
			return nil, err
		}
		v.Minutes = &m
	}
	if v.History, err = s.caseHistory(ctx, c.ID, c.LastSeq); err != nil {
		return nil, err
	}
	v.Obstacles, v.Violations = workflow.Listed(c.ID, v.History)
	if v.Versions, err = s.versionsIn(ctx, q, c.ID); err != nil {
		return nil, err
	}
	if v.Attachments, err = s.attachmentsIn(ctx, q, c.ID); err != nil {
		return nil, err
	}
	v.Replicas, err = replicas(ctx, q, c.ID)
	return v, err
}

func (s *Store) versionsIn(ctx context.Context, q querier, id string) ([]VersionView, error) {
	rows, err := q.QueryContext(ctx, `SELECT version, created_at, content FROM proposal_versions WHERE proposal_id = $1 ORDER BY version`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []VersionView{}
	var prev string // the previous version's JSON
	for rows.Next() {
		var v VersionView
		var at, content string
		if err := rows.Scan(&v.Version, &at, &content); err != nil {
			return nil, err
		}
		v.CreatedAt = parseTime(at)
		if v.Content, err = s.contents.decode(content); err != nil {
			return nil, err
		}
		// Compare with the previous version only when there is one (most
		// cases have a single version).
		if prev != "" {
			var a, b map[string]any
			_ = json.Unmarshal([]byte(prev), &a)
			_ = json.Unmarshal([]byte(content), &b)
			v.Changed = changedKeys(a, b, "")
		}
		prev = content
		out = append(out, v)
	}
	return out, rows.Err()
}

// changedKeys lists the dotted paths whose values differ between a and b.
func changedKeys(a, b map[string]any, prefix string) []string {
	var out []string
	seen := map[string]bool{}
	for _, m := range []map[string]any{a, b} {
		for k := range m {
			if seen[k] {
				continue
			}
			seen[k] = true
			av, bv := a[k], b[k]
			am, aok := av.(map[string]any)
			bm, bok := bv.(map[string]any)
			if aok && bok {
				out = append(out, changedKeys(am, bm, prefix+k+".")...)
				continue
			}
			ab, _ := json.Marshal(av)
			bb, _ := json.Marshal(bv)
			if string(ab) != string(bb) {
				out = append(out, prefix+k)
			}
		}
	}
	sortStrings(out)
	return out
}
