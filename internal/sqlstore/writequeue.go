package sqlstore

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"sync"
	"time"
)

// SQLite lets one transaction write at a time. Left to itself, every
// waiting writer sleeps in SQLite's busy handler with growing back-off (up
// to 100 ms a try) and whoever wakes first wins; worse, each waiter holds
// one of the pool's connections while it sleeps, so the writer that holds
// the lock can find no connection for a read it makes beside its
// transaction, and everyone times out with SQLITE_BUSY. writeQueue makes
// the writers of one process wait in Go instead, first come first served,
// before they take a connection, and lets each into SQLite only when the
// previous one has committed or rolled back. SQLite's own lock still
// orders this process against others (a command-line tool beside the
// server). Reads outside transactions do not queue: WAL lets them run
// beside the writer.

// queueWait bounds a writer's wait: long enough for a deep queue of short
// transactions, short enough that a stuck one surfaces as an error.
const queueWait = 30 * time.Second

var errQueueTimeout = errors.New("sqlite: waited too long for the database's write lock")

type writeQueue chan struct{} // capacity 1: the token a writing transaction holds

// turn is one transaction's hold on the queue; release is idempotent, as
// both the transaction's end and a failed begin may call it.
type turn struct {
	once sync.Once
	q    writeQueue
}

func (t *turn) release() { t.once.Do(func() { <-t.q }) }

func (q writeQueue) wait(ctx context.Context) (*turn, error) {
	timer := time.NewTimer(queueWait)
	defer timer.Stop()
	select {
	case q <- struct{}{}:
		return &turn{q: q}, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-timer.C:
		return nil, errQueueTimeout
	}
}

type turnKey struct{}

// BeginTx begins a transaction. On SQLite it first waits its turn in the
// process's write queue, holding no connection while it waits.
func (db *DB) BeginTx(ctx context.Context, opts *sql.TxOptions) (*sql.Tx, error) {
	if db.queue == nil {
		return db.DB.BeginTx(ctx, opts)
	}
	t, err := db.queue.wait(ctx)
	if err != nil {
		return nil, err
	}
	tx, err := db.DB.BeginTx(context.WithValue(ctx, turnKey{}, t), opts)
	if err != nil {
		t.release()
	}
	return tx, err
}

// queuedConnector opens connections whose transactions end their turn; a
// transaction begun on the bare *sql.DB (the ledger signs that way) waits
// for its turn here instead.
type queuedConnector struct {
	driver.Connector
	queue writeQueue
}

func (c queuedConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	inner, ok := conn.(txConn)
	if !ok {
		return conn, nil // not the driver we know; no queue rather than a broken one
	}
	return &queuedConn{txConn: inner, queue: c.queue}, nil
}

// txConn is what the SQLite connections implement (the driver's, and the
// statement cache around them); embedding it keeps every optional
// interface visible to database/sql.
type txConn interface {
	driver.Conn
	driver.ConnBeginTx
	driver.ConnPrepareContext
	driver.ExecerContext
	driver.QueryerContext
	driver.Pinger
	driver.SessionResetter
	driver.Validator
}

type queuedConn struct {
	txConn
	queue writeQueue
}

func (c *queuedConn) Begin() (driver.Tx, error) {
	return c.BeginTx(context.Background(), driver.TxOptions{})
}

func (c *queuedConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	t, ok := ctx.Value(turnKey{}).(*turn)
	if !ok {
		var err error
		if t, err = c.queue.wait(ctx); err != nil {
			return nil, err
		}
	}
	tx, err := c.txConn.BeginTx(ctx, opts)
	if err != nil {
		t.release()
		return nil, err
	}
	return &queuedTx{Tx: tx, turn: t}, nil
}

type queuedTx struct {
	driver.Tx
	turn *turn
}

func (t *queuedTx) Commit() error {
	defer t.turn.release()
	return t.Tx.Commit()
}

func (t *queuedTx) Rollback() error {
	defer t.turn.release()
	return t.Tx.Rollback()
}
