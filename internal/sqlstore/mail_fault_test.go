package sqlstore_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"damlam/internal/ledger"
	"damlam/internal/mailer"
	"damlam/internal/mailtest"
	"damlam/internal/sqlstore"
	"damlam/internal/testdb"
	"damlam/internal/workflow"
)

// outboxIDs counts the messages a server accepted by their outbox row.
func outboxIDs(t *testing.T, srv *mailtest.Server) map[string]int {
	t.Helper()
	seen := map[string]int{}
	for _, m := range srv.Messages() {
		p, err := m.Parse()
		if err != nil {
			t.Fatal(err)
		}
		seen[p.Header.Get("X-Damlam-Outbox")]++
	}
	return seen
}

func sender(t *testing.T, srv *mailtest.Server) *mailer.Sender {
	t.Helper()
	cfg, err := mailer.ParseURL(srv.URL())
	if err != nil {
		t.Fatal(err)
	}
	s, err := mailer.NewSender(cfg, "damlam <noreply@damlam.vn>", "http://damlam.test", nil)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// The SMTP server refuses for a while, then accepts: every message
// arrives exactly once, each after the backoff its failures earned; a
// restarted store (a new process on the same database) finds what is
// still pending.
func TestMailRefusedThenAcceptedArrivesOnce(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dialect, dsn string) {
		f := newFixture(t, dsn)
		srv := mailtest.Start(t, mailtest.Options{})
		for range 3 {
			id := f.draft("staff.bth", "BTH")
			f.do("staff.bth", id, workflow.Submit, nil)
			f.do("head.bth", id, workflow.Convene, nil)
			f.do("party.bth", id, workflow.GivePartyOpinion, &workflow.PartyOpinionInput{Opinion: "agree", Text: "Đồng ý."})
		}
		pending, _ := f.store.OutboxCounts(f.ctx, nil)
		// 3 × (submitted to the head; convened to the Party committee and
		// the proposer; the vote to the head and two deputies).
		if pending.Pending != 18 {
			t.Fatalf("pending %+v", pending)
		}
		srv.Refuse(10)
		w := mailer.NewWorker(f.store, sender(t, srv).Send, time.Second, nil)
		sent, failed, err := w.Round(f.ctx)
		if err != nil || sent != 8 || failed != 10 {
			t.Fatalf("first round: sent %d failed %d %v", sent, failed, err)
		}
		// Nothing is due again before its backoff.
		if sent, failed, _ := w.Round(f.ctx); sent != 0 || failed != 0 {
			t.Fatalf("retried before the backoff: %d %d", sent, failed)
		}
		rows, _ := f.store.OutboxList(f.ctx, nil, sqlstore.OutboxPending, 100)
		if len(rows) != 10 || rows[0].Attempts != 1 || rows[0].LastError == "" {
			t.Fatalf("pending after refusals: %d %+v", len(rows), rows[0])
		}
		// The process restarts: a new store on the same database.
		lg, err := ledger.Open(f.ctx, f.db.DB, ledger.Config{Origin: "test.damlam/log", Dialect: f.db.Dialect, KeyDir: f.keyDir, Now: f.clock.Now})
		if err != nil {
			t.Fatal(err)
		}
		restarted := sqlstore.New(f.db, lg, sqlstore.Config{Now: f.clock.Now})
		f.clock.Set(f.clock.Now().Add(31 * time.Second))
		w = mailer.NewWorker(restarted, sender(t, srv).Send, time.Second, nil)
		if sent, failed, err := w.Round(f.ctx); err != nil || sent != 10 || failed != 0 {
			t.Fatalf("after the backoff: sent %d failed %d %v", sent, failed, err)
		}
		seen := outboxIDs(t, srv)
		if len(seen) != 18 {
			t.Fatalf("%d distinct messages, want 18", len(seen))
		}
		for id, n := range seen {
			if n != 1 {
				t.Fatalf("message %s arrived %d times", id, n)
			}
		}
		if c, _ := f.store.OutboxCounts(f.ctx, nil); c.Pending != 0 || c.Sent != 18 || c.Failed != 0 {
			t.Fatalf("counts %+v", c)
		}
	})
}

// After the last attempt a message is failed, shown with its error; the
// administrator's retry sends it.
func TestMailGivesUpAndIsRetried(t *testing.T) {
	f := newFixture(t, testdb.SQLite(t))
	srv := mailtest.Start(t, mailtest.Options{})
	id := f.draft("staff.bth", "BTH")
	f.do("staff.bth", id, workflow.Submit, nil)
	srv.Refuse(100)
	w := mailer.NewWorker(f.store, sender(t, srv).Send, time.Second, nil)
	for range 8 {
		if _, _, err := w.Round(f.ctx); err != nil {
			t.Fatal(err)
		}
		f.clock.Set(f.clock.Now().Add(2 * time.Hour))
	}
	failed, _ := f.store.OutboxList(f.ctx, nil, sqlstore.OutboxFailed, 10)
	if len(failed) != 1 || failed[0].Attempts != 8 || failed[0].LastError == "" {
		t.Fatalf("failed %+v", failed)
	}
	if err := f.store.RetryMail(f.ctx, nil, "m_nope"); err == nil {
		t.Fatal("retried an unknown message")
	}
	srv.Refuse(0)
	if err := f.store.RetryMail(f.ctx, nil, failed[0].ID); err != nil {
		t.Fatal(err)
	}
	if err := f.store.RetryMail(f.ctx, nil, failed[0].ID); err == nil {
		t.Fatal("retried a message that is pending")
	}
	if sent, _, err := w.Round(f.ctx); sent != 1 || err != nil {
		t.Fatalf("retry: %d %v", sent, err)
	}
}

// Two instances deliver one outbox at the same time: each message is sent
// once (PostgreSQL: rows locked FOR UPDATE SKIP LOCKED; SQLite: the claim
// column).
func TestTwoWorkersSendEachMessageOnce(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dialect, dsn string) {
		f := newFixture(t, dsn)
		srv := mailtest.Start(t, mailtest.Options{})
		for range 5 {
			id := f.draft("staff.bth", "BTH")
			f.do("staff.bth", id, workflow.Submit, nil)
			f.do("head.bth", id, workflow.Convene, nil)
		}
		other, err := sqlstore.Open(f.ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer other.Close()
		lg, err := ledger.Open(f.ctx, other.DB, ledger.Config{Origin: "test.damlam/log", Dialect: other.Dialect, KeyDir: f.keyDir, Now: f.clock.Now})
		if err != nil {
			t.Fatal(err)
		}
		second := sqlstore.New(other, lg, sqlstore.Config{Now: f.clock.Now})
		var wg sync.WaitGroup
		var mu sync.Mutex
		total := 0
		for _, st := range []*sqlstore.Store{f.store, second} {
			w := mailer.NewWorker(st, sender(t, srv).Send, time.Second, nil)
			wg.Go(func() {
				sent, _, err := w.Round(context.Background())
				if err != nil {
					t.Error(err)
				}
				mu.Lock()
				total += sent
				mu.Unlock()
			})
		}
		wg.Wait()
		seen := outboxIDs(t, srv)
		if total != 15 || len(seen) != 15 {
			t.Fatalf("sent %d, %d distinct, want 15", total, len(seen))
		}
		for id, n := range seen {
			if n != 1 {
				t.Fatalf("message %s arrived %d times", id, n)
			}
		}
	})
}
