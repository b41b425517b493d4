package demo_test

import (
	"context"
	"encoding/json"
	"reflect"
	"slices"
	"testing"
	"time"

	"damlam/internal/demo"
	"damlam/internal/ledger"
	"damlam/internal/org"
	"damlam/internal/sqlstore"
	"damlam/internal/testdb"
	"damlam/internal/workflow"
)

// TestDemoHoldsEveryState loads the demo as `damlam serve --demo` does and
// checks its promise: every lifecycle state has a proposal, the alley-road
// case ran to the end, and the log audits clean.
func TestDemoHoldsEveryState(t *testing.T) {
	ctx := context.Background()
	db, err := sqlstore.Open(ctx, testdb.SQLite(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	now := time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	lg, err := ledger.Open(ctx, db.DB, ledger.Config{Origin: "demo.test/log", Dialect: db.Dialect, KeyDir: t.TempDir(), Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	store := sqlstore.New(db, lg, sqlstore.Config{Now: clock, AttachmentDir: t.TempDir()})
	loaded, err := demo.Load(ctx, store, now)
	if err != nil || !loaded {
		t.Fatalf("load: %v %v", loaded, err)
	}
	if again, err := demo.Load(ctx, store, now); err != nil || again {
		t.Fatalf("a second load changed a non-empty database: %v %v", again, err)
	}
	admin, err := store.Person(ctx, "admin")
	if err != nil {
		t.Fatal(err)
	}
	items, err := store.List(ctx, admin, sqlstore.ListFilter{Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[workflow.State]int{}
	local := 0
	for _, it := range items {
		seen[it.State]++
		if p, err := store.Proposal(ctx, admin, it.ID); err == nil && p.Rules != nil && p.Rules.ID == demo.CuChiRules.ID {
			local++
			if p.UnitID != "HCM-CC" {
				t.Errorf("%s in %s follows Củ Chi's rule set", p.ID, p.UnitID)
			}
		}
	}
	if local == 0 {
		t.Error("no demo case follows a local rule set")
	}
	based := 0
	for _, it := range items {
		if p, err := store.Proposal(ctx, admin, it.ID); err == nil && p.Content.Basis != nil && p.Content.Basis.Number == "14-KL/TW" && p.Content.Basis.Issuer == "Bộ Chính trị" {
			based++
		}
	}
	if based == 0 {
		t.Error("no demo case names the instrument its legal basis rests on")
	}
	for _, s := range workflow.States {
		if seen[s] == 0 {
			t.Errorf("no demo proposal in state %s", s)
		}
	}
	alley, err := store.Proposal(ctx, admin, "DX-2026-000001")
	if err != nil {
		t.Fatal(err)
	}
	if alley.State != workflow.Closed || alley.Protection != workflow.ConsiderMitigation || len(alley.Replicas) != 2 {
		t.Errorf("alley-road case: %s %s replicas %v", alley.State, alley.Protection, alley.Replicas)
	}
	if id, _, err := store.PersonByEmail(ctx, "chutich.bth@demo.damlam.vn"); err != nil || id != "chutich.bth" {
		t.Errorf("demo user: %v %v", id, err)
	}
	if _, err := store.Login(ctx, "chutich.bth@demo.damlam.vn", demo.Password); err != nil {
		t.Errorf("demo password: %v", err)
	}
	implementer, err := store.Person(ctx, "pct2.HCM-TMT")
	if err != nil {
		t.Fatal(err)
	}
	if inbox, err := store.Inbox(ctx, implementer); err != nil || !slices.ContainsFunc(inbox, func(it sqlstore.InboxItem) bool {
		return it.As == workflow.WhoImplementer && it.State == workflow.InImplementation
	}) {
		t.Errorf("the canal's named implementer has no pilot to report on: %v %v", inbox, err)
	}
	if inbox, err := store.Inbox(ctx, implementer); err != nil || !slices.ContainsFunc(inbox, func(it sqlstore.InboxItem) bool {
		return it.Correction != nil && it.Overdue
	}) || !slices.ContainsFunc(inbox, func(it sqlstore.InboxItem) bool { return it.Correction != nil && !it.Overdue }) {
		t.Errorf("the canal's implementer has no overdue and no coming correction: %+v %v", inbox, err)
	}
	var crossed int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM notifications WHERE kind = 'stop_crossed'`).Scan(&crossed); err != nil || crossed == 0 {
		t.Errorf("no demo report crossed a stop condition: %d %v", crossed, err)
	}
	checkCatalogueFigures(t, store, admin)
	rep, err := store.Audit(ctx)
	if err != nil || !rep.OK() {
		t.Fatalf("audit: %v %v", err, rep.Problems)
	}
}

// checkCatalogueFigures: each model in the catalogue shows, for every
// indicator, the latest value its pilot reported (progress or completion),
// counted here from the case's history; and at least one model's value
// comes from a progress report that its completion report left out, so the
// check tells the two rules apart.
func checkCatalogueFigures(t *testing.T, store *sqlstore.Store, admin *org.Person) {
	t.Helper()
	ctx := context.Background()
	models, err := store.Catalogue(ctx, sqlstore.CatalogueFilter{Limit: 200})
	if err != nil || len(models) == 0 {
		t.Fatalf("catalogue: %d models, %v", len(models), err)
	}
	fromProgress := 0
	for _, m := range models {
		view, err := store.Proposal(ctx, admin, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		want, inCompletion := map[string]float64{}, map[string]bool{}
		for _, ev := range view.History {
			var p struct {
				Input struct {
					Indicators map[string]float64 `json:"indicators"`
				} `json:"input"`
			}
			if ev.Type != "pilot.progress_reported" && ev.Type != "pilot.completion_reported" {
				continue
			}
			if err := json.Unmarshal(ev.Payload, &p); err != nil {
				t.Fatal(err)
			}
			for k, x := range p.Input.Indicators {
				want[k] = x
				inCompletion[k] = ev.Type == "pilot.completion_reported"
			}
		}
		if !reflect.DeepEqual(m.Reached, want) && (len(m.Reached) != 0 || len(want) != 0) {
			t.Errorf("%s: the catalogue shows %v, the pilot reported %v", m.ID, m.Reached, want)
		}
		for k := range want {
			if !inCompletion[k] {
				fromProgress++
			}
		}
	}
	if fromProgress == 0 {
		t.Error("no model's figure comes from a progress report alone: the check cannot tell the rules apart")
	}
}
