package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"math/rand/v2"
	"sort"
	"time"
)

// LimitKey is one thing sign-in attempts are counted under ("account:…",
// "address:…"), with how many it allows before the delays begin.
type LimitKey struct {
	Name string
	Free int
}

// LimitPolicy shapes the delays: the first one (Base), doubling with each
// further attempt up to Ceiling; a key quiet for Forget starts afresh.
type LimitPolicy struct {
	Base, Ceiling, Forget time.Duration
}

// errLimited rolls back an attempt that one of its keys refused.
var errLimited = errors.New("sign-in limited")

// BeginSignIn counts a sign-in attempt under every key, all or none, in
// the database that every instance shares: it returns 0 if the attempt
// may go ahead (the caller must then call EndSignIn), or how long to wait.
//
// Each key is one INSERT … ON CONFLICT DO UPDATE … WHERE … RETURNING: the
// row's lock orders concurrent attempts on it, whichever instance they
// reach, and an attempt the key does not allow updates nothing. The keys
// are taken in name order, so two attempts never wait on each other, and
// one refused key rolls back the others' counts.
func (s *Store) BeginSignIn(ctx context.Context, p LimitPolicy, keys []LimitKey) (time.Duration, error) {
	keys = append([]LimitKey(nil), keys...)
	sort.Slice(keys, func(i, j int) bool { return keys[i].Name < keys[j].Name })
	now := s.now()
	nowMs, cutoff := now.UnixMilli(), now.Add(-p.Forget).UnixMilli()
	least := "min"
	if s.db.Dialect == Postgres {
		least = "LEAST"
	}
	// attempts after this one: 1 for a key quiet since cutoff, else one more.
	n := `(CASE WHEN sign_in_limits.last_at <= $4 THEN 1 ELSE sign_in_limits.attempts + 1 END)`
	upsert := `INSERT INTO sign_in_limits (key, attempts, next_at, last_at) VALUES ($1, 1, $2, $3)
		ON CONFLICT (key) DO UPDATE SET
			attempts = ` + n + `,
			next_at = CASE WHEN ` + n + ` >= $5
				THEN $3 + ` + least + `(CAST($6 AS BIGINT) << CAST(` + least + `(` + n + ` - $5, 40) AS INTEGER), $7) ELSE 0 END,
			last_at = $3
		WHERE sign_in_limits.last_at <= $4 OR sign_in_limits.attempts < $5 OR sign_in_limits.next_at <= $3
		RETURNING attempts`
	var wait time.Duration
	err := s.db.inTx(ctx, func(tx *sql.Tx) error {
		for _, k := range keys {
			var first int64 // a fresh key's next_at
			if k.Free <= 1 {
				first = nowMs + p.Base.Milliseconds()
			}
			var got int64
			err := tx.QueryRowContext(ctx, upsert, k.Name, first, nowMs, cutoff, k.Free, p.Base.Milliseconds(), p.Ceiling.Milliseconds()).Scan(&got)
			if errors.Is(err, sql.ErrNoRows) {
				var next int64
				if err := tx.QueryRowContext(ctx, `SELECT next_at FROM sign_in_limits WHERE key = $1`, k.Name).Scan(&next); err != nil {
					return err
				}
				wait = max(time.Duration(next-nowMs)*time.Millisecond, time.Millisecond)
				return errLimited
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
	if errors.Is(err, errLimited) {
		return wait, nil
	}
	if err == nil && rand.IntN(256) == 0 {
		// Keys quiet past Forget start afresh anyway: sweep them so that
		// a spray of addresses does not grow the table without bound.
		_, err = s.db.ExecContext(ctx, `DELETE FROM sign_in_limits WHERE last_at <= $1`, cutoff)
	}
	return 0, err
}

// EndSignIn closes an attempt begun with the same keys. A failed check
// stays counted; one abandoned or turned away unchecked is given back
// (giveBack); a success gives it back and forgets the keys in clear.
func (s *Store) EndSignIn(ctx context.Context, keys []LimitKey, giveBack bool, clear []string) error {
	if !giveBack {
		return nil
	}
	return s.db.inTx(ctx, func(tx *sql.Tx) error {
		for _, k := range keys {
			if _, err := tx.ExecContext(ctx, `UPDATE sign_in_limits SET attempts = attempts - 1,
				next_at = CASE WHEN attempts - 1 < $2 THEN 0 ELSE next_at END WHERE key = $1 AND attempts > 0`, k.Name, k.Free); err != nil {
				return err
			}
		}
		for _, k := range clear {
			if _, err := tx.ExecContext(ctx, `DELETE FROM sign_in_limits WHERE key = $1`, k); err != nil {
				return err
			}
		}
		return nil
	})
}
