package server

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"damlam/internal/workflow"
)

// TestStrictInput sends what an outside client got through before: bad
// text, contradictory findings, unknown units, oversized bodies and
// filters the server used to default. Each is refused with the status and
// the field named, and writes nothing.
func TestStrictInput(t *testing.T) {
	onBothDatabases(t, func(t *testing.T, ps *pageSite) {
		running := ps.site.AlleyRoad(t, workflow.InImplementation)
		evaluating := ps.site.AlleyRoad(t, workflow.Evaluation)
		submitted := ps.site.AlleyRoad(t, workflow.CollectiveReview)
		staff, head, inspector := ps.token("pct1.bth"), ps.token("chutich.bth"), ps.token("kiemtra.hcm")
		progress := "/api/v1/proposals/" + running + "/report_progress"
		long := strings.Repeat("ệ", 301)
		for _, tc := range []struct {
			name, method, path, token, body string
			status                          int
			code, field, says               string
		}{
			{"invalid UTF-8", "POST", progress, staff, `{"unit":"HCM-BTH","date":"2026-12-10","summary":"b` + "\xe1\xbb" + `"}`, 400, "malformed_text", "summary", ""},
			{"a NUL", "POST", progress, staff, `{"unit":"HCM-BTH","date":"2026-12-10","summary":"a\u0000b"}`, 400, "malformed_text", "summary", "U+0000"},
			{"an escape character", "POST", progress, staff, `{"unit":"HCM-BTH","date":"2026-12-10","summary":"a\u001bb"}`, 400, "malformed_text", "summary", "U+001B"},
			{"a newline in a unit id", "POST", progress, staff, `{"unit":"HCM-BTH\n","date":"2026-12-10","summary":"x"}`, 400, "malformed_text", "unit", "U+000A"},
			{"a C1 control in a key", "POST", progress, staff, `{"unit":"HCM-BTH","date":"2026-12-10","summary":"x","a\u0085":1}`, 400, "malformed_text", "a\u0085", "U+0085"},
			{"a body over the limit", "POST", progress, staff, `{"unit":"HCM-BTH","date":"2026-12-10","summary":"` + strings.Repeat("x", maxBody) + `"}`, 413, "body_too_large", "", "1048576"},
			{"an unknown unit", "POST", progress, staff, `{"unit":"NO-SUCH-UNIT","date":"2026-12-10","summary":"x"}`, 422, "invalid_fields", "unit", "NO-SUCH-UNIT"},
			{"no damage with a sum", "POST", "/api/v1/proposals/" + evaluating + "/evaluate", head,
				`{"result":"completed","followed_plan":true,"honest_motive":true,"common_good":true,"within_competence":true,"no_contravention":true,"damage":false,"damage_vnd":30000000,"summary":"Tốt."}`,
				422, "invalid_fields", "damage_vnd", "damage: false"},
			{"a deadline before the inspection", "POST", "/api/v1/proposals/" + running + "/inspect", inspector,
				`{"date":"2027-01-05","findings":"x","violations":[{"description":"a","corrective_action":"b","deadline":"2027-01-04"}]}`,
				422, "invalid_fields", "violations[0].deadline", "05/01/2027"},
			{"a scope over an unknown unit", "POST", "/api/v1/proposals/" + submitted + "/approve_pilot", head,
				`{"document_number":"1/QĐ","scope":{"units":["HCM-BTH","HCM-BHT"],"start":"2026-12-01","end":"2027-02-28","budget_vnd":1}}`,
				422, "invalid_fields", "scope.units[1]", "HCM-BHT"},
			{"a title of 301 characters", "POST", "/api/v1/proposals", staff, `{"unit_id":"HCM-BTH","content":{"title":"` + long + `"}}`, 422, "invalid_fields", "title", "300"},
			{"overdue=yes", "GET", "/api/v1/proposals?overdue=yes", staff, "", 400, "bad_query", "overdue", "true, false"},
			{"limit=0", "GET", "/api/v1/proposals?limit=0", staff, "", 400, "bad_query", "limit", "1"},
			{"limit=500", "GET", "/api/v1/proposals?limit=500", staff, "", 400, "bad_query", "limit", "200"},
			{"an unknown unit filter", "GET", "/api/v1/proposals?unit=NO-SUCH-UNIT", staff, "", 400, "bad_query", "unit", "NO-SUCH-UNIT"},
			{"an unknown state", "GET", "/api/v1/proposals?state=OPEN", staff, "", 400, "bad_query", "state", "IN_IMPLEMENTATION"},
			{"a misspelt parameter", "GET", "/api/v1/proposals?stat=DRAFT", staff, "", 400, "bad_query", "stat", "state"},
			{"a NUL in a filter", "GET", "/api/v1/proposals?q=a%00b", staff, "", 400, "bad_query", "q", "U+0000"},
		} {
			size, cases, events := ps.logSize(), ps.rows("proposals"), ps.rows("events")
			var body []byte
			if tc.body != "" {
				body = []byte(tc.body)
			}
			a := ps.api(tc.method, tc.path, tc.token, body, "Accept-Language", "en")
			if a.status != tc.status || a.code() != tc.code {
				t.Errorf("%s: %d %s, want %d %s\n%.300s", tc.name, a.status, a.code(), tc.status, tc.code, a.body)
				continue
			}
			var p Problem
			json.Unmarshal(a.body, &p)
			named := tc.field == ""
			for _, f := range p.Errors {
				named = named || f.Field == tc.field
			}
			if !named || !strings.Contains(p.Detail+p.Message.EN, tc.says) {
				t.Errorf("%s: the answer does not name %q with %q: %.400s", tc.name, tc.field, tc.says, a.body)
			}
			if ps.logSize() != size || ps.rows("proposals") != cases || ps.rows("events") != events {
				t.Errorf("%s: the refusal wrote", tc.name)
			}
		}

		// What is allowed: a newline in a long text, a Vietnamese title of
		// 200 characters sent decomposed (NFD, 400 code points).
		if a := ps.api("POST", progress, staff, []byte(`{"unit":"HCM-BTH","date":"2026-12-10","summary":"Dòng 1\nDòng 2\tcột"}`)); a.status != http.StatusOK {
			t.Errorf("a newline in a summary: %d %s", a.status, a.body)
		}
		title := norm.NFD.String(strings.Repeat("ệ", 200))
		body, _ := json.Marshal(map[string]any{"unit_id": "HCM-BTH", "content": map[string]any{"title": title}})
		if a := ps.api("POST", "/api/v1/proposals", staff, body); a.status != http.StatusCreated {
			t.Errorf("a title of 200 Vietnamese characters: %d %s", a.status, a.body)
		}
		// Filters that are known work, and an empty list is [].
		a := ps.api("GET", "/api/v1/proposals?overdue=false&limit=1", staff, nil)
		if a.status != http.StatusOK || !strings.Contains(string(a.body), `"has_more":true`) {
			t.Errorf("a page of one: %d %s", a.status, a.body)
		}
		if a := ps.api("GET", "/api/v1/proposals?state=CLOSED&unit=HCM-BTH", staff, nil); a.status != http.StatusOK || !strings.HasPrefix(string(a.body), `{"items":[],"has_more":false,"total":0}`) {
			t.Errorf("an empty list: %d %s", a.status, a.body)
		}
	})
}
