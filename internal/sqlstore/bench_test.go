package sqlstore_test

import (
	"damlam/internal/casework"
	"fmt"
	"testing"

	"damlam/internal/sqlstore"
	"damlam/internal/testdb"
	"damlam/internal/workflow"
)

// BenchmarkAction measures an action's full path: the transaction that
// loads and locks the case, checks role and state, writes the event, the
// leaf and the tree hashes, commits durably, then signs a checkpoint and
// builds the receipt.
func BenchmarkAction(b *testing.B) {
	f := newFixture(b, testdb.SQLite(b))
	// Votes rotate over many cases so that each stays the size of a real
	// one (a few dozen events) however long the benchmark runs.
	var cases []string
	for range 100 {
		id := f.draft("staff.bth", "BTH")
		f.do("staff.bth", id, workflow.Submit, nil)
		f.do("head.bth", id, workflow.Convene, nil)
		f.do("party.bth", id, workflow.GivePartyOpinion, &workflow.PartyOpinionInput{Opinion: "agree", Text: "Đồng ý."})
		cases = append(cases, id)
	}
	ballots := []workflow.Ballot{workflow.Yes, workflow.No}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if _, err := f.try("dep1.bth", cases[i%len(cases)], workflow.CastVote, &workflow.VoteInput{Ballot: ballots[(i/len(cases))%2]}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkList measures the list behind the proposals page for a city
// head (the whole subtree) over 2,000 cases, and a diacritic-free search.
func BenchmarkList(b *testing.B) {
	f := newFixture(b, testdb.SQLite(b))
	for i := range 2000 {
		c := fullContent("BTH")
		c.Title = fmt.Sprintf("Sáng kiến số %d: làm đường hẻm %d", i, i)
		if _, err := casework.New(f.store).Create(f.ctx, f.people["staff.bth"], "BTH", c); err != nil {
			b.Fatal(err)
		}
	}
	for _, q := range []string{"", "lam duong hem 1999"} {
		b.Run(fmt.Sprintf("q=%q", q), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				items, err := f.store.List(f.ctx, f.people["head.hcm"], sqlstore.ListFilter{Q: q, Limit: 50})
				if err != nil || len(items) == 0 {
					b.Fatalf("%v %d", err, len(items))
				}
			}
		})
	}
}
