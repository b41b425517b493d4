package sqlstore

import (
	"context"
	"slices"
	"sort"
	"strings"

	"damlam/internal/calendar"
	"damlam/internal/org"
	"damlam/internal/workflow"
)

// dashboardFromCounts builds the dashboard from the counts the database
// keeps (counts.go) when what the reader may see is whole subtrees: a few
// dozen rows to read whatever the number of proposals, where grouping the
// proposals themselves takes seconds at a country's million. ok is false
// when the reader's view is not whole subtrees (a staff member who sees
// their own unit's cases, say); Dashboard then groups the rows.
//
// Units are counted by the subtrees directly below the scope (provinces
// for the country, wards and departments for a province).
func (s *Store) dashboardFromCounts(ctx context.Context, actor *org.Person, unitID string) (*Dashboard, bool, error) {
	roots, ok, err := s.wholeSubtrees(ctx, actor, unitID)
	if err != nil || !ok {
		return nil, false, err
	}
	if err := s.ensureDecisionDays(ctx); err != nil {
		return nil, false, err
	}
	d := &Dashboard{}
	byState := map[workflow.State]int{}
	byField, pilots, outcomes, byUnit := map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}
	days := map[int]int{}
	for _, root := range roots {
		id := ancestors(root)[len(ancestors(root))-1]
		c, err := s.SubtreeCounts(ctx, id)
		if err != nil {
			return nil, false, err
		}
		d.Total += c.Total
		for k, n := range c.ByState {
			byState[k] += n
		}
		for k, n := range c.ByField {
			byField[k] += n
		}
		for k, n := range c.Pilots {
			pilots[k] += n
		}
		for k, n := range c.Outcomes {
			outcomes[string(k)] += n
		}
		for k, n := range c.DecisionDays {
			days[k] += n
		}
		if len(roots) == 1 {
			for child, n := range c.Children {
				byUnit[child] += n
			}
		} else {
			byUnit[id] += c.Total
		}
	}
	for _, st := range workflow.States {
		if n := byState[st]; n > 0 {
			d.ByState = append(d.ByState, Count{Key: string(st), N: n})
		}
	}
	d.ByField, d.Pilots, d.Protection = counted(byField), counted(pilots), counted(outcomes)
	names, err := s.unitNames(ctx, byUnit)
	if err != nil {
		return nil, false, err
	}
	d.ByUnit = counted(names)
	d.MedianDaysToDecision, d.Decided = median(days)

	var args sqlArgs
	var in []string
	for _, r := range roots {
		in = append(in, "p.unit_path LIKE "+args.add(likePrefix(r))+" ESCAPE '\\'")
	}
	cond := "(" + strings.Join(in, " OR ") + ") AND p.due_date > '' AND p.due_date < " + args.add(calendar.DateOf(s.now()).String())
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM proposals p WHERE `+cond, args...).Scan(&d.OverdueN); err != nil {
		return nil, false, err
	}
	d.Overdue, err = s.summaries(ctx, `SELECT p.id, p.title, p.field, p.state, p.unit_id, p.proposer_id, p.due_date, p.updated_at, ''
		FROM proposals p WHERE `+cond+` ORDER BY p.due_date, p.id LIMIT 20`, args, nil)
	return d, err == nil, err
}

// wholeSubtrees returns the unit paths whose subtrees are exactly what
// actor may read (under unitID, if given), or false if that view is not a
// union of whole subtrees.
func (s *Store) wholeSubtrees(ctx context.Context, actor *org.Person, unitID string) ([]string, bool, error) {
	subtrees, exact := actor.ReadScopes()
	var roots []string
	for _, p := range subtrees {
		if !slices.ContainsFunc(subtrees, func(q string) bool { return q != p && org.Within(p, q) }) && !slices.Contains(roots, p) {
			roots = append(roots, p)
		}
	}
	within := func(p string) bool {
		return slices.ContainsFunc(roots, func(r string) bool { return org.Within(p, r) })
	}
	if len(roots) == 0 {
		return nil, false, nil
	}
	// A unit seen exactly (a staff seat) adds the cases it decides for
	// the units below it; inside a subtree seen whole, it adds nothing.
	for _, e := range exact {
		if !within(e) {
			return nil, false, nil
		}
	}
	if unitID != "" {
		path, err := unitPath(ctx, s.db, unitID)
		if err != nil || path == "" || !within(path) {
			return nil, false, err
		}
		roots = []string{path}
	}
	// The reader's own proposals are theirs to see wherever they are.
	var args sqlArgs
	outside := []string{"p.proposer_id = " + args.add(actor.ID)}
	for _, r := range roots {
		outside = append(outside, "p.unit_path NOT LIKE "+args.add(likePrefix(r))+" ESCAPE '\\'")
	}
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM proposals p WHERE `+strings.Join(outside, " AND "), args...).Scan(&n); err != nil {
		return nil, false, err
	}
	return roots, n == 0, nil
}

// unitNames keys counts by unit name instead of id.
func (s *Store) unitNames(ctx context.Context, byID map[string]int) (map[string]int, error) {
	out := map[string]int{}
	if len(byID) == 0 {
		return out, nil
	}
	var args sqlArgs
	var ph []string
	for id := range byID {
		ph = append(ph, args.add(id))
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, name FROM units WHERE id IN (`+strings.Join(ph, ",")+`)`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id, name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, err
		}
		out[name] += byID[id]
	}
	return out, rows.Err()
}

func counted(m map[string]int) []Count {
	var out []Count
	for k, n := range m {
		if n > 0 {
			out = append(out, Count{Key: k, N: n})
		}
	}
	byCount(out)
	return out
}

// median of a histogram of whole days, the mean of the middle two for an
// even count, and the count.
func median(hist map[int]int) (float64, int) {
	keys := make([]int, 0, len(hist))
	total := 0
	for k, n := range hist {
		if n > 0 {
			keys = append(keys, k)
			total += n
		}
	}
	if total == 0 {
		return 0, 0
	}
	sort.Ints(keys)
	at := func(i int) int { // the i-th value in order, from 0
		for _, k := range keys {
			if i < hist[k] {
				return k
			}
			i -= hist[k]
		}
		return keys[len(keys)-1]
	}
	if total%2 == 1 {
		return float64(at(total / 2)), total
	}
	return float64(at(total/2-1)+at(total/2)) / 2, total
}
