package document

import (
	"encoding/json"
	"time"

	"damlam/internal/workflow"
)

// inspectionLine is an inspection of c as the log would hold it; the
// demo records none, so the test adds one after the case's last event.
func inspectionLine(c Case) workflow.Line {
	in := workflow.InspectInput{Date: "2026-06-15", Findings: "Đoàn kiểm tra làm việc tại khu phố 2.\nViệc huy động vốn của Nhân dân được công khai, có sổ sách.",
		Violations: []workflow.Violation{{Description: "Chưa niêm yết bảng kinh phí tại công trình.", CorrectiveAction: "Niêm yết công khai bảng kinh phí.", Deadline: "2026-06-30"}}}
	raw, _ := json.Marshal(in)
	p, _ := json.Marshal(workflow.Payload{Input: raw})
	last := c.History[len(c.History)-1]
	return workflow.Line{Seq: last.Seq + 1, Type: "pilot.inspected", Action: workflow.Inspect,
		Actor: workflow.PersonRef{ID: "kiemtra.hcm", Name: "Lê Thị Kiểm"}, At: time.Date(2026, 6, 15, 3, 0, 0, 0, time.UTC), Payload: p}
}
