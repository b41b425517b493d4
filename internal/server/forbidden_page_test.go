package server

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"damlam/internal/workflow"
)

// everyone in the fixture.
var everyone = []string{"admin", "chutich.bth", "pct1.bth", "pct2.bth", "pct3.bth", "pct4.bth", "danguy.bth", "canbo.bth",
	"chutich.gd", "chutich.bq", "chutich.hcm", "kiemtra.hcm", "thiduakt.hcm", "kyluat.hcm"}

// TestForbiddenActionsAreHiddenAndRefused asks, for every person and every
// action at several points of the alley-road case: does the page offer the
// action exactly when the lifecycle allows this person to take it now? And
// when someone posts an action they may not take, is it refused — 403 when
// their role does not allow it — with nothing written?
func TestForbiddenActionsAreHiddenAndRefused(t *testing.T) {
	ps := newPageSite(t, Options{})
	ctx := context.Background()
	id := ps.site.AlleyRoad(t, workflow.CollectiveReview)
	for _, stage := range []workflow.State{workflow.CollectiveReview, workflow.InImplementation, workflow.Evaluated, workflow.Replicated} {
		ps.site.Continue(t, id, stage)
		t.Run(string(stage), func(t *testing.T) {
			facts := caseFacts(t, ps, id)
			if facts.State != stage {
				t.Fatalf("the case is %s, want %s", facts.State, stage)
			}
			for _, who := range everyone {
				me := ps.site.Person(t, who)
				c := ps.client(who)
				view, err := ps.site.Store.Proposal(ctx, me, id)
				readable := err == nil
				var body string
				for _, tab := range []string{"", "/meeting", "/pilot", "/evaluation"} {
					p := ps.get(c, "/proposals/"+id+tab)
					if (p.status == http.StatusOK) != readable {
						t.Errorf("%s reads the case %v, gets %d", who, readable, p.status)
					}
					body += p.body
				}
				for _, a := range workflow.Actions() {
					if !workflow.Personal(a) {
						continue
					}
					allowedNow := readable && allowed(view, a)
					form := `action="/proposals/` + id + `/do/` + string(a) + `"`
					if shown := strings.Contains(body, form); shown != allowedNow {
						t.Errorf("%s, %s: form shown %v, allowed %v", who, a, shown, allowedNow)
					}
					if allowedNow {
						continue
					}
					size, before := ps.logSize(), historyLen(t, ps, id)
					// A malformed number too: the refusal must come before
					// the form's own checks.
					p := ps.post(c, "/proposals/"+id+"/do/"+string(a), url.Values{"reason": {"x"}, "money_vnd": {"abc"}, "ballot": {"yes"}})
					whoFor, _ := workflow.WhoFor(a)
					if !workflow.Permitted(me, &facts, whoFor) && p.status != http.StatusForbidden {
						t.Errorf("%s posting %s: status %d, want 403", who, a, p.status)
					}
					if p.status < 400 {
						t.Errorf("%s posting %s: status %d, want a refusal", who, a, p.status)
					}
					if ps.logSize() != size || historyLen(t, ps, id) != before {
						t.Fatalf("%s posting %s (refused with %d) wrote something", who, a, p.status)
					}
				}
			}
		})
	}
}

// caseFacts is the domain's view of the fixture case, for Permitted.
func caseFacts(t *testing.T, ps *pageSite, id string) workflow.Proposal {
	t.Helper()
	ctx := context.Background()
	v, err := ps.site.Store.Proposal(ctx, ps.site.Person(t, "chutich.hcm"), id)
	if err != nil {
		t.Fatal(err)
	}
	unit, err := ps.site.Store.Unit(ctx, v.UnitID)
	if err != nil {
		t.Fatal(err)
	}
	decider, err := ps.site.Store.Unit(ctx, v.DeciderID)
	if err != nil {
		t.Fatal(err)
	}
	return workflow.Proposal{ID: id, UnitID: v.UnitID, UnitPath: unit.Path, DeciderID: v.DeciderID, DeciderPath: decider.Path,
		ProposerID: v.Proposer.ID, State: v.State, Content: v.Content}
}

func historyLen(t *testing.T, ps *pageSite, id string) int {
	t.Helper()
	v, err := ps.site.Store.Proposal(context.Background(), ps.site.Person(t, "chutich.hcm"), id)
	if err != nil {
		t.Fatal(err)
	}
	return len(v.History)
}
