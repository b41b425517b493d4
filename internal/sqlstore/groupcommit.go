package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"sync"

	"damlam/internal/ledger"
)

// Group commit. Each decision is its own transaction by nature, but a
// transaction's fixed costs (BEGIN, the commit and its sync, the log's
// signed checkpoint and the fsync of its copy) dwarf the work of one
// action. Concurrent Do calls therefore share a transaction: whoever finds
// no transaction running leads one for everyone queued by then, each
// action inside its own savepoint, so an action that fails leaves no trace
// and the others go on, exactly as if they had run one after another. One
// commit then makes them all durable and the first receipt signs one
// checkpoint that covers them all.

// maxGroup bounds a shared transaction, so its actions wait for at most a
// few milliseconds of others' work.
const maxGroup = 128

type groupJob struct {
	ctx     context.Context
	fn      func(ctx context.Context, tx *sql.Tx) (int64, []string, error)
	index   int64
	created []string
	err     error
	done    chan struct{}
}

type groupCommitter struct {
	db      *DB
	mu      sync.Mutex
	queue   []*groupJob
	leading bool
}

// run queues fn and returns when the transaction it ran in has committed
// (or fn or the commit failed).
func (g *groupCommitter) run(ctx context.Context, fn func(ctx context.Context, tx *sql.Tx) (int64, []string, error)) (int64, []string, error) {
	j := &groupJob{ctx: ctx, fn: fn, done: make(chan struct{})}
	g.mu.Lock()
	g.queue = append(g.queue, j)
	lead := !g.leading
	g.leading = true
	g.mu.Unlock()
	if lead {
		g.lead()
	}
	<-j.done
	return j.index, j.created, j.err
}

// lead commits what is queued, then hands the next round to a new leader
// so that its own caller is not kept waiting for others' transactions.
func (g *groupCommitter) lead() {
	g.mu.Lock()
	n := min(len(g.queue), maxGroup)
	batch := g.queue[:n:n]
	g.queue = g.queue[n:]
	g.mu.Unlock()
	g.commit(batch)
	g.mu.Lock()
	if len(g.queue) == 0 {
		g.leading = false
		g.mu.Unlock()
		return
	}
	g.mu.Unlock()
	go g.lead()
}

func (g *groupCommitter) commit(batch []*groupJob) {
	defer func() {
		for _, j := range batch {
			close(j.done)
		}
	}()
	fail := func(err error) {
		for _, j := range batch {
			if j.err == nil {
				j.err = err
			}
		}
	}
	// The transaction outlives any one caller. An action whose caller has
	// gone is skipped, but one that started runs to its end: cancelling a
	// statement would make SQLite roll back the whole shared transaction.
	tx, err := g.db.BeginTx(context.Background(), nil)
	if err != nil {
		fail(err)
		return
	}
	hashes := ledger.NewTxHashes(tx)
	ok := 0
	for i, j := range batch {
		if err := j.ctx.Err(); err != nil {
			j.err = err
			continue
		}
		if len(batch) == 1 {
			j.index, j.created, j.err = j.fn(hashes.Context(context.WithoutCancel(j.ctx)), tx)
			if j.err == nil {
				ok++
			}
			continue
		}
		sp := fmt.Sprintf("action_%d", i)
		if _, err := tx.Exec("SAVEPOINT " + sp); err != nil {
			j.err = err
			continue
		}
		j.index, j.created, j.err = j.fn(hashes.Context(context.WithoutCancel(j.ctx)), tx)
		if j.err != nil {
			if _, err := tx.Exec("ROLLBACK TO SAVEPOINT " + sp); err != nil {
				tx.Rollback()
				fail(fmt.Errorf("roll back a failed action: %w", err))
				return
			}
		}
		if _, err := tx.Exec("RELEASE SAVEPOINT " + sp); err != nil {
			tx.Rollback()
			fail(err)
			return
		}
		if j.err == nil {
			ok++
		}
	}
	if ok == 0 {
		tx.Rollback()
		return
	}
	if err := tx.Commit(); err != nil {
		for _, j := range batch {
			if j.err == nil {
				j.err = err
				j.index, j.created = 0, nil
			}
		}
	}
}
