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
	ctx  context.Context
	fn   func(ctx context.Context, tx *sql.Tx) (taken, error)
	t    taken
	err  error
	done chan struct{}
}

type groupCommitter struct {
	db      *DB
	log     *ledger.Log
	asides  *asideCache
	mu      sync.Mutex
	queue   []*groupJob
	leading bool
}

// run queues fn and returns when the transaction it ran in has committed
// (or fn or the commit failed) and a signed checkpoint covers it.
func (g *groupCommitter) run(ctx context.Context, fn func(ctx context.Context, tx *sql.Tx) (taken, error)) (taken, error) {
	j := &groupJob{ctx: ctx, fn: fn, done: make(chan struct{})}
	g.mu.Lock()
	g.queue = append(g.queue, j)
	lead := !g.leading
	g.leading = true
	g.mu.Unlock()
	if lead {
		g.lead(nil)
	}
	<-j.done
	return j.t, j.err
}

// lead commits what is queued, then hands the next round to a new leader
// so that its own caller is not kept waiting for others' transactions.
//
// Leaders keep one connection from round to round while the queue stays
// full. Taken afresh from the pool for each group, under load it was
// granted at random among the hundreds of readers building their answers
// (database/sql hands a freed connection to any waiter), and every group
// waited behind them: a profile of 256 clients showed decisions spending
// more time waiting for a connection than anywhere else.
func (g *groupCommitter) lead(conn *sql.Conn) {
	g.mu.Lock()
	n := min(len(g.queue), maxGroup)
	batch := g.queue[:n:n]
	g.queue = g.queue[n:]
	g.mu.Unlock()
	if conn == nil {
		var err error
		if conn, err = g.db.DB.Conn(context.Background()); err != nil {
			for _, j := range batch {
				j.err = err
				close(j.done)
			}
			batch = nil
		}
	}
	if batch != nil && !g.commit(conn, batch) {
		conn.Close() // perhaps broken: the next round takes another
		conn = nil
	}
	g.mu.Lock()
	if len(g.queue) == 0 {
		g.leading = false
		g.mu.Unlock()
		if conn != nil {
			conn.Close()
		}
		return
	}
	g.mu.Unlock()
	go g.lead(conn)
}

// commit runs batch in one transaction on conn; it reports false if the
// transaction could not begin.
func (g *groupCommitter) commit(conn *sql.Conn, batch []*groupJob) bool {
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
	// On this connection the driver waits for the process's write turn
	// (writequeue.go) when the transaction begins.
	tx, err := conn.BeginTx(context.Background(), nil)
	if err != nil {
		fail(err)
		return false
	}
	hashes := ledger.NewTxHashes(tx)
	st := newAsideStage()
	jctx := func(j *groupJob) context.Context {
		return withAsideStage(hashes.Context(context.WithoutCancel(j.ctx)), st)
	}
	ok := 0
	for i, j := range batch {
		if err := j.ctx.Err(); err != nil {
			j.err = err
			continue
		}
		if len(batch) == 1 {
			j.t, j.err = j.fn(jctx(j), tx)
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
		j.t, j.err = j.fn(jctx(j), tx)
		if j.err != nil {
			if _, err := tx.Exec("ROLLBACK TO SAVEPOINT " + sp); err != nil {
				tx.Rollback()
				fail(fmt.Errorf("roll back a failed action: %w", err))
				return false
			}
		}
		if _, err := tx.Exec("RELEASE SAVEPOINT " + sp); err != nil {
			tx.Rollback()
			fail(err)
			return false
		}
		if j.err == nil {
			ok++
		}
	}
	if ok == 0 {
		tx.Rollback()
		return true
	}
	// Prove each leaf in the tree this transaction leaves, from the hashes
	// its appends just read and wrote, where read back from the database
	// after the commit they cost every answer two queries.
	size := int64(0)
	for _, j := range batch {
		if j.err == nil {
			size = max(size, j.t.index+1)
		}
	}
	ctx := context.Background()
	for _, j := range batch {
		if j.err == nil {
			j.t.proof, _ = hashes.Prove(ctx, size, j.t.index) // without it, the receipt reads the database
		}
	}
	if err := tx.Commit(); err != nil {
		for _, j := range batch {
			if j.err == nil {
				j.err = err
				j.t = taken{}
			}
		}
		return true
	}
	// Kept before the next group begins, so that its actions carry these
	// forward instead of reading them again.
	g.asides.keep(st)
	// Sign the group's checkpoint now, before the next group takes the
	// write lock: asked for by the first receipt instead, the signature
	// queued for the lock behind the next group's whole transaction, and
	// every answer waited for two groups. An error here is not the
	// actions' (they are committed): each receipt then tries again and
	// reports it.
	cp, err := g.log.Cover(ctx, conn, size-1)
	for _, j := range batch {
		if err == nil && cp.Size() == size {
			j.t.cp = cp
		} else {
			// Another process appended before the signature: the proofs
			// are for a tree that was never signed.
			j.t.proof = nil
		}
	}
	return true
}
