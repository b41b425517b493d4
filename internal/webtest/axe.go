package webtest

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/chromedp/chromedp"
)

// axeSource is axe-core (MPL-2.0, see axe/LICENSE), vendored so the
// accessibility check needs no network. It is injected through the
// DevTools protocol, which the page's Content-Security-Policy does not
// govern, so the page under test keeps its strict policy.
//
//go:embed axe/axe.min.js
var axeSource string

// AxeViolation is one rule axe found broken, with where.
type AxeViolation struct {
	ID          string   `json:"id"`
	Impact      string   `json:"impact"`
	Help        string   `json:"help"`
	HelpURL     string   `json:"helpUrl"`
	Targets     []string `json:"targets"`
	FailureText string   `json:"failure"`
}

func (v AxeViolation) String() string {
	return fmt.Sprintf("%s (%s): %s at %s — %s", v.ID, v.Impact, v.Help, strings.Join(v.Targets, ", "), v.FailureText)
}

// axeRun runs the WCAG 2.1 A and AA rules and returns the violations.
const axeRun = `(async () => {
  const r = await axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}, resultTypes: ["violations"]});
  return JSON.stringify(r.violations.map(v => ({
    id: v.id, impact: v.impact || "", help: v.help, helpUrl: v.helpUrl,
    targets: v.nodes.slice(0, 5).map(n => n.target.join(" ")),
    failure: (v.nodes[0] && v.nodes[0].failureSummary || "").slice(0, 300)})));
})()`

// Axe checks the current page and returns every violation axe reports.
func (b *Browser) Axe() []AxeViolation {
	b.t.Helper()
	if !eval[bool](b, `typeof axe !== "undefined"`) {
		eval[bool](b, axeSource+";true")
	}
	out := eval[string](b, axeRun, chromedp.EvalAwaitPromise)
	var vs []AxeViolation
	if err := json.Unmarshal([]byte(out), &vs); err != nil {
		b.t.Fatalf("axe result: %v", err)
	}
	return vs
}

// Serious keeps the violations that block or seriously hinder people:
// axe's "serious" and "critical" impacts.
func Serious(vs []AxeViolation) []AxeViolation {
	var out []AxeViolation
	for _, v := range vs {
		if v.Impact == "serious" || v.Impact == "critical" {
			out = append(out, v)
		}
	}
	return out
}
