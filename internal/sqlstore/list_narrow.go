package sqlstore

import (
	"context"
	"strconv"
	"strings"
	"unicode"

	"damlam/internal/org"
)

// Lists come newest first. For a reader who sees much of the country (an
// inspector, a province's head), walking proposals from the newest and
// keeping the visible ones fills a page after a few dozen rows. For a
// reader who sees a ward, that walk reads thousands of rows per match: at
// a million proposals, half a second. Such readers are served from the
// indexes on unit_path, decider_path and proposer_id instead, and their
// few hundred proposals sorted.

// narrow reports whether actor's view is a small share of all proposals,
// from the counts the database keeps. Only SQLite: a prefix range on a
// path is a LIKE that PostgreSQL plans by itself.
func (s *Store) narrow(ctx context.Context, actor *org.Person) (bool, error) {
	if s.db.Dialect != SQLite {
		return false, nil
	}
	return kept(ctx, s, "narrow|"+strconv.FormatInt(s.narrowShare, 10)+"|"+personKey(actor), func() (bool, error) { return s.narrowNow(ctx, actor) })
}

func (s *Store) narrowNow(ctx context.Context, actor *org.Person) (bool, error) {
	subtrees, exact := actor.ReadScopes()
	var args sqlArgs
	var ids []string
	for _, p := range append(subtrees, exact...) {
		if a := ancestors(p); len(a) > 0 {
			ids = append(ids, args.add(a[len(a)-1]))
		}
	}
	var seen, all int64
	if len(ids) > 0 {
		if err := s.db.QueryRowContext(ctx, `SELECT COALESCE(sum(n), 0) FROM proposal_counts WHERE dim = 'outcome' AND unit_id IN (`+
			strings.Join(ids, ",")+`)`, args...).Scan(&seen); err != nil {
			return false, err
		}
	}
	if err := s.db.QueryRowContext(ctx, `SELECT COALESCE(sum(c.n), 0) FROM units u JOIN proposal_counts c ON c.unit_id = u.id AND c.dim = 'outcome'
		WHERE u.parent_id IS NULL`).Scan(&all); err != nil {
		return false, err
	}
	return seen*s.narrowShare < all, nil
}

// visibleByIndex is visibleTo with each subtree as a range of paths, which
// SQLite answers from an index (a LIKE on a case-sensitive column it
// does not); every term has an index, so it reads the union of them.
func visibleByIndex(actor *org.Person, args *sqlArgs) string {
	subtrees, exact := actor.ReadScopes()
	conds := []string{"p.proposer_id = " + args.add(actor.ID)}
	for _, st := range subtrees {
		lo, hi := args.add(st), args.add(pathEnd(st))
		conds = append(conds, "(p.unit_path >= "+lo+" AND p.unit_path < "+hi+")", "(p.decider_path >= "+lo+" AND p.decider_path < "+hi+")")
	}
	for _, ex := range exact {
		ph := args.add(ex)
		conds = append(conds, "p.unit_path = "+ph, "p.decider_path = "+ph)
	}
	return "(" + strings.Join(conds, " OR ") + ")"
}

// pathEnd is the first string after every path below p ("/VN/HCM/" gives
// "/VN/HCM0": '0' follows '/').
func pathEnd(p string) string { return strings.TrimSuffix(p, "/") + "0" }

// searchFew answers a search for a reader who sees few proposals: their
// proposals, newest first, are read through the indexes in pages and
// tested here, word by word, the way the word index would match them
// (each query word begins a word of the text). Asking the word index
// instead would read every document holding the words, however few of
// them the reader may see.
func (s *Store) searchFew(ctx context.Context, where []string, args sqlArgs, words []string, f ListFilter) ([]ProposalSummary, error) {
	const page = 200
	keep := func(fold string) bool {
		tokens := strings.FieldsFunc(fold, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		for _, w := range words {
			found := false
			for _, t := range tokens {
				if strings.HasPrefix(t, w) {
					found = true
					break
				}
			}
			if !found {
				return false
			}
		}
		return true
	}
	var out []ProposalSummary
	after := f.After
	for {
		qargs := append(sqlArgs{}, args...)
		cond := append([]string{}, where...)
		if after != "" {
			cond = append(cond, "p.id < "+qargs.add(after))
		}
		query := `SELECT ` + summaryColumns(f.Texts, true) + `
			FROM proposals p
			WHERE ` + strings.Join(cond, " AND ") + ` ORDER BY p.id DESC LIMIT ` + qargs.add(page)
		// The next page starts after the last row read, matched or not.
		read := 0
		got, err := s.summariesWhere(ctx, query, qargs, words, func(id, fold string) bool {
			read++
			after = id
			return keep(fold)
		}, true)
		if err != nil {
			return nil, err
		}
		out = append(out, got...)
		if len(out) >= f.Limit {
			return out[:f.Limit], nil
		}
		if read < page {
			return out, nil
		}
	}
}
