package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"damlam/internal/org"
	"damlam/internal/problem"
	"damlam/internal/proof"
	"damlam/internal/workflow"
)

// The sơ kết / tổng kết report of a unit with its subtree for a period:
// what was submitted, decided (and how fast against the 7-working-day
// limit), piloted, spent, inspected, protected, replicated, rewarded and
// institutionalised in the period, beside the same for the period before.
// Every figure is counted from the events of the cases in the subtree, in
// one read, so that it is what the log says at the moment of asking.

// ReportCount is one line of a breakdown.
type ReportCount struct {
	Key string `json:"key"`
	N   int    `json:"n"`
}

// ReportLate is a decision that took longer than the limit.
type ReportLate struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	UnitID      string `json:"unit_id"`
	UnitName    string `json:"unit_name"`
	Submitted   string `json:"submitted"` // yyyy-mm-dd, Vietnamese time
	Decided     string `json:"decided"`
	WorkingDays int    `json:"working_days"`
}

// ReportPilot is a pilot completed in the period, with its indicators.
type ReportPilot struct {
	ID         string            `json:"id"`
	Title      string            `json:"title"`
	UnitName   string            `json:"unit_name"`
	Indicators []PublicIndicator `json:"indicators"`
}

// ReportFigures are one period's figures.
type ReportFigures struct {
	Submitted int           `json:"submitted"`
	ByField   []ReportCount `json:"by_field"`
	// ByState is where the cases submitted in the period stand now.
	ByState []ReportCount `json:"by_state"`

	Approved         int `json:"approved"`
	ApprovedPilot    int `json:"approved_pilot"`
	ApprovedOverride int `json:"approved_override"`
	Rejected         int `json:"rejected"`
	Returned         int `json:"returned"`
	// Decided counts approvals and rejections; their time is from the
	// submission they answered, in working days.
	Decided    int          `json:"decided"`
	MedianDays float64      `json:"median_working_days"`
	OnTime     int          `json:"on_time"`
	Late       []ReportLate `json:"worst"`

	PilotsApproved  int           `json:"pilots_approved"`
	PilotsRunning   int           `json:"pilots_running"` // at the period's end
	PilotsCompleted int           `json:"pilots_completed"`
	PilotsStopped   int           `json:"pilots_stopped"`
	Completed       []ReportPilot `json:"completed"`

	AllocatedVND int64 `json:"allocated_vnd"`
	SpentVND     int64 `json:"spent_vnd"`

	Inspections int `json:"inspections"`
	Violations  int `json:"violations"`
	Corrections int `json:"corrections"`

	Protection        []ReportCount `json:"protection"`
	Replications      int           `json:"replications"` // units a model was taken to
	Rewards           []ReportCount `json:"rewards"`
	Institutionalised int           `json:"institutionalised"`
}

// Report is a unit's report for a period, with the period before.
type Report struct {
	Unit     org.Unit        `json:"unit"`
	Period   workflow.Period `json:"-"`
	Previous workflow.Period `json:"-"`
	Limit    int             `json:"limit_working_days"`
	This     ReportFigures   `json:"this"`
	Prev     ReportFigures   `json:"previous"`
}

// Report counts the report of unitID with its subtree for period, for
// actor: who may read the unit's subtree (workflow.ReadsReport), else 403.
// It reads the counts kept by quarter (report_counts.go).
func (s *Store) Report(ctx context.Context, actor *org.Person, unitID string, period workflow.Period) (*Report, error) {
	u, err := s.Unit(ctx, unitID)
	if err != nil {
		return nil, err
	}
	if !workflow.ReadsReport(actor, u.Path) {
		return nil, problem.New(problem.Forbidden, "forbidden")
	}
	if err := s.ensureReportCounts(ctx); err != nil {
		return nil, err
	}
	rep := &Report{Unit: u, Period: period, Previous: period.Previous(), Limit: workflow.DecisionLimit}
	periods := [2]workflow.Period{period, rep.Previous}
	acc := [2]*reportAcc{newReportAcc(), newReportAcc()}
	// which is the period (0 this, 1 the one before) a quarter's key
	// falls in, or -1.
	which := func(quarter string) int {
		for k, p := range periods {
			if quarterIn(quarter, p) {
				return k
			}
		}
		return -1
	}
	// The dimensions of a few rows a quarter, named one by one so that
	// the read never walks the one-row-a-case dimensions below.
	var args sqlArgs
	ph := make([]string, len(reportSmallDims))
	for i, d := range reportSmallDims {
		ph[i] = args.add(d)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT dim, key, n FROM proposal_counts
		WHERE unit_id = `+args.add(u.ID)+` AND dim IN (`+strings.Join(ph, ",")+`) AND n <> 0`, args...)
	if err != nil {
		return nil, err
	}
	var open, closed [2]int64
	for rows.Next() {
		var dim, key string
		var n int64
		if err := rows.Scan(&dim, &key, &n); err != nil {
			rows.Close()
			return nil, err
		}
		quarter, sub, _ := strings.Cut(key, "|")
		if dim == "rq.pilot_open" || dim == "rq.pilot_closed" {
			for k, p := range periods {
				if quarter < quarterAfter(p) {
					if dim == "rq.pilot_open" {
						open[k] += n
					} else {
						closed[k] += n
					}
				}
			}
		}
		k := which(quarter)
		if k < 0 {
			continue
		}
		acc[k].add(strings.TrimPrefix(dim, "rq."), sub, n)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for k := range acc {
		acc[k].fig.PilotsRunning = int(open[k] - closed[k])
	}
	// The late decisions and the completed pilots, one row each, read
	// from the key's index alone: every late decision of each period (the
	// worst are picked here), the first completed pilots of each.
	for k, p := range periods {
		lo, hi := quarterKey(workflow.PeriodOf(p.Start(), true)), quarterAfter(p)
		late, err := s.countKeys(ctx, u.ID, "rq.late", lo, hi, "")
		if err != nil {
			return nil, err
		}
		for _, key := range late {
			_, sub, _ := strings.Cut(key, "|")
			parts := strings.Split(sub, "|")
			if len(parts) != 4 {
				continue
			}
			days, _ := strconv.Atoi(parts[0])
			acc[k].late = append(acc[k].late, ReportLate{ID: parts[1], Submitted: parts[2], Decided: parts[3], WorkingDays: days})
		}
		done, err := s.countKeys(ctx, u.ID, "rq.completed", lo, hi, " ORDER BY key LIMIT "+strconv.Itoa(completedShown))
		if err != nil {
			return nil, err
		}
		for _, key := range done {
			_, sub, _ := strings.Cut(key, "|")
			id, seq, _ := strings.Cut(sub, "|")
			n, _ := strconv.Atoi(seq)
			acc[k].completed = append(acc[k].completed, completedPilot{id: id, seq: n})
		}
	}
	names, err := s.unitNamesByID(ctx)
	if err != nil {
		return nil, err
	}
	for k := range acc {
		fig, err := s.finishReport(ctx, acc[k], names)
		if err != nil {
			return nil, err
		}
		if k == 0 {
			rep.This = fig
		} else {
			rep.Prev = fig
		}
	}
	return rep, nil
}

// countKeys reads the keys of a one-row-a-case dimension of unit's
// counts from lo up to hi, from the key's index alone; tail orders and
// limits them.
func (s *Store) countKeys(ctx context.Context, unit, dim, lo, hi, tail string) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT key FROM proposal_counts WHERE unit_id = $1 AND dim = $2 AND key >= $3 AND key < $4`+tail, unit, dim, lo, hi)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var keys []string
	for rows.Next() {
		var key string
		if err := rows.Scan(&key); err != nil {
			return nil, err
		}
		keys = append(keys, key)
	}
	return keys, rows.Err()
}

// quarterKey is how the counts name a quarter: "2026-Q4".
func quarterKey(p workflow.Period) string { return p.String() }

// quarterIn reports whether the quarter keyed q falls in period p.
func quarterIn(q string, p workflow.Period) bool {
	if p.Quarter > 0 {
		return q == p.String()
	}
	return strings.HasPrefix(q, strconv.Itoa(p.Year)+"-Q")
}

// quarterAfter is a key just above every quarter of p: keys sort by year
// and then quarter, and "-Q5" above any "-Q4|…".
func quarterAfter(p workflow.Period) string {
	q := p.Quarter
	if q == 0 {
		q = 4
	}
	return fmt.Sprintf("%d-Q%d", p.Year, q+1)
}

// completedShown is how many completed pilots a report lists with their
// indicators, the first in order of quarter and case; the count is of all
// of them.
const completedShown = 100

// finishReport turns a period's counts into its figures, reading the
// titles of the late decisions it names and the indicators of the
// completed pilots it lists.
func (s *Store) finishReport(ctx context.Context, a *reportAcc, names map[string]string) (ReportFigures, error) {
	fig := a.finish()
	shown := a.completed
	ids := make([]string, 0, len(fig.Late)+len(shown))
	for _, l := range fig.Late {
		ids = append(ids, l.ID)
	}
	for _, c := range shown {
		ids = append(ids, c.id)
	}
	if len(ids) == 0 {
		return fig, nil
	}
	var args sqlArgs
	ph := make([]string, len(ids))
	for i, id := range ids {
		ph[i] = args.add(id)
	}
	type kase struct{ title, unit, scope string }
	cases := map[string]kase{}
	rows, err := s.db.QueryContext(ctx, `SELECT id, title, unit_id, scope FROM proposals WHERE id IN (`+strings.Join(ph, ",")+`)`, args...)
	if err != nil {
		return fig, err
	}
	for rows.Next() {
		var id string
		var c kase
		if err := rows.Scan(&id, &c.title, &c.unit, &c.scope); err != nil {
			rows.Close()
			return fig, err
		}
		cases[id] = c
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fig, err
	}
	for i := range fig.Late {
		c := cases[fig.Late[i].ID]
		fig.Late[i].Title, fig.Late[i].UnitID, fig.Late[i].UnitName = c.title, c.unit, names[c.unit]
	}
	if len(shown) == 0 {
		return fig, nil
	}
	// The indicators each completed pilot reported, from the completion
	// report the counts name.
	args = sqlArgs{}
	ph = ph[:0]
	for _, c := range shown {
		ph = append(ph, "(proposal_id = "+args.add(c.id)+" AND seq = "+args.add(c.seq)+")")
	}
	rows, err = s.db.QueryContext(ctx, `SELECT proposal_id, payload FROM events WHERE `+strings.Join(ph, " OR "), args...)
	if err != nil {
		return fig, err
	}
	values := map[string]map[string]float64{}
	for rows.Next() {
		var id, payload string
		if err := rows.Scan(&id, &payload); err != nil {
			rows.Close()
			return fig, err
		}
		// Only the values reported: decoding the whole payload (details,
		// documents, the act) was half of a province's report.
		var pl struct {
			Input struct {
				Indicators map[string]float64 `json:"indicators"`
			} `json:"input"`
		}
		if json.Unmarshal([]byte(payload), &pl) == nil {
			values[id] = pl.Input.Indicators
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fig, err
	}
	for _, cp := range shown {
		c := cases[cp.id]
		rp := ReportPilot{ID: cp.id, Title: c.title, UnitName: names[c.unit], Indicators: []PublicIndicator{}}
		var sc struct {
			Indicators []proof.Indicator `json:"indicators"`
		}
		if c.scope != "" {
			if err := json.Unmarshal([]byte(c.scope), &sc); err != nil {
				return fig, fmt.Errorf("case %s: scope: %w", cp.id, err)
			}
		}
		for _, ind := range sc.Indicators {
			pi := PublicIndicator{Name: ind.Name, Unit: ind.Unit, Target: ind.Target}
			if v, ok := values[cp.id][ind.Name]; ok {
				pi.Latest = &v
			}
			rp.Indicators = append(rp.Indicators, pi)
		}
		fig.Completed = append(fig.Completed, rp)
	}
	return fig, nil
}

// completedPilot is a completion report: its case and event.
type completedPilot struct {
	id  string
	seq int
}

// reportSmallDims are the report's dimensions other than the one-row-a-case
// rq.late and rq.completed (report_counts.go).
var reportSmallDims = []string{"rq.submitted", "rq.field", "rq.state", "rq.approve", "rq.approve_pilot", "rq.approve_override",
	"rq.reject", "rq.return", "rq.report_completion", "rq.stop", "rq.inspect", "rq.correct_violation", "rq.institutionalise",
	"rq.allocated", "rq.spent", "rq.violations", "rq.replicated", "rq.pilot_open", "rq.pilot_closed", "rq.days", "rq.on_time",
	"rq.protection", "rq.reward"}

// reportAcc gathers one period's figures.
type reportAcc struct {
	fig                                   ReportFigures
	byField, byState, protection, rewards map[string]int
	days                                  map[int]int // decisions by working days
	late                                  []ReportLate
	completed                             []completedPilot
}

func newReportAcc() *reportAcc {
	return &reportAcc{byField: map[string]int{}, byState: map[string]int{}, protection: map[string]int{}, rewards: map[string]int{}, days: map[int]int{}}
}

// counts is a breakdown, largest first, then by key.
func counts(m map[string]int) []ReportCount {
	out := make([]ReportCount, 0, len(m))
	for k, n := range m {
		if n != 0 {
			out = append(out, ReportCount{k, n})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].N != out[j].N {
			return out[i].N > out[j].N
		}
		return out[i].Key < out[j].Key
	})
	return out
}

// worstShown is how many late decisions the report lists.
const worstShown = 10

// add counts n under one of the report's dimensions (report_counts.go).
func (a *reportAcc) add(dim, sub string, n int64) {
	f := &a.fig
	switch dim {
	case "submitted":
		f.Submitted += int(n)
	case "field":
		a.byField[sub] += int(n)
	case "state":
		a.byState[sub] += int(n)
	case string(workflow.Approve):
		f.Approved += int(n)
	case string(workflow.ApprovePilot):
		f.ApprovedPilot += int(n)
	case string(workflow.ApproveOverride):
		f.ApprovedOverride += int(n)
	case string(workflow.Reject):
		f.Rejected += int(n)
	case string(workflow.Return):
		f.Returned += int(n)
	case "pilot_open":
		f.PilotsApproved += int(n)
	case string(workflow.ReportCompletion):
		f.PilotsCompleted += int(n)
	case string(workflow.Stop):
		f.PilotsStopped += int(n)
	case "allocated":
		f.AllocatedVND += n
	case "spent":
		f.SpentVND += n
	case string(workflow.Inspect):
		f.Inspections += int(n)
	case "violations":
		f.Violations += int(n)
	case string(workflow.CorrectViolation):
		f.Corrections += int(n)
	case "protection":
		a.protection[sub] += int(n)
	case "reward":
		a.rewards[sub] += int(n)
	case "replicated":
		f.Replications += int(n)
	case string(workflow.Institutionalise):
		f.Institutionalised += int(n)
	case "days":
		days, _ := strconv.Atoi(sub)
		a.days[days] += int(n)
	case "on_time":
		f.OnTime += int(n)
	}
}

func (a *reportAcc) finish() ReportFigures {
	f := a.fig
	f.ByField, f.ByState, f.Protection, f.Rewards = counts(a.byField), counts(a.byState), counts(a.protection), counts(a.rewards)
	f.MedianDays, f.Decided = median(a.days)
	sort.SliceStable(a.late, func(i, j int) bool {
		if a.late[i].WorkingDays != a.late[j].WorkingDays {
			return a.late[i].WorkingDays > a.late[j].WorkingDays
		}
		return a.late[i].ID < a.late[j].ID
	})
	f.Late = a.late[:min(len(a.late), worstShown)]
	if f.Late == nil {
		f.Late = []ReportLate{}
	}
	if f.Completed == nil {
		f.Completed = []ReportPilot{}
	}
	return f
}
