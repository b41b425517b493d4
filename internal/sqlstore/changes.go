package sqlstore

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"damlam/internal/org"
)

// Every page asks the same questions again and again between two changes
// of the database: who holds this session token, what are this person's
// seats and grants, how much waits in their inbox (the navigation badge),
// whether their view is narrow, which fields proposals use: a dozen
// queries and half of a list page's time. Their answers are kept until the database changes, and the
// database tells when it changed: PRAGMA data_version, asked on one
// connection that never writes, moves whenever any other connection — of
// this process or another one (a command-line tool beside the server) —
// commits. Asking it costs one short query, so the answers are exact.
//
// PostgreSQL has no such counter; there nothing is kept.

// changeWatch asks SQLite whether the database changed.
//
// Callers who arrive while a probe runs wait for it, and then need not
// probe again if another probe began after they arrived: its answer is
// as fresh as their own would be. Under 256 concurrent requests, each
// asking once or twice, one probe then answers dozens of them.
type changeWatch struct {
	mu      sync.Mutex
	probe   *sql.DB   // one connection, reads only
	conn    *sql.Conn // held, so that data_version is always this connection's
	version int64
	gen     uint64 // moves whenever version moved or conn was lost
	// begun counts the probes begun; done is the number of the last one
	// that answered (both under mu, begun also read without it).
	begun atomic.Uint64
	done  uint64
}

func newChangeWatch(dsn string) *changeWatch {
	probe := sql.OpenDB(sqliteConnector{dsn: dsn, drv: sqliteDriver()})
	probe.SetMaxOpenConns(1)
	probe.SetMaxIdleConns(1)
	probe.SetConnMaxIdleTime(0)
	probe.SetConnMaxLifetime(0)
	return &changeWatch{probe: probe}
}

// generation returns a number that changes whenever the database has
// changed since the previous call.
func (w *changeWatch) generation(ctx context.Context) (uint64, error) {
	arrived := w.begun.Load()
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.done > arrived {
		return w.gen, nil // a probe begun after this call's arrival answered
	}
	n := w.begun.Add(1)
	gen, err := w.probeLocked(ctx)
	if err == nil {
		w.done = n
	}
	return gen, err
}

func (w *changeWatch) probeLocked(ctx context.Context) (uint64, error) {
	if w.conn == nil {
		conn, err := w.probe.Conn(ctx)
		if err != nil {
			return 0, err
		}
		// A new connection's data_version says nothing about what
		// happened before it: whatever was kept is forgotten.
		w.conn, w.gen = conn, w.gen+1
		if err := conn.QueryRowContext(ctx, `PRAGMA data_version`).Scan(&w.version); err != nil {
			w.drop()
			return 0, err
		}
		return w.gen, nil
	}
	var v int64
	if err := w.conn.QueryRowContext(ctx, `PRAGMA data_version`).Scan(&v); err != nil {
		w.drop()
		return 0, err
	}
	if v != w.version {
		w.version, w.gen = v, w.gen+1
	}
	return w.gen, nil
}

func (w *changeWatch) drop() {
	if w.conn != nil {
		w.conn.Close()
		w.conn = nil
	}
	w.gen++
}

func (w *changeWatch) close() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.conn != nil {
		w.conn.Close()
		w.conn = nil
	}
	return w.probe.Close()
}

// Close closes the database and the change watch's connection.
func (db *DB) Close() error {
	if db.changes != nil {
		db.changes.close()
	}
	return db.DB.Close()
}

// readCache keeps answers computed from the database, each valid while
// the database's generation has not moved.
type readCache struct {
	mu   sync.Mutex
	gen  uint64
	vals map[string]any
}

// maxKept bounds the answers kept between two changes.
const maxKept = 50_000

// kept returns the answer kept under key, or computes and keeps it. On
// PostgreSQL, or if the watch fails, it only computes.
func kept[T any](ctx context.Context, s *Store, key string, compute func() (T, error)) (T, error) {
	w := s.db.changes
	if w == nil {
		return compute()
	}
	gen, err := w.generation(ctx)
	if err != nil {
		return compute()
	}
	c := s.kept
	c.mu.Lock()
	if c.gen != gen {
		c.gen, c.vals = gen, map[string]any{}
	}
	if v, ok := c.vals[key]; ok {
		c.mu.Unlock()
		return v.(T), nil
	}
	c.mu.Unlock()
	v, err := compute()
	if err != nil {
		return v, err
	}
	c.mu.Lock()
	// Computed after gen was read: if the database moved meanwhile, the
	// next call sees a new generation and computes again.
	if c.gen == gen {
		if len(c.vals) >= maxKept {
			c.vals = map[string]any{}
		}
		c.vals[key] = v
	}
	c.mu.Unlock()
	return v, nil
}

// personKey names a reader with everything their answers depend on: an
// answer kept for a person is never given to the same id with other seats.
func personKey(p *org.Person) string {
	var b strings.Builder
	b.WriteString(p.ID)
	for _, st := range p.Seats {
		b.WriteString("|s:" + st.UnitID + ":" + st.UnitPath + ":" + string(st.Position))
	}
	for _, g := range p.Grants {
		b.WriteString("|g:" + string(g.Role) + ":" + g.UnitID + ":" + g.UnitPath)
	}
	return b.String()
}

// clonePerson copies a kept person, so that no caller shares its slices.
func clonePerson(p *org.Person) *org.Person {
	c := *p
	c.Seats = slices.Clone(p.Seats)
	c.Grants = slices.Clone(p.Grants)
	return &c
}
