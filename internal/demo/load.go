package demo

import (
	"context"
	"damlam/internal/casework"
	"fmt"
	"time"

	"damlam/internal/calendar"
	"damlam/internal/clock"
	"damlam/internal/org"
	"damlam/internal/sqlstore"
	"damlam/internal/workflow"
)

// Load fills an empty database with the demo deployment and reports
// whether it did (a database with units is left alone).
func Load(ctx context.Context, store *sqlstore.Store, now time.Time) (bool, error) {
	empty, err := store.Empty(ctx)
	if err != nil || !empty {
		return false, err
	}
	clk := clock.New(now.Add(-400 * 24 * time.Hour))
	s := casework.New(store.WithClock(clk.Now))
	for _, u := range units {
		if _, err := s.CreateUnit(ctx, nil, u); err != nil {
			return false, fmt.Errorf("unit %s: %w", u.ID, err)
		}
	}
	for _, p := range append(people, wardStaff()...) {
		in := sqlstore.PersonInput{ID: p.id, Name: p.name, Email: p.id + "@demo.damlam.vn", Password: Password,
			Seats: []sqlstore.SeatInput{{UnitID: p.unit, Position: p.position}}, Grants: p.grants}
		if _, err := s.CreatePerson(ctx, nil, in); err != nil {
			return false, fmt.Errorf("person %s: %w", p.id, err)
		}
	}
	// A commune that decides faster than the decree asks, under the
	// city's plan: its cases follow its own set from their submission.
	if _, err := s.IssueRules(ctx, nil, CuChiRules); err != nil {
		return false, fmt.Errorf("rule set: %w", err)
	}
	d := &Driver{Store: store, Clock: clk, People: map[string]*org.Person{}, Now: now}
	for _, c := range Cases() {
		if _, err := d.Run(ctx, c); err != nil {
			return false, err
		}
	}
	return true, nil
}

// CuChiRules is the demo's local rule set: 5 working days to decide
// instead of the decree's 7, reminders 3 working days ahead.
var CuChiRules = workflow.RuleSet{ID: "hcm-cc", UnitID: "HCM-CC", Name: "Quy định thí điểm của xã Củ Chi",
	Instrument: "Kế hoạch 124 của Thành phố Hồ Chí Minh", ReminderDays: 3, VotePercent: 50,
	Days: map[workflow.State]int{workflow.Submitted: 5, workflow.PartyOpinion: 5, workflow.CollectiveReview: 5}}

// content builds a complete proposal on one of the article's themes.
func content(title, field, contents string, budget int64, unit string) workflow.Content {
	return workflow.Content{
		Title: title, Field: field, LegalBasis: "decree73",
		Bottleneck:      workflow.Bottleneck{Kind: "missing", Rule: "Chưa có quy định về cơ chế Nhân dân cùng góp vốn, ngày công trong hạ tầng hẻm", Level: "locality"},
		Necessity:       "Hẻm xuống cấp, ngập khi mưa; ngân sách không đủ; người dân sẵn sàng đóng góp.",
		Purpose:         "Cải thiện hạ tầng, nâng chất lượng sống, phát huy vai trò của Nhân dân.",
		Requirements:    "Công khai, minh bạch; tự nguyện; không ép buộc đóng góp.",
		Contents:        contents,
		ScopeText:       "Trong phạm vi " + unit,
		Tasks:           []workflow.Task{{Description: "Vận động, họp dân, lấy ý kiến", Assignee: "Ban điều hành khu phố"}, {Description: "Thi công, giám sát", Assignee: "Tổ giám sát cộng đồng"}},
		Timeline:        "60 ngày kể từ ngày được chấp thuận",
		Resources:       workflow.Resources{MoneyVND: budget, People: "Ban điều hành khu phố, đoàn viên thanh niên", Equipment: "Máy trộn bê tông, xe vận chuyển"},
		Feasibility:     "Đã có 92% hộ dân ký cam kết đồng thuận.",
		PositiveImpacts: "Hẻm sạch, không ngập; người dân gắn bó; tiết kiệm ngân sách.",
		NegativeImpacts: "Có thể ảnh hưởng việc đi lại trong thời gian thi công.",
		Effectiveness:   "Giảm ngập 100% tại điểm; nhân rộng được ở các phường khác.",
		Checklist:       workflow.Checklist{RemovesBottleneck: true, CommonGood: true, UrgentNeed: true, NoSecurityImpact: true, NoHarmToOthers: true, ReformAim: true},
		PilotRequested:  true,
		Pilot:           Scope(calendar.DateOf(time.Now()), 60, budget, unit),
	}
}

// Cases are the demo's scripted proposals: the article's models first,
// then enough others that every state of the lifecycle holds at least one.
func Cases() []Case {
	alley := content("Vận động Nhân dân góp vốn, ngày công làm đường hẻm 45 Nơ Trang Long", "Giao thông – hạ tầng",
		"Nhà nước hỗ trợ vật tư, Nhân dân góp vốn và ngày công bê tông hóa 320 m hẻm; tổ giám sát cộng đồng theo dõi.", 450_000_000, "HCM-BTH")
	canal := content("Nạo vét, khơi thông kênh rạch với sự tham gia của cộng đồng", "Môi trường",
		"Tổ chức Nhân dân cùng nạo vét, vớt rác, trồng cây dọc bờ kênh; duy trì tổ tự quản giữ vệ sinh.", 300_000_000, "HCM-TMT")
	beautify := content("Chỉnh trang, làm đẹp hẻm phố văn minh", "Đô thị",
		"Sơn vẽ tường, lắp đèn chiếu sáng, trồng hoa; mỗi hẻm một tổ tự quản.", 120_000_000, "HCM-GD")
	rural := content("Nhân dân cùng làm đường giao thông nông thôn ấp 3", "Giao thông – hạ tầng",
		"Nhà nước hỗ trợ xi măng, đá; Nhân dân hiến đất, góp ngày công làm 1,2 km đường.", 800_000_000, "HCM-BC")
	onestop := content("Một cửa số: trả kết quả thủ tục hành chính tại nhà cho người cao tuổi", "Cải cách hành chính",
		"Thí điểm nhận hồ sơ qua ứng dụng, trả kết quả tại nhà cho người từ 75 tuổi.", 60_000_000, "HCM-SG")

	partly := &workflow.EvaluationInput{Result: workflow.PartlyCompleted, FollowedPlan: true, HonestMotive: true, CommonGood: true,
		WithinCompetence: true, NoContravention: true, Damage: true, DamageVND: 15_000_000, DamageText: "Một đoạn mương phải làm lại do mưa lớn.",
		ObjectiveCauses: "Mưa lớn bất thường.", SubjectiveCauses: "Dự báo thời tiết chưa sát.", Summary: "Hoàn thành một phần, có thiệt hại nhỏ."}

	var cs []Case
	path := func(c workflow.Content, unit, proposer string, target workflow.State, daysAgo int, mod func(*PathOptions)) {
		if c.Pilot != nil {
			start := calendar.DateOf(time.Now()).AddDays(-daysAgo + 3)
			c.Pilot = Scope(start, 60, c.Resources.MoneyVND, unit)
		}
		o := PathOptions{Unit: unit, Proposer: proposer, Target: target, Budget: c.Resources.MoneyVND}
		if unit == "HCM-BTH" {
			o.Deputies = 4
		}
		if mod != nil {
			mod(&o)
		}
		cs = append(cs, Case{Unit: unit, Proposer: proposer, Content: c, Steps: Path(o), StartDaysAgo: daysAgo})
	}
	// The article's models. The alley road is carried out by a ward
	// cadre beside its proposer, and the canal by a deputy of the ward
	// beside the cadre who proposed it: each finds the pilot in their inbox.
	alley.Implementers = []string{"canbo.bth"}
	canal.Implementers = []string{"pct2.HCM-TMT"}
	// The canal rests on the Party's conclusion, chosen from the list.
	canal.Basis = &workflow.BasisRef{Instrument: "kl14"}
	path(alley, "HCM-BTH", "pct1.bth", workflow.Closed, 200, func(o *PathOptions) {
		o.Evaluation = partly
		o.ReplicateTo = []string{"HCM-GD", "HCM-BQ"}
	})
	// Its inspection found two violations: one is past its corrective
	// deadline, the other due soon, each a due item of the implementers.
	path(canal, "HCM-TMT", "canbo.HCM-TMT", workflow.InImplementation, 40, func(o *PathOptions) { o.Violations = true })
	path(beautify, "HCM-GD", "canbo.HCM-GD", workflow.Adjusted, 45, nil)
	path(rural, "HCM-BC", "canbo.HCM-BC", workflow.ProtectionDetermined, 90, func(o *PathOptions) { o.Evaluation = partly })
	// One of each remaining state.
	states := []struct {
		target  workflow.State
		unit    string
		daysAgo int
	}{
		{workflow.Draft, "HCM-SG", 1},
		{workflow.Submitted, "HCM-TDI", 25}, // overdue: the head has sat on it
		{workflow.PartyOpinion, "HCM-SG", 4},
		{workflow.CollectiveReview, "HCM-CC", 6},
		{workflow.Returned, "HCM-TDI", 5},
		{workflow.Rejected, "HCM-BQ", 30},
		{workflow.Approved, "HCM-CC", 12},
		{workflow.ApprovedByOverride, "HCM-BQ", 12},
		{workflow.Suspended, "HCM-TMT", 20},
		{workflow.Stopped, "HCM-SG", 25},
		{workflow.CompletionReported, "HCM-TDI", 20},
		{workflow.Evaluation, "HCM-CC", 22},
		{workflow.Evaluated, "HCM-GD", 25},
		{workflow.Rewarded, "HCM-TMT", 60},
		{workflow.Replicated, "HCM-SG", 60},
		{workflow.Institutionalised, "HCM-CC", 70},
		{workflow.Withdrawn, "HN-HK", 8},
	}
	for i, st := range states {
		c := onestop
		if i%2 == 1 {
			c = beautify
		}
		c.Title = fmt.Sprintf("%s (%s)", c.Title, st.target.Label().VI)
		mod := func(o *PathOptions) {
			o.Override = st.target == workflow.ApprovedByOverride
			if st.target == workflow.Replicated {
				o.ReplicateTo = []string{"HN-HK"}
			}
		}
		path(c, st.unit, "canbo."+st.unit, st.target, st.daysAgo, mod)
	}
	return cs
}
