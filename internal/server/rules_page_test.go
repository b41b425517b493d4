package server

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"damlam/internal/workflow"
)

// TestAdministratorIssuesALocalRuleSet: the page refuses an empty form
// field by field and writes nothing, a ward's head may not issue the city's
// set, the administrator may (by the page, then a second version by the
// API), and a case submitted afterwards follows it and shows it.
func TestAdministratorIssuesALocalRuleSet(t *testing.T) {
	onBothDatabases(t, func(t *testing.T, ps *pageSite) {
		admin := ps.client("admin")
		if body := ps.mustGet(admin, "/admin/rules"); !strings.Contains(body, "Quy định chung theo Nghị định 73/2023/NĐ-CP") {
			t.Fatal("the page does not show the national set")
		}
		size := ps.logSize()
		p := ps.post(admin, "/admin/rules", url.Values{"unit_id": {"HCM"}})
		if p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, `id="a-rules-id-err"`) || !strings.Contains(p.body, `id="a-rules-decide-days-err"`) ||
			!strings.Contains(p.body, "Phải là một số.") {
			t.Fatalf("empty form: %d\n%s", p.status, p.body)
		}
		p = ps.post(admin, "/admin/rules", url.Values{"id": {"hcm"}, "unit_id": {"HCM"}, "name": {"Quy định của Thành phố"}, "instrument": {"Kế hoạch 124"},
			"decide_days": {"0"}, "report_days": {"5"}, "evaluate_days": {"7"}, "reminder_days": {"2"}, "vote_percent": {"50"}})
		if p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, `id="a-rules-decide-days-err"`) || !strings.Contains(p.body, "Phải từ 1 đến 60.") {
			t.Fatalf("0 days: %d\n%s", p.status, p.body)
		}
		if ps.rows("rule_sets") != 0 || ps.logSize() != size {
			t.Fatal("a refused set was written")
		}
		form := url.Values{"id": {"hcm"}, "unit_id": {"HCM"}, "name": {"Quy định của Thành phố"}, "instrument": {"Kế hoạch 124"},
			"decide_days": {"5"}, "report_days": {"5"}, "evaluate_days": {"7"}, "reminder_days": {"3"}, "vote_percent": {"50"}}
		if p := ps.post(ps.client("chutich.bth"), "/admin/rules", form); p.status != http.StatusForbidden {
			t.Fatalf("a ward's head issued the city's set: %d", p.status)
		}
		if p := ps.post(admin, "/admin/rules", form); p.status != http.StatusSeeOther {
			t.Fatalf("issue: %d\n%s", p.status, p.body)
		}
		if body := ps.mustGet(admin, "/admin/rules"); !strings.Contains(body, "<code>hcm v1</code>") {
			t.Fatal("the issued set is not listed")
		}
		if ps.logSize() != size+1 {
			t.Fatalf("the issue is not logged: %d leaves, want %d", ps.logSize(), size+1)
		}

		body := []byte(`{"id":"hcm","unit_id":"HCM","name":"Quy định của Thành phố","instrument":"Kế hoạch 124","reminder_days":3,"vote_percent":50,"working_days":{"SUBMITTED":4,"PARTY_OPINION":4,"COLLECTIVE_REVIEW":4}}`)
		if a := ps.api("POST", "/api/v1/rules", ps.token("chutich.bth"), body); a.status != http.StatusForbidden {
			t.Fatalf("API, a ward's head: %d %s", a.status, a.body)
		}
		a := ps.api("POST", "/api/v1/rules", ps.token("admin"), body)
		if a.status != http.StatusCreated || a.object(t)["version"] != float64(2) {
			t.Fatalf("API issue: %d %s", a.status, a.body)
		}
		if a := ps.api("GET", "/api/v1/rules", ps.token("canbo.bth"), nil); a.status != http.StatusOK || len(a.object(t)["sets"].([]any)) != 2 {
			t.Fatalf("API list: %d %s", a.status, a.body)
		}

		id := ps.site.AlleyRoad(t, workflow.Submitted)
		v := ps.api("GET", "/api/v1/proposals/"+id, ps.token("chutich.bth"), nil).object(t)
		rules, _ := v["rules"].(map[string]any)
		if rules["id"] != "hcm" || rules["version"] != float64(2) {
			t.Fatalf("the case follows %v", v["rules"])
		}
		page := ps.mustGet(ps.client("chutich.bth"), "/proposals/"+id)
		if !strings.Contains(page, "Quy định của Thành phố <span class=\"muted\">(hcm v2)</span>") || !strings.Contains(page, "Kế hoạch 124: 4 ngày làm việc") {
			t.Fatalf("the case page does not name the set and its limit:\n%s", page)
		}
	})
}
