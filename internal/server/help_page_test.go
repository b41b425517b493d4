package server

import (
	"net/http"
	"strings"
	"testing"

	"damlam/internal/i18n"
	"damlam/internal/workflow"
)

// TestHelpFollowsTheTransitionTable reads the help signed out: every state
// has its page with a plain explanation in both languages, and every row
// of the transition table from that state is on it with who takes it and
// where it leads, and every time limit with its days; a case's page links
// to the help of the step it stands at.
func TestHelpFollowsTheTransitionTable(t *testing.T) {
	ps := newPageSite(t, Options{})
	anon := ps.client("")
	index := ps.mustGet(anon, "/huong-dan")
	for _, st := range workflow.States {
		if !strings.Contains(index, `href="/huong-dan/`+string(st)+`"`) {
			t.Errorf("the help's index does not link %s", st)
		}
		for _, lang := range []i18n.Lang{i18n.VI, i18n.EN} {
			if e := i18n.T("help.state." + string(st)).In(lang); e == "" || strings.HasPrefix(e, "help.state.") {
				t.Errorf("%s has no explanation in %s", st, lang)
			}
		}
		page := ps.mustGet(anon, "/huong-dan/"+string(st))
		for _, tr := range workflow.ActionsFrom(st) {
			if tr.Action == workflow.Escalate {
				continue
			}
			row := "<th scope=\"row\">" + htmlEscape(tr.Action.Label().In(i18n.VI)) + "</th><td>" + htmlEscape(i18n.T("who."+string(tr.Who)).In(i18n.VI)) + "</td>"
			if !strings.Contains(page, row) {
				t.Errorf("%s: the help lacks %s by %s", st, tr.Action, tr.Who)
			}
			if tr.To != tr.From && !strings.Contains(page, `href="/huong-dan/`+string(tr.To)+`"`) {
				t.Errorf("%s: the help does not say %s leads to %s", st, tr.Action, tr.To)
			}
		}
		if d, ok := workflow.Deadlines[st]; ok && !strings.Contains(page, i18n.T("web.help.limit", d.Days).In(i18n.VI)) {
			t.Errorf("%s: the help does not give its limit of %d working days", st, d.Days)
		}
	}
	if p := ps.get(anon, "/huong-dan/NO_SUCH"); p.status != http.StatusNotFound {
		t.Errorf("an unknown step: %d", p.status)
	}
	id := ps.site.AlleyRoad(t, workflow.CollectiveReview)
	if body := ps.mustGet(ps.client("chutich.bth"), "/proposals/"+id); !strings.Contains(body, `href="/huong-dan/COLLECTIVE_REVIEW"`) {
		t.Error("the case's page does not link the help of its step")
	}
}
