// Package ledger is damlam's verifiable log: one RFC 6962 Merkle tree over
// every decision, stored in the application's own database and appended in
// the same transaction as the business rows it records. Checkpoints are
// C2SP signed notes (Ed25519); the signing key and a copy of the newest
// checkpoint this instance signed or adopted live in a key folder outside
// the database, so that a restored backup or a rewritten table cannot
// silently replace history.
//
// Tree hashes are stored with golang.org/x/mod/sumdb/tlog's layout; the
// formats and the offline verification live in internal/proof.
//
// Any number of instances may share one database (several servers on
// PostgreSQL, or a server and a command-line tool on one SQLite file).
// Every one of them appends (the sequencer row is locked) and signs: a
// signature is made only under a database-wide signing lock, over
// committed state, and only for a tree bigger than the newest checkpoint
// in ledger_checkpoints and than the instance's own tripwire file; an
// instance whose leaf is already covered adopts the newer checkpoint.
// Instances share the key by each holding a copy of the key folder. See
// sign.go for the argument.
package ledger

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"

	"damlam/internal/proof"

	"golang.org/x/mod/sumdb/note"
)

// DBTX is what Append needs from the caller's transaction; *sql.Tx and
// *sql.DB both satisfy it.
type DBTX interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Config says which log this is and where its key lives.
type Config struct {
	// Origin names the log in every checkpoint and is the key's name,
	// e.g. "damlam.sotuphap.example.gov.vn/log". No spaces or "+".
	Origin string
	// Dialect is "sqlite" or "postgres".
	Dialect string
	// KeyDir holds the Ed25519 signing key(s) and the last signed
	// checkpoint. Keep it outside the database and back it up apart
	// from it: that separation is what detects a rolled-back database.
	KeyDir string
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// CountBeforeOpen is the largest log whose rows Open counts before it
	// returns; a larger one is counted in the background while the server
	// already answers. Zero means 100,000 leaves (a tenth of a second or
	// so); tests lower it to reach the background path on a small log.
	CountBeforeOpen int64
}

// Dialects.
const (
	SQLite   = "sqlite"
	Postgres = "postgres"
)

// LogCase is the case id of the log's own leaves (key rotations).
const LogCase = "log.keys"

// Errors callers may test for with errors.Is.
var (
	ErrNotFound = errors.New("ledger: not found")
	ErrChain    = errors.New("ledger: leaf does not continue its case's chain")
)

// Log is an open log. It is safe for concurrent use.
type Log struct {
	db  *sql.DB
	cfg Config
	// audit marks a log opened by OpenAudit: it reads, and never signs,
	// stores or adopts a checkpoint, creates a key or writes a file.
	audit bool

	// mu serialises signing, so concurrent receipts share one checkpoint,
	// and guards every field below.
	mu        sync.Mutex
	signer    note.Signer
	keyID     string
	vkeys     []string       // every key ever used, oldest first
	verifiers note.Verifiers // the same, parsed
	latest    signed         // newest checkpoint stored in the database

	// handed is latest, readable without mu: receipts read it while a
	// signer holds mu.
	handed atomic.Pointer[signed]

	// failed holds the error of a start-up check that ran in the
	// background (a large log's row counts), or of CheckOutside; once
	// set, the log appends nothing, signs nothing and hands out no
	// receipt.
	failed atomic.Pointer[error]
}

// signed is a checkpoint and its signed note.
type signed struct {
	cp   proof.Checkpoint
	note []byte
}

// Open opens the log in db (migrated with 00002_ledger.sql), creating the
// signing key on first use, and runs the start-up check: it refuses to
// start on a database whose tree disagrees with its own checkpoints or is
// behind the last checkpoint this key folder signed.
func Open(ctx context.Context, db *sql.DB, cfg Config) (*Log, error) {
	cfg, err := cfg.checked()
	if err != nil {
		return nil, err
	}
	l := &Log{db: db, cfg: cfg}
	l.handed.Store(&signed{})
	if err := l.loadKeys(ctx); err != nil {
		return nil, err
	}
	if err := l.startupCheck(ctx); err != nil {
		return nil, err
	}
	return l, nil
}

// Origin is the log's origin line.
func (l *Log) Origin() string { return l.cfg.Origin }

// Size is the number of committed leaves.
func (l *Log) Size(ctx context.Context) (int64, error) {
	return readSize(ctx, l.db)
}

func readSize(ctx context.Context, q DBTX) (int64, error) {
	var n int64
	if err := q.QueryRowContext(ctx, `SELECT size FROM ledger_state WHERE id = 1`).Scan(&n); err != nil {
		return 0, fmt.Errorf("ledger: read size: %w", err)
	}
	return n, nil
}

// Leaf returns the leaf bytes at index.
func (l *Log) Leaf(ctx context.Context, index int64) ([]byte, error) {
	var b []byte
	err := l.db.QueryRowContext(ctx, `SELECT leaf FROM ledger_leaves WHERE idx = $1`, index).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("%w: leaf %d", ErrNotFound, index)
	}
	return b, err
}

// LastIndex returns the log index of caseID's newest leaf, or -1, read in
// tx so the caller can fill Entry.Prev for the leaf it is about to append.
func (l *Log) LastIndex(ctx context.Context, tx DBTX, caseID string) (int64, error) {
	var idx int64
	err := tx.QueryRowContext(ctx, `SELECT idx FROM ledger_leaves WHERE case_id = $1 ORDER BY idx DESC LIMIT 1`, caseID).Scan(&idx)
	if errors.Is(err, sql.ErrNoRows) {
		return -1, nil
	}
	return idx, err
}

// ScanLeaves calls fn for every leaf from index from on, in index order,
// so the business layer can re-derive each leaf from its own rows.
func (l *Log) ScanLeaves(ctx context.Context, from int64, fn func(idx int64, caseID string, leaf []byte) error) error {
	rows, err := l.db.QueryContext(ctx, `SELECT idx, case_id, leaf FROM ledger_leaves WHERE idx >= $1 ORDER BY idx`, from)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var idx int64
		var c string
		var b []byte
		if err := rows.Scan(&idx, &c, &b); err != nil {
			return err
		}
		if err := fn(idx, c, b); err != nil {
			return err
		}
	}
	return rows.Err()
}

// setLatest records the newest checkpoint. l.mu must be held (or the log
// not yet shared).
func (l *Log) setLatest(s signed) {
	l.latest = s
	l.handed.Store(&s)
}

// timestamp is the fixed-width UTC text the schema uses for times.
func (l *Log) timestamp() string {
	return l.cfg.Now().UTC().Format("2006-01-02T15:04:05.000000000Z")
}

// checked is cfg with its defaults, or why it cannot open a log.
func (cfg Config) checked() (Config, error) {
	if cfg.Origin == "" || strings.IndexFunc(cfg.Origin, unicode.IsSpace) >= 0 || strings.Contains(cfg.Origin, "+") {
		return cfg, fmt.Errorf("ledger: origin %q must be non-empty, without spaces or '+'", cfg.Origin)
	}
	if cfg.Dialect != SQLite && cfg.Dialect != Postgres {
		return cfg, fmt.Errorf("ledger: unknown dialect %q", cfg.Dialect)
	}
	if cfg.KeyDir == "" {
		return cfg, errors.New("ledger: no key folder configured")
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return cfg, nil
}
