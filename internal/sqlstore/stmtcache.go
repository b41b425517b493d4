package sqlstore

import (
	"container/list"
	"context"
	"database/sql"
	"database/sql/driver"
	"strings"

	"modernc.org/sqlite"
)

// The SQLite driver parses every statement it is given afresh; a profile of
// the action path showed the parser taking over a third of the CPU. Each
// connection therefore keeps its recently used statements prepared, keyed
// by their text, the way pgx does for PostgreSQL. Callers keep writing
// plain ExecContext and QueryContext.

// stmtCacheSize bounds the prepared statements kept per connection: the
// store's statement texts are a few dozen, plus IN lists of varying length.
const stmtCacheSize = 256

// sqliteDriver is the driver registered as "sqlite".
func sqliteDriver() *sqlite.Driver {
	db, _ := sql.Open("sqlite", "")
	defer db.Close()
	return db.Driver().(*sqlite.Driver)
}

// sqliteConnector opens SQLite connections that cache statements.
type sqliteConnector struct {
	dsn string
	drv *sqlite.Driver
}

func (c sqliteConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.drv.Open(c.dsn)
	if err != nil {
		return nil, err
	}
	return &cachingConn{inner: conn.(innerConn), lru: list.New(), byText: map[string]*list.Element{}}, nil
}

func (c sqliteConnector) Driver() driver.Driver { return c.drv }

// innerConn is what the driver's connection offers.
type innerConn interface {
	driver.Conn
	driver.ConnBeginTx
	driver.ConnPrepareContext
	driver.Pinger
	driver.SessionResetter
	driver.Validator
}

type cachingConn struct {
	inner  innerConn
	lru    *list.List // of *cachedStmt, most recently used first
	byText map[string]*list.Element
}

type cachedStmt struct {
	text string
	stmt driver.Stmt
	busy bool // rows of a query on it are open
}

type stmtContext interface {
	driver.StmtExecContext
	driver.StmtQueryContext
}

// get returns a prepared statement for text and whether it is a one-off
// the caller must close (the cached one is busy, or text is a script).
func (c *cachingConn) get(ctx context.Context, text string) (*cachedStmt, bool, error) {
	if e, ok := c.byText[text]; ok {
		cs := e.Value.(*cachedStmt)
		if !cs.busy {
			c.lru.MoveToFront(e)
			return cs, false, nil
		}
	}
	st, err := c.inner.PrepareContext(ctx, text)
	if err != nil {
		return nil, false, err
	}
	cs := &cachedStmt{text: text, stmt: st}
	if _, dup := c.byText[text]; dup || strings.Contains(strings.TrimRight(text, "; \t\n"), ";") {
		return cs, true, nil
	}
	c.byText[text] = c.lru.PushFront(cs)
	if c.lru.Len() > stmtCacheSize {
		old := c.lru.Back()
		c.lru.Remove(old)
		ocs := old.Value.(*cachedStmt)
		delete(c.byText, ocs.text)
		if !ocs.busy {
			ocs.stmt.Close()
		} // a busy one is closed when its rows are
	}
	return cs, false, nil
}

func (c *cachingConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	cs, oneOff, err := c.get(ctx, query)
	if err != nil {
		return nil, err
	}
	if oneOff {
		defer cs.stmt.Close()
	}
	return cs.stmt.(stmtContext).ExecContext(ctx, args)
}

func (c *cachingConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	cs, oneOff, err := c.get(ctx, query)
	if err != nil {
		return nil, err
	}
	rows, err := cs.stmt.(stmtContext).QueryContext(ctx, args)
	if err != nil {
		if oneOff {
			cs.stmt.Close()
		}
		return nil, err
	}
	cs.busy = true
	return &cachedRows{Rows: rows, conn: c, cs: cs, oneOff: oneOff}, nil
}

// cachedRows gives the statement back when the rows are closed.
type cachedRows struct {
	driver.Rows
	conn   *cachingConn
	cs     *cachedStmt
	oneOff bool
	closed bool
}

func (r *cachedRows) Close() error {
	if r.closed {
		return nil
	}
	r.closed = true
	err := r.Rows.Close()
	r.cs.busy = false
	if e, ok := r.conn.byText[r.cs.text]; r.oneOff || !ok || e.Value != r.cs {
		r.cs.stmt.Close() // a one-off, or evicted while its rows were open
	}
	return err
}

func (c *cachingConn) Prepare(query string) (driver.Stmt, error) { return c.inner.Prepare(query) }
func (c *cachingConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	return c.inner.PrepareContext(ctx, query)
}
func (c *cachingConn) Begin() (driver.Tx, error) {
	return c.inner.BeginTx(context.Background(), driver.TxOptions{})
}
func (c *cachingConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	return c.inner.BeginTx(ctx, opts)
}
func (c *cachingConn) Ping(ctx context.Context) error         { return c.inner.Ping(ctx) }
func (c *cachingConn) ResetSession(ctx context.Context) error { return c.inner.ResetSession(ctx) }
func (c *cachingConn) IsValid() bool                          { return c.inner.IsValid() }

func (c *cachingConn) Close() error {
	for e := c.lru.Front(); e != nil; e = e.Next() {
		if cs := e.Value.(*cachedStmt); !cs.busy {
			cs.stmt.Close()
		}
	}
	c.lru.Init()
	clear(c.byText)
	return c.inner.Close()
}
