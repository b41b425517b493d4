package main

import (
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"damlam/internal/mailtest"
	"damlam/internal/testdb"
)

// TestTwoInstancesSendEachMailOnce runs two `damlam serve` on one
// PostgreSQL, both delivering to one SMTP server that takes its time over
// each message, so that their workers overlap. A batch of decisions, taken
// concurrently through both instances, fills the outbox while both
// deliver. Afterwards every outbox row was accepted by the SMTP server
// exactly once, nothing is pending or failed, and both instances sent
// some of it (each has its own sender address).
func TestTwoInstancesSendEachMailOnce(t *testing.T) {
	dsn := testdb.Postgres(t)
	srv := mailtest.Start(t, mailtest.Options{Delay: 15 * time.Millisecond})
	senders := []string{"instance-a@test.vn", "instance-b@test.vn"}
	f := startFleetWith(t, 2, map[string]string{"DAMLAM_DB": dsn, "DAMLAM_SMTP": srv.URL()}, func(i int) []string {
		return []string{"--mail-every", "20ms", "--mail-from", "damlam <" + senders[i] + ">"}
	})

	const cases, workers = 8, 4
	var mu sync.Mutex
	var failures []error
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for i := range jobs {
				id, err := f.toImplementation(i, func(decision) {})
				for k := 0; err == nil && k < 2; k++ {
					_, err = f.progress(i+k, id) // tells the head
				}
				if err != nil {
					mu.Lock()
					failures = append(failures, fmt.Errorf("case %d: %w", i, err))
					mu.Unlock()
				}
			}
		})
	}
	for i := range cases {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	if len(failures) > 0 {
		t.Fatal(failures)
	}

	admin, in := f.tokens["admin"], f.instances[0]
	counts := func() map[string]any {
		return in.must(200, "GET", "/api/v1/admin/outbox", admin, nil)["counts"].(map[string]any)
	}
	var c map[string]any
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if c = counts(); c["pending"] == 0.0 && int(c["sent"].(float64)) == len(srv.Messages()) {
			break
		}
	}
	time.Sleep(300 * time.Millisecond) // several more rounds of both workers: nothing more may come
	c = counts()
	sent := int(c["sent"].(float64))
	// Each case mails the head (submission), the Party committee and the
	// proposer (convened), four members (the vote) and more after it.
	if c["pending"] != 0.0 || c["failed"] != 0.0 || sent < cases*7 || sent > 200 {
		t.Fatalf("outbox %v after the batch", c)
	}
	var want []string
	for _, it := range in.must(200, "GET", "/api/v1/admin/outbox?state=sent&limit=200", admin, nil)["items"].([]any) {
		want = append(want, str(it.(map[string]any)["id"]))
	}
	slices.Sort(want)

	msgs := srv.Messages()
	var got []string
	from := map[string]int{}
	for _, m := range msgs {
		p, err := m.Parse()
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, p.Header.Get("X-Damlam-Outbox"))
		from[m.From]++
	}
	slices.Sort(got)
	if dup := slices.Compact(slices.Clone(got)); len(dup) != len(got) {
		t.Fatalf("%d messages, %d distinct: some were sent twice", len(got), len(dup))
	}
	if !slices.Equal(got, want) {
		t.Fatalf("the SMTP server accepted %d messages, the outbox marks %d sent:\n%v\n%v", len(got), len(want), got, want)
	}
	if from[senders[0]] == 0 || from[senders[1]] == 0 {
		t.Fatalf("one instance sent everything: %v", from)
	}
	t.Logf("%d messages, each once; by sender %v", len(got), from)
}
