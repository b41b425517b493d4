package server

import (
	"slices"
	"strconv"

	"damlam/internal/calendar"
	"damlam/internal/org"
	"damlam/internal/proof"
	"damlam/internal/sqlstore"
	"damlam/internal/workflow"
)

// actionForm is one action the reader may take now, drawn as a small form
// that posts to the same service the API uses. Only the actions the table
// allows this reader in this state are ever built, so a button the reader
// may not press is never on the page.
type actionForm struct {
	Name   workflow.Action
	Label  string
	Basis  string
	Items  []formItem
	Open   bool
	Danger bool
	// Link replaces the form for actions that have their own page (edit).
	Link string
	// Key makes the form's submit one decision (web_idempotency.go).
	Key string
}

// formItem is a control, a group of controls, rows of controls, or words.
type formItem struct {
	Field  *field
	Legend string
	Fields []field
	Rows   [][]field
	Text   string
}

func one(f field) formItem { return formItem{Field: &f} }

// danger actions end or block a case; they are drawn apart.
var danger = map[workflow.Action]bool{workflow.Withdraw: true, workflow.Reject: true, workflow.Stop: true, workflow.Suspend: true}

// actionContext is what some forms need besides the case: units to
// replicate into, the preview of the protection rule.
type actionContext struct {
	Siblings []org.Unit
	// People names the implementers a plan names, for the reward's form.
	People map[string]string
}

// actionForms builds the forms of the reader's allowed actions, limited to
// the steps of stage (the transition table's Stage column) unless it is 0.
func actionForms(v *view, p *sqlstore.ProposalView, ctx actionContext, stage workflow.Stage) []actionForm {
	var out []actionForm
	for _, ref := range p.AllowedActions {
		t, _ := workflow.Find(p.State, ref.Action)
		if stage != 0 && !t.Stage.Has(stage) {
			continue
		}
		f := actionForm{Name: ref.Action, Label: v.M(ref.Label), Basis: t.Basis, Danger: danger[ref.Action]}
		f.Open = v.FormAction == string(ref.Action)
		f.Key = formKey(v.Me, p, ref.Action)
		if ref.Action == workflow.Edit {
			f.Link = "/proposals/" + p.ID + "/edit"
		} else {
			f.Items = actionItems(v, p, ctx, ref.Action)
		}
		out = append(out, f)
	}
	return out
}

func actionItems(v *view, p *sqlstore.ProposalView, ctx actionContext, a workflow.Action) []formItem {
	name := string(a)
	af := func(n, label string, def ...any) field { return v.AF(name, n, label, def...) }
	today := calendar.DateOf(v.Now).String()
	switch a {
	case workflow.Submit, workflow.Convene:
		return []formItem{{Text: v.T("web.act.hint." + name)}, one(af("note", "web.f.note").Area(2))}
	case workflow.Withdraw, workflow.Suspend, workflow.Resume, workflow.Stop, workflow.Close:
		return []formItem{one(af("reason", "web.f.reason").Area(2))}
	case workflow.Return, workflow.Reject:
		return []formItem{one(af("reason", "web.f.reason").Area(3).Req())}
	case workflow.GivePartyOpinion:
		return []formItem{
			one(af("opinion", "web.f.opinion", "agree").Radio(opts(v, "web.opinion.", "agree", "agree_with_conditions", "disagree")).Req()),
			one(af("text", "web.f.opinion_text").Area(4).Req()),
		}
	case workflow.CastVote:
		return []formItem{
			one(af("ballot", "web.f.ballot").Radio(opts(v, "web.ballot.", "yes", "no", "abstain")).Req()),
			one(af("comment", "web.f.comment").Area(2)),
		}
	case workflow.Approve, workflow.ApprovePilot:
		return append([]formItem{{Text: v.T("web.act.hint.approve")}, one(af("document_number", "web.f.document_number")), one(af("note", "web.f.note").Area(2))},
			scopeItems(v, af, v.FormAction == name, "scope", defaultScope(p))...)
	case workflow.ApproveOverride:
		return append([]formItem{{Text: v.T("web.act.hint.approve_override")}, one(af("document_number", "web.f.document_number")),
			one(af("justification", "web.f.justification").Area(4).Req()), one(af("pilot", "web.f.override_pilot", p.Content.PilotRequested).Typ("checkbox"))},
			scopeItems(v, af, v.FormAction == name, "scope", defaultScope(p))...)
	case workflow.AllocateResources:
		return []formItem{one(af("money_vnd", "web.f.money_vnd", p.Content.Resources.MoneyVND).VND()),
			one(af("source", "web.f.source").Req()), one(af("people", "web.f.people", p.Content.Resources.People)),
			one(af("equipment", "web.f.equipment", p.Content.Resources.Equipment))}
	case workflow.ReportProgress:
		items := []formItem{one(af("unit", "web.f.act_unit", p.UnitID).Opts(scopeUnits(v, p)).Req()), one(af("date", "web.f.act_date", today).Typ("date").Req()),
			one(af("amount_vnd", "web.f.amount_vnd").VND()), one(af("summary", "web.f.summary").Area(3).Req())}
		return append(items, indicatorItems(v, name, p)...)
	case workflow.RaiseObstacle:
		return []formItem{one(af("description", "web.f.description").Area(3).Req())}
	case workflow.ResolveObstacle:
		return []formItem{one(af("obstacle", "web.f.obstacle").Opts(openObstacles(v, p)).Req()), one(af("resolution", "web.f.resolution").Area(3).Req())}
	case workflow.Inspect:
		items := []formItem{one(af("date", "web.f.inspection_date", today).Typ("date").Req()), one(af("findings", "web.f.findings").Area(3).Req())}
		var rows [][]field
		for i := 0; i < 2; i++ {
			pre := "violations[" + strconv.Itoa(i) + "]."
			rows = append(rows, []field{af(pre+"description", "web.f.violation"), af(pre+"corrective_action", "web.f.corrective_action"),
				af(pre+"deadline", "web.f.deadline").Typ("date")})
		}
		return append(items, formItem{Legend: v.T("web.f.violations"), Rows: rows})
	case workflow.CorrectViolation:
		insp, max := inspectionsWithViolations(v, p)
		var nums []option
		for i := 1; i <= max; i++ {
			nums = append(nums, option{strconv.Itoa(i), strconv.Itoa(i)})
		}
		return []formItem{one(af("inspection", "web.f.inspection").Opts(insp).Req()), one(af("violation", "web.f.violation_no", "1").Opts(nums).Req()),
			one(af("correction", "web.f.correction").Area(3).Req()), one(af("date", "web.f.correction_date", today).Typ("date").Req())}
	case workflow.Adjust:
		return append([]formItem{one(af("reason", "web.f.reason").Area(3).Req())}, scopeItems(v, af, v.FormAction == name, "scope", p.ApprovedScope)...)
	case workflow.ReportCompletion:
		items := []formItem{one(af("summary", "web.f.summary").Area(3).Req()), one(af("date", "web.f.completion_date", today).Typ("date").Req()),
			one(af("spent_vnd", "web.f.spent_vnd", p.ScopeSpentVND).VND())}
		return append(items, indicatorItems(v, name, p)...)
	case workflow.Evaluate:
		return evaluationItems(v, name)
	case workflow.DetermineProtection:
		return []formItem{{Text: protectionPreview(v, p)}, one(af("note", "web.f.note").Area(2))}
	case workflow.RecordLiability:
		return []formItem{one(af("outcome", "web.f.liability").Opts(opts(v, "web.liability.", "none", "excluded", "exempted", "mitigated", "disciplined")).Req()),
			one(af("decision", "web.f.decision").Req()), one(af("note", "web.f.note").Area(2))}
	case workflow.Reward:
		// Only the people whose work the case is may be rewarded
		// (workflow.RewardRecipient): offered by name, never typed.
		people := []option{{p.Proposer.ID, p.Proposer.Name + " — " + v.T("web.reward.as_proposer")}}
		for _, id := range p.Content.Implementers {
			if id == p.Proposer.ID || slices.ContainsFunc(people, func(o option) bool { return o.Value == id }) {
				continue
			}
			name := ctx.People[id]
			if name == "" {
				name = id
			}
			people = append(people, option{id, name + " — " + v.T("web.reward.as_implementer")})
		}
		return []formItem{one(af("kind", "web.f.reward_kind").Opts(opts(v, "web.reward.", workflow.RewardKinds...)).Req()),
			one(af("recipient", "web.f.recipient_person", p.Proposer.ID).Opts(people).Req()),
			{Rows: [][]field{{af("decision", "web.f.decision_number").Req(), af("decision_date", "web.f.decision_date", today).Typ("date").Req()}}},
			one(af("level", "web.f.reward_level").Opts(append([]option{{"", ""}}, opts(v, "web.reward.level.", workflow.CommendationLevel...)...))),
			{Rows: [][]field{{af("salary_step", "web.f.salary_step").Typ("number"), af("months_advanced", "web.f.months_advanced").Typ("number"), af("effective_date", "web.f.effective_date").Typ("date")}}},
			one(af("position", "web.f.position_priority")),
			one(af("note", "web.f.note").Area(2))}
	case workflow.Replicate:
		var boxes []field
		for _, u := range ctx.Siblings {
			f := v.AF(name, "units", "", false)
			f.ID += "-" + htmlID(u.ID)
			f.Label, f.Value, f.Type = u.Name, u.ID, "checkbox"
			f.Checked = v.FormAction == name && slices.Contains(v.Form["units"], u.ID)
			boxes = append(boxes, f)
		}
		return []formItem{{Legend: v.T("web.f.replicate_units"), Fields: boxes}, one(af("note", "web.f.note").Area(2))}
	case workflow.Institutionalise:
		return []formItem{one(af("document_kind", "web.f.document_kind").Req()), one(af("title", "web.f.doc_title").Req()),
			one(af("level", "web.f.level", "locality").Opts(opts(v, "web.level.", "government", "prime_minister", "ministry", "locality")).Req()),
			one(af("note", "web.f.note").Area(2))}
	}
	return nil
}

// opts builds choices whose labels are catalogue entries prefix+value.
func opts(v *view, prefix string, values ...string) []option {
	out := make([]option, len(values))
	for i, x := range values {
		out[i] = option{x, v.T(prefix + x)}
	}
	return out
}

func defaultScope(p *sqlstore.ProposalView) *proof.Scope {
	if p.ApprovedScope != nil {
		return p.ApprovedScope
	}
	return p.Content.Pilot
}

// scopeUnits are the units a pilot's step may be at, by name: the case's
// unit and the approved scope's.
func scopeUnits(v *view, p *sqlstore.ProposalView) []option {
	var out []option
	if p.ApprovedScope != nil {
		for _, u := range p.ApprovedScope.Units {
			out = append(out, option{u, v.unitName(u)})
		}
	}
	found := false
	for _, o := range out {
		found = found || o.Value == p.UnitID
	}
	if !found {
		out = append([]option{{p.UnitID, v.unitName(p.UnitID)}}, out...)
	}
	return out
}
