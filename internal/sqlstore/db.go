// Package sqlstore keeps damlam's records in SQLite (embedded, the default)
// or PostgreSQL (scaled out) through one database/sql code path. Every
// action runs in one transaction together with its log leaf: on any error
// nothing is written.
package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx"
	_ "modernc.org/sqlite"             // database/sql driver "sqlite"
)

// Dialects we speak. The differences live here and in the two migration
// folders, nowhere else.
const (
	SQLite   = "sqlite"
	Postgres = "postgres"
)

// DB is a database handle that knows its dialect.
type DB struct {
	*sql.DB
	Dialect string
	queue   writeQueue   // SQLite's writers, in order (see writequeue.go)
	changes *changeWatch // SQLite's data_version, for what is kept (changes.go)
}

// SQLiteDSN is how damlam opens an SQLite file: WAL for concurrent readers,
// a busy timeout so writers queue instead of failing, and write-locking
// transactions (BEGIN IMMEDIATE) so that the log's sequencer read inside a
// transaction can never be stale. synchronous(FULL) syncs the WAL at every
// commit: a decision is on disk before the checkpoint covering it is
// signed and its copy kept in the key folder, so a power cut cannot leave
// the signed copy ahead of the database (NORMAL may lose the last commits,
// and the log would then refuse to start as if rolled back). Concurrent
// actions share commits, so the sync is paid once per group.
// temp_store(MEMORY) keeps statement journals (the pages a statement would
// undo if it failed half way, written for every statement with triggers or
// inside a savepoint) in memory: on a file they were a good part of a bulk
// load's time, in pwrite calls.
func SQLiteDSN(path string) string {
	return "file:" + path + "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=foreign_keys(1)&_pragma=temp_store(MEMORY)&_txlock=immediate"
}

// Open connects to target, which is a postgres:// URL, "sqlite:PATH", or an
// SQLite DSN ("file:…"), and brings the schema up to date.
func Open(ctx context.Context, target string) (*DB, error) {
	return open(ctx, target, openMigrate)
}

func open(ctx context.Context, target string, mode openMode) (*DB, error) {
	var db *DB
	switch {
	case strings.HasPrefix(target, "postgres://") || strings.HasPrefix(target, "postgresql://"):
		sdb, err := openPostgres(target, mode == openReadOnly)
		if err != nil {
			return nil, err
		}
		sdb.SetMaxOpenConns(32)
		sdb.SetMaxIdleConns(32)
		db = &DB{DB: sdb, Dialect: Postgres}
	case strings.HasPrefix(target, "sqlite:"):
		return open(ctx, SQLiteDSN(strings.TrimPrefix(target, "sqlite:")), mode)
	case strings.HasPrefix(target, "file:"):
		if mode == openReadOnly {
			target = readOnlyDSN(target)
		}
		queue := make(writeQueue, 1)
		sdb := sql.OpenDB(queuedConnector{sqliteConnector{dsn: target, drv: sqliteDriver()}, queue})
		// One writer at a time is SQLite's nature; a few connections let
		// readers proceed beside it under WAL.
		sdb.SetMaxOpenConns(8)
		sdb.SetMaxIdleConns(8)
		sdb.SetConnMaxIdleTime(0)
		db = &DB{DB: sdb, Dialect: SQLite, queue: queue, changes: newChangeWatch(target)}
	default:
		return nil, fmt.Errorf("unknown database %q: use postgres://… or sqlite:PATH", redact(target))
	}
	pingCtx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	if err := db.PingContext(pingCtx); err != nil {
		db.Close()
		return nil, fmt.Errorf("connect to %s: %w", redact(target), err)
	}
	check := db.migrate
	if mode != openMigrate {
		check = db.schemaCurrent
	}
	if err := check(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// redact hides a password in a database URL before it reaches a log.
func redact(target string) string {
	u, err := url.Parse(target)
	if err != nil || u.User == nil {
		return target
	}
	if _, has := u.User.Password(); has {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}

func (db *DB) migrate(ctx context.Context) error {
	sub, err := migrationsFor(db.Dialect)
	if err != nil {
		return err
	}
	dialect := goose.DialectSQLite3
	var opts []goose.ProviderOption
	if db.Dialect == Postgres {
		dialect = goose.DialectPostgres
		// Instances started together would run the same migration at
		// once; a session advisory lock lets one migrate and the others
		// find the work done. It is retried every second for five minutes.
		locker, err := lock.NewPostgresSessionLocker(lock.WithLockTimeout(1, 300))
		if err != nil {
			return err
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	p, err := goose.NewProvider(dialect, db.DB, sub, opts...)
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	for {
		before, err := p.GetDBVersion(ctx)
		if err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
		_, err = p.Up(ctx)
		if err == nil {
			return nil
		}
		// SQLite has no migration lock: two processes starting on a new
		// file (a server and a command) both see a migration pending and
		// the second to apply it fails. Start again from wherever the
		// database got to; an error that makes no progress is returned.
		if after, verr := p.GetDBVersion(ctx); db.Dialect == Postgres || verr != nil || after <= before {
			return fmt.Errorf("migrate: %w", err)
		}
	}
}

// forUpdate locks the rows a transaction reads before it writes them. On
// SQLite the whole database is already locked by BEGIN IMMEDIATE.
func (db *DB) forUpdate() string {
	if db.Dialect == Postgres {
		return " FOR UPDATE"
	}
	return ""
}

// timeFormat is fixed width so that stored times sort as text.
const timeFormat = "2006-01-02T15:04:05.000000000Z"

func fmtTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(timeFormat)
}

// stored is t as written and read back.
func stored(t time.Time) time.Time { return parseTime(fmtTime(t)) }

func parseTime(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(timeFormat, s)
	if err != nil {
		return time.Time{}
	}
	return t
}

// inTx runs fn in one transaction, committing only if fn succeeds.
func (db *DB) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := claimIn(ctx, tx); err != nil { // idempotency.go
		tx.Rollback()
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}
