package server

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"damlam/internal/casework"
	"damlam/internal/proof"
	"damlam/internal/sqlstore"
	"damlam/internal/webtest"
	"damlam/internal/workflow"
)

// A violation an inspection found is a due item of the implementer's
// inbox, page and API, with its corrective deadline; once past it the
// inspector's list shows it overdue, the escalation sends it up, and the
// implementer's correction through the pilot page's form takes it out of
// the inbox. Only an inspector reads the list; a bad status is a 400.
func TestCorrectionsAreDueItemsOnThePages(t *testing.T) {
	onBothDatabases(t, func(t *testing.T, ps *pageSite) {
		ctx := context.Background()
		id := ps.site.AlleyRoad(t, workflow.InImplementation)
		cases := casework.New(ps.site.Store)
		ps.site.Clock.Set(time.Date(2026, 12, 14, 9, 0, 0, 0, time.FixedZone("ICT", 7*3600))) // Monday
		res, err := cases.Do(ctx, ps.site.Person(t, "kiemtra.hcm"), id, workflow.Inspect, &workflow.InspectInput{Date: "2026-12-14", Findings: "Chậm công khai.",
			Violations: []workflow.Violation{{Description: "Chưa công khai sổ thu chi", CorrectiveAction: "Niêm yết tại tổ dân phố", Deadline: "2026-12-16"}}})
		if err != nil {
			t.Fatal(err)
		}
		insp := res.Event.Seq
		label := fmt.Sprintf("Khắc phục vi phạm (kiểm tra ở sự kiện %d, vi phạm thứ 1)", insp)

		implementer := ps.client("pct1.bth")
		if body := ps.mustGet(implementer, "/inbox"); !strings.Contains(body, label) || !strings.Contains(body, "16/12/2026") {
			t.Fatalf("the implementer's inbox page does not show the violation due 16/12/2026:\n%s", body)
		}
		var items []sqlstore.InboxItem
		a := ps.api("GET", "/api/v1/inbox", ps.token("pct1.bth"), nil)
		if err := json.Unmarshal(a.body, &items); err != nil || a.status != http.StatusOK {
			t.Fatalf("inbox API %d %v %s", a.status, err, a.body)
		}
		var found *sqlstore.InboxItem
		for i := range items {
			if items[i].Correction != nil {
				found = &items[i]
			}
		}
		if found == nil || found.DueDate != "2026-12-16" || found.Correction.String() != fmt.Sprintf("%d.1", insp) || *found.WorkingDaysLeft != 2 {
			t.Fatalf("inbox API items %s", a.body)
		}

		inspector := ps.client("kiemtra.hcm")
		if body := ps.mustGet(inspector, "/corrections?status=overdue"); !strings.Contains(body, "Không có vi phạm nào ở mục này.") {
			t.Fatalf("overdue before the deadline:\n%s", body)
		}
		// Thursday 17/12: a working day past the deadline.
		ps.site.Clock.Set(time.Date(2026, 12, 17, 9, 0, 0, 0, time.FixedZone("ICT", 7*3600)))
		inspector, implementer = ps.client("kiemtra.hcm"), ps.client("pct1.bth") // sessions last an hour
		body := ps.mustGet(inspector, "/corrections?status=overdue")
		if !strings.Contains(body, "Chưa công khai sổ thu chi") || !strings.Contains(body, "Niêm yết tại tổ dân phố") || !strings.Contains(body, `class="overdue"`) {
			t.Fatalf("the inspector's overdue corrections:\n%s", body)
		}
		if a := ps.api("GET", "/api/v1/corrections?status=late", ps.token("kiemtra.hcm"), nil); a.status != http.StatusBadRequest && a.status != http.StatusUnprocessableEntity {
			t.Fatalf("a bad status: %d %s", a.status, a.body)
		}
		if a := ps.api("GET", "/api/v1/corrections", ps.token("canbo.bth"), nil); a.status != http.StatusForbidden {
			t.Fatalf("someone who inspects nothing: %d %s", a.status, a.body)
		}
		escs, err := cases.EscalateOverdue(ctx)
		if err != nil {
			t.Fatal(err)
		}
		sent := false
		for _, e := range escs {
			sent = sent || (e.ProposalID == id && e.Violation != nil)
		}
		if !sent || ps.events(id, "violation.escalated") != 1 {
			t.Fatalf("escalations %+v", escs)
		}
		if body := ps.mustGet(inspector, "/corrections?status=open"); !strings.Contains(body, "đã chuyển cấp trên ngày 17/12/2026") {
			t.Fatalf("the escalation is not shown:\n%s", body)
		}
		if body := ps.mustGet(ps.client("chutich.hcm"), "/inbox"); !strings.Contains(body, label) {
			t.Fatalf("the superior's inbox:\n%s", body)
		}

		// The implementer corrects it through the pilot page's form.
		p := ps.post(implementer, "/proposals/"+id+"/do/correct_violation", url.Values{"inspection": {fmt.Sprint(insp)}, "violation": {"1"},
			"correction": {"Đã niêm yết."}, "date": {"2026-12-17"}, "back": {"pilot"}})
		if p.status != http.StatusSeeOther {
			t.Fatalf("correction: %d\n%s", p.status, p.body)
		}
		if body := ps.mustGet(implementer, "/inbox"); strings.Contains(body, label) {
			t.Fatalf("the corrected violation is still in the inbox:\n%s", body)
		}
		if body := ps.mustGet(inspector, "/corrections?status=corrected"); !strings.Contains(body, "khắc phục ngày 17/12/2026") {
			t.Fatalf("the corrected list:\n%s", body)
		}
	})
}

// A scope's stop conditions, set through the API's adjustment, are shown
// on the pilot page with the ones a progress report crossed; the head is
// told.
func TestStopConditionsOnThePilotPage(t *testing.T) {
	onBothDatabases(t, func(t *testing.T, ps *pageSite) {
		id := ps.site.AlleyRoad(t, workflow.InImplementation)
		scope := webtest.PilotScope("2027-02-28")
		scope.Stops = []proof.StopCheck{{Kind: proof.StopIndicatorBelow, Indicator: "Tỷ lệ hộ dân đồng thuận", Value: 70}, {Kind: proof.StopSpending, AmountVND: 400_000_000}}
		body, _ := json.Marshal(map[string]any{"reason": "Thêm điều kiện dừng kiểm tra được.", "scope": scope})
		if a := ps.api("POST", "/api/v1/proposals/"+id+"/adjust", ps.token("chutich.bth"), body); a.status != http.StatusOK {
			t.Fatalf("adjust: %d %s", a.status, a.body)
		}
		body, _ = json.Marshal(map[string]any{"unit": "HCM-BTH", "date": "2026-12-20", "amount_vnd": 10_000_000, "summary": "Họp dân lần hai.",
			"indicators": map[string]float64{"Tỷ lệ hộ dân đồng thuận": 64.5}})
		if a := ps.api("POST", "/api/v1/proposals/"+id+"/report_progress", ps.token("pct1.bth"), body); a.status != http.StatusOK {
			t.Fatalf("progress: %d %s", a.status, a.body)
		}
		page := ps.mustGet(ps.client("chutich.bth"), "/proposals/"+id+"/pilot")
		for _, want := range []string{"Điều kiện dừng được kiểm tra", "Tỷ lệ hộ dân đồng thuận dưới 70", "Chi tiêu đến 400.000.000 đồng",
			"Điều kiện dừng đã chạm", "Tỷ lệ hộ dân đồng thuận: 64,5, dưới ngưỡng 70"} {
			if !strings.Contains(page, want) {
				t.Fatalf("the pilot page lacks %q:\n%s", want, page)
			}
		}
		var n int
		ps.site.Store.DB().QueryRowContext(context.Background(), `SELECT count(*) FROM notifications WHERE person_id = 'chutich.bth' AND kind = 'stop_crossed' AND proposal_id = $1`, id).Scan(&n)
		if n != 1 {
			t.Fatalf("the head was told %d times", n)
		}
		// The adjustment form shows the checks and keeps them; its blank
		// row is dropped.
		head := ps.client("chutich.bth")
		if page := ps.mustGet(head, "/proposals/"+id+"/pilot"); !strings.Contains(page, `name="scope.stops[1].amount_vnd"`) || !strings.Contains(page, `name="scope.stops[2].kind"`) {
			t.Fatalf("the adjustment form lacks the stop rows:\n%s", page)
		}
		p := ps.post(head, "/proposals/"+id+"/do/adjust", url.Values{"reason": {"Gia hạn."}, "back": {"pilot"},
			"scope.units": {"HCM-BTH, HCM-GD"}, "scope.start": {"2026-12-01"}, "scope.end": {"2027-03-31"}, "scope.budget_vnd": {"450.000.000"},
			"scope.stops[0].kind": {"indicator_below"}, "scope.stops[0].indicator": {"Tỷ lệ hộ dân đồng thuận"}, "scope.stops[0].value": {"70"},
			"scope.stops[1].kind": {"spending"}, "scope.stops[1].amount_vnd": {"400.000.000"},
			"scope.stops[2].kind": {""}, "scope.stops[2].indicator": {""}})
		if p.status != http.StatusSeeOther {
			t.Fatalf("adjust through the form: %d\n%s", p.status, p.body)
		}
		view, err := ps.site.Store.Proposal(context.Background(), ps.site.Person(t, "chutich.bth"), id)
		if err != nil {
			t.Fatal(err)
		}
		if sc := view.ApprovedScope; sc == nil || sc.End != "2027-03-31" || len(sc.Stops) != 2 || sc.Stops[1].AmountVND != 400_000_000 || sc.Stops[0].Value != 70 {
			t.Fatalf("the adjusted scope %+v", view.ApprovedScope)
		}
	})
}
