package webtest_test

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"damlam/internal/workflow"
)

// wrongForm is one form filled wrong in every field at once: where it is,
// who fills it, how, and the controls that must then carry an error.
type wrongForm struct {
	name, who, page string
	// action is the case action whose form it is ("" for the proposal form).
	action string
	fill   func(v *visitor)
	// fields are the ids of the controls that must be marked.
	fields []string
}

// vietnamese has a letter only Vietnamese writes; english and internal
// names are what a Vietnamese page must not show an official.
var (
	vietnamese = regexp.MustCompile(`[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]`)
	notForUser = regexp.MustCompile(`(?i)\b(must|invalid|required|field|scope|yyyy|one of)\b|[a-z]+_[a-z]+`)
)

// TestEveryFormWrongInEveryField fills the proposal, approval, progress,
// inspection, evaluation and reward forms wrong in every field at once and
// checks that each field is marked, with its message beside it in
// Vietnamese words, that the summary at the top links to each one, and
// that nothing was recorded (the case goes on from where it was).
func TestEveryFormWrongInEveryField(t *testing.T) {
	v := newVisitor(t)
	b := v.b
	id := v.site.AlleyRoad(t, workflow.CollectiveReview)
	caseURL := "/proposals/" + id
	set := func(action, name, value string) { b.Fill("#a-"+action+"-"+idOf(name), value) }
	forms := []struct {
		until workflow.State
		form  wrongForm
	}{
		{"", wrongForm{name: "proposal", who: "pct1.bth", page: "/proposals/new", fill: func(v *visitor) {
			b.Fill("#f-resources-money-vnd", "nhiều tiền")
			b.Check("#f-pilot-requested", true)
			b.Fill("#f-pilot-start", "31/12/2027")
			b.Fill("#f-pilot-end", "01/01/2027")
			b.Fill("#f-pilot-budget-vnd", "-5")
			b.Fill("#f-pilot-indicators-0-target", "ba trăm")
		}, fields: []string{"f-title", "f-resources-money-vnd", "f-pilot-units", "f-pilot-start", "f-pilot-end", "f-pilot-budget-vnd", "f-pilot-indicators-0-target"}}},
		{workflow.CollectiveReview, wrongForm{name: "approval", who: "chutich.bth", page: caseURL + "/meeting", action: "approve_pilot", fill: func(v *visitor) {
			b.Eval(`(() => { document.querySelectorAll("#a-approve_pilot-scope-units option").forEach(o => o.selected = false); return "" })()`)
			set("approve_pilot", "scope.start", "05/01/2027")
			set("approve_pilot", "scope.end", "01/12/2026")
			set("approve_pilot", "scope.budget_vnd", "-5")
		}, fields: []string{"a-approve_pilot-scope-units", "a-approve_pilot-scope-start", "a-approve_pilot-scope-end", "a-approve_pilot-scope-budget-vnd"}}},
		{workflow.InImplementation, wrongForm{name: "progress", who: "pct1.bth", page: caseURL + "/pilot", action: "report_progress", fill: func(v *visitor) {
			set("report_progress", "unit", "")
			set("report_progress", "date", "45/13/2026")
			set("report_progress", "amount_vnd", "-100.000")
			set("report_progress", "summary", "")
		}, fields: []string{"a-report_progress-unit", "a-report_progress-date", "a-report_progress-amount-vnd", "a-report_progress-summary"}}},
		{workflow.InImplementation, wrongForm{name: "inspection", who: "kiemtra.hcm", page: caseURL + "/pilot", action: "inspect", fill: func(v *visitor) {
			set("inspect", "date", "99/99/2026")
			set("inspect", "findings", "")
			set("inspect", "violations[0].description", "Chưa công khai sổ thu chi")
			set("inspect", "violations[0].deadline", "31/02/2027")
		}, fields: []string{"a-inspect-date", "a-inspect-findings", "a-inspect-violations-0-corrective-action", "a-inspect-violations-0-deadline"}}},
		{workflow.Evaluation, wrongForm{name: "evaluation", who: "chutich.bth", page: caseURL + "/evaluation", action: "evaluate", fill: func(v *visitor) {
			b.Check("#a-evaluate-damage", true)
			set("evaluate", "damage_vnd", "-1")
			set("evaluate", "summary", "")
		}, fields: []string{"a-evaluate-result", "a-evaluate-damage-vnd", "a-evaluate-damage-text", "a-evaluate-summary"}}},
		{workflow.ProtectionDetermined, wrongForm{name: "reward", who: "thiduakt.hcm", page: caseURL + "/evaluation", action: "reward", fill: func(v *visitor) {
			set("reward", "kind", "")
			set("reward", "recipient", "")
			set("reward", "decision_date", "32/01/2027")
		}, fields: []string{"a-reward-kind", "a-reward-recipient", "a-reward-decision", "a-reward-decision-date"}}},
	}
	history := func() int {
		p, err := v.site.Store.Proposal(context.Background(), v.site.Person(t, "chutich.hcm"), id)
		if err != nil {
			t.Fatal(err)
		}
		return len(p.History)
	}
	for _, f := range forms {
		if f.until != "" {
			v.site.Continue(t, id, f.until)
		}
		form := f.form
		b.Viewport(390, 844)
		v.signIn(form.who)
		v.go_(form.page, "")
		before := history()
		submit := "form.proposal-form button[type=submit]"
		if form.action != "" {
			sel := "#act-" + form.action
			if !b.Exists(sel) {
				t.Fatalf("%s: no %s form on %s", form.name, form.action, form.page)
			}
			b.Click(sel + " > summary")
			submit = sel + " button[type=submit]"
		}
		form.fill(v)
		if form.name == "proposal" {
			// The unit picker as one types a ward's name without diacritics.
			b.Fill("#f-pilot-units-search", "binh thanh")
			v.shots = append(v.shots, b.ScreenshotOf(".field:has(#f-pilot-units)", "chon-don-vi-390"))
			b.Fill("#f-pilot-units-search", "")
		}
		b.Submit(submit)
		v.check("")
		failed := false
		for _, fid := range form.fields {
			where := b.Eval(`(() => {
				const c = document.getElementById(` + strconv.Quote(fid) + `), e = document.getElementById(` + strconv.Quote(fid+"-err") + `);
				if (!c) return "no control";
				if (!e) return "no error";
				const box = c.closest(".field");
				if (!box || !box.contains(e)) return "the error is not beside its field";
				if (c.getAttribute("aria-invalid") !== "true" && !c.matches("fieldset")) return "the control is not marked invalid";
				if (!document.querySelector(".error-summary a[href='#` + fid + `']")) return "the summary does not link to it";
				return "ok";
			})()`)
			if where != "ok" {
				t.Errorf("%s: %s: %s", form.name, fid, where)
				failed = true
				continue
			}
			msg := b.Text("#" + fid + "-err")
			if !vietnamese.MatchString(msg) || notForUser.MatchString(msg) {
				t.Errorf("%s: %s: the message is not in an official's Vietnamese: %q", form.name, fid, msg)
				failed = true
			}
		}
		if failed {
			t.Logf("%s: the errors on the page: %q", form.name, b.Texts(".error"))
		}
		if n := history(); n != before {
			t.Errorf("%s: the refused form recorded %d steps", form.name, n-before)
		}
		if form.name == "proposal" {
			v.shots = append(v.shots, b.Screenshot("de-xuat-loi-390"))
		}
	}
	// The long case's first screen, on a phone.
	v.signIn("chutich.bth")
	v.go_(caseURL, "")
	v.shots = append(v.shots, b.ScreenshotFirst("ho-so-dai-man-hinh-dau-390"))
	t.Logf("screenshots:\n  %s", strings.Join(v.shots, "\n  "))
}
