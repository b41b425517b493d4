package server

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"damlam/internal/ledger"
	"damlam/internal/sqlstore"
	"damlam/internal/testdb"
	"damlam/internal/webtest"
)

// secondInstance serves the database of ps from a store of its own, as
// a second serve process on the same PostgreSQL would.
func secondInstance(t *testing.T, ps *pageSite, dsn string) string {
	t.Helper()
	ctx := context.Background()
	db, err := sqlstore.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	lg, err := ledger.Open(ctx, db.DB, ledger.Config{Origin: "damlam.test/log", Dialect: db.Dialect, KeyDir: filepath.Join(ps.site.Dir, "log-key"), Now: ps.site.Clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	store := sqlstore.New(db, lg, sqlstore.Config{Now: ps.site.Clock.Now, AttachmentDir: filepath.Join(ps.site.Dir, "attachments")})
	return webtest.Serve(t, New(store, Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}))
}

// TestSignInLimitSharedBetweenInstances: 100 parallel wrong guesses for
// one account, split between two instances on one PostgreSQL, get no
// more checks than through one; the owner's success on one instance
// clears the account on the other.
func TestSignInLimitSharedBetweenInstances(t *testing.T) {
	dsn := testdb.Postgres(t)
	ps := newPageSiteOn(t, Options{}, dsn)
	bases := []string{ps.base, secondInstance(t, ps, dsn)}
	var checked, refused atomic.Int64
	perInstance := [2]atomic.Int64{}
	var wg sync.WaitGroup
	for i := range 100 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res := apiSignIn(t, bases[i%2], "pct1.bth@test.vn", fmt.Sprintf("doan-sai-%d", i), nil)
			switch res.StatusCode {
			case http.StatusUnauthorized:
				checked.Add(1)
				perInstance[i%2].Add(1)
			case http.StatusTooManyRequests:
				if n, err := strconv.Atoi(res.Header.Get("Retry-After")); err != nil || n < 1 {
					t.Errorf("429 without a usable Retry-After: %q", res.Header.Get("Retry-After"))
				}
				refused.Add(1)
			default:
				t.Errorf("a guess got %d", res.StatusCode)
			}
		}()
	}
	wg.Wait()
	if checked.Load() > accountFreeAttempts || checked.Load() == 0 {
		t.Fatalf("%d of 100 guesses through two instances were checked, want 1..%d", checked.Load(), accountFreeAttempts)
	}
	t.Logf("100 parallel guesses through two instances: %d checked (%d and %d), %d refused",
		checked.Load(), perInstance[0].Load(), perInstance[1].Load(), refused.Load())
	// Use up what the hashing gate may have turned away unchecked, on
	// either instance; then both refuse.
	for n := checked.Load(); ; n++ {
		if res := apiSignIn(t, bases[n%2], "pct1.bth@test.vn", "tung-cai-mot", nil); res.StatusCode == http.StatusTooManyRequests {
			break
		}
		if n >= accountFreeAttempts {
			t.Fatalf("%d guesses were checked", n+1)
		}
	}
	for _, b := range bases {
		if res := apiSignIn(t, b, "pct1.bth@test.vn", webtest.Password, nil); res.StatusCode != http.StatusTooManyRequests {
			t.Fatalf("an instance lets the account try again at once: %d", res.StatusCode)
		}
	}
	// The owner, after the delay, on the second instance; the first then
	// checks the next wrong password rather than delaying it.
	ps.site.Clock.Advance(signinLongestDelay)
	if res := apiSignIn(t, bases[1], "pct1.bth@test.vn", webtest.Password, nil); res.StatusCode != http.StatusOK {
		t.Fatalf("the owner after the delay: %d", res.StatusCode)
	}
	if res := apiSignIn(t, bases[0], "pct1.bth@test.vn", "lai-sai", nil); res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("a wrong password after the owner's success, on the other instance: %d", res.StatusCode)
	}
}

// TestSharedLimiterDelays: the database's counts follow the in-memory
// limiter's rule on both databases: free attempts, then a doubling delay
// up to the ceiling; a give-back frees an attempt; a quiet hour forgets.
func TestSharedLimiterDelays(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dialect, dsn string) {
		site := webtest.NewSiteOn(t, dsn)
		ctx := t.Context()
		p := sqlstore.LimitPolicy{Base: time.Second, Ceiling: 8 * time.Second, Forget: time.Hour}
		k := []sqlstore.LimitKey{{Name: "account:x", Free: 3}, {Name: "address:1", Free: 10}}
		begin := func() time.Duration {
			t.Helper()
			w, err := site.Store.BeginSignIn(ctx, p, k)
			if err != nil {
				t.Fatal(err)
			}
			return w
		}
		for i := range 2 {
			if w := begin(); w != 0 {
				t.Fatalf("free attempt %d waits %v", i+1, w)
			}
		}
		for _, want := range []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 8 * time.Second} {
			if w := begin(); w != 0 {
				t.Fatalf("an attempt allowed after its delay waits %v", w)
			}
			if w := begin(); w != want {
				t.Fatalf("the next one waits %v, want %v", w, want)
			}
			site.Clock.Advance(want)
		}
		// A refusal by the account counts nothing under the address.
		var addr int
		site.Store.DB().QueryRowContext(ctx, `SELECT attempts FROM sign_in_limits WHERE key = 'address:1'`).Scan(&addr)
		if addr != 7 {
			t.Fatalf("the address counts %d attempts, want 7", addr)
		}
		if err := site.Store.EndSignIn(ctx, k, true, []string{"account:x"}); err != nil {
			t.Fatal(err)
		}
		if w := begin(); w != 0 {
			t.Fatalf("after a success the account waits %v", w)
		}
		site.Clock.Advance(time.Hour)
		for range 2 {
			if w := begin(); w != 0 {
				t.Fatalf("after a quiet hour the account waits %v", w)
			}
		}
	})
}
