package server

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"damlam/internal/casework"
	"damlam/internal/gen"
	"damlam/internal/ledger"
	"damlam/internal/org"
	"damlam/internal/sqlstore"
	"damlam/internal/testdb"
	"damlam/internal/webtest"
)

// BenchmarkPublicPage reads the public page of the generated ward with
// the most approved pilots (the "ward" scale: 600 cases over four wards
// and the city) over HTTP at 8 clients, and reports the median and the
// 99th percentile; "cold" makes the page anew for every request (as after
// every decision), one client at a time.
//
//	go test ./internal/server -run '^$' -bench PublicPage -benchtime 2000x
func BenchmarkPublicPage(b *testing.B) {
	ctx := context.Background()
	db, err := sqlstore.Open(ctx, testdb.SQLite(b))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	now := time.Date(2026, 11, 27, 16, 0, 0, 0, time.UTC)
	lg, err := ledger.Open(ctx, db.DB, ledger.Config{Origin: "bench.damlam/log", Dialect: db.Dialect, KeyDir: filepath.Join(b.TempDir(), "keys")})
	if err != nil {
		b.Fatal(err)
	}
	store := sqlstore.New(db, lg, sqlstore.Config{Now: func() time.Time { return now }, AttachmentDir: b.TempDir()})
	sc, _ := gen.ScaleNamed("ward")
	if _, err := gen.Run(ctx, store, gen.Options{Scale: sc, Seed: 5, Now: now, NoPasswords: true}); err != nil {
		b.Fatal(err)
	}
	var ward string
	var most int
	units, err := store.Units(ctx, "/VN/")
	if err != nil {
		b.Fatal(err)
	}
	for _, u := range units {
		if _, err := casework.New(store).SetPublication(ctx, nil, u.ID, org.PublicationInput{Published: true, Money: true}); err != nil {
			b.Fatal(err)
		}
	}
	pus, err := store.PublicUnits(ctx)
	if err != nil {
		b.Fatal(err)
	}
	for _, u := range pus {
		if u.Pilots > most {
			ward, most = u.ID, u.Pilots
		}
	}
	base := webtest.Serve(b, New(store, Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}))
	url := base + "/cong-khai/" + ward
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 16}}
	get := func() time.Duration {
		began := time.Now()
		res, err := client.Get(url)
		if err != nil {
			b.Fatal(err)
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			b.Fatalf("GET %s: %d", url, res.StatusCode)
		}
		return time.Since(began)
	}
	report := func(b *testing.B, took []time.Duration) {
		slices.Sort(took)
		b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "p50-ms")
		b.ReportMetric(float64(took[len(took)*99/100].Microseconds())/1000, "p99-ms")
		b.ReportMetric(float64(most), "pilots")
	}
	b.Run("cached-8-clients", func(b *testing.B) {
		get()
		took := make([]time.Duration, b.N)
		var next sync.Mutex
		i := 0
		var wg sync.WaitGroup
		b.ResetTimer()
		for range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					next.Lock()
					n := i
					i++
					next.Unlock()
					if n >= b.N {
						return
					}
					took[n] = get()
				}
			}()
		}
		wg.Wait()
		report(b, took)
	})
	b.Run("cold", func(b *testing.B) {
		took := make([]time.Duration, b.N)
		for n := range b.N {
			publicAnswers.mu.Lock()
			publicAnswers.by = nil
			publicAnswers.mu.Unlock()
			took[n] = get()
		}
		report(b, took)
	})
}
