package sqlstore

import (
	"context"
	"strings"

	"damlam/internal/calendar"
	"damlam/internal/i18n"
	"damlam/internal/org"
	"damlam/internal/workflow"
)

// ListTotal counts the proposals List returns for f over all its pages
// (f.After and f.Limit aside). When the reader's view is whole subtrees
// and f asks for at most one of a state and a field, the counts the
// database keeps answer it (counts.go: a few rows whatever the number of
// proposals); otherwise one count over the same terms List reads. A word
// search is not counted (ok false): counting its matches would read every
// document holding the words, where a page stops at fifty.
func (s *Store) ListTotal(ctx context.Context, actor *org.Person, f ListFilter) (total int, ok bool, err error) {
	if len(i18n.FoldedWords(f.Q)) > 0 {
		return 0, false, nil
	}
	if !f.Overdue && (f.State == "" || f.Field == "") {
		roots, whole, err := s.wholeSubtrees(ctx, actor, f.Unit)
		if err != nil {
			return 0, false, err
		}
		if whole {
			for _, root := range roots {
				a := ancestors(root)
				c, err := s.SubtreeCounts(ctx, a[len(a)-1])
				if err != nil {
					return 0, false, err
				}
				switch {
				case f.State != "":
					total += c.ByState[workflow.State(f.State)]
				case f.Field != "":
					total += c.ByField[f.Field]
				default:
					total += c.Total
				}
			}
			return total, true, nil
		}
	}
	narrow, err := s.narrow(ctx, actor)
	if err != nil {
		return 0, false, err
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
