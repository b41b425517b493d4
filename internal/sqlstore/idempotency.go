package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"damlam/internal/problem"
)

// Idempotency keys. A client that sends a request again after a timeout
// cannot know whether the first one committed (a crash between the commit
// and the answer leaves it committed). With an Idempotency-Key the store
// writes a row for the key in the same transaction as the action, so the
// row exists exactly when the action does; the server answers a retry from
// that row instead of taking the action again.

// KeyTTL is how long a key is remembered.
const KeyTTL = 24 * time.Hour

// Claim is a request's idempotency key, carried in its context to the
// store's transactions (WithClaim). The first write transaction of the
// request inserts the row; if another request already holds the key, that
// transaction fails with ErrKeyTaken and writes nothing. Claims of the
// pages' forms (server/web_idempotency.go) use the same rows.
type Claim struct {
	Caller, Key, Digest string
	At                  time.Time
	// tx is the transaction that inserted the row, if any; taken says a
	// transaction found the key held by another request.
	tx    *sql.Tx
	taken bool
}

// Taken says whether a transaction of the request was refused because
// another request holds the key.
func (c *Claim) Taken() bool { return c.taken }

type claimKey struct{}

// WithClaim carries c to the transactions run under ctx.
func WithClaim(ctx context.Context, c *Claim) context.Context {
	return context.WithValue(ctx, claimKey{}, c)
}

func claimOf(ctx context.Context) *Claim {
	c, _ := ctx.Value(claimKey{}).(*Claim)
	return c
}

// ErrKeyTaken is the refusal of a transaction whose key another request
// holds (it committed, or commits meanwhile).
var ErrKeyTaken = problem.New(problem.Conflict, "idempotency_in_progress")

// claimIn inserts the row of ctx's claim in tx, once per request. An
// expired row under the key is replaced. On PostgreSQL a concurrent
// transaction inserting the same key waits for this one, then finds the
// row (or, if this one rolled back, takes the key).
func claimIn(ctx context.Context, tx *sql.Tx) error {
	c := claimOf(ctx)
	if c == nil || c.tx != nil {
		return nil
	}
	// The caller's expired keys go, this one among them if it expired.
	if _, err := tx.ExecContext(ctx, `DELETE FROM idempotency_keys WHERE caller = $1 AND created_at < $2`,
		c.Caller, fmtTime(c.At.Add(-KeyTTL))); err != nil {
		return err
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO idempotency_keys (caller, idem_key, digest, created_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (caller, idem_key) DO NOTHING`, c.Caller, c.Key, c.Digest, fmtTime(c.At))
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		c.taken = true
		return ErrKeyTaken
	}
	c.tx = tx
	return nil
}

// claimLogged notes in the claim's row the case and log entry the action
// wrote, from which its answer can be rebuilt.
func claimLogged(ctx context.Context, tx *sql.Tx, subject string, index int64) error {
	c := claimOf(ctx)
	if c == nil || c.tx != tx {
		return nil
	}
	_, err := tx.ExecContext(ctx, `UPDATE idempotency_keys SET subject = $1, log_index = $2 WHERE caller = $3 AND idem_key = $4`,
		subject, index, c.Caller, c.Key)
	return err
}

// KeyRecord is what the store remembers of a key.
type KeyRecord struct {
	Digest string
	// Status and Answer are the first answer; Status is 0 until it was sent.
	Status int
	Answer string
	// Subject and LogIndex name the case and the log entry the action
	// wrote (LogIndex -1 if it wrote none).
	Subject  string
	LogIndex int64
}

// LookupKey returns the live record of caller's key, or ok false.
func (s *Store) LookupKey(ctx context.Context, caller, key string) (rec KeyRecord, ok bool, err error) {
	err = s.db.QueryRowContext(ctx, `SELECT digest, status, answer, subject, log_index FROM idempotency_keys
		WHERE caller = $1 AND idem_key = $2 AND created_at >= $3`, caller, key, fmtTime(s.now().Add(-KeyTTL))).Scan(
		&rec.Digest, &rec.Status, &rec.Answer, &rec.Subject, &rec.LogIndex)
	if errors.Is(err, sql.ErrNoRows) {
		return KeyRecord{}, false, nil
	}
	return rec, err == nil, err
}

// SaveAnswer keeps the answer sent under c. The row is normally there (the
// action's transaction wrote it); a request that wrote in no transaction
// of the store's gets it now. Answers already kept are not replaced, and
// the caller's expired keys are dropped.
func (s *Store) SaveAnswer(ctx context.Context, c *Claim, status int, answer string) error {
	if _, err := s.db.ExecContext(ctx, `INSERT INTO idempotency_keys (caller, idem_key, digest, status, answer, created_at) VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (caller, idem_key) DO UPDATE SET status = excluded.status, answer = excluded.answer
		WHERE idempotency_keys.status = 0 AND idempotency_keys.digest = excluded.digest`,
		c.Caller, c.Key, c.Digest, status, answer, fmtTime(c.At)); err != nil {
		return err
	}
	_, err := s.db.ExecContext(ctx, `DELETE FROM idempotency_keys WHERE caller = $1 AND created_at < $2`, c.Caller, fmtTime(s.now().Add(-KeyTTL)))
	return err
}

// LoggedStep is what a retry's answer is rebuilt from when the first
// answer was never sent: the history line of the event at index on case
// id, its receipt, and the case as it stands now.
func (s *Store) LoggedStep(ctx context.Context, id string, index int64) (EventView, []byte, error) {
	ev, err := s.eventAt(ctx, id, index)
	if err != nil {
		return EventView{}, nil, err
	}
	r, err := s.log.Receipt(ctx, index)
	if err != nil {
		return EventView{}, nil, afterCommit(index, err)
	}
	return ev, r.Marshal(), nil
}
