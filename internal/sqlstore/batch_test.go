package sqlstore_test

import (
	"damlam/internal/casework"
	"strings"
	"testing"

	"damlam/internal/problem"
	"damlam/internal/proof"
	"damlam/internal/sqlstore"
	"damlam/internal/testdb"
	"damlam/internal/workflow"
)

func TestBatchIsAllOrNothing(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dialect, dsn string) {
		f := newFixture(t, dsn)
		// The fixture's organisation is in the log already: count from it.
		org, _ := f.store.Log().Size(f.ctx)
		size := func() int64 { n, _ := f.store.Log().Size(f.ctx); return n - org }
		var id string
		cp, err := f.store.Batch(f.ctx, func(b *sqlstore.Batch) error {
			var err error
			if id, err = casework.CreateIn(b, f.people["staff.bth"], "BTH", fullContent("BTH")); err != nil {
				return err
			}
			if _, err := casework.DoIn(b, f.people["staff.bth"], id, workflow.Submit, nil); err != nil {
				return err
			}
			_, err = casework.DoIn(b, f.people["head.bth"], id, workflow.Convene, nil)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		body, _, _ := strings.Cut(string(cp), "\n\n")
		if c, err := proof.ParseCheckpointBody([]byte(body + "\n")); err != nil || c.Size != uint64(org)+2 || size() != 2 {
			t.Fatalf("checkpoint after the batch: %+v %v (log size %d)", c, err, size())
		}
		_, err = f.store.Batch(f.ctx, func(b *sqlstore.Batch) error {
			if _, err := casework.DoIn(b, f.people["party.bth"], id, workflow.GivePartyOpinion, &workflow.PartyOpinionInput{Opinion: "agree", Text: "Đồng ý."}); err != nil {
				return err
			}
			_, err := casework.DoIn(b, f.people["staff.bth"], id, workflow.CastVote, &workflow.VoteInput{Ballot: workflow.Yes}) // the proposer: refused
			return err
		})
		if problem.KindOf(err) != problem.Forbidden {
			t.Fatalf("batch error %v", err)
		}
		if v := f.view(id); v.State != workflow.PartyOpinion || size() != 2 {
			t.Fatalf("a failed batch wrote: state %s, log size %d", v.State, size())
		}
		if rep := f.audit(); !rep.OK() {
			t.Fatal(rep.Problems)
		}
	})
}

// TestLoaderKeepsCasesBetweenBatches: a loader's batches continue a case
// from what they kept; an action taken by someone else between two
// batches is seen (the loader reads the case again), and a failed batch
// leaves nothing behind, in the database or in what the loader keeps.
func TestLoaderKeepsCasesBetweenBatches(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dialect, dsn string) {
		f := newFixture(t, dsn)
		ld := f.store.NewLoader()
		var id string
		if _, err := ld.Batch(f.ctx, func(b *sqlstore.Batch) error {
			var err error
			if id, err = casework.CreateIn(b, f.people["staff.bth"], "BTH", fullContent("BTH")); err != nil {
				return err
			}
			_, err = casework.DoIn(b, f.people["staff.bth"], id, workflow.Submit, nil)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		// Another writer convenes the collective outside the loader.
		f.do("head.bth", id, workflow.Convene, nil)
		if _, err := ld.Batch(f.ctx, func(b *sqlstore.Batch) error {
			_, err := casework.DoIn(b, f.people["party.bth"], id, workflow.GivePartyOpinion, &workflow.PartyOpinionInput{Opinion: "agree", Text: "Đồng ý."})
			return err
		}); err != nil {
			t.Fatal(err)
		}
		_, err := ld.Batch(f.ctx, func(b *sqlstore.Batch) error {
			if _, err := casework.DoIn(b, f.people["head.bth"], id, workflow.CastVote, &workflow.VoteInput{Ballot: workflow.Yes}); err != nil {
				return err
			}
			_, err := casework.DoIn(b, f.people["staff.bth"], id, workflow.CastVote, &workflow.VoteInput{Ballot: workflow.Yes}) // the proposer: refused
			return err
		})
		if problem.KindOf(err) != problem.Forbidden {
			t.Fatalf("batch error %v", err)
		}
		for _, who := range []string{"head.bth", "dep1.bth"} {
			if _, err := ld.Batch(f.ctx, func(b *sqlstore.Batch) error {
				_, err := casework.DoIn(b, f.people[who], id, workflow.CastVote, &workflow.VoteInput{Ballot: workflow.Yes})
				return err
			}); err != nil {
				t.Fatal(err)
			}
		}
		v := f.view(id)
		if len(v.History) != 5 || v.History[len(v.History)-1].Action != workflow.CastVote {
			t.Fatalf("history after the loader's batches: %+v", v.History)
		}
		if rep := f.audit(); !rep.OK() {
			t.Fatal(rep.Problems)
		}
	})
}
