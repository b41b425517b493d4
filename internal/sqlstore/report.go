package sqlstore

import (
	"context"
	"encoding/json"
	"slices"
	"sort"
	"strings"
	"time"

	"damlam/internal/calendar"
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

// reportActions are the events the report counts.
var reportActions = []workflow.Action{workflow.Submit, workflow.Approve, workflow.ApprovePilot, workflow.ApproveOverride,
	workflow.Reject, workflow.Return, workflow.AllocateResources, workflow.ReportProgress, workflow.ReportCompletion, workflow.Stop,
	workflow.Inspect, workflow.CorrectViolation, workflow.DetermineProtection, workflow.Reward, workflow.Replicate, workflow.Institutionalise}

// Report counts the report of unitID with its subtree for period, for
// actor: who may read the unit's subtree (workflow.ReadsReport), else 403.
func (s *Store) Report(ctx context.Context, actor *org.Person, unitID string, period workflow.Period) (*Report, error) {
	u, err := s.Unit(ctx, unitID)
	if err != nil {
		return nil, err
	}
	if !workflow.ReadsReport(actor, u.Path) {
		return nil, problem.New(problem.Forbidden, "forbidden")
	}
	cal, err := s.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	rep := &Report{Unit: u, Period: period, Previous: period.Previous(), Limit: workflow.DecisionLimit}
	end := fmtTime(period.End())
	bounds := [2][2]string{{fmtTime(period.Start()), end}, {fmtTime(rep.Previous.Start()), fmtTime(rep.Previous.End())}}
	var args sqlArgs
	ph := make([]string, len(reportActions))
	for i, a := range reportActions {
		ph[i] = args.add(string(a))
	}
	q := `SELECT e.proposal_id, e.action, e.at, e.payload, p.field, p.title, p.unit_id, p.state, p.scope <> ''
		FROM proposals p JOIN events e ON e.proposal_id = p.id
		WHERE ` + under(s.db.Dialect, "p.unit_path", u.Path, &args) + ` AND e.action IN (` + strings.Join(ph, ",") + `)
		AND e.at < ` + args.add(end) + ` ORDER BY e.proposal_id, e.seq`
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	type caseFacts struct {
		field, title, unit, state string
		pilot                     bool
		submits                   []time.Time
		closedBefore              [2]bool // completed or stopped before the period's end
		approvedBefore            [2]bool
		submittedIn               [2]bool
	}
	cases := map[string]*caseFacts{}
	var order []string
	acc := [2]*reportAcc{newReportAcc(), newReportAcc()}
	for rows.Next() {
		var id, action, at, payload, field, title, unit, state string
		var pilot bool
		if err := rows.Scan(&id, &action, &at, &payload, &field, &title, &unit, &state, &pilot); err != nil {
			return nil, err
		}
		c := cases[id]
		if c == nil {
			c = &caseFacts{field: field, title: title, unit: unit, state: state, pilot: pilot}
			cases[id] = c
			order = append(order, id)
		}
		when := parseTime(at)
		a := workflow.Action(action)
		for k, b := range bounds {
			if at >= b[1] {
				continue
			}
			switch a {
			case workflow.ApprovePilot, workflow.ApproveOverride:
				if pilot {
					c.approvedBefore[k] = true
				}
			case workflow.ReportCompletion, workflow.Stop:
				c.closedBefore[k] = true
			}
		}
		if a == workflow.Submit {
			c.submits = append(c.submits, when)
		}
		k := -1
		for i, b := range bounds {
			if at >= b[0] && at < b[1] {
				k = i
			}
		}
		if k < 0 {
			continue
		}
		f := acc[k]
		var pl workflow.Payload
		if a != workflow.Submit {
			if err := json.Unmarshal([]byte(payload), &pl); err != nil {
				return nil, err
			}
		}
		decided := false
		switch a {
		case workflow.Submit:
			if !c.submittedIn[k] {
				c.submittedIn[k] = true
				f.fig.Submitted++
				f.byField[field]++
				f.byState[state]++
			}
		case workflow.Approve:
			f.fig.Approved++
			decided = true
		case workflow.ApprovePilot:
			f.fig.ApprovedPilot++
			decided = true
		case workflow.ApproveOverride:
			f.fig.ApprovedOverride++
			decided = true
		case workflow.Reject:
			f.fig.Rejected++
			decided = true
		case workflow.Return:
			f.fig.Returned++
		case workflow.AllocateResources:
			var in workflow.ResourcesInput
			_ = json.Unmarshal(pl.Input, &in)
			f.fig.AllocatedVND += in.MoneyVND
		case workflow.ReportProgress:
			var in workflow.ProgressInput
			_ = json.Unmarshal(pl.Input, &in)
			f.fig.SpentVND += in.AmountVND
		case workflow.ReportCompletion:
			f.fig.PilotsCompleted++
			var in workflow.CompletionInput
			_ = json.Unmarshal(pl.Input, &in)
			f.completed = append(f.completed, completedPilot{id: id, values: in.Indicators})
		case workflow.Stop:
			f.fig.PilotsStopped++
		case workflow.Inspect:
			f.fig.Inspections++
			var in workflow.InspectInput
			_ = json.Unmarshal(pl.Input, &in)
			f.fig.Violations += len(in.Violations)
		case workflow.CorrectViolation:
			f.fig.Corrections++
		case workflow.DetermineProtection:
			var d workflow.ProtectionDetails
			_ = json.Unmarshal(pl.Details, &d)
			f.protection[string(d.Determination.Outcome)]++
		case workflow.Reward:
			var in workflow.RewardInput
			_ = json.Unmarshal(pl.Input, &in)
			f.rewards[in.Kind]++
		case workflow.Replicate:
			var in workflow.ReplicateInput
			_ = json.Unmarshal(pl.Input, &in)
			f.fig.Replications += len(in.Units)
		case workflow.Institutionalise:
			f.fig.Institutionalised++
		}
		if a == workflow.ApprovePilot || a == workflow.ApproveOverride && pl.Scope != nil {
			f.fig.PilotsApproved++
		}
		if decided && len(c.submits) > 0 {
			from := calendar.DateOf(c.submits[len(c.submits)-1])
			to := calendar.DateOf(when)
			days := cal.WorkingDaysBetween(from, to)
			f.days = append(f.days, days)
			if !to.After(cal.AddWorkingDays(from, workflow.DecisionLimit)) {
				f.fig.OnTime++
			} else {
				f.late = append(f.late, ReportLate{ID: id, Title: title, UnitID: unit, Submitted: from.String(), Decided: to.String(), WorkingDays: days})
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, id := range order {
		c := cases[id]
		for k := range bounds {
			if c.approvedBefore[k] && !c.closedBefore[k] {
				acc[k].fig.PilotsRunning++
			}
		}
	}
	names, err := s.unitNamesByID(ctx)
	if err != nil {
		return nil, err
	}
	for k := range acc {
		fig := acc[k].finish(names)
		for _, cp := range acc[k].completed {
			c := cases[cp.id]
			rp := ReportPilot{ID: cp.id, Title: c.title, UnitName: names[c.unit], Indicators: []PublicIndicator{}}
			sc, err := s.scopeOf(ctx, cp.id)
			if err != nil {
				return nil, err
			}
			for _, ind := range sc.Indicators {
				pi := PublicIndicator{Name: ind.Name, Unit: ind.Unit, Target: ind.Target}
				if v, ok := cp.values[ind.Name]; ok {
					pi.Latest = &v
				}
				rp.Indicators = append(rp.Indicators, pi)
			}
			fig.Completed = append(fig.Completed, rp)
		}
		if k == 0 {
			rep.This = fig
		} else {
			rep.Prev = fig
		}
	}
	return rep, nil
}

func (s *Store) scopeOf(ctx context.Context, id string) (proof.Scope, error) {
	var raw string
	var sc proof.Scope
	if err := s.db.QueryRowContext(ctx, `SELECT scope FROM proposals WHERE id = $1`, id).Scan(&raw); err != nil || raw == "" {
		return sc, err
	}
	err := json.Unmarshal([]byte(raw), &sc)
	return sc, err
}

type completedPilot struct {
	id     string
	values map[string]float64
}

// reportAcc gathers one period's figures.
type reportAcc struct {
	fig                                   ReportFigures
	byField, byState, protection, rewards map[string]int
	days                                  []int
	late                                  []ReportLate
	completed                             []completedPilot
}

func newReportAcc() *reportAcc {
	return &reportAcc{byField: map[string]int{}, byState: map[string]int{}, protection: map[string]int{}, rewards: map[string]int{}}
}

// counts is a breakdown, largest first, then by key.
func counts(m map[string]int) []ReportCount {
	out := make([]ReportCount, 0, len(m))
	for k, n := range m {
		out = append(out, ReportCount{k, n})
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

func (a *reportAcc) finish(names map[string]string) ReportFigures {
	f := a.fig
	f.ByField, f.ByState, f.Protection, f.Rewards = counts(a.byField), counts(a.byState), counts(a.protection), counts(a.rewards)
	f.Decided = len(a.days)
	if n := len(a.days); n > 0 {
		d := slices.Clone(a.days)
		slices.Sort(d)
		if n%2 == 1 {
			f.MedianDays = float64(d[n/2])
		} else {
			f.MedianDays = float64(d[n/2-1]+d[n/2]) / 2
		}
	}
	sort.SliceStable(a.late, func(i, j int) bool {
		if a.late[i].WorkingDays != a.late[j].WorkingDays {
			return a.late[i].WorkingDays > a.late[j].WorkingDays
		}
		return a.late[i].ID < a.late[j].ID
	})
	f.Late = a.late[:min(len(a.late), worstShown)]
	for i := range f.Late {
		f.Late[i].UnitName = names[f.Late[i].UnitID]
	}
	if f.Late == nil {
		f.Late = []ReportLate{}
	}
	if f.Completed == nil {
		f.Completed = []ReportPilot{}
	}
	return f
}
