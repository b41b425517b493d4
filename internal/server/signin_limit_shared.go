package server

import (
	"context"
	"log/slog"
	"time"

	"damlam/internal/sqlstore"
)

// attemptLimiter counts sign-in attempts (signinLimiter in memory for one
// instance, sharedLimiter in the database for several).
type attemptLimiter interface {
	// begin counts an attempt under every key, all or none: 0 if it may
	// go ahead (end must follow), else how long to wait.
	begin(keys ...limitKey) time.Duration
	// end closes an attempt begun with the same keys.
	end(o outcome, keys []limitKey, clear ...string)
}

// sharedLimiter keeps the counts in the database (sqlstore.BeginSignIn),
// so that every instance serving one PostgreSQL database counts the same
// attempts: guessing through two instances gets no more tries than
// through one.
type sharedLimiter struct {
	store  *sqlstore.Store
	policy sqlstore.LimitPolicy
	log    *slog.Logger
}

// limiterBusy is the wait told to an attempt the database could not
// count: refused, not let through uncounted.
const limiterBusy = time.Second

func (l *sharedLimiter) begin(keys ...limitKey) time.Duration {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	wait, err := l.store.BeginSignIn(ctx, l.policy, storeKeys(keys))
	if err != nil {
		l.log.Error("sign-in limit", "err", err)
		return limiterBusy
	}
	return wait
}

func (l *sharedLimiter) end(o outcome, keys []limitKey, clear ...string) {
	if o == failed {
		return
	}
	// Ended whether or not the client is still there.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := l.store.EndSignIn(ctx, storeKeys(keys), true, clearOnSuccess(o, clear)); err != nil {
		l.log.Error("sign-in limit", "err", err)
	}
}

func clearOnSuccess(o outcome, clear []string) []string {
	if o == succeeded {
		return clear
	}
	return nil
}

func storeKeys(keys []limitKey) []sqlstore.LimitKey {
	out := make([]sqlstore.LimitKey, len(keys))
	for i, k := range keys {
		out[i] = sqlstore.LimitKey{Name: k.name, Free: k.free}
	}
	return out
}

// newLimiter is the limiter for store: in the database on PostgreSQL,
// which several instances may share; in memory on SQLite, which one
// instance serves.
func newLimiter(store *sqlstore.Store, log *slog.Logger) attemptLimiter {
	if store.DB().Dialect == sqlstore.Postgres {
		return &sharedLimiter{store: store, log: log,
			policy: sqlstore.LimitPolicy{Base: signinFirstDelay, Ceiling: signinLongestDelay, Forget: time.Hour}}
	}
	return newSigninLimiter(signinFirstDelay, signinLongestDelay, store.Now)
}
