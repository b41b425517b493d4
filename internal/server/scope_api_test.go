package server

import (
	"encoding/json"
	"net/http"
	"testing"

	"damlam/internal/workflow"
)

// TestCompletionAndCorrectionsAreScopeChecked: a completion report over
// budget and after the pilot's end, and a correction after it, are
// recorded, flagged and counted like a progress report outside the scope.
func TestCompletionAndCorrectionsAreScopeChecked(t *testing.T) {
	onBothDatabases(t, func(t *testing.T, ps *pageSite) {
		for _, tc := range []struct {
			name   string
			stop   workflow.State
			who    string
			action workflow.Action
			body   string
			codes  []string
		}{
			{"a completion within the scope", workflow.InImplementation, "pct1.bth", workflow.ReportCompletion,
				`{"summary":"Xong.","date":"2027-02-01","spent_vnd":400000000}`, nil},
			{"a completion 5 times over budget, 40 days late", workflow.InImplementation, "pct1.bth", workflow.ReportCompletion,
				`{"summary":"Xong.","date":"2027-04-09","spent_vnd":2250000000}`, []string{"after_end", "over_budget"}},
		} {
			id := ps.site.AlleyRoad(t, tc.stop)
			a := ps.api("POST", "/api/v1/proposals/"+id+"/"+string(tc.action), ps.token(tc.who), []byte(tc.body))
			if a.status != http.StatusOK {
				t.Fatalf("%s: %d %s", tc.name, a.status, a.body)
			}
			var res struct {
				Event struct {
					Payload struct {
						Outside []struct{ Code string } `json:"outside_scope"`
					} `json:"payload"`
				} `json:"event"`
			}
			json.Unmarshal(a.body, &res)
			var got []string
			for _, o := range res.Event.Payload.Outside {
				got = append(got, o.Code)
			}
			if len(got) != len(tc.codes) || (len(got) > 0 && (got[0] != tc.codes[0] || got[len(got)-1] != tc.codes[len(tc.codes)-1])) {
				t.Errorf("%s: flagged %v, want %v\n%.600s", tc.name, got, tc.codes, a.body)
			}
			v := ps.api("GET", "/api/v1/proposals/"+id, ps.token(tc.who), nil).object(t)
			if n := int(v["outside_scope_actions"].(float64)); n != min(len(tc.codes), 1) {
				t.Errorf("%s: the case counts %d actions outside its scope", tc.name, n)
			}
		}

		// A correction dated after the pilot's end is flagged too; one
		// dated within it is not.
		id := ps.site.AlleyRoad(t, workflow.InImplementation)
		insp := ps.api("POST", "/api/v1/proposals/"+id+"/inspect", ps.token("kiemtra.hcm"),
			[]byte(`{"date":"2027-01-05","findings":"Chậm công khai.","violations":[{"description":"a","corrective_action":"b","deadline":"2027-01-15"},{"description":"c","corrective_action":"d","deadline":"2027-01-20"}]}`))
		if insp.status != http.StatusOK {
			t.Fatalf("inspect: %d %s", insp.status, insp.body)
		}
		seq := int(insp.object(t)["event"].(map[string]any)["seq"].(float64))
		for i, date := range []string{"2027-01-12", "2027-03-15"} {
			body, _ := json.Marshal(map[string]any{"inspection": seq, "violation": i + 1, "correction": "Đã sửa.", "date": date})
			a := ps.api("POST", "/api/v1/proposals/"+id+"/correct_violation", ps.token("pct1.bth"), body)
			if a.status != http.StatusOK {
				t.Fatalf("correct %s: %d %s", date, a.status, a.body)
			}
			v := ps.api("GET", "/api/v1/proposals/"+id, ps.token("pct1.bth"), nil).object(t)
			if n := int(v["outside_scope_actions"].(float64)); n != i {
				t.Errorf("after a correction on %s the case counts %d actions outside its scope, want %d", date, n, i)
			}
		}
	})
}
