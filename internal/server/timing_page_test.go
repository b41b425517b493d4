package server

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"damlam/internal/demo"
	"damlam/internal/ledger"
	"damlam/internal/sqlstore"
)

// TestPageTimings measures the server's time per page on the demo data:
// each page is asked for a few hundred times, in-process (no network), as
// the person who would look at it, and the median and 99th percentile are
// printed. Loading the demo takes a while, so it runs only when asked:
//
//	DAMLAM_PAGE_TIMING=300 go test ./internal/server -run TestPageTimings -v
func TestPageTimings(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("DAMLAM_PAGE_TIMING"))
	if n <= 0 {
		t.Skip("set DAMLAM_PAGE_TIMING=<requests per page> to measure page times on the demo data")
	}
	h, store := demoServer(t)
	ctx := context.Background()
	cookie := func(id string) *http.Cookie {
		token, err := store.IssueToken(ctx, id, sqlstore.TokenSession, time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		return &http.Cookie{Name: sessionCookie, Value: token}
	}
	alley := "DX-" + strconv.Itoa(store.Now().AddDate(0, 0, -200).Year()) + "-000001"
	pages := []struct{ name, who, path string }{
		{"sign-in (demo users)", "", "/login"},
		{"inbox (ward head)", "chutich.HCM-TDI", "/inbox"},
		{"inbox (city inspector)", "kiemtra.hcm", "/inbox"},
		{"proposal (alley road)", "chutich.bth", "/proposals/" + alley},
		{"meeting", "chutich.bth", "/proposals/" + alley + "/meeting"},
		{"pilot monitoring", "kiemtra.hcm", "/proposals/" + alley + "/pilot"},
		{"evaluation", "chutich.bth", "/proposals/" + alley + "/evaluation"},
		{"verify a receipt", "chutich.bth", "/proposals/" + alley + "/verify/8"},
		{"new proposal form", "pct1.bth", "/proposals/new"},
		{"catalogue", "chutich.HCM-GD", "/models"},
		{"dashboard (city)", "chutich.hcm", "/dashboard"},
		{"search “duong”", "kiemtra.hcm", "/search?q=duong"},
		{"administration", "admin", "/admin"},
		{"calendar", "admin", "/admin/calendar"},
	}
	t.Logf("%-24s %10s %10s %8s  (%d requests each)", "page", "median", "p99", "bytes", n)
	for _, p := range pages {
		var c *http.Cookie
		if p.who != "" {
			c = cookie(p.who)
		}
		times := make([]time.Duration, 0, n)
		size := 0
		for i := 0; i < n+10; i++ {
			req := httptest.NewRequest("GET", p.path, nil)
			if c != nil {
				req.AddCookie(c)
			}
			rec := httptest.NewRecorder()
			start := time.Now()
			h.ServeHTTP(rec, req)
			d := time.Since(start)
			if rec.Code != http.StatusOK {
				t.Fatalf("%s: %d\n%s", p.path, rec.Code, rec.Body.String())
			}
			if i >= 10 { // the first requests warm caches
				times = append(times, d)
				size = rec.Body.Len()
			}
		}
		slices.Sort(times)
		t.Logf("%-24s %10s %10s %8d", p.name, round(times[len(times)/2]), round(times[len(times)*99/100]), size)
	}
}

func round(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d.Microseconds())/1000) }

// demoServer loads the demo deployment into a fresh SQLite file.
func demoServer(t *testing.T) (http.Handler, *sqlstore.Store) {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	db, err := sqlstore.Open(ctx, "sqlite:"+filepath.Join(dir, "damlam.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	lg, err := ledger.Open(ctx, db.DB, ledger.Config{Origin: "damlam.test/log", Dialect: db.Dialect, KeyDir: filepath.Join(dir, "log-key")})
	if err != nil {
		t.Fatal(err)
	}
	store := sqlstore.New(db, lg, sqlstore.Config{AttachmentDir: filepath.Join(dir, "attachments")})
	start := time.Now()
	if _, err := demo.Load(ctx, store, time.Now()); err != nil {
		t.Fatal(err)
	}
	t.Logf("demo data loaded in %s", time.Since(start).Round(time.Millisecond))
	return New(store, Options{Demo: true, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}), store
}
