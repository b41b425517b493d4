package sqlstore_test

import (
	"encoding/json"
	"sync"
	"testing"

	"damlam/internal/org"
	"damlam/internal/sqlstore"
	"damlam/internal/testdb"
	"damlam/internal/workflow"
)

// TestAnswerIsTheCaseAsRead: the case an action answers with is built
// from what its transaction knew (aside.go), not read again; after every
// step of a lifecycle it must be the case exactly as a fresh read shows it
// to the same person, including after changes no action made: an
// attachment to a returned case, a deputy seated between two votes.
func TestAnswerIsTheCaseAsRead(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dialect, dsn string) {
		f := newFixture(t, dsn)
		id := f.draft("staff.bth", "BTH")
		same := func(step string, res *sqlstore.ActionResult, who string) {
			t.Helper()
			read, err := f.store.Proposal(f.ctx, f.people[who], id)
			if err != nil {
				t.Fatal(err)
			}
			got, _ := json.Marshal(res.Proposal)
			want, _ := json.Marshal(read)
			if string(got) != string(want) {
				t.Fatalf("%s: the answer is not the case as read:\n got %s\nwant %s", step, got, want)
			}
			if last := read.History[len(read.History)-1]; res.Event.LogIndex != last.LogIndex || res.Event.Seq != last.Seq {
				t.Fatalf("%s: answered event %+v, last of history %+v", step, res.Event, last)
			}
		}
		steps := []struct {
			who    string
			action workflow.Action
			in     workflow.Input
			before func()
		}{
			{who: "staff.bth", action: workflow.Submit},
			{who: "head.bth", action: workflow.Return, in: &workflow.ReasonRequiredInput{Reason: "Bổ sung hồ sơ."}},
			{who: "staff.bth", action: workflow.Submit, before: func() {
				if _, err := f.store.AddAttachment(f.ctx, f.people["staff.bth"], id, "ke-hoach.txt", []byte("kế hoạch")); err != nil {
					t.Fatal(err)
				}
			}},
			{who: "head.bth", action: workflow.Convene},
			{who: "party.bth", action: workflow.GivePartyOpinion, in: &workflow.PartyOpinionInput{Opinion: "agree", Text: "Đồng ý."}},
			{who: "dep1.bth", action: workflow.CastVote, in: &workflow.VoteInput{Ballot: workflow.Yes}},
			{who: "dep1.bth", action: workflow.CastVote, in: &workflow.VoteInput{Ballot: workflow.No}},
			{who: "dep2.bth", action: workflow.CastVote, in: &workflow.VoteInput{Ballot: workflow.Yes}, before: func() {
				if err := f.store.AddGrant(f.ctx, nil, "staff.bth", &sqlstore.SeatInput{UnitID: "BTH", Position: org.Deputy}, nil); err != nil {
					t.Fatal(err)
				}
			}},
			{who: "head.bth", action: workflow.CastVote, in: &workflow.VoteInput{Ballot: workflow.Yes}},
		}
		for _, st := range steps {
			if st.before != nil {
				st.before()
			}
			in := st.in
			if in == nil {
				in = workflow.NewInput(st.action)
			}
			same(string(st.action)+" by "+st.who, f.do(st.who, id, st.action, in), st.who)
		}
	})
}

// TestConcurrentAnswersEachEndAtTheirEvent: votes on the same cases at
// once share transactions; each answer's history ends at its own event and
// its minutes count its own ballot.
func TestConcurrentAnswersEachEndAtTheirEvent(t *testing.T) {
	f := newFixture(t, testdb.SQLite(t))
	var ids []string
	for range 4 {
		id := f.draft("staff.bth", "BTH")
		f.do("staff.bth", id, workflow.Submit, nil)
		f.do("head.bth", id, workflow.Convene, nil)
		f.do("party.bth", id, workflow.GivePartyOpinion, &workflow.PartyOpinionInput{Opinion: "agree", Text: "Đồng ý."})
		ids = append(ids, id)
	}
	var wg sync.WaitGroup
	for round := range 5 {
		for _, id := range ids {
			for _, who := range []string{"head.bth", "dep1.bth", "dep2.bth"} {
				ballot := workflow.Yes
				if round%2 == 1 {
					ballot = workflow.No
				}
				wg.Go(func() {
					res, err := f.try(who, id, workflow.CastVote, &workflow.VoteInput{Ballot: ballot})
					if err != nil {
						t.Error(err)
						return
					}
					h := res.Proposal.History
					if last := h[len(h)-1]; last.LogIndex != res.Event.LogIndex || last.Actor.ID != who {
						t.Errorf("%s by %s: history ends at %+v, not its own event %+v", id, who, last, res.Event)
					}
					for i, ev := range h {
						if ev.Seq != i+1 {
							t.Errorf("%s: history line %d has seq %d", id, i, ev.Seq)
						}
					}
					var counted bool
					for _, m := range res.Proposal.Minutes.Members {
						counted = counted || (m.PersonID == who && m.Ballot == ballot)
					}
					if !counted {
						t.Errorf("%s by %s: minutes without its ballot %s: %+v", id, who, ballot, res.Proposal.Minutes)
					}
				})
			}
		}
		wg.Wait()
	}
	for _, id := range ids {
		if v := f.view(id); len(v.History) != 3+15 {
			t.Errorf("%s: %d events, want 18", id, len(v.History))
		}
	}
}
