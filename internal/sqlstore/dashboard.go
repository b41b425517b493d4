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

// Dashboard is the picture a head or an inspector needs of their scope:
// where proposals stand, in which fields and units, what is overdue, how
// long decisions take, how pilots ended and what protection was found.
// Counts come from GROUP BY queries, so it stays quick however many
// proposals the scope holds.
type Dashboard struct {
	Total   int     `json:"total"`
	ByState []Count `json:"by_state"`
	ByField []Count `json:"by_field"`
	ByUnit  []Count `json:"by_unit"`
	// Overdue lists the overdue cases, soonest due first (at most 20).
	Overdue  []ProposalSummary `json:"overdue"`
	OverdueN int               `json:"overdue_count"`
	// MedianDaysToDecision counts working days from submission to the
	// collective's decision, over the decided cases.
	MedianDaysToDecision float64 `json:"median_working_days_to_decision"`
	Decided              int     `json:"decided"`
	Pilots               []Count `json:"pilots"`
	Protection           []Count `json:"protection"`
}

// Count is one bar of a chart: a key, its label and a number.
type Count struct {
	Key   string `json:"key"`
	Label string `json:"label"`
	N     int    `json:"n"`
}

// Dashboard summarises the proposals actor may read, under unitID if given.
// It is kept until the database changes (changes.go): a province's
// dashboard adds the counts of two hundred units, two thirds of its page.
// Each caller gets its own copy, whose labels it may fill in.
func (s *Store) Dashboard(ctx context.Context, actor *org.Person, unitID string) (*Dashboard, error) {
	key := "dashboard|" + personKey(actor) + "|" + unitID + "|" + calendar.DateOf(s.now()).String()
	d, err := kept(ctx, s, key, func() (*Dashboard, error) {
		if d, ok, err := s.dashboardFromCounts(ctx, actor, unitID); ok || err != nil {
			return d, err
		}
		return s.dashboardGrouped(ctx, actor, unitID)
	})
	if err != nil {
		return nil, err
	}
	return d.clone(), nil
}

func (d *Dashboard) clone() *Dashboard {
	c := *d
	c.ByState, c.ByField, c.ByUnit = slices.Clone(d.ByState), slices.Clone(d.ByField), slices.Clone(d.ByUnit)
	c.Pilots, c.Protection, c.Overdue = slices.Clone(d.Pilots), slices.Clone(d.Protection), slices.Clone(d.Overdue)
	return &c
}

// dashboardGrouped groups the proposals themselves: for readers whose view
// is not whole subtrees.
func (s *Store) dashboardGrouped(ctx context.Context, actor *org.Person, unitID string) (*Dashboard, error) {
	var args sqlArgs
	where := []string{visibleTo(s.db.Dialect, actor, &args)}
	if unitID != "" {
		path, err := unitPath(ctx, s.db, unitID)
		if err != nil {
			return nil, err
		}
		where = append(where, "p.unit_path LIKE "+args.add(likePrefix(path))+" ESCAPE '\\'")
	}
	cond := strings.Join(where, " AND ")
	d := &Dashboard{}
	group := func(col string) ([]Count, error) {
		rows, err := s.db.QueryContext(ctx, `SELECT `+col+`, count(*) FROM proposals p JOIN units u ON u.id = p.unit_id WHERE `+cond+` GROUP BY `+col, args...)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		var out []Count
		for rows.Next() {
			var c Count
			if err := rows.Scan(&c.Key, &c.N); err != nil {
				return nil, err
			}
			out = append(out, c)
		}
		return out, rows.Err()
	}
	var err error
	if d.ByState, err = group("p.state"); err != nil {
		return nil, err
	}
	order := map[string]int{}
	for i, st := range workflow.States {
		order[string(st)] = i
	}
	sort.Slice(d.ByState, func(i, j int) bool { return order[d.ByState[i].Key] < order[d.ByState[j].Key] })
	for _, c := range d.ByState {
		d.Total += c.N
	}
	if d.ByField, err = group("p.field"); err != nil {
		return nil, err
	}
	byCount(d.ByField)
	if d.ByUnit, err = group("u.name"); err != nil {
		return nil, err
	}
	byCount(d.ByUnit)
	if d.Pilots, err = group(pilotOutcome); err != nil {
		return nil, err
	}
	d.Pilots = drop(d.Pilots, "")
	if d.Protection, err = group("p.outcome"); err != nil {
		return nil, err
	}
	d.Protection = drop(d.Protection, "")
	// Its own copy of the arguments: PostgreSQL refuses a parameter that a
	// query does not use, and the queries after this one do not use today.
	oargs := append(sqlArgs{}, args...)
	today := calendar.DateOf(s.now()).String()
	overdueCond := cond + " AND p.due_date > '' AND p.due_date < " + oargs.add(today)
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM proposals p WHERE `+overdueCond, oargs...).Scan(&d.OverdueN); err != nil {
		return nil, err
	}
	d.Overdue, err = s.summaries(ctx, `SELECT p.id, p.title, p.field, p.state, p.unit_id, p.proposer_id, p.due_date, p.updated_at, ''
		FROM proposals p WHERE `+overdueCond+` ORDER BY p.due_date, p.id LIMIT 20`, oargs, nil)
	if err != nil {
		return nil, err
	}
	return d, s.decisionTimes(ctx, cond, args, d)
}

// pilotOutcome sorts approved plans into how they stand or ended.
const pilotOutcome = `CASE
	WHEN p.scope = '' THEN ''
	WHEN p.result <> '' THEN 'result.' || p.result
	WHEN p.state IN ('APPROVED', 'APPROVED_BY_OVERRIDE') THEN 'approved'
	WHEN p.state IN ('IN_IMPLEMENTATION', 'ADJUSTED') THEN 'running'
	WHEN p.state IN ('SUSPENDED', 'STOPPED') THEN lower(p.state)
	WHEN p.state IN ('COMPLETION_REPORTED', 'EVALUATION') THEN 'awaiting_evaluation'
	ELSE '' END`

// decisionTimes computes the median working days from submission to
// decision over the decided cases.
func (s *Store) decisionTimes(ctx context.Context, cond string, args sqlArgs, d *Dashboard) error {
	rows, err := s.db.QueryContext(ctx, `SELECT p.submitted_at, p.decided_at FROM proposals p WHERE `+cond+` AND p.decided_at <> '' AND p.submitted_at <> ''`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	cal, err := s.Calendar(ctx)
	if err != nil {
		return err
	}
	var days []int
	for rows.Next() {
		var sub, dec string
		if err := rows.Scan(&sub, &dec); err != nil {
			return err
		}
		a, b := calendar.DateOf(parseTime(sub)), calendar.DateOf(parseTime(dec))
		days = append(days, cal.WorkingDaysBetween(a, b))
	}
	if err := rows.Err(); err != nil {
		return err
	}
	d.Decided = len(days)
	if len(days) > 0 {
		sort.Ints(days)
		m := len(days) / 2
		if len(days)%2 == 1 {
			d.MedianDaysToDecision = float64(days[m])
		} else {
			d.MedianDaysToDecision = float64(days[m-1]+days[m]) / 2
		}
	}
	return nil
}

func byCount(cs []Count) {
	sort.SliceStable(cs, func(i, j int) bool {
		if cs[i].N != cs[j].N {
			return cs[i].N > cs[j].N
		}
		return cs[i].Key < cs[j].Key
	})
}

func drop(cs []Count, key string) []Count {
	out := cs[:0]
	for _, c := range cs {
		if c.Key != key {
			out = append(out, c)
		}
	}
	return out
}
