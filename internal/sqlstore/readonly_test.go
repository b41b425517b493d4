package sqlstore_test

import (
	"context"
	"crypto/sha256"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"damlam/internal/sqlstore"
	"damlam/internal/testdb"
)

// TestOpenReadOnlyRefusesWrites: the audit's connection is read-only in
// the database itself, so that nothing the audit calls can write; on
// SQLite the database file's bytes stay as they were.
func TestOpenReadOnlyRefusesWrites(t *testing.T) {
	ctx := context.Background()
	testdb.Each(t, func(t *testing.T, dialect, dsn string) {
		path := filepath.Join(t.TempDir(), "damlam.db")
		if dialect == testdb.DialectSQLite {
			dsn = "sqlite:" + path
		}
		db, err := sqlstore.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		db.Close() // on SQLite, folds the WAL into the file
		var before [32]byte
		if dialect == testdb.DialectSQLite {
			b, _ := os.ReadFile(path)
			before = sha256.Sum256(b)
		}
		ro, err := sqlstore.OpenReadOnly(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer ro.Close()
		var n int
		if err := ro.QueryRow(`SELECT count(*) FROM proposals`).Scan(&n); err != nil {
			t.Fatalf("read: %v", err)
		}
		if _, err := ro.Exec(`INSERT INTO calendar_days (day, kind, note) VALUES ('2026-01-02', 'off', 'x')`); err == nil {
			t.Error("a read-only connection wrote")
		}
		// In a transaction too: BEGIN must not take a write lock either.
		tx, err := ro.Begin()
		if err != nil {
			t.Fatalf("begin: %v", err)
		}
		if _, err := tx.Exec(`DELETE FROM calendar_days`); err == nil {
			t.Error("a read-only transaction wrote")
		}
		tx.Rollback()
		if dialect == testdb.DialectSQLite {
			ro.Close()
			b, _ := os.ReadFile(path)
			if sha256.Sum256(b) != before {
				t.Error("opening read-only changed the database file")
			}
		}
	})
}

// TestReadOnlyOpenDoesNotMigrate: a schema behind or ahead of this
// binary's is reported, by migration number, and left as it is.
func TestReadOnlyOpenDoesNotMigrate(t *testing.T) {
	ctx := context.Background()
	for name, tc := range map[string]struct {
		change  string
		missing bool
		unknown []int64
	}{
		"a migration not applied": {change: `DELETE FROM goose_db_version WHERE version_id = (SELECT max(version_id) FROM goose_db_version)`, missing: true},
		"a migration from a newer binary": {change: `INSERT INTO goose_db_version (version_id, is_applied, tstamp) VALUES (9999, true, CURRENT_TIMESTAMP)`,
			unknown: []int64{9999}},
	} {
		t.Run(name, func(t *testing.T) {
			testdb.Each(t, func(t *testing.T, dialect, dsn string) {
				db, err := sqlstore.Open(ctx, dsn)
				if err != nil {
					t.Fatal(err)
				}
				mustExec(t, db, tc.change)
				var rows int
				db.QueryRow(`SELECT count(*) FROM goose_db_version`).Scan(&rows)
				db.Close()
				for _, open := range []func(context.Context, string) (*sqlstore.DB, error){sqlstore.OpenReadOnly, sqlstore.OpenCurrent} {
					_, err := open(ctx, dsn)
					var se *sqlstore.SchemaError
					if !errors.As(err, &se) {
						t.Fatalf("open: %v", err)
					}
					if tc.missing != (len(se.Missing) == 1) || !slices.Equal(se.Unknown, tc.unknown) {
						t.Errorf("schema error %+v", se)
					}
				}
				db, err = sqlstore.OpenReadOnly(ctx, dsn)
				if err == nil {
					db.Close()
				}
				check := testdb.Open(t, dialect, dsn)
				var after int
				check.QueryRow(`SELECT count(*) FROM goose_db_version`).Scan(&after)
				if after != rows {
					t.Errorf("goose_db_version had %d rows, now %d: something migrated", rows, after)
				}
			})
		})
	}
	t.Run("empty database", func(t *testing.T) {
		_, err := sqlstore.OpenReadOnly(ctx, testdb.Postgres(t))
		var se *sqlstore.SchemaError
		if !errors.As(err, &se) || !se.Empty {
			t.Fatalf("open an empty database read-only: %v", err)
		}
	})
}
