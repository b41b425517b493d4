package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"damlam/internal/calendar"
	"damlam/internal/i18n"
	"damlam/internal/problem"
	"damlam/internal/proof"
	"damlam/internal/workflow"
)

// caseRow is a proposal as stored: the domain's view plus the columns the
// store keeps for itself.
type caseRow struct {
	workflow.Proposal
	Title        string
	Field        string
	DueDate      string
	EscalatedFor string
	VoteRound    int
	ScopeSpent   int64
	LastSeq      int
	Evaluation   string
	UpdatedAt    string
	DecidedAt    string
	// Rules is the case's rule set (nil: none logged, the national set
	// applies); rules its stored canonical JSON.
	Rules *workflow.RuleSet
	rules string
	// rawContent is the stored JSON of Content. An action's load decodes
	// only the implementers (who may act) and leaves the rest to
	// fullContent: decoding the whole proposal on every action was the
	// largest single cost of the action path.
	rawContent  string
	contentFull bool
	// contents decodes rawContent (the Store's cache of decoded contents).
	contents *contentCache
	// lastIndex is the log index of the case's last event, once known
	// (a loader keeps the row between actions).
	lastIndex int64
	lastKnown bool
	// updatedAt is the time of the last change not yet written; dirty
	// marks a row a loader is yet to write.
	updatedAt string
	dirty     bool
	// saved holds the stored values of the columns an action may change,
	// as loaded, so that saveCase writes only what changed.
	saved []any
	// firstQuarter is the quarter of the case's first submission, once
	// read: the report's counts file the case under it (report_counts.go).
	firstQuarter string
}

// fullContent decodes the whole content if the load left it for later.
func (c *caseRow) fullContent() error {
	if c.contentFull {
		return nil
	}
	full, err := c.contents.decode(c.rawContent)
	if err != nil {
		return fmt.Errorf("proposal %s: content: %w", c.ID, err)
	}
	c.Content, c.contentFull = full, true
	return nil
}

const caseColumns = `id, unit_id, unit_path, decider_id, decider_path, proposer_id, title, field, state, version, content,
	COALESCE(source_id, ''), created_at, updated_at, submitted_at, entered_at, reported_at, decided_at, due_date, escalated_for,
	vote_round, scope, scope_index, scope_spent, outside_scope, evaluation, result, outcome, last_seq, rules`

func scanCase(sc interface{ Scan(...any) error }, full bool, contents *contentCache) (*caseRow, error) {
	c := &caseRow{contents: contents}
	var content, created, submitted, entered, reported, scope, state, result, outcome string
	err := sc.Scan(&c.ID, &c.UnitID, &c.UnitPath, &c.DeciderID, &c.DeciderPath, &c.ProposerID, &c.Title, &c.Field, &state, &c.Version, &content,
		&c.SourceID, &created, &c.UpdatedAt, &submitted, &entered, &reported, &c.DecidedAt, &c.DueDate, &c.EscalatedFor,
		&c.VoteRound, &scope, &c.ScopeIndex, &c.ScopeSpent, &c.OutsideScope, &c.Evaluation, &result, &outcome, &c.LastSeq, &c.rules)
	if err != nil {
		return nil, err
	}
	c.State = workflow.State(state)
	c.Result = workflow.Result(result)
	c.Outcome = workflow.Outcome(outcome)
	c.CreatedAt, c.SubmittedAt, c.EnteredAt, c.ReportedAt = parseTime(created), parseTime(submitted), parseTime(entered), parseTime(reported)
	c.rawContent = content
	if c.rules != "" {
		c.Rules = &workflow.RuleSet{}
		if err := json.Unmarshal([]byte(c.rules), c.Rules); err != nil {
			return nil, fmt.Errorf("proposal %s: rules: %w", c.ID, err)
		}
	}
	c.saved = c.savedValues(scope)
	if full {
		if err := c.fullContent(); err != nil {
			return nil, err
		}
	} else if strings.Contains(content, `"implementers"`) {
		var who struct {
			Implementers []string `json:"implementers"`
		}
		if err := json.Unmarshal([]byte(content), &who); err != nil {
			return nil, fmt.Errorf("proposal %s: content: %w", c.ID, err)
		}
		c.Content.Implementers = who.Implementers
	}
	if scope != "" {
		c.Scope = &proof.Scope{}
		if err := json.Unmarshal([]byte(scope), c.Scope); err != nil {
			return nil, fmt.Errorf("proposal %s: scope: %w", c.ID, err)
		}
	}
	return c, nil
}

func (s *Store) loadCase(ctx context.Context, q querier, id string, lock bool) (*caseRow, error) {
	return s.loadCaseAs(ctx, q, id, lock, true)
}

// loadCaseForAction loads and locks a case for an action, leaving its
// content undecoded but for the implementers: call fullContent before
// reading anything else of it.
func (s *Store) loadCaseForAction(ctx context.Context, q querier, id string) (*caseRow, error) {
	return s.loadCaseAs(ctx, q, id, true, false)
}

func (s *Store) loadCaseAs(ctx context.Context, q querier, id string, lock, full bool) (*caseRow, error) {
	query := `SELECT ` + caseColumns + ` FROM proposals WHERE id = $1`
	if lock {
		query += s.db.forUpdate()
	}
	c, err := scanCase(q.QueryRowContext(ctx, query, id), full, s.contents)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, problem.New(problem.NotFound, "proposal_not_found", id)
	}
	return c, err
}

// searchText is what search matches: the folded title, field and contents.
func searchText(c workflow.Content) string {
	return i18n.Fold(strings.Join([]string{c.Title, c.Field, c.Bottleneck.Rule, c.Necessity, c.Purpose, c.Contents, c.ScopeText}, " \n "))
}

// CreateDraft numbers and stores a new draft, if check approves it over
// the facts read in the same transaction (casework.Drafts).
func (s *Store) CreateDraft(ctx context.Context, unitID, proposerID string, content workflow.Content, check workflow.DecideDraft) (string, error) {
	var id string
	err := s.db.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		if id, err = s.createDraftTx(ctx, tx, unitID, proposerID, content, check); err != nil {
			return err
		}
		return claimLogged(ctx, tx, id, -1) // idempotency.go
	})
	return id, err
}

func (s *Store) createDraftTx(ctx context.Context, tx *sql.Tx, unitID, proposerID string, content workflow.Content, check workflow.DecideDraft) (string, error) {
	path, err := unitPath(ctx, tx, unitID)
	if err != nil {
		return "", err
	}
	f := workflow.DraftFacts{UnitKnown: path != "", UnitPath: path}
	if f.UnknownPeople, f.PeopleSeats, err = unknownPeople(ctx, tx, content.Implementers); err != nil {
		return "", err
	}
	if err := check(nil, f); err != nil {
		return "", err
	}
	if err := resolveBasis(ctx, tx, &content); err != nil { // instruments.go
		return "", err
	}
	id, err := s.nextProposalID(ctx, tx)
	if err != nil {
		return "", err
	}
	return id, s.insertProposal(ctx, tx, id, unitID, path, proposerID, content, "")
}

func (s *Store) insertProposal(ctx context.Context, tx querier, id, unitID, path, proposerID string, content workflow.Content, source string) error {
	body, err := json.Marshal(content)
	if err != nil {
		return err
	}
	now := fmtTime(s.now())
	var src any
	if source != "" {
		src = source
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO proposals (id, unit_id, unit_path, decider_id, decider_path, proposer_id, title, field, state, version,
		content, search_fold, source_id, created_at, updated_at, entered_at)
		VALUES ($1, $2, $3, $2, $3, $4, $5, $6, $7, 0, $8, $9, $10, $11, $11, $11)`,
		id, unitID, path, proposerID, content.Title, content.Field, string(workflow.Draft), string(body), searchText(content), src, now)
	if err != nil {
		return err
	}
	return writeImplementers(ctx, tx, id, content.Implementers, false)
}

// writeImplementers makes the proposal_implementers rows of case id the
// people its content names (replacing what an earlier content named,
// unless the case is new): the index an implementer's inbox reads.
func writeImplementers(ctx context.Context, tx querier, id string, people []string, replace bool) error {
	if replace {
		if _, err := tx.ExecContext(ctx, `DELETE FROM proposal_implementers WHERE proposal_id = $1`, id); err != nil {
			return err
		}
	}
	for _, person := range implementerSet(people) {
		if _, err := tx.ExecContext(ctx, `INSERT INTO proposal_implementers (proposal_id, person_id) VALUES ($1, $2)`, id, person); err != nil {
			return err
		}
	}
	return nil
}

// implementerSet is people once each, sorted: a plan may name someone twice.
func implementerSet(people []string) []string {
	out := slices.Clone(people)
	slices.Sort(out)
	return slices.Compact(out)
}

// unknownPeople are the indexes of the ids no person has, and the unit
// paths each of the others is seated in.
func unknownPeople(ctx context.Context, q querier, ids []string) ([]int, [][]string, error) {
	var out []int
	seats := make([][]string, len(ids))
	for i, id := range ids {
		var n int
		if err := q.QueryRowContext(ctx, `SELECT count(*) FROM people WHERE id = $1`, id).Scan(&n); err != nil {
			return nil, nil, err
		}
		if n == 0 {
			out = append(out, i)
			continue
		}
		rows, err := q.QueryContext(ctx, `SELECT u.path FROM positions s JOIN units u ON u.id = s.unit_id WHERE s.person_id = $1 ORDER BY u.path`, id)
		if err != nil {
			return nil, nil, err
		}
		for rows.Next() {
			var path string
			if err := rows.Scan(&path); err != nil {
				rows.Close()
				return nil, nil, err
			}
			seats[i] = append(seats[i], path)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, nil, err
		}
	}
	return out, seats, nil
}

func (s *Store) nextProposalID(ctx context.Context, tx querier) (string, error) {
	year := calendar.DateOf(s.now()).Year
	name := fmt.Sprintf("proposal:%d", year)
	var n int64
	err := tx.QueryRowContext(ctx, `INSERT INTO counters (name, value) VALUES ($1, 1)
		ON CONFLICT (name) DO UPDATE SET value = counters.value + 1 RETURNING value`, name).Scan(&n)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("DX-%d-%06d", year, n), nil
}

// EditDraft replaces case id's content, if check approves it over the
// case as the transaction holds it (casework.Drafts).
func (s *Store) EditDraft(ctx context.Context, id string, content workflow.Content, check workflow.DecideDraft) error {
	return s.db.inTx(ctx, func(tx *sql.Tx) error {
		c, err := s.loadCase(ctx, tx, id, true)
		if err != nil {
			return err
		}
		f := workflow.DraftFacts{UnitKnown: true, UnitPath: c.UnitPath}
		if f.UnknownPeople, f.PeopleSeats, err = unknownPeople(ctx, tx, content.Implementers); err != nil {
			return err
		}
		if err := check(&c.Proposal, f); err != nil {
			return err
		}
		if err := resolveBasis(ctx, tx, &content); err != nil { // instruments.go
			return err
		}
		body, err := json.Marshal(content)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE proposals SET content = $1, title = $2, field = $3, search_fold = $4, updated_at = $5 WHERE id = $6`,
			string(body), content.Title, content.Field, searchText(content), fmtTime(s.now()), id)
		if err != nil {
			return err
		}
		return writeImplementers(ctx, tx, id, content.Implementers, true)
	})
}
