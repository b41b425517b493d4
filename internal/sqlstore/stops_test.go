package sqlstore_test

import (
	"encoding/json"
	"slices"
	"testing"

	"damlam/internal/proof"
	"damlam/internal/testdb"
	"damlam/internal/workflow"
)

// A scope's checkable stop conditions are checked against each report: a
// report that crosses one logs what it crossed in its details (bound by
// the leaf's payload digest), the head is told at once, urgently, and the
// audit's replay agrees; a report that crosses nothing logs nothing.
func TestStopConditionsAreChecked(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dialect, dsn string) {
		f := newFixture(t, dsn)
		scope := fullContent("BTH").Pilot
		scope.Stops = []proof.StopCheck{
			{Kind: proof.StopIndicatorBelow, Indicator: "Tỷ lệ hộ dân đồng thuận", Value: 70},
			{Kind: proof.StopSpending, AmountVND: 250_000_000},
			{Kind: proof.StopDate, Date: "2027-02-15"},
		}
		id := f.approve(scope)
		f.do("head.bth", id, workflow.AllocateResources, &workflow.ResourcesInput{MoneyVND: 1, Source: "Ngân sách"})
		report := func(amount int64, consent float64) *workflow.StopDetails {
			t.Helper()
			res := f.do("staff.bth", id, workflow.ReportProgress, &workflow.ProgressInput{ScopedAction: workflow.ScopedAction{Unit: "BTH", Date: "2026-12-10", AmountVND: amount},
				Summary: "Đợt thi công.", Indicators: map[string]float64{"Tỷ lệ hộ dân đồng thuận": consent}})
			var payload workflow.Payload
			var raw string
			if err := f.db.QueryRowContext(f.ctx, `SELECT payload FROM events WHERE proposal_id = $1 AND seq = $2`, id, res.Event.Seq).Scan(&raw); err != nil {
				t.Fatal(err)
			}
			mustUnmarshal(t, []byte(raw), &payload)
			if len(payload.Details) == 0 {
				return nil
			}
			var d workflow.StopDetails
			mustUnmarshal(t, payload.Details, &d)
			return &d
		}
		if d := report(100_000_000, 92); d != nil {
			t.Fatalf("a report inside every stop condition logged %+v", d)
		}
		if got := f.told(id)["head.bth"]; slices.Contains(got, "stop_crossed") {
			t.Fatalf("the head was told of a crossing that did not happen: %v", got)
		}
		d := report(160_000_000, 65)
		if d == nil || len(d.StopsCrossed) != 2 {
			t.Fatalf("crossed %+v", d)
		}
		b, _ := json.Marshal(d.StopsCrossed)
		if string(b) != `[{"check":0,"kind":"indicator_below","indicator":"Tỷ lệ hộ dân đồng thuận","threshold":70,"observed":65},{"check":1,"kind":"spending","limit_vnd":250000000,"spent_vnd":260000000}]` {
			t.Fatalf("crossed %s", b)
		}
		notes, _ := f.store.NotificationsWhere(f.ctx, "head.bth", "unread", 5)
		found := false
		for _, n := range notes {
			if n.Kind == "stop_crossed" {
				found = n.Urgent && n.Message.VI == "Báo cáo của đề xuất "+id+" đã chạm điều kiện dừng trong phạm vi được duyệt; người đứng đầu xem xét tạm dừng hoặc dừng: Vận động Nhân dân góp vốn làm đường hẻm"
			}
		}
		if !found {
			t.Fatalf("the head's notices %+v", notes)
		}
		// The completion after the stop date crosses it too.
		res := f.do("staff.bth", id, workflow.ReportCompletion, &workflow.CompletionInput{Summary: "Xong.", Date: "2027-02-20", SpentVND: 260_000_000})
		var raw string
		f.db.QueryRowContext(f.ctx, `SELECT payload FROM events WHERE proposal_id = $1 AND seq = $2`, id, res.Event.Seq).Scan(&raw)
		var payload workflow.Payload
		mustUnmarshal(t, []byte(raw), &payload)
		var cd workflow.StopDetails
		mustUnmarshal(t, payload.Details, &cd)
		if len(cd.StopsCrossed) != 2 || cd.StopsCrossed[0].Kind != proof.StopSpending || cd.StopsCrossed[1].Date != "2027-02-15" {
			t.Fatalf("completion crossed %+v", cd)
		}
		if rep := f.audit(); !rep.OK() {
			t.Fatalf("audit: %v", rep.Problems)
		}
	})
}
