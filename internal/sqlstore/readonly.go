package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// An audit must not change what it audits. OpenReadOnly connects so that
// the database itself refuses every write — SQLite opened with mode=ro
// and query_only, PostgreSQL sessions whose transactions are read-only —
// and migrates nothing: a schema that is not this binary's latest is
// reported, not brought up to date, because a migration is a write and
// the rows it would change are among those audited.

type openMode int

const (
	openMigrate  openMode = iota // Open: bring the schema up to date
	openCurrent                  // OpenCurrent: read-write, schema must be current
	openReadOnly                 // OpenReadOnly: read-only, schema must be current
)

// OpenReadOnly connects to target (as Open) for reading only: every
// connection refuses writes, and the schema must already be the latest
// (a *SchemaError otherwise).
func OpenReadOnly(ctx context.Context, target string) (*DB, error) {
	return open(ctx, target, openReadOnly)
}

// OpenCurrent connects to target read-write without migrating: the schema
// must already be the latest (a *SchemaError otherwise). It is for a
// repair that follows an audit, which must write no more than it says.
func OpenCurrent(ctx context.Context, target string) (*DB, error) {
	return open(ctx, target, openCurrent)
}

// openPostgres opens a pool on target; readOnly makes every session's
// transactions read-only (default_transaction_read_only, sent when each
// connection starts, so no statement of ours runs before it holds).
func openPostgres(target string, readOnly bool) (*sql.DB, error) {
	if !readOnly {
		return sql.Open("pgx", target)
	}
	cfg, err := pgx.ParseConfig(target)
	if err != nil {
		return nil, fmt.Errorf("database %s: %w", redact(target), err)
	}
	cfg.RuntimeParams["default_transaction_read_only"] = "on"
	return stdlib.OpenDB(*cfg), nil
}

// readOnlyDSN is an SQLite DSN made read-only: mode=ro (SQLite opens the
// file read-only), query_only (the connection refuses writes), and without
// what would write or take the write lock: setting the journal mode,
// BEGIN IMMEDIATE. A database in WAL mode stays readable: SQLite reads the
// WAL beside it and never writes the database file.
func readOnlyDSN(dsn string) string {
	path, query, _ := strings.Cut(dsn, "?")
	q, err := url.ParseQuery(query)
	if err != nil {
		q = url.Values{}
	}
	q.Del("_txlock")
	q.Del("_journal_mode")
	q.Del("_journal")
	pragmas := slices.DeleteFunc(q["_pragma"], func(p string) bool {
		p = strings.ToLower(strings.TrimSpace(p))
		return strings.HasPrefix(p, "journal_mode") || strings.HasPrefix(p, "synchronous") || strings.HasPrefix(p, "query_only")
	})
	q["_pragma"] = append(pragmas, "query_only(1)")
	q.Set("mode", "ro")
	return path + "?" + q.Encode()
}

// SchemaError says the database's schema is not the one this binary
// migrates to.
type SchemaError struct {
	Empty   bool    // no migration was ever applied: not a damlam database yet
	Missing []int64 // migrations this binary has that the database lacks
	Unknown []int64 // migrations the database has that this binary does not know
}

func (e *SchemaError) Error() string {
	list := func(vs []int64) string {
		s := make([]string, len(vs))
		for i, v := range vs {
			s[i] = strconv.FormatInt(v, 10)
		}
		return strings.Join(s, ", ")
	}
	switch {
	case e.Empty:
		return "cơ sở dữ liệu chưa có lược đồ của damlam / the database has no damlam schema (a new database, or another one)"
	case len(e.Missing) > 0:
		return "lược đồ cơ sở dữ liệu chưa phải bản mới nhất, thiếu bước nâng cấp " + list(e.Missing) +
			"; kiểm tra không nâng cấp (damlam serve sẽ nâng cấp) / the database's schema is not the latest: migrations " +
			list(e.Missing) + " are not applied; the audit does not migrate (damlam serve does)"
	default:
		return "cơ sở dữ liệu có bước nâng cấp mà bản damlam này không biết (" + list(e.Unknown) +
			"); dùng bản damlam mới hơn / the database has migrations this damlam does not know (" + list(e.Unknown) +
			"): use the newer damlam that applied them"
	}
}

// schemaCurrent checks, reading only, that every migration of this binary
// and no other is applied. It reads goose's version table itself: goose's
// own status calls create that table when it is missing.
func (db *DB) schemaCurrent(ctx context.Context) error {
	sub, err := migrationsFor(db.Dialect)
	if err != nil {
		return err
	}
	entries, err := fs.ReadDir(sub, ".")
	if err != nil {
		return err
	}
	want := map[int64]bool{}
	for _, e := range entries {
		num, _, _ := strings.Cut(e.Name(), "_")
		if v, err := strconv.ParseInt(num, 10, 64); err == nil && strings.HasSuffix(e.Name(), ".sql") {
			want[v] = true
		}
	}
	var exists bool
	q := `SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = 'goose_db_version'`
	if db.Dialect == Postgres {
		q = `SELECT to_regclass('goose_db_version') IS NOT NULL`
	}
	if err := db.QueryRowContext(ctx, q).Scan(&exists); err != nil {
		return fmt.Errorf("schema version: %w", err)
	}
	if !exists {
		return &SchemaError{Empty: true}
	}
	// Rows in order: goose adds one per migration applied, and older
	// versions of it added one with is_applied false per migration undone.
	rows, err := db.QueryContext(ctx, `SELECT version_id, is_applied FROM goose_db_version ORDER BY id`)
	if err != nil {
		return fmt.Errorf("schema version: %w", err)
	}
	defer rows.Close()
	applied := map[int64]bool{}
	for rows.Next() {
		var v int64
		var ok bool
		if err := rows.Scan(&v, &ok); err != nil {
			return fmt.Errorf("schema version: %w", err)
		}
		if ok {
			applied[v] = true
		} else {
			delete(applied, v)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("schema version: %w", err)
	}
	delete(applied, 0) // goose's own first row
	var e SchemaError
	for v := range want {
		if !applied[v] {
			e.Missing = append(e.Missing, v)
		}
	}
	for v := range applied {
		if !want[v] {
			e.Unknown = append(e.Unknown, v)
		}
	}
	if len(e.Missing) == 0 && len(e.Unknown) == 0 {
		return nil
	}
	slices.Sort(e.Missing)
	slices.Sort(e.Unknown)
	if len(applied) == 0 {
		e.Empty = true
	}
	return &e
}
