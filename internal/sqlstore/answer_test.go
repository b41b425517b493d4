package sqlstore_test

import (
	"damlam/internal/casework"
	"encoding/json"
	"sync"
	"testing"

	"damlam/internal/org"
	"damlam/internal/sqlstore"
	"damlam/internal/testdb"
	"damlam/internal/workflow"
)

// TestAnswerIsTheCaseAsRead: an action answers with where its case stands
// from what its transaction knew (aside.go), not read again; after every
// step of a lifecycle it must be what a fresh read shows the same person
// (state, due date, allowed steps, the last history line), including after
// changes no action made: an attachment to a returned case, a deputy
// seated between two votes.
func TestAnswerIsTheCaseAsRead(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dialect, dsn string) {
		f := newFixture(t, dsn)
		id := f.draft("staff.bth", "BTH")
		same := func(step string, res *casework.Result, who string) {
			t.Helper()
			read, err := f.store.Proposal(f.ctx, f.people[who], id)
			if err != nil {
				t.Fatal(err)
			}
			got, _ := json.Marshal(res)
			want, _ := json.Marshal(casework.Result{ID: id, Event: read.History[len(read.History)-1], Receipt: res.Receipt,
				State: read.State, StateLabel: &read.StateLabel, DueDate: read.DueDate, AllowedActions: read.AllowedActions})
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
				if _, err := casework.New(f.store).Attach(f.ctx, f.people["staff.bth"], id, "ke-hoach.txt", []byte("kế hoạch")); err != nil {
					t.Fatal(err)
				}
			}},
			{who: "head.bth", action: workflow.Convene},
			{who: "party.bth", action: workflow.GivePartyOpinion, in: &workflow.PartyOpinionInput{Opinion: "agree", Text: "Đồng ý."}},
			{who: "dep1.bth", action: workflow.CastVote, in: &workflow.VoteInput{Ballot: workflow.Yes}},
			{who: "dep1.bth", action: workflow.CastVote, in: &workflow.VoteInput{Ballot: workflow.No}},
			{who: "dep2.bth", action: workflow.CastVote, in: &workflow.VoteInput{Ballot: workflow.Yes}, before: func() {
				if err := f.store.AddGrant(f.ctx, nil, "staff.bth", &sqlstore.SeatInput{UnitID: "BTH", Position: org.Deputy}, nil, org.Operator); err != nil {
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
// once share transactions; each answer is its own event and ballot, and
// every ballot is in the minutes once all are in.
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
					if res.Event.Actor.ID != who || res.Event.Type != "collective.vote" || res.State != workflow.CollectiveReview {
						t.Errorf("%s by %s: answered %+v in %s, not its own ballot", id, who, res.Event, res.State)
					}
					var in workflow.VoteInput
					var p struct {
						Input *workflow.VoteInput `json:"input"`
					}
					p.Input = &in
					if err := json.Unmarshal(res.Event.Payload, &p); err != nil || in.Ballot != ballot {
						t.Errorf("%s by %s: answered ballot %s, cast %s (%v)", id, who, in.Ballot, ballot, err)
					}
				})
			}
		}
		wg.Wait()
	}
	for _, id := range ids {
		v := f.view(id)
		if len(v.History) != 3+15 {
			t.Errorf("%s: %d events, want 18", id, len(v.History))
		}
		for i, ev := range v.History {
			if ev.Seq != i+1 {
				t.Errorf("%s: history line %d has seq %d", id, i, ev.Seq)
			}
		}
		// The last round (round 4) voted yes.
		if m := v.Minutes; m == nil || m.Yes != 3 {
			t.Errorf("%s: minutes %+v, want the three last ballots in favour", id, m)
		}
	}
}
