package sqlstore

import (
	"context"
	"database/sql"
	"errors"
)

// Counter reads a named counter (the same table that numbers proposals);
// ok is false when it was never set. Bulk loaders keep their progress in
// counters so that it commits with the work it counts.
func (s *Store) Counter(ctx context.Context, name string) (value int64, ok bool, err error) {
	err = s.db.QueryRowContext(ctx, `SELECT value FROM counters WHERE name = $1`, name).Scan(&value)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, nil
	}
	return value, err == nil, err
}

// SetCounter sets a named counter in its own transaction.
func (s *Store) SetCounter(ctx context.Context, name string, value int64) error {
	return setCounter(ctx, s.db, name, value)
}

// SetCounter sets a named counter inside the batch, so that it commits (or
// not) together with the batch's actions.
func (b *Batch) SetCounter(name string, value int64) error {
	return setCounter(b.ctx, b.tx, name, value)
}

func setCounter(ctx context.Context, q querier, name string, value int64) error {
	_, err := q.ExecContext(ctx, `INSERT INTO counters (name, value) VALUES ($1, $2)
		ON CONFLICT (name) DO UPDATE SET value = excluded.value`, name, value)
	return err
}
