package sqlstore_test

import (
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
			if err := f.store.RemoveSeat(f.ctx, nil, who, "BTH"); err != nil {
				t.Fatal(err)
			}
		}
		if err := f.store.RemoveSeat(f.ctx, nil, "staff.bth", "BTH"); err != nil {
			t.Fatal(err)
		}
		if err := f.store.AddGrant(f.ctx, nil, "party.bth", &sqlstore.SeatInput{UnitID: "BTH", Position: "deputy"}, nil); err != nil {
			t.Fatal(err)
		}
		// A new process reads the minutes from the record, not from what
		// the old one kept.
		f.store = sqlstore.New(f.db, f.store.Log(), sqlstore.Config{Now: f.clock.Now})
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
		if err := f.store.AddGrant(f.ctx, nil, "party.bth", &sqlstore.SeatInput{UnitID: "BTH", Position: "deputy"}, nil); err != nil {
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
