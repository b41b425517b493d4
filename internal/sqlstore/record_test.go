package sqlstore_test

import (
	"damlam/internal/org"
	"errors"
	"fmt"
	"testing"

	"damlam/internal/problem"
	"damlam/internal/sqlstore"
	"damlam/internal/testdb"
	"damlam/internal/workflow"
)

func minutesText(m *workflow.Minutes) string {
	if m == nil {
		return "none"
	}
	return fmt.Sprintf("%d-%d of %d (%d members)", m.Yes, m.No, m.Eligible, len(m.Members))
}

// A decided case's minutes are the collective convened for its vote and
// the ballots cast then: members who later leave their seats, or people
// seated afterwards, change nothing of them.
func TestMinutesOutliveTheSeats(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dialect, dsn string) {
		f := newFixture(t, dsn)
		id := f.draft("staff.bth", "BTH")
		f.do("staff.bth", id, workflow.Submit, nil)
		f.do("head.bth", id, workflow.Convene, nil)
		f.do("party.bth", id, workflow.GivePartyOpinion, &workflow.PartyOpinionInput{Opinion: "agree", Text: "Đồng ý."})
		f.do("head.bth", id, workflow.CastVote, &workflow.VoteInput{Ballot: workflow.Yes})
		f.do("dep1.bth", id, workflow.CastVote, &workflow.VoteInput{Ballot: workflow.No})
		f.do("dep2.bth", id, workflow.CastVote, &workflow.VoteInput{Ballot: workflow.Yes})
		f.do("head.bth", id, workflow.ApprovePilot, &workflow.ApprovePilotInput{})
		before := minutesText(f.view(id).Minutes)
		if before != "2-1 of 3 (3 members)" {
			t.Fatalf("minutes %s", before)
		}

		// Both deputies leave; someone else is made deputy.
		for _, who := range []string{"dep1.bth", "dep2.bth"} {
			if err := f.store.RemoveSeat(f.ctx, nil, who, "BTH", org.Operator); err != nil {
				t.Fatal(err)
			}
		}
		if err := f.store.RemoveSeat(f.ctx, nil, "staff.bth", "BTH", org.Operator); err != nil {
			t.Fatal(err)
		}
		if err := f.store.AddGrant(f.ctx, nil, "party.bth", &sqlstore.SeatInput{UnitID: "BTH", Position: "deputy"}, nil, org.Operator); err != nil {
			t.Fatal(err)
		}
		// A new process reads the minutes from the record, not from what
		// the old one kept.
		f.store = sqlstore.New(f.db, f.store.Log(), sqlstore.Config{Now: f.clock.Now, AttachmentDir: f.attachDir})
		if after := minutesText(f.view(id).Minutes); after != before {
			t.Errorf("minutes after the seats changed: %s, were %s", after, before)
		}
		if rep := f.audit(); !rep.OK() {
			t.Errorf("audit after seat changes: %v", rep.Problems)
		}
	})
}

// Someone seated after the collective was convened does not vote in its
// round; the collective convened is the one that decides.
func TestOnlyTheConvenedCollectiveVotes(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dialect, dsn string) {
		f := newFixture(t, dsn)
		id := f.draft("staff.bth", "BTH")
		f.do("staff.bth", id, workflow.Submit, nil)
		f.do("head.bth", id, workflow.Convene, nil)
		f.do("party.bth", id, workflow.GivePartyOpinion, &workflow.PartyOpinionInput{Opinion: "agree", Text: "Đồng ý."})
		if err := f.store.AddGrant(f.ctx, nil, "party.bth", &sqlstore.SeatInput{UnitID: "BTH", Position: "deputy"}, nil, org.Operator); err != nil {
			t.Fatal(err)
		}
		p, err := f.store.Person(f.ctx, "party.bth")
		if err != nil {
			t.Fatal(err)
		}
		f.people["party.bth"] = p
		_, err = f.try("party.bth", id, workflow.CastVote, &workflow.VoteInput{Ballot: workflow.Yes})
		if problem.KindOf(err) != problem.Forbidden {
			t.Fatalf("a deputy seated after the convening voted: %v", err)
		}
		// A new round convenes the collective as seated now.
		f.do("head.bth", id, workflow.Return, &workflow.ReasonRequiredInput{Reason: "Bổ sung."})
		f.do("staff.bth", id, workflow.Submit, nil)
		f.do("head.bth", id, workflow.Convene, nil)
		f.do("party.bth", id, workflow.GivePartyOpinion, &workflow.PartyOpinionInput{Opinion: "agree", Text: "Đồng ý."})
		f.do("party.bth", id, workflow.CastVote, &workflow.VoteInput{Ballot: workflow.Yes})
		if rep := f.audit(); !rep.OK() {
			t.Errorf("audit: %v", rep.Problems)
		}
	})
}

// The steps a cadre's protection turns on are decided from the record
// the log gives, never from an edited row: the headline edit
// (scope_index = -1, which made a protected cadre NOT_COVERED) and a
// flipped ballot are refused, and nothing is written.
func TestDecisiveStepsRefuseAnEditedRow(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dialect, dsn string) {
		f := newFixture(t, dsn)
		evaluated := func() string {
			id := f.approve(nil)
			f.do("head.bth", id, workflow.AllocateResources, &workflow.ResourcesInput{MoneyVND: 1, Source: "Ngân sách"})
			f.do("staff.bth", id, workflow.ReportCompletion, &workflow.CompletionInput{Summary: "Xong.", Date: "2027-03-01", SpentVND: 1})
			f.do("party.bth", id, workflow.GivePartyOpinion, &workflow.PartyOpinionInput{Opinion: "agree", Text: "Đồng ý."})
			f.do("head.bth", id, workflow.Evaluate, &workflow.EvaluationInput{Result: workflow.Completed, FollowedPlan: true, HonestMotive: true,
				CommonGood: true, WithinCompetence: true, NoContravention: true, Summary: "Hoàn thành."})
			return id
		}
		size := func() int64 {
			n, err := f.store.Log().Size(f.ctx)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		for _, tc := range []struct {
			name   string
			edit   string
			action workflow.Action
			in     workflow.Input
			setup  func() string
		}{
			{"approval index erased", `UPDATE proposals SET scope_index = -1 WHERE id = $1`, workflow.DetermineProtection, nil, evaluated},
			{"outside-scope count raised", `UPDATE proposals SET outside_scope = 3 WHERE id = $1`, workflow.DetermineProtection, nil, evaluated},
			{"evaluation rewritten", `UPDATE proposals SET evaluation = replace(evaluation, '"honest_motive":true', '"honest_motive":false') WHERE id = $1`,
				workflow.DetermineProtection, nil, evaluated},
			{"ballot flipped", `UPDATE votes SET ballot = 'yes' WHERE proposal_id = $1`, workflow.Approve, &workflow.ApproveInput{}, func() string {
				id := f.draft("staff.bth", "BTH")
				f.do("staff.bth", id, workflow.Submit, nil)
				f.do("head.bth", id, workflow.Convene, nil)
				f.do("party.bth", id, workflow.GivePartyOpinion, &workflow.PartyOpinionInput{Opinion: "agree", Text: "Đồng ý."})
				for _, who := range []string{"head.bth", "dep1.bth", "dep2.bth"} {
					f.do(who, id, workflow.CastVote, &workflow.VoteInput{Ballot: workflow.No})
				}
				return id
			}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				id := tc.setup()
				if _, err := f.db.ExecContext(f.ctx, tc.edit, id); err != nil {
					t.Fatal(err)
				}
				// A process that starts after the edit reads the edited row
				// (this one still holds the row its own last step left).
				f.store = sqlstore.New(f.db, f.store.Log(), sqlstore.Config{Now: f.clock.Now, AttachmentDir: f.attachDir})
				before := size()
				_, err := f.try("head.bth", id, tc.action, tc.in)
				var p *problem.Error
				if !errors.As(err, &p) || p.Code != "record_mismatch" {
					t.Fatalf("%s on an edited row: %v, want record_mismatch", tc.action, err)
				}
				if size() != before {
					t.Error("a refused step wrote to the log")
				}
				if rep := f.audit(); rep.OK() {
					t.Error("the audit does not name the edit")
				}
			})
		}
	})
}
