package sqlstore

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"damlam/internal/calendar"
	"damlam/internal/i18n"
	"damlam/internal/org"
	"damlam/internal/workflow"
)

// ListFilter narrows a list of proposals.
type ListFilter struct {
	Unit    string // a unit id: the unit and its subtree
	State   string
	Field   string
	Q       string // words, matched without diacritics or case
	Overdue bool
	Limit   int
	After   string // keyset: ids below this one (ids sort by year and number)
	// Texts asks for each proposal's searchable text as written
	// (ProposalSummary.Text), for the search page's excerpts: read with
	// the row rather than by a second query over the page's ids.
	Texts bool
}

// ProposalSummary is a proposal in a list.
type ProposalSummary struct {
	ID         string         `json:"id"`
	Title      string         `json:"title"`
	Field      string         `json:"field"`
	State      workflow.State `json:"state"`
	StateLabel i18n.Message   `json:"state_label"`
	UnitID     string         `json:"unit_id"`
	UnitName   string         `json:"unit_name"`
	Proposer   string         `json:"proposer"`
	DueDate    string         `json:"due_date,omitempty"`
	Overdue    bool           `json:"overdue"`
	UpdatedAt  string         `json:"updated_at"`
	// Snippet is a folded passage around the first word searched for;
	// left empty when Texts was asked for (the caller cuts its own).
	Snippet string `json:"snippet,omitempty"`
	// Text is what SearchTexts returns for the proposal, if asked for.
	Text string `json:"-"`
}

// sqlArgs builds a parameter list as it builds the query.
type sqlArgs []any

func (a *sqlArgs) add(v any) string {
	*a = append(*a, v)
	return fmt.Sprintf("$%d", len(*a))
}

// visibleTo is the WHERE clause restricting proposals to what actor reads.
func visibleTo(dialect string, actor *org.Person, args *sqlArgs) string {
	subtrees, exact := actor.ReadScopes()
	conds := []string{"p.proposer_id = " + args.add(actor.ID)}
	for _, st := range subtrees {
		conds = append(conds, under(dialect, "p.unit_path", st, args), under(dialect, "p.decider_path", st, args))
	}
	for _, ex := range exact {
		ph := args.add(ex)
		conds = append(conds, "p.unit_path = "+ph, "p.decider_path = "+ph)
	}
	return "(" + strings.Join(conds, " OR ") + ")"
}

// under is the condition that column col holds path (ending in "/") or a
// path below it. On SQLite a LIKE ignored case, and its pattern, a bound
// value, made SQLite plan the whole statement again at every run (its
// re-preparation was a tenth of the list page's CPU). A range of the binary
// order says exactly "begins with path"; the unary + keeps it, as LIKE was,
// off the path indexes, so that a wide reader's list still walks proposals
// newest first and stops after a page. PostgreSQL orders text by the
// database's collation, where a range is no prefix: there it stays a LIKE,
// which PostgreSQL matches with case.
func under(dialect, col, path string, args *sqlArgs) string {
	if dialect == SQLite {
		return "(+" + col + " >= " + args.add(path) + " AND +" + col + " < " + args.add(pathEnd(path)) + ")"
	}
	return col + " LIKE " + args.add(likePrefix(path)) + " ESCAPE '\\'"
}

// List returns the proposals actor may read that match f, newest first.
func (s *Store) List(ctx context.Context, actor *org.Person, f ListFilter) ([]ProposalSummary, error) {
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	narrow, err := s.narrow(ctx, actor)
	if err != nil {
		return nil, err
	}
	var args sqlArgs
	where := []string{visibleTo(s.db.Dialect, actor, &args)}
	if narrow {
		args = nil
		where = []string{visibleByIndex(actor, &args)}
	}
	if f.Unit != "" {
		path, err := s.keptUnitPath(ctx, f.Unit)
		if err != nil {
			return nil, err
		}
		if narrow {
			// Not through an index (the unary +): the reader's few
			// proposals come from the visibility terms' indexes.
			where = append(where, "+p.unit_path >= "+args.add(path)+" AND +p.unit_path < "+args.add(pathEnd(path)))
		} else {
			where = append(where, under(s.db.Dialect, "p.unit_path", path, &args))
		}
	}
	if f.State != "" {
		where = append(where, "p.state = "+args.add(f.State))
	}
	if f.Field != "" {
		where = append(where, "p.field = "+args.add(f.Field))
	}
	if f.Overdue {
		where = append(where, "p.due_date > '' AND p.due_date < "+args.add(calendar.DateOf(s.now()).String()))
	}
	words := i18n.FoldedWords(f.Q)
	if len(words) > 0 && s.db.Dialect == SQLite && !narrow {
		return s.searchWords(ctx, where, args, words, f)
	}
	if len(words) > 0 && narrow {
		return s.searchFew(ctx, where, args, words, f)
	}
	for _, w := range words {
		where = append(where, "p.search_fold LIKE "+args.add("%"+escapeLike(w)+"%")+" ESCAPE '\\'")
	}
	if f.After != "" {
		where = append(where, "p.id < "+args.add(f.After))
	}
	query := `SELECT ` + summaryColumns(f.Texts, len(words) > 0) + `
		FROM proposals p
		WHERE ` + strings.Join(where, " AND ") + ` ORDER BY p.id DESC LIMIT ` + args.add(f.Limit)
	return s.summariesWhere(ctx, query, args, words, nil, true)
}

// summaryColumns are the columns a list's summaries are scanned from: the
// folded text (for Snippet and narrow filters) if fold, else an empty
// string; the last is the text excerpts are cut from, if asked for. A list
// without words needs neither: reading them copied half a kilobyte a row.
func summaryColumns(texts, fold bool) string {
	text, folded := "''", "''"
	if texts {
		text = "p.content"
	}
	if fold {
		folded = "p.search_fold"
	}
	return "p.id, p.title, p.field, p.state, p.unit_id, p.proposer_id, p.due_date, p.updated_at, " + folded + ", " + text
}

// searchWords answers a search on SQLite from the word index (migration
// 00010): each word matches the words it begins, in any order; matches come
// newest first from the index itself, so a page costs the same whether a
// word is in ten proposals or in half a million.
func (s *Store) searchWords(ctx context.Context, where []string, args sqlArgs, words []string, f ListFilter) ([]ProposalSummary, error) {
	where = append(where, "proposal_search MATCH "+args.add(ftsQuery(words)))
	if f.After != "" {
		where = append(where, "proposal_search.rowid < (SELECT doc FROM proposal_search_docs WHERE proposal_id = "+args.add(f.After)+")")
	}
	// The search page (Texts) cuts its own excerpt from the text as
	// written: the folded text, for Snippet, is read only for others.
	query := `SELECT ` + summaryColumns(f.Texts, !f.Texts) + `
		FROM proposal_search JOIN proposal_search_docs d ON d.doc = proposal_search.rowid JOIN proposals p ON p.id = d.proposal_id
		WHERE ` + strings.Join(where, " AND ") + ` ORDER BY proposal_search.rowid DESC LIMIT ` + args.add(f.Limit)
	return s.summariesWhere(ctx, query, args, words, nil, true)
}

// ftsQuery asks the word index for every word as the start of a word.
func ftsQuery(words []string) string {
	terms := make([]string, len(words))
	for i, w := range words {
		terms[i] = `"` + w + `"*` // folded words hold only letters and digits
	}
	return strings.Join(terms, " ")
}

func (s *Store) summaries(ctx context.Context, query string, args sqlArgs, words []string) ([]ProposalSummary, error) {
	return s.summariesWhere(ctx, query, args, words, nil, false)
}

// summariesWhere keeps the rows that keep accepts, given their id and
// folded text (all if keep is nil). With texts, the query has a tenth
// column (summaryColumns): the content, from which Text is made, or an
// empty string.
func (s *Store) summariesWhere(ctx context.Context, query string, args sqlArgs, words []string, keep func(id, fold string) bool, texts bool) ([]ProposalSummary, error) {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	today := calendar.DateOf(s.now()).String()
	// A list page's fifty summaries were grown by appending from nothing,
	// and each row's scan targets allocated afresh: a fifth of the list
	// page's garbage. The targets are the fields of one reused summary.
	out := make([]ProposalSummary, 0, 16)
	var p ProposalSummary
	var state, fold, content string
	// Proposer holds the proposer's id until fillNames puts the name.
	dest := []any{&p.ID, &p.Title, &p.Field, &state, &p.UnitID, &p.Proposer, &p.DueDate, &p.UpdatedAt, &fold}
	if texts {
		dest = append(dest, &content)
	}
	for rows.Next() {
		p, content = ProposalSummary{}, ""
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		if keep != nil && !keep(p.ID, fold) {
			continue
		}
		if content != "" {
			p.Text = s.contents.excerpt(content)
		}
		p.State = workflow.State(state)
		p.StateLabel = p.State.Label()
		p.Overdue = p.DueDate != "" && p.DueDate < today
		if len(words) > 0 {
			p.Snippet = snippet(fold, words[0])
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	return out, s.fillNames(ctx, out)
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// snippet is a short folded excerpt around the first match.
func snippet(fold, word string) string {
	i := strings.Index(fold, word)
	if i < 0 {
		return ""
	}
	start, end := max(0, i-60), min(len(fold), i+len(word)+60)
	for start > 0 && fold[start]&0xC0 == 0x80 {
		start--
	}
	for end < len(fold) && fold[end]&0xC0 == 0x80 {
		end++
	}
	return strings.TrimSpace(fold[start:end])
}

func sortStrings(s []string) { sort.Strings(s) }
