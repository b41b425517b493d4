package casework_test

import (
	"context"
	"testing"
	"time"

	"damlam/internal/casework"
	"damlam/internal/clock"
	"damlam/internal/ledger"
	"damlam/internal/org"
	"damlam/internal/problem"
	"damlam/internal/proof"
	"damlam/internal/sqlstore"
	"damlam/internal/testdb"
	"damlam/internal/workflow"
)

func TestMain(m *testing.M) { testdb.Main(m) }

// ward is a real store over a ward with a head, two deputies and a cadre.
type ward struct {
	t      *testing.T
	ctx    context.Context
	store  *sqlstore.Store
	cases  *casework.Service
	people map[string]*org.Person
}

func newWard(t *testing.T, dsn string) *ward {
	w := &ward{t: t, ctx: context.Background(), people: map[string]*org.Person{}}
	clk := &clock.Settable{}
	clk.Set(time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC))
	db, err := sqlstore.Open(w.ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	lg, err := ledger.Open(w.ctx, db.DB, ledger.Config{Origin: "test.damlam/log", Dialect: db.Dialect, KeyDir: t.TempDir(), Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	w.store = sqlstore.New(db, lg, sqlstore.Config{Now: clk.Now, AttachmentDir: t.TempDir()})
	w.cases = casework.New(w.store)
	for _, u := range []sqlstore.UnitInput{{ID: "HCM", Name: "Thành phố", Kind: "province"}, {ID: "BTH", ParentID: "HCM", Name: "Phường Bình Thạnh", Kind: "ward"}} {
		if _, err := casework.New(w.store).CreateUnit(w.ctx, nil, u); err != nil {
			t.Fatal(err)
		}
	}
	for id, pos := range map[string]org.Position{"head": org.Head, "dep1": org.Deputy, "dep2": org.Deputy, "staff": org.Staff} {
		p, err := casework.New(w.store).CreatePerson(w.ctx, nil, sqlstore.PersonInput{ID: id, Name: "Người " + id, Email: id + "@test.vn",
			Seats: []sqlstore.SeatInput{{UnitID: "BTH", Position: pos}}})
		if err != nil {
			t.Fatal(err)
		}
		w.people[id] = p
	}
	return w
}

func (w *ward) submitted() string {
	c := workflow.Content{Title: "Làm đường hẻm", Field: "Giao thông", LegalBasis: "decree73",
		Bottleneck: workflow.Bottleneck{Kind: "missing", Rule: "Chưa có", Level: "locality"},
		Necessity:  "Hẻm ngập.", Purpose: "Hạ tầng.", Contents: "Bê tông.", Timeline: "60 ngày", PositiveImpacts: "Hết ngập.",
		Checklist: workflow.Checklist{RemovesBottleneck: true, CommonGood: true, UrgentNeed: true, NoSecurityImpact: true, NoHarmToOthers: true},
		Pilot:     &proof.Scope{Units: []string{"BTH"}, Start: "2026-12-01", End: "2027-02-28", BudgetVND: 1}}
	id, err := w.cases.Create(w.ctx, w.people["staff"], "BTH", c)
	if err != nil {
		w.t.Fatal(err)
	}
	if _, err := w.cases.Do(w.ctx, w.people["staff"], id, workflow.Submit, nil); err != nil {
		w.t.Fatal(err)
	}
	return id
}

// The refusals come in the order the API promises, whatever else is
// wrong: an unknown case or action, then authority, then state, then the
// input; a refused step writes nothing.
func TestRefusalsComeInOrder(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dialect, dsn string) {
		w := newWard(t, dsn)
		id := w.submitted()
		badVote := &workflow.VoteInput{Ballot: "maybe"}
		for _, c := range []struct {
			name   string
			who    string
			id     string
			action workflow.Action
			in     workflow.Input
			kind   problem.Kind
		}{
			{"unknown case", "head", "DX-2026-999999", workflow.Convene, nil, problem.NotFound},
			{"unknown action", "head", id, "fly", nil, problem.NotFound},
			{"a bad ballot before the convening: the state first", "dep1", id, workflow.CastVote, badVote, problem.Conflict},
			{"the proposer votes on their own proposal", "staff", id, workflow.CastVote, badVote, problem.Forbidden},
			{"a deputy votes before the convening", "dep1", id, workflow.CastVote, &workflow.VoteInput{Ballot: workflow.Yes}, problem.Conflict},
			{"the head returns without a reason", "head", id, workflow.Return, &workflow.ReasonRequiredInput{}, problem.Invalid},
		} {
			t.Run(c.name, func(t *testing.T) {
				before, err := w.store.Log().Size(w.ctx)
				if err != nil {
					t.Fatal(err)
				}
				_, err = w.cases.Do(w.ctx, w.people[c.who], c.id, c.action, c.in)
				if problem.KindOf(err) != c.kind {
					t.Fatalf("refused with %v, want kind %v", err, c.kind)
				}
				if after, _ := w.store.Log().Size(w.ctx); after != before {
					t.Error("a refused step wrote to the log")
				}
			})
		}
	})
}

// A step answers with where it leaves the case for the caller, not with
// the case: the state, the due date, what the caller may do next.
func TestAStepAnswersWhereTheCaseStands(t *testing.T) {
	w := newWard(t, testdb.SQLite(t))
	id := w.submitted()
	res, err := w.cases.Do(w.ctx, w.people["head"], id, workflow.Convene, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.State != workflow.PartyOpinion || res.DueDate == "" || res.Event.Type != "proposal.convened" || res.Event.Actor.ID != "head" {
		t.Errorf("answer %+v", res)
	}
	if len(res.AllowedActions) == 0 {
		t.Error("the head is offered no next step")
	}
	for _, a := range res.AllowedActions {
		if a.Action == workflow.GivePartyOpinion {
			t.Error("the head is offered the Party committee's step")
		}
	}
	v, err := w.store.Proposal(w.ctx, w.people["head"], id)
	if err != nil {
		t.Fatal(err)
	}
	if last := v.History[len(v.History)-1]; last.LogIndex != res.Event.LogIndex {
		t.Errorf("answered event %d, the case's last is %d", res.Event.LogIndex, last.LogIndex)
	}
}
