package sqlstore_test

import (
	"slices"
	"strings"
	"testing"

	"damlam/internal/casework"
	"damlam/internal/proof"
	"damlam/internal/sqlstore"
	"damlam/internal/testdb"
	"damlam/internal/workflow"
)

// TestNamedImplementersHaveAnInbox: a person the plan names to carry it
// out, who is not its proposer, finds the case in their inbox once the
// pilot runs, and not before; the index it is found by follows the
// content's edits, and the audit names (and the repair rebuilds) a row
// that the content does not justify.
func TestNamedImplementersHaveAnInbox(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dialect, dsn string) {
		f := newFixture(t, dsn)
		cases := casework.New(f.store)
		content := fullContent("BTH")
		content.Implementers = []string{"head.gd", "head.gd", "dep2.bth"}
		id, err := cases.Create(f.ctx, f.people["staff.bth"], "BTH", content)
		if err != nil {
			t.Fatal(err)
		}
		// An edit drops dep2.bth: only head.gd stays named.
		content.Implementers = []string{"head.gd"}
		if err := cases.Edit(f.ctx, f.people["staff.bth"], id, content); err != nil {
			t.Fatal(err)
		}
		implementer := f.people["head.gd"]
		inbox := func() []string {
			t.Helper()
			items, err := f.store.Inbox(f.ctx, implementer)
			if err != nil {
				t.Fatal(err)
			}
			n, err := f.store.InboxCount(f.ctx, implementer)
			if err != nil || n != len(items) {
				t.Fatalf("count %d %v, %d items", n, err, len(items))
			}
			var out []string
			for _, it := range items {
				out = append(out, it.ID+" "+string(it.As))
			}
			return out
		}
		f.do("staff.bth", id, workflow.Submit, nil)
		if got := inbox(); len(got) != 0 {
			t.Fatalf("before the pilot, the implementer's inbox: %v", got)
		}
		f.do("head.bth", id, workflow.Convene, nil)
		f.do("party.bth", id, workflow.GivePartyOpinion, &workflow.PartyOpinionInput{Opinion: "agree", Text: "Đồng ý."})
		for _, who := range []string{"head.bth", "dep1.bth", "dep2.bth"} {
			f.do(who, id, workflow.CastVote, &workflow.VoteInput{Ballot: workflow.Yes})
		}
		f.do("head.bth", id, workflow.ApprovePilot, &workflow.ApprovePilotInput{Scope: &proof.Scope{Units: []string{"BTH"},
			Start: "2026-12-01", End: "2027-02-28", BudgetVND: 300_000_000}})
		if got := inbox(); len(got) != 0 {
			t.Fatalf("before the resources, the implementer's inbox: %v", got)
		}
		f.do("head.bth", id, workflow.AllocateResources, &workflow.ResourcesInput{MoneyVND: 100_000_000, Source: "ngân sách"})
		state := f.view(id).State
		if !slices.Contains(workflow.StatesWhere(workflow.WhoImplementer), state) {
			t.Fatalf("an approved pilot (%s) is not a state where implementers act", state)
		}
		if got := inbox(); !slices.Equal(got, []string{id + " implementer"}) {
			t.Fatalf("the named implementer's inbox: %v", got)
		}
		if got, _ := f.store.Inbox(f.ctx, f.people["dep2.bth"]); slices.ContainsFunc(got, func(it sqlstore.InboxItem) bool { return it.ID == id }) {
			t.Fatalf("a person the edit no longer names still has the case: %v", ids(got))
		}
		if rep := f.audit(); !rep.OK() {
			t.Fatalf("audit: %v", rep.Problems)
		}

		// The migration that made the index finds the plans written before it.
		if err := sqlstore.MigrateTo(f.ctx, f.store.DB(), 22); err != nil {
			t.Fatal(err)
		}
		if err := sqlstore.MigrateTo(f.ctx, f.store.DB(), 23); err != nil {
			t.Fatal(err)
		}
		if err := sqlstore.MigrateUp(f.ctx, f.store.DB()); err != nil {
			t.Fatal(err)
		}
		if got := inbox(); !slices.Equal(got, []string{id + " implementer"}) {
			t.Fatalf("after the migration, the named implementer's inbox: %v", got)
		}

		for _, q := range []string{`DELETE FROM proposal_implementers WHERE proposal_id = $1`,
			`INSERT INTO proposal_implementers (proposal_id, person_id) VALUES ($1, 'dep1.bth')`} {
			if _, err := f.store.DB().ExecContext(f.ctx, q, id); err != nil {
				t.Fatal(err)
			}
		}
		rep := f.audit()
		want := []string{"proposal_implementers " + id + " head.gd: missing", "proposal_implementers " + id + " dep1.bth: the case's content does not name them"}
		for _, w := range want {
			if !slices.ContainsFunc(rep.Problems, func(p string) bool { return strings.HasPrefix(p, w) }) {
				t.Errorf("the audit does not say %q: %v", w, rep.Problems)
			}
		}
		if _, err := f.store.RepairProjection(f.ctx); err != nil {
			t.Fatal(err)
		}
		if rep := f.audit(); !rep.OK() {
			t.Fatalf("audit after the repair: %v", rep.Problems)
		}
	})
}
