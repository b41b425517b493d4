package sqlstore

import (
	"context"
	"strings"

	"damlam/internal/calendar"
	"damlam/internal/i18n"
	"damlam/internal/org"
)

// ListTotal counts the proposals List returns for f over all its pages
// (f.After and f.Limit aside). When the reader's view is whole subtrees
// and f asks for at most one of a state and a field, the counts the
// database keeps answer it (counts.go: a few rows whatever the number of
// proposals); for a reader who sees few proposals, one count over the same
// terms List reads. Otherwise ok is false: a word search, or overdue or a
// state with a field over whole subtrees, would be counted over every
// matching row, where a page stops at fifty.
func (s *Store) ListTotal(ctx context.Context, actor *org.Person, f ListFilter) (total int, ok bool, err error) {
	if len(i18n.FoldedWords(f.Q)) > 0 {
		return 0, false, nil
	}
	if !f.Overdue && (f.State == "" || f.Field == "") {
		roots, whole, err := s.wholeSubtrees(ctx, actor, "")
		if err != nil {
			return 0, false, err
		}
		if whole && f.Unit != "" {
			// Narrowed to a unit: the subtree of that unit inside the
			// view, or the parts of the view below it.
			path, err := s.keptUnitPath(ctx, f.Unit)
			if err != nil {
				return 0, false, err
			}
			var in []string
			for _, r := range roots {
				switch {
				case org.Within(path, r):
					in = []string{path}
				case org.Within(r, path):
					in = append(in, r)
				}
				if len(in) == 1 && in[0] == path {
					break
				}
			}
			roots = in
		}
		if whole {
			for _, root := range roots {
				a := ancestors(root)
				n, err := s.keptCount(ctx, a[len(a)-1], f)
				if err != nil {
					return 0, false, err
				}
				total += n
			}
			return total, true, nil
		}
	}
	narrow, err := s.narrow(ctx, actor)
	if err != nil {
		return 0, false, err
	}
	// Counting row by row is cheap only for a reader who sees few
	// proposals (their visibility terms use indexes); over whole provinces
	// it would cost many pages' time, and the list says has_more only.
	if subtrees, _ := actor.ReadScopes(); !narrow && len(subtrees) > 0 {
		return 0, false, nil
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
			return 0, false, err
		}
		where = append(where, under(s.db.Dialect, "p.unit_path", path, &args))
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
	err = s.db.QueryRowContext(ctx, `SELECT count(*) FROM proposals p WHERE `+strings.Join(where, " AND "), args...).Scan(&total)
	return total, err == nil, err
}

// keptCount is the kept count of the subtree at unitID for f's state or
// field, or of all its proposals.
func (s *Store) keptCount(ctx context.Context, unitID string, f ListFilter) (int, error) {
	var args sqlArgs
	cond := "dim = 'srs'"
	switch {
	case f.State != "":
		cond += " AND key LIKE " + args.add(likePrefix(f.State+"|")) + " ESCAPE '\\'"
	case f.Field != "":
		cond = "dim = 'field' AND key = " + args.add(f.Field)
	}
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT COALESCE(sum(n), 0) FROM proposal_counts WHERE unit_id = `+args.add(unitID)+` AND `+cond, args...).Scan(&n)
	return n, err
}
