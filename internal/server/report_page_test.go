package server

import (
	"bytes"
	"context"
	"encoding/csv"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
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

	// The PDF, as poppler reads it back, holds each line's figures.
	res = ps.get(c, "/bao-cao.pdf"+q)
	if res.status != http.StatusOK || !strings.HasPrefix(res.body, "%PDF-") {
		t.Fatalf("PDF: %d %.40q", res.status, res.body)
	}
	if dir := os.Getenv("DAMLAM_DOCUMENT_DIR"); dir != "" {
		// Keep the PDF to look at (pdftoppm -png).
		os.WriteFile(filepath.Join(dir, "bao-cao.pdf"), []byte(res.body), 0o644)
	}
	text := strings.Join(strings.Fields(pdfText(t, []byte(res.body))), " ")
	for _, want := range []string{"BÁO CÁO", "Sơ kết việc khuyến khích", "TM. ỦY BAN NHÂN DÂN", "Nơi nhận"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF lacks %q", want)
		}
	}
	for _, l := range lines {
		if want := l.Label + ": " + l.This + " (Quý III/2026: " + l.Prev + ")"; !strings.Contains(text, want) {
			t.Errorf("the PDF lacks the line %q", want)
		}
	}
	if p := ps.get(ps.client("canbo.bth"), "/bao-cao.pdf"+q); p.status != http.StatusForbidden {
		t.Errorf("a member of staff downloading the city's report as PDF: %d, want 403", p.status)
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

// pdfText is the text poppler's pdftotext reads from a PDF. Without
// poppler the test skips, or fails in CI (.ci/install-deps.sh installs it).
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("pdftotext is missing: install poppler-utils (.ci/install-deps.sh)")
		}
		t.Skip("pdftotext is missing: install poppler-utils")
	}
	path := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}
