package sqlstore_test

import (
	"context"
	"damlam/internal/casework"
	"testing"

	"damlam/internal/org"
	"damlam/internal/sqlstore"
	"damlam/internal/testdb"
	"damlam/internal/webtest"
	"damlam/internal/workflow"
)

// TestWebReadModels runs the read models the pages use on both databases,
// over the alley-road case and a case the head decided in writing.
func TestWebReadModels(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dialect, dsn string) {
		if dialect == testdb.DialectSQLite {
			dsn = ""
		}
		site := webtest.NewSiteOn(t, dsn)
		ctx := context.Background()
		store := site.Store
		id := site.AlleyRoad(t, "")
		over := site.Overridden(t)
		city := site.Person(t, "chutich.hcm")

		d, err := store.Dashboard(ctx, city, "")
		if err != nil {
			t.Fatal(err)
		}
		if d.Total != 3 || d.Decided != 2 || len(d.ByUnit) != 2 || len(d.Protection) != 1 || d.Protection[0].Key != string(workflow.ConsiderMitigation) {
			t.Errorf("dashboard: %+v", d)
		}
		if d2, err := store.Dashboard(ctx, city, "HCM-BQ"); err != nil || d2.Total != 1 {
			t.Errorf("dashboard under a unit: %+v %v", d2, err)
		}

		models, err := store.Catalogue(ctx, sqlstore.CatalogueFilter{Q: "LAM DUONG"})
		if err != nil || len(models) != 1 || models[0].ID != id || models[0].Reached["Chiều dài hoàn thành"] != 280 || models[0].Replicas != 1 {
			t.Fatalf("catalogue: %+v %v", models, err)
		}
		if none, _ := store.Catalogue(ctx, sqlstore.CatalogueFilter{Field: "Đô thị"}); len(none) != 0 {
			t.Errorf("a case not yet evaluated is in the catalogue: %+v", none)
		}

		check, err := store.VerifyEvent(ctx, city, id, 8)
		if err != nil || !check.OK() {
			t.Fatalf("verify: %+v %v", check, err)
		}
		if _, err := store.VerifyEvent(ctx, site.Person(t, "chutich.gd"), id, 8); err == nil {
			t.Error("a head of another ward verifies a case they may not read")
		}

		dir, err := store.Directory(ctx, "/VN/HCM/HCM-BTH/", 100)
		if err != nil || len(dir) != 7 {
			t.Fatalf("directory: %d %v", len(dir), err)
		}
		texts, err := store.SearchTexts(ctx, []string{id, over})
		if err != nil || len(texts) != 2 {
			t.Fatalf("search texts: %v %v", texts, err)
		}
		for _, f := range []sqlstore.ListFilter{{Q: "duong", Texts: true}, {Q: "duong", Texts: true, Unit: "HCM-BTH"}} {
			listed, err := store.List(ctx, city, f)
			if err != nil || len(listed) == 0 {
				t.Fatalf("list with texts: %v %v", listed, err)
			}
			for _, it := range listed {
				if want, ok := texts[it.ID]; ok && it.Text != want {
					t.Errorf("%s: text with the row %q, SearchTexts %q", it.ID, it.Text, want)
				}
			}
		}

		gd := site.Person(t, "chutich.gd")
		adopted, err := casework.New(store).Adopt(ctx, gd, id, "HCM-GD")
		if err != nil {
			t.Fatal(err)
		}
		v, err := store.Proposal(ctx, gd, adopted)
		if err != nil || v.SourceID != id || v.State != workflow.Draft || v.Proposer.ID != "chutich.gd" || len(v.History) != 1 {
			t.Fatalf("adopted: %+v %v", v, err)
		}
		if _, err := casework.New(store).Adopt(ctx, gd, id, "HCM-BTH"); err == nil {
			t.Error("a head adopts into a unit they do not head")
		}
		if _, err := casework.New(store).Adopt(ctx, gd, over, "HCM-GD"); err == nil {
			t.Error("a case not evaluated is adopted")
		}

		if err := casework.New(store).May(ctx, site.Person(t, "pct1.bth"), over, workflow.CastVote); err == nil {
			t.Error("May lets the proposer vote")
		}
		admin := site.Person(t, "admin")
		if err := store.AddGrant(ctx, admin, "canbo.bth", nil, &sqlstore.GrantInput{Role: org.Inspector, UnitID: "HCM-BTH"}, org.Administrator(admin)); err != nil {
			t.Fatal(err)
		}
		if err := store.AddGrant(ctx, site.Person(t, "chutich.bth"), "canbo.bth", &sqlstore.SeatInput{UnitID: "HCM-BTH", Position: org.Head}, nil, org.Administrator(site.Person(t, "chutich.bth"))); err == nil {
			t.Error("a head who is not an administrator changes posts")
		}
		insp := site.Person(t, "canbo.bth")
		if items, err := store.OversightInbox(ctx, insp); err != nil || len(items) != 0 {
			t.Errorf("oversight inbox after every pilot ended: %+v %v", items, err)
		}
		if items, err := store.OversightInbox(ctx, site.Person(t, "kyluat.hcm")); err != nil || len(items) != 0 {
			t.Errorf("the liability outcome is recorded, yet: %+v %v", items, err)
		}
	})
}
