package sqlstore_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"damlam/internal/gen"
	"damlam/internal/ledger"
	"damlam/internal/org"
	"damlam/internal/sqlstore"
	"damlam/internal/testdb"
	"damlam/internal/workflow"
)

var (
	provinceOnce  sync.Once
	provinceStore *sqlstore.Store
)

// BenchmarkReportProvinceYear counts the city's report for a year over
// the generated province (30,000 cases, about 590,000 log entries; the
// generation takes minutes), at 8 concurrent readers, and reports the
// median and the 99th percentile.
//
//	go test ./internal/sqlstore -run '^$' -bench ReportProvinceYear -benchtime 40x -timeout 60m
func BenchmarkReportProvinceYear(b *testing.B) {
	ctx := context.Background()
	// The testing package calls a benchmark more than once (b.N = 1
	// first): the province is generated once per binary.
	provinceOnce.Do(func() {
		// DAMLAM_BENCH_DATA names a folder made by `damlam gen --scale
		// province --data DIR`, read as it is, instead of generating one.
		if dir := os.Getenv("DAMLAM_BENCH_DATA"); dir != "" {
			provinceStore = openBenchData(b, dir)
			return
		}
		dir, err := os.MkdirTemp("", "damlam-report-bench")
		if err != nil {
			b.Fatal(err)
		}
		db, err := sqlstore.Open(ctx, testdb.SQLiteDSN(filepath.Join(dir, "damlam.db")))
		if err != nil {
			b.Fatal(err)
		}
		lg, err := ledger.Open(ctx, db.DB, ledger.Config{Origin: "bench.damlam/log", Dialect: db.Dialect, KeyDir: filepath.Join(dir, "keys")})
		if err != nil {
			b.Fatal(err)
		}
		provinceStore = sqlstore.New(db, lg, sqlstore.Config{Now: func() time.Time { return reportNow }, AttachmentDir: dir})
		sc, _ := gen.ScaleNamed("province")
		began := time.Now()
		if _, err := gen.Run(ctx, provinceStore, gen.Options{Scale: sc, Seed: 1, Now: reportNow, NoPasswords: true}); err != nil {
			b.Fatal(err)
		}
		b.Logf("province generated in %v (%s)", time.Since(began).Round(time.Second), dir)
	})
	store := provinceStore
	if store == nil {
		b.Fatal("no province")
	}
	inspector := &org.Person{ID: "x", Grants: []org.Grant{{Role: org.Inspector, UnitPath: "/VN/HCM/"}}}
	period := workflow.Period{Year: 2026}
	rep, err := store.Report(ctx, inspector, "HCM", period)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("2026: %d submitted, %d decided, %d inspections", rep.This.Submitted, rep.This.Decided, rep.This.Inspections)
	took := make([]time.Duration, b.N)
	var mu sync.Mutex
	next := 0
	var wg sync.WaitGroup
	b.ResetTimer()
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				mu.Lock()
				n := next
				next++
				mu.Unlock()
				if n >= b.N {
					return
				}
				t0 := time.Now()
				if _, err := store.Report(ctx, inspector, "HCM", period); err != nil {
					b.Error(err)
					return
				}
				took[n] = time.Since(t0)
			}
		}()
	}
	wg.Wait()
	slices.Sort(took)
	b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(took[len(took)*99/100].Microseconds())/1000, "p99-ms")
}

// openBenchData opens a generated deployment's folder with a fixed clock.
func openBenchData(b *testing.B, dir string) *sqlstore.Store {
	ctx := context.Background()
	db, err := sqlstore.Open(ctx, testdb.SQLiteDSN(filepath.Join(dir, "damlam.db")))
	if err != nil {
		b.Fatal(err)
	}
	lg, err := ledger.Open(ctx, db.DB, ledger.Config{Origin: "damlam.local/log", Dialect: db.Dialect, KeyDir: filepath.Join(dir, "log-key")})
	if err != nil {
		b.Fatal(err)
	}
	return sqlstore.New(db, lg, sqlstore.Config{Now: func() time.Time { return reportNow }, AttachmentDir: filepath.Join(dir, "attachments")})
}
