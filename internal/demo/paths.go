package demo

import (
	"damlam/internal/calendar"
	"damlam/internal/proof"
	"damlam/internal/workflow"
)

// Roles of a unit's people, by the demo's naming.
func head(unit string) string { return "chutich." + unitSuffix(unit) }
func deputy(unit string, n int) string {
	return "pct" + string(rune('0'+n)) + "." + unitSuffix(unit)
}
func party(unit string) string { return "danguy." + unitSuffix(unit) }

func unitSuffix(unit string) string {
	switch unit {
	case "HCM-BTH":
		return "bth"
	case "HCM":
		return "hcm"
	}
	return unit
}

const (
	inspector    = "kiemtra.hcm"
	rewarder     = "thiduakt.hcm"
	disciplinary = "kyluat.hcm"
)

func fixed(in workflow.Input) func(calendar.Date) workflow.Input {
	return func(calendar.Date) workflow.Input { return in }
}

// PathOptions shape a scripted case.
type PathOptions struct {
	Unit     string
	Proposer string
	Deputies int // how many deputies the unit has
	Target   workflow.State
	// Override makes the vote fail so the head decides in writing.
	Override bool
	// Evaluation is the collective's verdict; the default is a completed pilot.
	Evaluation *workflow.EvaluationInput
	// ReplicateTo lists units adopting the model.
	ReplicateTo []string
	Budget      int64
	// Violations has an inspection of the running pilot find two
	// violations: one whose corrective deadline passed uncorrected twenty
	// days on, one due thirty-five days on.
	Violations bool
}

// Path returns the steps that take a new draft to opts.Target along the
// main road of the lifecycle, with the branches the target needs.
func Path(o PathOptions) []Step {
	if o.Deputies == 0 {
		o.Deputies = 2
	}
	if o.Budget == 0 {
		o.Budget = 450_000_000
	}
	var steps []Step
	add := func(who string, a workflow.Action, in func(calendar.Date) workflow.Input) bool {
		steps = append(steps, Step{Who: who, Action: a, Input: in})
		return false
	}
	done := func(s workflow.State) bool { return o.Target == s }
	h := head(o.Unit)
	var scope *proof.Scope
	scopeOf := func(today calendar.Date) *proof.Scope {
		if scope == nil {
			scope = Scope(today.AddDays(1), 60, o.Budget, o.Unit)
		}
		return scope
	}

	if done(workflow.Draft) {
		return nil
	}
	add(o.Proposer, workflow.Submit, nil)
	switch o.Target {
	case workflow.Submitted:
		return steps
	case workflow.Withdrawn:
		add(o.Proposer, workflow.Withdraw, fixed(&workflow.ReasonInput{Reason: "Đơn vị đã có hướng dẫn mới của cấp trên, không còn cần thiết."}))
		return steps
	case workflow.Returned:
		add(h, workflow.Return, fixed(&workflow.ReasonRequiredInput{Reason: "Bổ sung phương án huy động và công khai tài chính với người dân."}))
		return steps
	case workflow.Rejected:
		add(h, workflow.Reject, fixed(&workflow.ReasonRequiredInput{Reason: "Nội dung đã có quy định của Thành phố; không thuộc trường hợp chưa có quy định."}))
		return steps
	}
	add(h, workflow.Convene, nil)
	if done(workflow.PartyOpinion) {
		return steps
	}
	add(party(o.Unit), workflow.GivePartyOpinion, fixed(&workflow.PartyOpinionInput{Opinion: "agree", Text: "Đảng ủy thống nhất chủ trương, đề nghị công khai, minh bạch với Nhân dân."}))
	if done(workflow.CollectiveReview) {
		add(h, workflow.CastVote, fixed(&workflow.VoteInput{Ballot: workflow.Yes}))
		return steps
	}
	ballot := workflow.Yes
	if o.Override {
		ballot = workflow.No
	}
	add(h, workflow.CastVote, fixed(&workflow.VoteInput{Ballot: workflow.Yes}))
	for i := 1; i <= o.Deputies; i++ {
		if d := deputy(o.Unit, i); d != o.Proposer {
			add(d, workflow.CastVote, fixed(&workflow.VoteInput{Ballot: ballot, Comment: "Ý kiến tại phiên họp tập thể lãnh đạo."}))
		}
	}
	switch {
	case o.Override:
		add(h, workflow.ApproveOverride, func(t calendar.Date) workflow.Input {
			return &workflow.OverrideInput{Justification: "Việc cấp bách, người dân đã đồng thuận; tôi quyết định và chịu trách nhiệm theo Điều 7 Nghị định 73/2023/NĐ-CP.", Pilot: true, Scope: scopeOf(t)}
		})
	case o.Target == workflow.Approved:
		add(h, workflow.Approve, func(t calendar.Date) workflow.Input { return &workflow.ApproveInput{Scope: scopeOf(t)} })
	default:
		add(h, workflow.ApprovePilot, func(t calendar.Date) workflow.Input {
			return &workflow.ApprovePilotInput{DocumentNumber: "45/QĐ-UBND", Scope: scopeOf(t)}
		})
	}
	if done(workflow.Approved) || done(workflow.ApprovedByOverride) {
		return steps
	}
	add(h, workflow.AllocateResources, fixed(&workflow.ResourcesInput{MoneyVND: o.Budget / 3, Source: "Ngân sách phường và đóng góp tự nguyện của Nhân dân", People: "Tổ dân phố, Ban điều hành khu phố"}))
	progress := func(amount int64, text string) func(calendar.Date) workflow.Input {
		return func(t calendar.Date) workflow.Input {
			return &workflow.ProgressInput{ScopedAction: workflow.ScopedAction{Unit: o.Unit, Date: t.String(), AmountVND: amount}, Summary: text,
				Indicators: map[string]float64{"Tỷ lệ hộ dân đồng thuận": 92, "Chiều dài hoàn thành": 120}}
		}
	}
	add(o.Proposer, workflow.ReportProgress, progress(o.Budget/5, "Đã họp dân, 92% hộ đồng thuận; khởi công đoạn đầu."))
	if o.Violations {
		add(inspector, workflow.Inspect, func(t calendar.Date) workflow.Input {
			return &workflow.InspectInput{Date: t.String(), Findings: "Thi công đúng phương án; hai thiếu sót cần khắc phục.",
				Violations: []workflow.Violation{
					{Description: "Chưa niêm yết công khai sổ thu chi đóng góp của Nhân dân", CorrectiveAction: "Niêm yết tại nhà văn hóa khu phố", Deadline: t.AddDays(20).String()},
					{Description: "Thiếu biển báo khu vực nạo vét", CorrectiveAction: "Đặt biển báo, rào chắn hai đầu kênh", Deadline: t.AddDays(35).String()},
				}}
		})
	}
	if done(workflow.InImplementation) {
		return steps
	}
	switch o.Target {
	case workflow.Adjusted:
		add(h, workflow.Adjust, func(t calendar.Date) workflow.Input {
			s := *scopeOf(t)
			s.End = t.AddDays(90).String()
			return &workflow.AdjustInput{Reason: "Gia hạn do mưa lớn kéo dài.", Scope: s}
		})
		return steps
	case workflow.Suspended:
		add(h, workflow.Suspend, fixed(&workflow.ReasonInput{Reason: "Chờ kết quả kiểm tra an toàn công trình."}))
		return steps
	case workflow.Stopped:
		// The second phase's report crosses the consent threshold: the
		// head is told, and stops the pilot.
		add(o.Proposer, workflow.ReportProgress, func(t calendar.Date) workflow.Input {
			return &workflow.ProgressInput{ScopedAction: workflow.ScopedAction{Unit: o.Unit, Date: t.String(), AmountVND: o.Budget / 10},
				Summary: "Họp dân giai đoạn hai: nhiều hộ rút lại cam kết.", Indicators: map[string]float64{"Tỷ lệ hộ dân đồng thuận": 64}}
		})
		add(h, workflow.Stop, fixed(&workflow.ReasonInput{Reason: "Dưới 70% hộ dân đồng thuận ở giai đoạn hai: điều kiện dừng đã xảy ra."}))
		return steps
	}
	add(o.Proposer, workflow.ReportProgress, progress(o.Budget/4, "Hoàn thành 80% khối lượng."))
	add(o.Proposer, workflow.ReportCompletion, func(t calendar.Date) workflow.Input {
		return &workflow.CompletionInput{Summary: "Hoàn thành thí điểm theo phương án được duyệt.", Date: t.String(), SpentVND: o.Budget/5 + o.Budget/4}
	})
	if done(workflow.CompletionReported) {
		return steps
	}
	add(party(o.Unit), workflow.GivePartyOpinion, fixed(&workflow.PartyOpinionInput{Opinion: "agree", Text: "Đảng ủy đánh giá mô hình hiệu quả, đề nghị nhân rộng."}))
	if done(workflow.Evaluation) {
		return steps
	}
	ev := o.Evaluation
	if ev == nil {
		ev = &workflow.EvaluationInput{Result: workflow.Completed, FollowedPlan: true, HonestMotive: true, CommonGood: true,
			WithinCompetence: true, NoContravention: true, ObjectiveCauses: "Người dân đồng thuận cao.", SubjectiveCauses: "Cán bộ sâu sát cơ sở.",
			Summary: "Hoàn thành đúng phương án, hiệu quả rõ."}
	}
	add(h, workflow.Evaluate, fixed(ev))
	if done(workflow.Evaluated) {
		return steps
	}
	add(h, workflow.DetermineProtection, nil)
	if done(workflow.ProtectionDetermined) {
		return steps
	}
	add(rewarder, workflow.Reward, func(t calendar.Date) workflow.Input {
		return &workflow.RewardInput{Kind: "commendation", Level: "commune", Recipient: o.Proposer, Decision: "112/QĐ-UBND", DecisionDate: t.String()}
	})
	if done(workflow.Rewarded) {
		return steps
	}
	if len(o.ReplicateTo) > 0 {
		add(h, workflow.Replicate, fixed(&workflow.ReplicateInput{Units: o.ReplicateTo, Note: "Nhân rộng theo chỉ đạo của Thành ủy."}))
	}
	if done(workflow.Replicated) {
		return steps
	}
	add(h, workflow.Institutionalise, fixed(&workflow.InstitutionaliseInput{DocumentKind: "Quy chế", Title: "Quy chế vận động Nhân dân cùng làm đường hẻm", Level: "locality"}))
	if done(workflow.Institutionalised) {
		return steps
	}
	add(h, workflow.Close, fixed(&workflow.ReasonInput{Reason: "Hoàn tất hồ sơ."}))
	return steps
}
