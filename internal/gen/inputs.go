package gen

import (
	"fmt"
	"time"

	"damlam/internal/calendar"
	"damlam/internal/proof"
	"damlam/internal/workflow"
)

// scope is the case's approved bounds as they stand after step s.
func (c *casePlan) scope(end int64) *proof.Scope {
	return &proof.Scope{Units: []string{c.unit.ID}, Start: dateOf(c.pilotStart), End: dateOf(end), BudgetVND: c.budget,
		Indicators:     []proof.Indicator{{Name: "Tỷ lệ người dân hài lòng", Unit: "%", Target: 90}},
		StopConditions: []string{"Dưới 70% người dân đồng thuận"}}
}

func dateOf(unix int64) string { return calendar.DateOf(time.Unix(unix, 0)).String() }

// inputFor builds the input of an action step when it is executed: plans
// hold only what the input depends on.
func (c *casePlan) inputFor(s step) workflow.Input {
	today := dateOf(s.at)
	switch s.act {
	case workflow.Withdraw:
		return &workflow.ReasonInput{Reason: "Đơn vị đã có hướng dẫn mới của cấp trên, không còn cần thiết."}
	case workflow.Return:
		return &workflow.ReasonRequiredInput{Reason: "Bổ sung phương án huy động nguồn lực và công khai với người dân."}
	case workflow.Reject:
		return &workflow.ReasonRequiredInput{Reason: "Nội dung đã có quy định; không thuộc trường hợp chưa có quy định."}
	case workflow.GivePartyOpinion:
		return &workflow.PartyOpinionInput{Opinion: "agree", Text: "Thống nhất chủ trương, đề nghị công khai, minh bạch với Nhân dân."}
	case workflow.CastVote:
		if s.arg == 2 {
			return &workflow.VoteInput{Ballot: workflow.No, Comment: "Chưa đủ cơ sở, đề nghị nghiên cứu thêm."}
		}
		return &workflow.VoteInput{Ballot: workflow.Yes}
	case workflow.Approve:
		return &workflow.ApproveInput{DocumentNumber: fmt.Sprintf("%d/QĐ-UBND", 1+c.no%900), Scope: c.scope(c.approvedEnd)}
	case workflow.ApprovePilot:
		return &workflow.ApprovePilotInput{DocumentNumber: fmt.Sprintf("%d/QĐ-UBND", 1+c.no%900), Scope: c.scope(c.approvedEnd)}
	case workflow.ApproveOverride:
		return &workflow.OverrideInput{Justification: "Việc cấp bách, người dân đã đồng thuận; tôi quyết định và chịu trách nhiệm theo Điều 7 Nghị định 73/2023/NĐ-CP.",
			Pilot: true, Scope: c.scope(c.approvedEnd)}
	case workflow.AllocateResources:
		return &workflow.ResourcesInput{MoneyVND: c.budget / 3, Source: "Ngân sách địa phương và đóng góp tự nguyện của Nhân dân", People: "Tổ công tác"}
	case workflow.ReportProgress:
		return &workflow.ProgressInput{ScopedAction: workflow.ScopedAction{Unit: c.unit.ID, Date: today, AmountVND: s.n},
			Summary: "Triển khai theo kế hoạch; người dân đồng thuận.", Indicators: map[string]float64{"Tỷ lệ người dân hài lòng": 85}}
	case workflow.RaiseObstacle:
		return &workflow.ObstacleInput{Description: "Vướng mặt bằng thi công tại một số hộ."}
	case workflow.ResolveObstacle:
		return &workflow.ResolveObstacleInput{Obstacle: int(s.arg), Resolution: "Đã vận động, các hộ thống nhất bàn giao mặt bằng."}
	case workflow.Inspect:
		in := &workflow.InspectInput{Date: today, Findings: "Thực hiện đúng phương án được duyệt."}
		if s.arg == 1 {
			in.Findings = "Chứng từ thanh toán chưa đầy đủ."
			in.Violations = []workflow.Violation{{Description: "Thiếu chứng từ", CorrectiveAction: "Bổ sung chứng từ",
				Deadline: dateOf(s.at + 15*day)}}
		}
		return in
	case workflow.CorrectViolation:
		return &workflow.CorrectionInput{Inspection: int(s.arg), Violation: 1, Correction: "Đã bổ sung đầy đủ chứng từ.", Date: today}
	case workflow.Adjust:
		return &workflow.AdjustInput{Reason: "Gia hạn do thời tiết bất lợi kéo dài.", Scope: *c.scope(s.n)}
	case workflow.Suspend:
		return &workflow.ReasonInput{Reason: "Tạm dừng chờ kết quả kiểm tra an toàn."}
	case workflow.Resume:
		return &workflow.ReasonInput{Reason: "Đủ điều kiện tiếp tục."}
	case workflow.Stop:
		return &workflow.ReasonInput{Reason: "Điều kiện dừng đã xảy ra."}
	case workflow.ReportCompletion:
		return &workflow.CompletionInput{Summary: "Kết thúc thí điểm theo phương án được duyệt.", Date: today, SpentVND: c.budget * 6 / 10}
	case workflow.Evaluate:
		v := c.verdict
		in := &workflow.EvaluationInput{Result: v.result, FollowedPlan: !v.selfInterest, HonestMotive: !v.selfInterest, CommonGood: true,
			SelfInterest: v.selfInterest, WithinCompetence: true, NoContravention: true, Damage: v.damage,
			ObjectiveCauses: "Điều kiện khách quan thuận lợi.", SubjectiveCauses: "Cán bộ sâu sát cơ sở.", Summary: "Đánh giá theo kết quả thực hiện."}
		if v.damage {
			in.DamageVND = c.budget / 20
			in.DamageText = "Một hạng mục phải làm lại."
		}
		return in
	case workflow.RecordLiability:
		return &workflow.LiabilityInput{Outcome: "none", Decision: fmt.Sprintf("%d/QĐ-KL", 1+c.no%500)}
	case workflow.Reward:
		in := &workflow.RewardInput{Kind: "commendation", Level: "commune", Recipient: c.proposer, Decision: fmt.Sprintf("%d/QĐ-KT", 1+c.no%700), DecisionDate: today}
		if c.no%5 == 0 {
			// Every fifth model's proposer is raised a salary step early.
			in.Kind, in.Level, in.SalaryStep, in.MonthsAdvanced, in.EffectiveDate = "early_salary_step", "", 2+c.no%6, 12, today
		}
		return in
	case workflow.Replicate:
		return &workflow.ReplicateInput{Units: c.targets, Note: "Nhân rộng mô hình hiệu quả."}
	case workflow.Institutionalise:
		return &workflow.InstitutionaliseInput{DocumentKind: "Quy chế", Title: "Quy chế " + fields[c.field].Themes[c.theme], Level: "locality"}
	case workflow.Close:
		return &workflow.ReasonInput{Reason: "Hoàn tất hồ sơ."}
	}
	return nil
}

// requested is the pilot the proposal asks for: what will be approved, or
// for a case that never gets that far, a period after the draft.
func (c *casePlan) requested(drafted int64) *proof.Scope {
	if c.pilotStart == 0 {
		s := c.scope(drafted + 90*day)
		s.Start = dateOf(drafted + 30*day)
		return s
	}
	return c.scope(c.approvedEnd)
}
