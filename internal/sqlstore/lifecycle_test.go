package sqlstore_test

import (
	"damlam/internal/casework"
	"slices"
	"testing"

	"damlam/internal/problem"
	"damlam/internal/proof"
	"damlam/internal/testdb"
	"damlam/internal/workflow"
)

func TestHeadsProposalGoesToTheSuperiorHead(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dialect, dsn string) {
		f := newFixture(t, dsn)
		id := f.draft("head.bth", "BTH")
		f.do("head.bth", id, workflow.Submit, nil)
		v := f.view(id)
		if v.DeciderID != "HCM" {
			t.Fatalf("decided by %s, want the superior HCM", v.DeciderID)
		}
		if _, err := f.try("head.bth", id, workflow.Convene, nil); problem.KindOf(err) != problem.Forbidden {
			t.Fatalf("the proposing head convened: %v", err)
		}
		f.do("head.hcm", id, workflow.Convene, nil)
		if _, err := f.try("party.bth", id, workflow.GivePartyOpinion, &workflow.PartyOpinionInput{Opinion: "agree", Text: "x"}); problem.KindOf(err) != problem.Forbidden {
			t.Fatalf("the ward's Party committee spoke for the city: %v", err)
		}
		f.do("party.hcm", id, workflow.GivePartyOpinion, &workflow.PartyOpinionInput{Opinion: "agree", Text: "Đồng ý."})
		if _, err := f.try("head.bth", id, workflow.CastVote, &workflow.VoteInput{Ballot: workflow.Yes}); problem.KindOf(err) != problem.Forbidden {
			t.Fatalf("the proposer voted: %v", err)
		}
	})
}

func TestReturnedProposalIsRevisedAsANewVersion(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dialect, dsn string) {
		f := newFixture(t, dsn)
		id := f.draft("staff.bth", "BTH")
		f.do("staff.bth", id, workflow.Submit, nil)
		f.do("head.bth", id, workflow.Return, &workflow.ReasonRequiredInput{Reason: "Bổ sung phương án công khai tài chính."})
		c := fullContent("BTH")
		c.Necessity = "Hẻm ngập nặng mỗi khi mưa; 120 hộ bị ảnh hưởng."
		if err := casework.New(f.store).Edit(f.ctx, f.people["staff.bth"], id, c); err != nil {
			t.Fatal(err)
		}
		if err := casework.New(f.store).Edit(f.ctx, f.people["dep1.bth"], id, c); problem.KindOf(err) != problem.Forbidden {
			t.Fatalf("someone else edited the proposal: %v", err)
		}
		f.do("staff.bth", id, workflow.Submit, nil)
		v := f.view(id)
		if len(v.Versions) != 2 || !slices.Contains(v.Versions[1].Changed, "necessity") || len(v.Versions[1].Changed) != 1 {
			t.Fatalf("versions: %+v", v.Versions)
		}
		if err := casework.New(f.store).Edit(f.ctx, f.people["staff.bth"], id, c); problem.KindOf(err) != problem.Conflict {
			t.Fatalf("edited after resubmission: %v", err)
		}
	})
}

func TestActionOutsideTheApprovedScopeIsRecordedFlaggedAndUnprotected(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dialect, dsn string) {
		f := newFixture(t, dsn)
		scope := &proof.Scope{Units: []string{"BTH"}, Start: "2026-12-01", End: "2027-02-28", BudgetVND: 100_000_000}
		id := f.approve(scope)
		f.do("head.bth", id, workflow.AllocateResources, &workflow.ResourcesInput{MoneyVND: 100_000_000, Source: "Ngân sách phường"})
		inside := f.do("staff.bth", id, workflow.ReportProgress, &workflow.ProgressInput{
			ScopedAction: workflow.ScopedAction{Unit: "BTH", Date: "2026-12-10", AmountVND: 60_000_000}, Summary: "Đợt 1."})
		if f.view(id).OutsideScope != 0 {
			t.Fatal("an action inside the scope was flagged")
		}
		// Another ward, after the end date, and over the budget in total.
		f.do("staff.bth", id, workflow.ReportProgress, &workflow.ProgressInput{
			ScopedAction: workflow.ScopedAction{Unit: "GD", Date: "2027-03-05", AmountVND: 50_000_000}, Summary: "Đợt 2."})
		v := f.view(id)
		if v.OutsideScope != 1 || v.ScopeSpentVND != 110_000_000 {
			t.Fatalf("outside %d spent %d", v.OutsideScope, v.ScopeSpentVND)
		}
		var codes []string
		last := v.History[len(v.History)-1]
		var p struct {
			Outside []proof.Violation `json:"outside_scope"`
		}
		mustUnmarshal(t, last.Payload, &p)
		for _, o := range p.Outside {
			codes = append(codes, o.Code)
		}
		slices.Sort(codes)
		if !slices.Equal(codes, []string{"after_end", "over_budget", "unit_outside"}) {
			t.Fatalf("violations %v", codes)
		}
		if inside.Event.LogIndex <= v.ScopeLogIndex {
			t.Fatal("an action was logged before its approval")
		}
		f.do("staff.bth", id, workflow.ReportCompletion, &workflow.CompletionInput{Summary: "Xong.", Date: "2027-03-06", SpentVND: 110_000_000})
		f.do("party.bth", id, workflow.GivePartyOpinion, &workflow.PartyOpinionInput{Opinion: "agree", Text: "Đồng ý."})
		f.do("head.bth", id, workflow.Evaluate, &workflow.EvaluationInput{Result: workflow.PartlyCompleted, FollowedPlan: true, HonestMotive: true,
			CommonGood: true, WithinCompetence: true, NoContravention: true, Summary: "Một phần."})
		f.do("head.bth", id, workflow.DetermineProtection, nil)
		if p := f.view(id).Protection; p != workflow.NotProtected {
			t.Fatalf("protection %s despite an action outside the scope", p)
		}
		if rep := f.audit(); !rep.OK() {
			t.Fatalf("audit: %v", rep.Problems)
		}
	})
}

func TestRefusalsWriteNothing(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dialect, dsn string) {
		f := newFixture(t, dsn)
		id := f.draft("staff.bth", "BTH")
		f.do("staff.bth", id, workflow.Submit, nil)
		size := func() int64 {
			n, err := f.store.Log().Size(f.ctx)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		before := size()
		cases := []struct {
			who    string
			action workflow.Action
			in     workflow.Input
			kind   problem.Kind
		}{
			{"head.gd", workflow.Convene, nil, problem.Forbidden},
			{"inspector", workflow.Reject, &workflow.ReasonRequiredInput{Reason: "x"}, problem.Forbidden},
			{"head.bth", workflow.Evaluate, &workflow.EvaluationInput{Result: workflow.Completed, Summary: "x"}, problem.Conflict},
			{"head.bth", workflow.Reject, &workflow.ReasonRequiredInput{}, problem.Invalid},
			{"staff.bth", workflow.Submit, nil, problem.Conflict},
			{"head.bth", workflow.Action("fly"), nil, problem.NotFound},
		}
		for _, c := range cases {
			if _, err := f.try(c.who, id, c.action, c.in); problem.KindOf(err) != c.kind {
				t.Errorf("%s by %s: %v, want %s", c.action, c.who, err, c.kind)
			}
		}
		if _, err := f.try("head.bth", "DX-1900-000001", workflow.Convene, nil); problem.KindOf(err) != problem.NotFound {
			t.Errorf("unknown case: %v", err)
		}
		if size() != before || len(f.view(id).History) != 1 {
			t.Fatal("a refused action wrote to the log or the history")
		}
	})
}
