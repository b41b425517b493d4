package server

import (
	"encoding/json"
	"net/http"
	"strconv"
	"testing"

	"damlam/internal/workflow"
)

// TestObstaclesAndViolationsHaveIds: the case lists its obstacles and
// violations, each with an id; resolve_obstacle and correct_violation take
// that id; a violation id the case does not list is refused and writes
// nothing; the deprecated place (inspection, violation) still works, and
// the logged correction names the violation both ways.
func TestObstaclesAndViolationsHaveIds(t *testing.T) {
	onBothDatabases(t, func(t *testing.T, ps *pageSite) {
		id := ps.site.AlleyRoad(t, workflow.InImplementation)
		staff, head, inspector := ps.token("pct1.bth"), ps.token("chutich.bth"), ps.token("kiemtra.hcm")
		do := func(tok, action, body string, status int) apiAnswer {
			t.Helper()
			a := ps.api("POST", "/api/v1/proposals/"+id+"/"+action, tok, []byte(body))
			if a.status != status {
				t.Fatalf("%s: %d, want %d\n%s", action, a.status, status, a.body)
			}
			return a
		}
		type listed struct {
			Obstacles  []workflow.ListedObstacle  `json:"obstacles"`
			Violations []workflow.ListedViolation `json:"violations"`
		}
		read := func() listed {
			t.Helper()
			var l listed
			if err := json.Unmarshal(ps.api("GET", "/api/v1/proposals/"+id, staff, nil).body, &l); err != nil {
				t.Fatal(err)
			}
			return l
		}
		if l := read(); len(l.Obstacles) != 0 || len(l.Violations) != 0 || l.Obstacles == nil || l.Violations == nil {
			t.Fatalf("before any: %+v", l)
		}

		raised := do(staff, "raise_obstacle", `{"description":"Một hộ chưa đồng ý hiến đất."}`, 200)
		seq := int(raised.object(t)["event"].(map[string]any)["seq"].(float64))
		l := read()
		if len(l.Obstacles) != 1 || l.Obstacles[0].ID != seq || l.Obstacles[0].Resolved {
			t.Fatalf("the obstacle: %+v (raised as %d)", l.Obstacles, seq)
		}
		do(head, "resolve_obstacle", `{"obstacle":`+strconv.Itoa(l.Obstacles[0].ID)+`,"resolution":"Đã vận động."}`, 200)
		if l := read(); !l.Obstacles[0].Resolved {
			t.Fatal("the obstacle resolved by its id is still open")
		}

		do(inspector, "inspect", `{"date":"2027-01-05","findings":"Chậm công khai.","violations":[`+
			`{"description":"Chưa công khai sổ thu chi","corrective_action":"Niêm yết","deadline":"2027-01-15"},`+
			`{"description":"Thiếu biển báo","corrective_action":"Lắp biển","deadline":"2027-01-20"}]}`, 200)
		l = read()
		if len(l.Violations) != 2 || l.Violations[0].ID == l.Violations[1].ID || l.Violations[1].Description != "Thiếu biển báo" {
			t.Fatalf("the violations: %+v", l.Violations)
		}
		if again := read(); again.Violations[1].ID != l.Violations[1].ID {
			t.Fatal("a violation's id changed between two reads")
		}

		// An id the case does not list: refused, nothing written.
		size, events := ps.logSize(), ps.rows("events")
		for _, bad := range []string{strconv.Itoa(l.Violations[0].Inspection) + "-00000000", "999-00000000", "abc"} {
			a := ps.api("POST", "/api/v1/proposals/"+id+"/correct_violation", staff, []byte(`{"violation_id":"`+bad+`","correction":"Đã sửa.","date":"2027-01-12"}`))
			if a.status != http.StatusUnprocessableEntity || ps.logSize() != size || ps.rows("events") != events {
				t.Errorf("violation_id %q: %d, log %d → %d\n%s", bad, a.status, size, ps.logSize(), a.body)
			}
		}

		// The second by its id; the first by its place, as older clients do.
		corrected := do(staff, "correct_violation", `{"violation_id":"`+l.Violations[1].ID+`","correction":"Đã lắp biển.","date":"2027-01-12"}`, 200)
		var res struct {
			Event struct {
				Payload struct {
					Input workflow.CorrectionInput `json:"input"`
				} `json:"payload"`
			} `json:"event"`
		}
		json.Unmarshal(corrected.body, &res)
		if in := res.Event.Payload.Input; in.Inspection != l.Violations[1].Inspection || in.Violation != 2 || in.ViolationID != l.Violations[1].ID {
			t.Errorf("the logged correction: %+v", in)
		}
		if now := read(); now.Violations[0].Corrected || !now.Violations[1].Corrected {
			t.Fatalf("after correcting the second: %+v", now.Violations)
		}
		do(staff, "correct_violation", `{"inspection":`+strconv.Itoa(l.Violations[0].Inspection)+`,"violation":1,"correction":"Đã niêm yết.","date":"2027-01-12"}`, 200)
		if now := read(); !now.Violations[0].Corrected {
			t.Fatalf("the first, corrected by its place: %+v", now.Violations)
		}
	})
}
