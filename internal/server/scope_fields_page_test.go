package server

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"damlam/internal/workflow"
)

// TestApprovalMarksEveryScopeField posts an approval whose scope is wrong
// in every field at once: a unit code that is no unit, a name typed for a
// unit, an end before the start, a negative budget. Each field carries its
// own Vietnamese message, the summary links to each, and nothing is
// recorded.
func TestApprovalMarksEveryScopeField(t *testing.T) {
	ps := newPageSite(t, Options{})
	id := ps.site.AlleyRoad(t, workflow.CollectiveReview)
	head := ps.client("chutich.bth")
	before, err := ps.site.Store.Proposal(context.Background(), ps.site.Person(t, "chutich.bth"), id)
	if err != nil {
		t.Fatal(err)
	}
	for _, units := range [][]string{{"HCM-BTH", "HCM-KHONG-CO"}, {"Bình Thạnh"}} {
		p := ps.post(head, "/proposals/"+id+"/do/approve_pilot", url.Values{"scope.units": units, "scope.start": {"05/01/2027"},
			"scope.end": {"01/12/2026"}, "scope.budget_vnd": {"-5"}, "back": {"meeting"}})
		if p.status != http.StatusUnprocessableEntity {
			t.Fatalf("%v: %d", units, p.status)
		}
		for id, want := range map[string]string{
			"a-approve_pilot-scope-units-err":      "không phải là một đơn vị trong danh sách",
			"a-approve_pilot-scope-start-err":      "Ngày bắt đầu phải trước",
			"a-approve_pilot-scope-end-err":        "Ngày kết thúc phải sau",
			"a-approve_pilot-scope-budget-vnd-err": "Số tiền không được âm",
		} {
			at := strings.Index(p.body, `id="`+id+`"`)
			if at < 0 || !strings.Contains(p.body[at:min(len(p.body), at+300)], want) {
				t.Errorf("%v: no %q beside %s", units, want, strings.TrimSuffix(id, "-err"))
			}
			if !strings.Contains(p.body, `href="#`+strings.TrimSuffix(id, "-err")+`"`) {
				t.Errorf("%v: the error summary does not link to %s", units, strings.TrimSuffix(id, "-err"))
			}
		}
		if strings.Contains(p.body, "scope:") || strings.Contains(p.body, "before start") {
			t.Errorf("%v: the page shows a programmer's message", units)
		}
	}
	after, err := ps.site.Store.Proposal(context.Background(), ps.site.Person(t, "chutich.bth"), id)
	if err != nil {
		t.Fatal(err)
	}
	if len(after.History) != len(before.History) || after.State != before.State {
		t.Errorf("a refused approval was recorded: %d → %d events, %s → %s", len(before.History), len(after.History), before.State, after.State)
	}
}
