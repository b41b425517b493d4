package server

import (
	"encoding/json"
	"strconv"
	"strings"

	"damlam/internal/proof"
	"damlam/internal/sqlstore"
	"damlam/internal/workflow"
)

// scopeItems are the controls of an approved scope: the checkable object
// that later decides whether an action was within what was approved.
func scopeItems(v *view, mk func(n, label string, d ...any) field, posted bool, prefix string, def *proof.Scope) []formItem {
	var s proof.Scope
	if def != nil {
		s = *def
	}
	af := func(n, label string, d ...any) field { return mk(prefix+"."+n, label, d...) }
	main := []field{
		v.unitPicker(af("units", "web.f.scope_units"), posted, true, s.Units...).Req(),
		af("start", "web.f.scope_start", s.Start).Typ("date").Req(),
		af("end", "web.f.scope_end", s.End).Typ("date").Req(),
		af("budget_vnd", "web.f.scope_budget", s.BudgetVND).VND().Req(),
		af("stop_conditions", "web.f.stop_conditions", strings.Join(s.StopConditions, "\n")).Area(2).Hinted(v.T("web.hint.one_per_line")),
	}
	if e := v.Err(prefix); e != "" && posted && main[0].Error == "" {
		main[0].Error = e
	}
	var rows [][]field
	n := len(s.Indicators) + 1
	for i := 0; i < n; i++ {
		var ind proof.Indicator
		if i < len(s.Indicators) {
			ind = s.Indicators[i]
		}
		pre := "indicators[" + strconv.Itoa(i) + "]."
		var target any
		if ind.Name != "" {
			target = ind.Target
		}
		rows = append(rows, []field{af(pre+"name", "web.f.indicator", ind.Name), af(pre+"unit", "web.f.indicator_unit", ind.Unit),
			af(pre+"target", "web.f.indicator_target", target).Attr(`inputmode="decimal"`)})
	}
	// The checkable stop conditions, with an empty row to add one; a
	// blank row is dropped, so an adjustment keeps the ones it shows.
	kinds := append([]option{{"", "—"}}, opts(v, "web.f.stop_kind.", proof.StopIndicatorBelow, proof.StopIndicatorAbove, proof.StopDate, proof.StopSpending)...)
	var stops [][]field
	for i := 0; i <= len(s.Stops); i++ {
		var c proof.StopCheck
		if i < len(s.Stops) {
			c = s.Stops[i]
		}
		pre := "stops[" + strconv.Itoa(i) + "]."
		var value, amount any
		if c.Value != 0 {
			value = c.Value
		}
		if c.AmountVND != 0 {
			amount = c.AmountVND
		}
		stops = append(stops, []field{af(pre+"kind", "web.f.stop_kind", c.Kind).Opts(kinds), af(pre+"indicator", "web.f.indicator", c.Indicator),
			af(pre+"value", "web.f.stop_value", value).Attr(`inputmode="decimal"`), af(pre+"date", "web.f.stop_date", c.Date).Typ("date"),
			af(pre+"amount_vnd", "web.f.stop_amount", amount).Attr(`inputmode="numeric"`)})
	}
	// "scope" is what a head approves, "pilot" what a proposer asks for.
	return []formItem{{Legend: v.T("web.f." + prefix), Fields: main}, {Legend: v.T("web.f.indicators"), Rows: rows}, {Legend: v.T("web.f.stops"), Rows: stops}}
}

// indicatorItems ask for the value reached on each approved indicator.
func indicatorItems(v *view, action string, p *sqlstore.ProposalView) []formItem {
	sc := defaultScope(p)
	if sc == nil || len(sc.Indicators) == 0 {
		return nil
	}
	var fs []field
	for i, ind := range sc.Indicators {
		pre := "indicators[" + strconv.Itoa(i) + "]."
		name := v.AF(action, pre+"name", "", ind.Name)
		name.Type = "hidden"
		val := v.AF(action, pre+"value", "", nil).Attr(`inputmode="decimal"`)
		val.Label = v.T("web.f.indicator_value", ind.Name, ind.Unit, v.Num(ind.Target))
		fs = append(fs, name, val)
	}
	return []formItem{{Legend: v.T("web.f.indicators_reached"), Fields: fs}}
}

// openObstacles lists raised obstacles not yet resolved.
func openObstacles(v *view, p *sqlstore.ProposalView) []option {
	resolved := map[int]bool{}
	for _, ev := range eventsOf(p, "pilot.obstacle_resolved") {
		resolved[input[workflow.ResolveObstacleInput](ev).Obstacle] = true
	}
	var out []option
	for _, ev := range eventsOf(p, "pilot.obstacle_raised") {
		if !resolved[ev.Seq] {
			d := input[workflow.ObstacleInput](ev).Description
			out = append(out, option{strconv.Itoa(ev.Seq), "#" + strconv.Itoa(ev.Seq) + " — " + shorten(d, 80)})
		}
	}
	return out
}

// inspectionsWithViolations lists inspections that found violations, and
// the largest number of violations one of them found.
func inspectionsWithViolations(v *view, p *sqlstore.ProposalView) ([]option, int) {
	var out []option
	max := 0
	for _, ev := range eventsOf(p, "pilot.inspected") {
		in := input[workflow.InspectInput](ev)
		if len(in.Violations) == 0 {
			continue
		}
		max = maxInt(max, len(in.Violations))
		out = append(out, option{strconv.Itoa(ev.Seq), "#" + strconv.Itoa(ev.Seq) + " — " + v.Day(in.Date) + " — " + shorten(in.Violations[0].Description, 60)})
	}
	return out, max
}

func maxInt(a, b int) int {
	if a > b {
		return a
	}
	return b
}

func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// evaluationItems are the findings Art. 11 asks the collective to make.
func evaluationItems(v *view, action string) []formItem {
	af := func(n, label string, d ...any) field { return v.AF(action, n, label, d...) }
	box := func(n string) field { return af(n, "web.f.ev."+n, false).Typ("checkbox") }
	return []formItem{
		one(af("result", "web.f.result").Radio(opts(v, "web.result.", "completed", "partly_completed", "not_completed")).Req()),
		{Legend: v.T("web.f.ev.procedure"), Fields: []field{box("within_competence"), box("no_contravention")}},
		{Legend: v.T("web.f.ev.conduct"), Fields: []field{box("followed_plan"), box("honest_motive"), box("common_good"), box("self_interest")}},
		{Legend: v.T("web.f.ev.damage_group"), Fields: []field{box("damage"), af("damage_vnd", "web.f.damage_vnd").VND(), af("damage_text", "web.f.damage_text").Area(2)}},
		one(af("objective_causes", "web.f.objective_causes").Area(2)),
		one(af("subjective_causes", "web.f.subjective_causes").Area(2)),
		one(af("summary", "web.f.ev_summary").Area(3).Req()),
	}
}

// protectionFacts are the facts the protection rule will look at, read
// from the record the same way the service reads them.
func protectionFacts(p *sqlstore.ProposalView) (workflow.ProtectionFacts, bool) {
	ev, ok := lastEvent(p, "proposal.evaluated")
	if !ok {
		return workflow.ProtectionFacts{}, false
	}
	e := input[workflow.EvaluationInput](ev)
	return workflow.ProtectionFacts{
		WentThroughProcedure: p.ScopeLogIndex >= 0, OutsideScopeActions: p.OutsideScope,
		WithinCompetence: e.WithinCompetence, NoContravention: e.NoContravention, Result: e.Result,
		FollowedPlan: e.FollowedPlan, HonestMotive: e.HonestMotive, CommonGood: e.CommonGood, SelfInterest: e.SelfInterest, Damage: e.Damage,
	}, true
}

// protectionPreview tells the head, before they press the button, what
// the rule will determine from the findings already recorded.
func protectionPreview(v *view, p *sqlstore.ProposalView) string {
	f, ok := protectionFacts(p)
	if !ok {
		return v.T("no_evaluation")
	}
	d := workflow.Determine(f)
	return v.T("web.act.hint.determine", v.M(d.Label), v.M(d.Reason), d.Basis)
}

// determination is the recorded outcome of the rule, from its event.
func determination(p *sqlstore.ProposalView) (workflow.Determination, workflow.ProtectionFacts, bool) {
	ev, ok := lastEvent(p, "protection.determined")
	if !ok {
		return workflow.Determination{}, workflow.ProtectionFacts{}, false
	}
	var d struct {
		Facts         workflow.ProtectionFacts `json:"facts"`
		Determination workflow.Determination   `json:"determination"`
	}
	_ = json.Unmarshal(parsePayload(ev).Details, &d)
	return d.Determination, d.Facts, true
}
