package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"damlam/internal/gen"
	"damlam/internal/ledger"
	"damlam/internal/server"
	"damlam/internal/sqlstore"
)

// discard is a ResponseWriter that keeps nothing, so that the figure is
// the page's own cost.
type discard struct{ h http.Header }

func (d *discard) Header() http.Header         { return d.h }
func (d *discard) Write(p []byte) (int, error) { return len(p), nil }
func (d *discard) WriteHeader(int)             {}

// BenchmarkPages measures the CPU of the list, search and inbox pages that
// `damlam bench --only pages` loads, in this process, one at a time, on a
// generated database named by DAMLAM_BENCH_DATA (skipped without it):
//
//	DAMLAM_BENCH_DATA=DIR go test -run '^$' -bench Pages ./cmd/damlam
func BenchmarkPages(b *testing.B) {
	dir := os.Getenv("DAMLAM_BENCH_DATA")
	if dir == "" {
		b.Skip("DAMLAM_BENCH_DATA names no generated data folder")
	}
	ctx := context.Background()
	db, err := sqlstore.Open(ctx, "sqlite:"+filepath.Join(dir, "damlam.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	lg, err := ledger.Open(ctx, db.DB, ledger.Config{Origin: "damlam.local/log", Dialect: db.Dialect, KeyDir: filepath.Join(dir, "log-key"), Now: time.Now})
	if err != nil {
		b.Fatal(err)
	}
	store := sqlstore.New(db, lg, sqlstore.Config{Now: time.Now})
	info, err := gen.ReadInfo(ctx, store)
	if err != nil {
		b.Fatal(err)
	}
	store = store.WithClock(func() time.Time { return info.Now })
	h := server.New(store, server.Options{})
	signIn := func(id string) string {
		body, _ := json.Marshal(map[string]string{"email": id + "@gen.damlam.vn", "password": gen.BenchPassword})
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("POST", "/api/v1/login", bytes.NewReader(body)))
		var out struct{ Token string }
		if err := json.NewDecoder(rec.Body).Decode(&out); err != nil || out.Token == "" {
			b.Fatalf("sign in: %d %v", rec.Code, err)
		}
		return out.Token
	}
	province, inboxHead := signIn(gen.HeadID(gen.Province)), signIn(gen.HeadID(gen.InboxWard))
	searches := []string{"lam duong hem", "rác thải", "nong thon", "chuyển đổi số", "y te luu dong", "cong vien", "thu tuc hanh chinh",
		"kenh rach", "nước thải", "thanh toan khong dung tien mat", "du lich cong dong", "hop tac xa", "bán trú", "chiếu sáng"}
	for _, c := range []struct {
		name  string
		token string
		paths []string
	}{
		{"list", province, []string{"/search?unit=" + gen.Province}},
		{"search", province, func() (p []string) {
			for _, q := range searches {
				p = append(p, "/search?q="+url.QueryEscape(q))
			}
			return p
		}()},
		{"inbox", inboxHead, []string{"/inbox"}},
		// The API's list, with its total (from the kept counts for a
		// reader of whole subtrees; counted when a state and a field are
		// asked together).
		{"api-list", province, []string{"/api/v1/proposals?unit=" + gen.Province}},
		{"api-list-state", province, []string{"/api/v1/proposals?state=IN_IMPLEMENTATION"}},
		{"api-list-state-field", province, []string{"/api/v1/proposals?state=IN_IMPLEMENTATION&field=" + url.QueryEscape("Giao thông")}},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			start := cpuTime()
			for i := 0; b.Loop(); i++ {
				req := httptest.NewRequest("GET", c.paths[i%len(c.paths)], nil)
				req.Header.Set("Authorization", "Bearer "+c.token)
				w := &discard{h: http.Header{}}
				h.ServeHTTP(w, req)
			}
			// The machine may be shared: the process's CPU time per page
			// is the figure that does not depend on what else runs.
			b.ReportMetric(float64(cpuTime()-start)/float64(b.N)/1e3, "cpu-µs/op")
		})
	}
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
