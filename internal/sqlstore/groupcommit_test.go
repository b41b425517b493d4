package sqlstore_test

import (
	"sync"
	"testing"

	"damlam/internal/problem"
	"damlam/internal/testdb"
	"damlam/internal/workflow"
)

// TestConcurrentActionsShareCommits: many actions at once, some refused,
// share transactions; each accepted one gets a receipt for its own leaf,
// each refused one leaves nothing behind, and the log audits clean.
func TestConcurrentActionsShareCommits(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dialect, dsn string) {
		f := newFixture(t, dsn)
		var ids []string
		for range 12 {
			id := f.draft("staff.bth", "BTH")
			f.do("staff.bth", id, workflow.Submit, nil)
			f.do("head.bth", id, workflow.Convene, nil)
			f.do("party.bth", id, workflow.GivePartyOpinion, &workflow.PartyOpinionInput{Opinion: "agree", Text: "Đồng ý."})
			ids = append(ids, id)
		}
		before, _ := f.store.Log().Size(f.ctx)
		type outcome struct {
			index int64
			err   error
		}
		results := make([]outcome, 3*len(ids))
		var wg sync.WaitGroup
		for i, id := range ids {
			for k, who := range []string{"dep1.bth", "dep2.bth", "staff.bth"} { // staff may not vote
				wg.Go(func() {
					res, err := f.try(who, id, workflow.CastVote, &workflow.VoteInput{Ballot: workflow.Yes})
					if err == nil {
						results[3*i+k].index = res.Event.LogIndex
						if res.Receipt == "" || res.Event.Type != "collective.vote" {
							t.Errorf("%s: no receipt or wrong event: %+v", id, res.Event)
						}
					}
					results[3*i+k].err = err
				})
			}
		}
		wg.Wait()
		seen := map[int64]bool{}
		for i, r := range results {
			refused := i%3 == 2
			switch {
			case refused && problem.As(r.err).Kind != problem.Forbidden:
				t.Errorf("%s: staff vote: %v", dialect, r.err)
			case !refused && r.err != nil:
				t.Errorf("%s: deputy vote: %v", dialect, r.err)
			case !refused && seen[r.index]:
				t.Errorf("%s: two votes got leaf %d", dialect, r.index)
			}
			seen[r.index] = true
		}
		after, _ := f.store.Log().Size(f.ctx)
		if after-before != int64(2*len(ids)) {
			t.Errorf("%s: the log grew by %d, want %d", dialect, after-before, 2*len(ids))
		}
		for _, id := range ids {
			if m := f.view(id).Minutes; m == nil || m.Yes != 2 {
				t.Errorf("%s: %s minutes %+v", dialect, id, m)
			}
		}
		if rep := f.audit(); !rep.OK() {
			t.Fatalf("%s: %v", dialect, rep.Problems)
		}
	})
}
