package webtest

import (
	"context"
	"damlam/internal/casework"
	"testing"
	"time"

	"damlam/internal/proof"
	"damlam/internal/workflow"
)

// AlleyRoadContent is the article's proposal: residents of an alley in
// Bình Thạnh co-fund and build its concrete road with the ward's support.
func AlleyRoadContent() workflow.Content {
	return workflow.Content{
		Title: "Vận động Nhân dân góp vốn làm đường hẻm 45", Field: "Giao thông – hạ tầng", LegalBasis: "decree73",
		Bottleneck:      workflow.Bottleneck{Kind: "missing", Rule: "Chưa có quy định về Nhân dân góp vốn làm hẻm", Level: "locality"},
		Necessity:       "Hẻm xuống cấp, ngập khi mưa.",
		Purpose:         "Cải thiện hạ tầng với sự tham gia của Nhân dân.",
		Contents:        "Nhà nước hỗ trợ vật tư, Nhân dân góp vốn và ngày công bê tông hóa 320 m hẻm.",
		Tasks:           []workflow.Task{{Description: "Vận động, họp dân", Assignee: "Ban điều hành khu phố"}},
		Timeline:        "60 ngày",
		Resources:       workflow.Resources{MoneyVND: 450_000_000, People: "Ban điều hành khu phố"},
		PositiveImpacts: "Hẻm không ngập.",
		Checklist:       workflow.Checklist{RemovesBottleneck: true, CommonGood: true, UrgentNeed: true, NoSecurityImpact: true, NoHarmToOthers: true},
		PilotRequested:  true,
		Pilot:           PilotScope("2027-02-28"),
	}
}

// PilotScope is the alley road's pilot bounds, ending on end.
func PilotScope(end string) *proof.Scope {
	return &proof.Scope{Units: []string{"HCM-BTH", "HCM-GD"}, Start: "2026-12-01", End: end, BudgetVND: 450_000_000,
		Indicators: []proof.Indicator{{Name: "Chiều dài hoàn thành", Unit: "m", Target: 320}}}
}

// step is one action of the scripted case.
type step struct {
	who    string
	action workflow.Action
	in     workflow.Input
	days   int // the clock moves on this many days before the step
}

// alleyRoad is the case's whole life, as the article tells it.
var alleyRoad = []step{
	{"pct1.bth", workflow.Submit, nil, 0},
	{"chutich.bth", workflow.Convene, &workflow.NoteInput{Note: "Họp tập thể lãnh đạo ngày 03/12."}, 1},
	{"danguy.bth", workflow.GivePartyOpinion, &workflow.PartyOpinionInput{Opinion: "agree", Text: "Đảng ủy thống nhất chủ trương."}, 0},
	{"chutich.bth", workflow.CastVote, &workflow.VoteInput{Ballot: workflow.Yes}, 0},
	{"pct2.bth", workflow.CastVote, &workflow.VoteInput{Ballot: workflow.Yes}, 0},
	{"pct3.bth", workflow.CastVote, &workflow.VoteInput{Ballot: workflow.No}, 0},
	{"pct4.bth", workflow.CastVote, &workflow.VoteInput{Ballot: workflow.No, Comment: "Cần thêm thời gian vận động."}, 0},
	{"chutich.bth", workflow.ApprovePilot, &workflow.ApprovePilotInput{DocumentNumber: "45/QĐ-UBND"}, 0},
	{"chutich.bth", workflow.AllocateResources, &workflow.ResourcesInput{MoneyVND: 150_000_000, Source: "Ngân sách phường và đóng góp của Nhân dân"}, 0},
	{"pct1.bth", workflow.ReportProgress, &workflow.ProgressInput{ScopedAction: workflow.ScopedAction{Unit: "HCM-BTH", Date: "2026-12-10", AmountVND: 100_000_000},
		Summary: "Đã đổ bê tông 120 m.", Indicators: map[string]float64{"Chiều dài hoàn thành": 120}}, 8},
	{"pct1.bth", workflow.RaiseObstacle, &workflow.ObstacleInput{Description: "Một hộ chưa đồng ý hiến đất."}, 0},
	{"chutich.bth", workflow.ResolveObstacle, &workflow.ResolveObstacleInput{Obstacle: 11, Resolution: "Đã vận động thành công."}, 1},
	{"kiemtra.hcm", workflow.Inspect, &workflow.InspectInput{Date: "2027-01-05", Findings: "Thi công đúng phương án; chậm công khai sổ thu chi.",
		Violations: []workflow.Violation{{Description: "Chưa công khai sổ thu chi", CorrectiveAction: "Niêm yết tại tổ dân phố", Deadline: "2027-01-15"}}}, 25},
	{"pct1.bth", workflow.CorrectViolation, &workflow.CorrectionInput{Inspection: 13, Violation: 1, Correction: "Đã niêm yết.", Date: "2027-01-12"}, 7},
	{"chutich.bth", workflow.Adjust, &workflow.AdjustInput{Reason: "Gia hạn do mưa lớn.", Scope: *PilotScope("2027-03-31")}, 20},
	{"pct1.bth", workflow.ReportCompletion, &workflow.CompletionInput{Summary: "Hoàn thành 280/320 m.", Date: "2027-03-31", SpentVND: 220_000_000,
		Indicators: map[string]float64{"Chiều dài hoàn thành": 280}}, 60},
	{"danguy.bth", workflow.GivePartyOpinion, &workflow.PartyOpinionInput{Opinion: "agree", Text: "Đảng ủy đề nghị đánh giá, nhân rộng."}, 1},
	{"chutich.bth", workflow.Evaluate, &workflow.EvaluationInput{Result: workflow.PartlyCompleted, FollowedPlan: true, HonestMotive: true, CommonGood: true,
		WithinCompetence: true, NoContravention: true, Damage: true, DamageVND: 15_000_000, DamageText: "Một đoạn mương phải làm lại.",
		ObjectiveCauses: "Mưa lớn bất thường.", SubjectiveCauses: "Dự báo chưa sát.", Summary: "Hoàn thành một phần, thiệt hại nhỏ."}, 2},
	{"chutich.bth", workflow.DetermineProtection, nil, 0},
	{"kyluat.hcm", workflow.RecordLiability, &workflow.LiabilityInput{Outcome: "excluded", Decision: "Quyết định 12/QĐ-UBKT ngày 20/04/2027"}, 5},
	{"thiduakt.hcm", workflow.Reward, &workflow.RewardInput{Kind: "commendation", Level: "province", Recipient: "pct1.bth", Decision: "112/QĐ-UBND", DecisionDate: "2027-03-20"}, 1},
	{"chutich.bth", workflow.Replicate, &workflow.ReplicateInput{Units: []string{"HCM-BQ"}}, 1},
}

// AlleyRoad drafts the alley-road case and takes it through the service
// until it reaches state stop (or to its end when stop is ""), moving the
// clock as the case would take days. It returns the case's id.
func (s *Site) AlleyRoad(t testing.TB, stop workflow.State) string {
	t.Helper()
	ctx := context.Background()
	cases := casework.New(s.Store)
	id, err := cases.Create(ctx, s.Person(t, "pct1.bth"), "HCM-BTH", AlleyRoadContent())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cases.Attach(ctx, s.Person(t, "pct1.bth"), id, "phuong-an-hem-45.txt", []byte("Phương án vận động Nhân dân góp vốn làm đường hẻm 45.\n")); err != nil {
		t.Fatal(err)
	}
	s.Continue(t, id, stop)
	return id
}

// Continue takes an alley-road case on from where it stands to state stop
// (or to its end when stop is "").
func (s *Site) Continue(t testing.TB, id string, stop workflow.State) {
	t.Helper()
	ctx := context.Background()
	if s.next == nil {
		s.next = map[string]int{}
	}
	state := workflow.Draft
	if v, err := s.Store.Proposal(ctx, s.Person(t, "chutich.hcm"), id); err == nil {
		state = v.State
	}
	for ; s.next[id] < len(alleyRoad); s.next[id]++ {
		if state == stop {
			return
		}
		st := alleyRoad[s.next[id]]
		s.Clock.Advance(time.Duration(st.days)*24*time.Hour + 10*time.Minute)
		res, err := casework.New(s.Store).Do(ctx, s.Person(t, st.who), id, st.action, st.in)
		if err != nil {
			t.Fatalf("%s by %s: %v", st.action, st.who, err)
		}
		state = res.State
	}
}

// Overridden is a second case: the head returns it for revision, the
// proposer revises and resubmits it (a second version), the collective
// votes it down, and the head approves it in writing, answering for it.
func (s *Site) Overridden(t testing.TB) string {
	t.Helper()
	ctx := context.Background()
	c := AlleyRoadContent()
	c.Title = "Chỉnh trang, làm đẹp hẻm 12 văn minh"
	c.Field = "Đô thị"
	c.Contents = "Sơn vẽ tường, lắp đèn chiếu sáng, trồng hoa; mỗi hẻm một tổ tự quản."
	c.Pilot = &proof.Scope{Units: []string{"HCM-BTH"}, Start: "2026-12-15", End: "2027-03-15", BudgetVND: 120_000_000}
	proposer := s.Person(t, "pct2.bth")
	id, err := casework.New(s.Store).Create(ctx, proposer, "HCM-BTH", c)
	if err != nil {
		t.Fatal(err)
	}
	do := func(who string, a workflow.Action, in workflow.Input) {
		t.Helper()
		s.Clock.Advance(2 * time.Hour)
		if _, err := casework.New(s.Store).Do(ctx, s.Person(t, who), id, a, in); err != nil {
			t.Fatalf("%s by %s: %v", a, who, err)
		}
	}
	do("pct2.bth", workflow.Submit, nil)
	do("chutich.bth", workflow.Return, &workflow.ReasonRequiredInput{Reason: "Bổ sung phương án huy động và công khai tài chính với người dân."})
	c.Purpose = "Hẻm sạch, đẹp, an toàn; người dân cùng góp công, góp của và công khai thu chi hằng tháng."
	c.Resources.MoneyVND = 120_000_000
	if err := casework.New(s.Store).Edit(ctx, proposer, id, c); err != nil {
		t.Fatal(err)
	}
	do("pct2.bth", workflow.Submit, nil)
	do("chutich.bth", workflow.Convene, nil)
	do("danguy.bth", workflow.GivePartyOpinion, &workflow.PartyOpinionInput{Opinion: "agree_with_conditions", Text: "Đồng ý, đề nghị công khai thu chi hằng tháng."})
	do("chutich.bth", workflow.CastVote, &workflow.VoteInput{Ballot: workflow.Yes})
	do("pct1.bth", workflow.CastVote, &workflow.VoteInput{Ballot: workflow.No, Comment: "Chưa đủ kinh phí đối ứng."})
	do("pct3.bth", workflow.CastVote, &workflow.VoteInput{Ballot: workflow.No})
	do("pct4.bth", workflow.CastVote, &workflow.VoteInput{Ballot: workflow.Abstain})
	do("chutich.bth", workflow.ApproveOverride, &workflow.OverrideInput{DocumentNumber: "51/QĐ-UBND", Pilot: true,
		Justification: "Việc cấp bách trước Tết, người dân đã đồng thuận; tôi quyết định và chịu trách nhiệm theo Điều 7 Nghị định 73/2023/NĐ-CP."})
	return id
}
