package sqlstore_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"damlam/internal/org"
	"damlam/internal/problem"
	"damlam/internal/proof"
	"damlam/internal/testdb"
	"damlam/internal/workflow"
)

// hcmRules is a locality's set for Hồ Chí Minh City: 5 working days to
// decide instead of the decree's 7, reminders 3 days ahead, and three
// quarters of the collective to pass.
func hcmRules(days int) workflow.RuleSet {
	return workflow.RuleSet{ID: "hcm", Name: "Quy định của Thành phố Hồ Chí Minh", Instrument: "Kế hoạch 124 của UBND Thành phố",
		UnitID: "HCM", ReminderDays: 3, VotePercent: 75,
		Days: map[workflow.State]int{workflow.Submitted: days, workflow.PartyOpinion: days, workflow.CollectiveReview: days}}
}

// TestLocalRuleSetAppliesToCasesSubmittedAfterIt changes the city's set
// (5 working days instead of 7) and shows that a case submitted after it
// follows it, one submitted before keeps the national set, a later version
// changes neither, and the dossier and its verification name the set.
func TestLocalRuleSetAppliesToCasesSubmittedAfterIt(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dialect, dsn string) {
		f := newFixture(t, dsn)
		old := f.draft("staff.bth", "BTH")
		f.do("staff.bth", old, workflow.Submit, nil) // Thursday 26/11/2026
		if v := f.view(old); v.DueDate != "2026-12-07" || v.Rules == nil || v.Rules.ID != workflow.NationalRulesID {
			t.Fatalf("before the city's set: due %s under %+v", v.DueDate, v.Rules)
		}

		// Only an administrator of the city may issue its set.
		if _, err := f.store.IssueRules(f.ctx, f.people["head.bth"], hcmRules(5), org.Administrator(f.people["head.bth"])); problem.KindOf(err) != problem.Forbidden {
			t.Fatalf("a ward head issued the city's set: %v", err)
		}
		bad := hcmRules(0)
		bad.VotePercent = 40
		_, err := f.store.IssueRules(f.ctx, nil, bad, org.Operator)
		var fields []string
		for _, fe := range problem.As(err).Fields {
			fields = append(fields, fe.Field+" "+fe.Message.VI)
		}
		if problem.KindOf(err) != problem.Invalid || strings.Join(fields, "; ") != "working_days.COLLECTIVE_REVIEW Phải từ 1 đến 60.; working_days.PARTY_OPINION Phải từ 1 đến 60.; working_days.SUBMITTED Phải từ 1 đến 60.; vote_percent Phải từ 50 đến 100." {
			t.Fatalf("a bad set: %v %q", err, fields)
		}
		if sets, _ := f.store.RuleSets(f.ctx); len(sets) != 0 {
			t.Fatalf("a refused set was stored: %+v", sets)
		}
		v1, err := f.store.IssueRules(f.ctx, nil, hcmRules(5), org.Operator)
		if err != nil {
			t.Fatal(err)
		}
		if v1.Version != 1 || v1.Days[workflow.CompletionReported] != 7 {
			t.Fatalf("issued %+v", v1)
		}

		fresh := f.draft("staff.bth", "BTH")
		f.do("staff.bth", fresh, workflow.Submit, nil)
		// Fri 27, Mon 30, Tue 1, Wed 2, Thu 3.
		if v := f.view(fresh); v.DueDate != "2026-12-03" || v.Rules == nil || v.Rules.ID != "hcm" || v.Rules.Version != 1 || v.RulesSHA256 != v1.SHA256 {
			t.Fatalf("after the city's set: due %s under %+v", v.DueDate, v.Rules)
		}
		// A second version: the case keeps the first; the old case the
		// national set, through another step that recomputes its due date.
		if _, err := f.store.IssueRules(f.ctx, nil, hcmRules(6), org.Operator); err != nil {
			t.Fatal(err)
		}
		f.do("head.bth", old, workflow.Convene, nil)
		f.do("head.bth", fresh, workflow.Convene, nil)
		if v := f.view(old); v.DueDate != "2026-12-07" || v.Rules.ID != workflow.NationalRulesID {
			t.Fatalf("the old case: due %s under %+v", v.DueDate, v.Rules)
		}
		if v := f.view(fresh); v.DueDate != "2026-12-03" || v.Rules.Version != 1 {
			t.Fatalf("the city's case after version 2: due %s under %+v", v.DueDate, v.Rules)
		}
		newer := f.draft("staff.bth", "BTH")
		f.do("staff.bth", newer, workflow.Submit, nil)
		if v := f.view(newer); v.DueDate != "2026-12-04" || v.Rules.Version != 2 {
			t.Fatalf("a case after version 2: due %s under %+v", v.DueDate, v.Rules)
		}

		// The set's threshold: two of three in favour is not three quarters.
		f.do("party.bth", fresh, workflow.GivePartyOpinion, &workflow.PartyOpinionInput{Opinion: "agree", Text: "Đồng ý."})
		f.do("head.bth", fresh, workflow.CastVote, &workflow.VoteInput{Ballot: workflow.Yes})
		f.do("dep1.bth", fresh, workflow.CastVote, &workflow.VoteInput{Ballot: workflow.Yes})
		f.do("dep2.bth", fresh, workflow.CastVote, &workflow.VoteInput{Ballot: workflow.No})
		if _, err := f.try("head.bth", fresh, workflow.ApprovePilot, &workflow.ApprovePilotInput{}); problem.KindOf(err) != problem.Conflict {
			t.Fatalf("approved with 2 of 3 under a 75 %% threshold: %v", err)
		}
		if m := f.view(fresh).Minutes; m == nil || m.Passed {
			t.Fatalf("minutes %+v", m)
		}

		if rep := f.audit(); !rep.OK() {
			t.Fatalf("audit: %v", rep.Problems)
		}
		d, err := f.store.DossierAsSystem(f.ctx, fresh)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(d.SummaryVI), "Bộ quy định áp dụng: Quy định của Thành phố Hồ Chí Minh (hcm v1; Kế hoạch 124 của UBND Thành phố; SHA-256 "+v1.SHA256+")") {
			t.Errorf("the summary does not name the set:\n%s", d.SummaryVI)
		}
		var buf bytes.Buffer
		if err := d.WriteZip(&buf); err != nil {
			t.Fatal(err)
		}
		rd, err := proof.ReadZip(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
		if err != nil {
			t.Fatal(err)
		}
		keys, _ := f.store.Log().Verifiers(f.ctx)
		rep := proof.Verify(rd, keys)
		if rep.Overall() != proof.Holds {
			t.Fatalf("the dossier does not verify: %+v", rep)
		}
		named := false
		for _, c := range rep.Claims {
			if c.ID == proof.ClaimRules && strings.Contains(c.Detail, "Rule set: Quy định của Thành phố Hồ Chí Minh (hcm@1)") {
				named = true
			}
		}
		if !named {
			t.Fatalf("the verification does not name the set: %+v", rep.Claims)
		}
	})
}

// TestLocalRuleSetSetsTheReminderDays: under the city's set the first
// reminder goes out 3 working days ahead; a case under the national set
// keeps the deployment's 2.
func TestLocalRuleSetSetsTheReminderDays(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dialect, dsn string) {
		f := newFixture(t, dsn)
		national := f.draft("staff.bth", "BTH")
		f.do("staff.bth", national, workflow.Submit, nil) // due Monday 07/12
		rs := hcmRules(7)
		if _, err := f.store.IssueRules(f.ctx, nil, rs, org.Operator); err != nil {
			t.Fatal(err)
		}
		local := f.draft("staff.bth", "BTH")
		f.do("staff.bth", local, workflow.Submit, nil) // due Monday 07/12 too
		if a, b := f.view(national).DueDate, f.view(local).DueDate; a != "2026-12-07" || b != a {
			t.Fatalf("due %s and %s", a, b)
		}
		// Wednesday 02/12: Thu 3, Fri 4, Mon 7 — three working days ahead.
		f.clock.Set(time.Date(2026, 12, 2, 8, 0, 0, 0, ict))
		rem, err := f.store.Remind(f.ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(rem) != 1 || rem[0].ProposalID != local || rem[0].Kind != workflow.RemindBefore {
			t.Fatalf("reminders on 02/12: %+v", rem)
		}
		// Thursday 03/12: two ahead, the national case's turn.
		f.clock.Set(time.Date(2026, 12, 3, 8, 0, 0, 0, ict))
		if rem, err = f.store.Remind(f.ctx); err != nil || len(rem) != 1 || rem[0].ProposalID != national {
			t.Fatalf("reminders on 03/12: %+v %v", rem, err)
		}
	})
}
