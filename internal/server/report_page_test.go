package server

import (
	"bytes"
	"context"
	"encoding/csv"
	"net/http"
	"strings"
	"testing"

	"damlam/internal/testdb"
	"damlam/internal/workflow"

	"github.com/xuri/excelize/v2"
)

// TestReportPageAndDownloadsHoldTheSameFigures reads the city's report for
// the alley road's quarter as the city's inspector: the page, the CSV and
// the workbook hold the same summary, figure for figure, and they are the
// store's; someone who reads only their own unit is refused, and a bad
// period is refused in the reader's language.
func TestReportPageAndDownloadsHoldTheSameFigures(t *testing.T) {
	reportPageAndDownloads(t, newPageSite(t, Options{}))
}

// TestReportPageOnPostgres is the same over PostgreSQL.
func TestReportPageOnPostgres(t *testing.T) {
	reportPageAndDownloads(t, newPageSiteOn(t, Options{}, testdb.Postgres(t)))
}

func reportPageAndDownloads(t *testing.T, ps *pageSite) {
	ps.site.AlleyRoad(t, "")
	ps.site.Overridden(t)
	c := ps.client("kiemtra.hcm")
	q := "?unit=HCM&period=2026-Q4"
	page := ps.mustGet(c, "/bao-cao"+q)
	rep, err := ps.site.Store.Report(context.Background(), ps.site.Person(t, "kiemtra.hcm"), "HCM", workflow.Period{Year: 2026, Quarter: 4})
	if err != nil {
		t.Fatal(err)
	}
	if rep.This.Submitted == 0 || rep.This.ApprovedPilot == 0 || rep.This.Decided == 0 {
		t.Fatalf("the quarter has nothing to report: %+v", rep.This)
	}
	lines := reportLines("vi", rep)
	for _, l := range lines {
		row := "<tr><th scope=\"row\">" + htmlEscape(l.Label) + "</th><td>" + htmlEscape(l.This) + "</td><td>" + htmlEscape(l.Prev) + "</td>"
		if !strings.Contains(page, row) {
			t.Errorf("the page lacks the row %q", row)
		}
	}

	res := ps.get(c, "/bao-cao.csv"+q)
	if res.status != http.StatusOK {
		t.Fatalf("CSV: %d", res.status)
	}
	recs, err := csv.NewReader(strings.NewReader(res.body)).ReadAll()
	if err != nil {
		// Sections have different widths; read them leniently.
		r := csv.NewReader(strings.NewReader(res.body))
		r.FieldsPerRecord = -1
		recs, err = r.ReadAll()
		if err != nil {
			t.Fatal(err)
		}
	}
	res = ps.get(c, "/bao-cao.xlsx"+q)
	if res.status != http.StatusOK {
		t.Fatalf("xlsx: %d", res.status)
	}
	f, err := excelize.OpenReader(bytes.NewReader([]byte(res.body)))
	if err != nil {
		t.Fatalf("the workbook does not open: %v", err)
	}
	sheet := f.GetSheetList()[0]
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	for i, l := range lines {
		want := []string{l.Label, l.This, l.Prev, l.Change}
		if got := rows[i+2]; strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("workbook row %d is %q, the page's %q", i+2, got, want)
		}
		if got := recs[i+3]; strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("CSV row %d is %q, the page's %q", i+3, got, want)
		}
	}
	if len(f.GetSheetList()) != 6 {
		t.Errorf("the workbook's sheets: %q", f.GetSheetList())
	}

	if p := ps.get(ps.client("canbo.bth"), "/bao-cao"+q); p.status != http.StatusForbidden {
		t.Errorf("a member of staff reading the city's report: %d, want 403", p.status)
	}
	if p := ps.get(ps.client("canbo.bth"), "/bao-cao.xlsx"+q); p.status != http.StatusForbidden {
		t.Errorf("a member of staff downloading the city's report: %d, want 403", p.status)
	}
	p := ps.get(c, "/bao-cao?unit=HCM&period=2026-Q5")
	if p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, "không hợp lệ") {
		t.Errorf("a bad period: %d", p.status)
	}
	if !strings.Contains(page, `action="/can-bo/minh-chung"`) || !strings.Contains(page, `value="pct1.bth"`) {
		t.Error("the report does not offer its unit's cadres' evidence")
	}
	if p := ps.get(c, "/can-bo/minh-chung?person=pct1.bth&period=2027"); p.status != http.StatusSeeOther || p.header.Get("Location") != "/can-bo/pct1.bth/minh-chung?period=2027" {
		t.Errorf("choosing a cadre: %d to %q", p.status, p.header.Get("Location"))
	}
	ps.mustGet(ps.client("chutich.bth"), "/bao-cao")
	ps.mustGet(ps.client("chutich.bth"), "/bao-cao?period=2026&lang=en")
}

func htmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;").Replace(s)
}
