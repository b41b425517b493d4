package server

import (
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"damlam/internal/testdb"
	"damlam/internal/workflow"
)

var updateGolden = flag.Bool("update", false, "rewrite the golden pages in testdata/golden")

// TestGoldenPages renders the main pages over the alley-road case with a
// fixed clock and compares them with testdata/golden: any change to what a
// reader sees shows up in review. Refresh with go test -run TestGoldenPages -update.
func TestGoldenPages(t *testing.T) {
	goldenPages(t, newPageSite(t, Options{}))
}

// TestGoldenPagesOnPostgres renders the same pages over PostgreSQL: they
// must be byte for byte the pages SQLite gives.
func TestGoldenPagesOnPostgres(t *testing.T) {
	if *updateGolden {
		t.Skip("the golden files are written from SQLite")
	}
	goldenPages(t, newPageSiteOn(t, Options{}, testdb.Postgres(t)))
}

func goldenPages(t *testing.T, ps *pageSite) {
	id := ps.site.AlleyRoad(t, "")
	second := ps.site.AlleyRoad(t, workflow.Submitted)
	third := ps.site.Overridden(t)
	pages := []struct{ name, who, path string }{
		{"login", "", "/login"},
		{"inbox", "chutich.bth", "/inbox"},
		{"form", "pct1.bth", "/proposals/new"},
		{"proposal", "chutich.bth", "/proposals/" + id},
		{"proposal-submitted", "chutich.bth", "/proposals/" + second},
		{"proposal-revised", "pct2.bth", "/proposals/" + third},
		{"meeting", "chutich.bth", "/proposals/" + id + "/meeting"},
		{"meeting-override", "chutich.bth", "/proposals/" + third + "/meeting"},
		{"pilot", "kiemtra.hcm", "/proposals/" + id + "/pilot"},
		{"evaluation", "chutich.bth", "/proposals/" + id + "/evaluation"},
		{"catalogue", "chutich.gd", "/models"},
		{"model", "chutich.gd", "/models/" + id},
		{"dashboard", "kiemtra.hcm", "/dashboard"},
		{"search", "kiemtra.hcm", "/search?q=lam+duong"},
		{"search-unit", "chutich.hcm", "/search?unit=HCM"},
		{"search-filters-en", "chutich.bth", "/search?state=REPLICATED&unit=HCM-BTH&q=hem&lang=en"},
		{"admin", "admin", "/admin"},
		{"calendar", "admin", "/admin/calendar?year=2027"},
		{"rules", "admin", "/admin/rules"},
		{"evaluation-en", "chutich.bth", "/proposals/" + id + "/evaluation?lang=en"},
	}
	for _, p := range pages {
		t.Run(p.name, func(t *testing.T) {
			body := ps.mustGet(ps.client(p.who), p.path)
			// A draft form's key is drawn at random on every render.
			if p.name == "form" {
				body = drawnKey.ReplaceAllString(body, `name="form_key" value="KEY"`)
			}
			golden(t, filepath.Join("testdata", "golden", p.name+".html"), body)
		})
	}
}

// TestGoldenOversightInbox renders an inspector's inbox with a pilot that
// was never inspected: the oversight table, which has no due dates.
func TestGoldenOversightInbox(t *testing.T) {
	ps := newPageSite(t, Options{})
	ps.site.AlleyRoad(t, workflow.InImplementation)
	ps.site.AlleyRoad(t, workflow.Submitted)
	golden(t, filepath.Join("testdata", "golden", "inbox-oversight.html"), ps.mustGet(ps.client("kiemtra.hcm"), "/inbox"))
	golden(t, filepath.Join("testdata", "golden", "inbox-head.html"), ps.mustGet(ps.client("chutich.bth"), "/inbox"))
}

var drawnKey = regexp.MustCompile(`name="form_key" value="[0-9a-f]{32}"`)

// golden compares got with the file, or rewrites the file with -update.
func golden(t *testing.T, path, got string) {
	t.Helper()
	if *updateGolden {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -run TestGoldenPages -update)", err)
	}
	if got == string(want) {
		return
	}
	g, w := strings.Split(got, "\n"), strings.Split(string(want), "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			t.Fatalf("%s differs at line %d:\n got: %s\nwant: %s\n(run go test -run TestGoldenPages -update if the change is meant)", path, i+1, gl, wl)
		}
	}
}
