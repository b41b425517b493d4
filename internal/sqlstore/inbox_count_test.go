package sqlstore_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"damlam/internal/gen"
	"damlam/internal/ledger"
	"damlam/internal/sqlstore"
	"damlam/internal/testdb"
)

// TestInboxCountsMatchInboxes: the navigation's counts say how many items
// the inbox pages list, for everyone of a small generated ward (heads,
// deputies, Party committees, proposers, inspectors, reward and
// disciplinary officers).
func TestInboxCountsMatchInboxes(t *testing.T) {
	ctx := context.Background()
	store, people := generatedWard(t, gen.Scale{Name: "ward", Provinces: []string{"HCM"}, Communes: 2, Proposals: 150, Pool: 10, InboxBoost: 1})
	nonEmpty, overseers := 0, 0
	for _, ps := range people {
		p, err := store.Person(ctx, ps.ID)
		if err != nil {
			t.Fatal(err)
		}
		items, err := store.Inbox(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		n, err := store.InboxCount(ctx, p)
		if err != nil || n != len(items) {
			t.Errorf("%s: inbox count %d %v, inbox lists %d", p.ID, n, err, len(items))
		}
		over, err := store.OversightInbox(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		m, err := store.OversightCount(ctx, p)
		if err != nil || m != len(over) {
			t.Errorf("%s: oversight count %d %v, oversight inbox lists %d", p.ID, m, err, len(over))
		}
		if n+m > 0 {
			nonEmpty++
		}
		if m > 0 {
			overseers++
		}
	}
	if nonEmpty < 10 || overseers == 0 {
		t.Errorf("only %d of %d people have anything waiting (%d an oversight item): the test proves little", nonEmpty, len(people), overseers)
	}
}

// generatedWard generates sc (seed 5, on 27/11/2026) into a new SQLite
// store and returns the store and everyone in it.
func generatedWard(t *testing.T, sc gen.Scale) (*sqlstore.Store, []sqlstore.PersonSummary) {
	t.Helper()
	ctx := context.Background()
	db, err := sqlstore.Open(ctx, testdb.SQLite(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	now := time.Date(2026, 11, 27, 16, 0, 0, 0, time.UTC)
	lg, err := ledger.Open(ctx, db.DB, ledger.Config{Origin: "test.damlam/log", Dialect: db.Dialect, KeyDir: filepath.Join(t.TempDir(), "keys")})
	if err != nil {
		t.Fatal(err)
	}
	store := sqlstore.New(db, lg, sqlstore.Config{Now: func() time.Time { return now }, AttachmentDir: t.TempDir()})
	if _, err := gen.Run(ctx, store, gen.Options{Scale: sc, Seed: 5, Now: now, NoPasswords: true}); err != nil {
		t.Fatal(err)
	}
	people, err := store.People(ctx, "/VN/", 0)
	if err != nil {
		t.Fatal(err)
	}
	return store, people
}
