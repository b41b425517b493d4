package main

import (
	"sync"
	"testing"
	"time"

	"damlam/internal/testdb"
)

// BenchmarkDecisions measures decisions per second through the whole
// stack — HTTP on loopback, authentication, the case row lock, the event
// and its log leaf in one transaction, the signed receipt — side by side:
// one instance on SQLite, the embedded deployment, and two instances on
// one PostgreSQL, the scaled-out one. Each iteration is one progress
// report; 16 clients keep 16 reports in flight, each on its own case.
//
//	go test -run '^$' -bench Decisions -benchtime 400x ./cmd/damlam
func BenchmarkDecisions(b *testing.B) {
	for _, c := range []struct {
		name      string
		instances int
		postgres  bool
	}{
		{"sqlite-1-instance", 1, false},
		{"postgres-2-instances", 2, true},
	} {
		b.Run(c.name, func(b *testing.B) {
			env := map[string]string{}
			if c.postgres {
				env["DAMLAM_DB"] = testdb.Postgres(b)
			}
			f := startFleet(b, c.instances, env)
			const clients = 16
			ids := make([]string, clients)
			var wg sync.WaitGroup
			for w := range clients {
				wg.Go(func() {
					var err error
					if ids[w], err = f.toImplementation(w, func(decision) {}); err != nil {
						b.Error(err)
					}
				})
			}
			wg.Wait()
			if b.Failed() {
				return
			}
			jobs := make(chan int) // unbuffered: a send waits for an idle client
			for w := range clients {
				wg.Go(func() {
					for i := range jobs {
						if _, err := f.progress(i, ids[w]); err != nil {
							b.Error(err)
						}
					}
				})
			}
			n, start := 0, time.Now()
			for b.Loop() {
				jobs <- n
				n++
			}
			close(jobs)
			wg.Wait() // the last reports in flight count too
			b.ReportMetric(float64(n)/time.Since(start).Seconds(), "decisions/s")
		})
	}
}
