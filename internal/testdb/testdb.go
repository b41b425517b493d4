// Package testdb gives tests a real, empty database — SQLite or
// PostgreSQL — so that suites exercise the same SQL, constraints and locking
// that production does instead of a mock.
//
// Typical use:
//
//	func TestMain(m *testing.M) { testdb.Main(m) }
//
//	func TestStore(t *testing.T) {
//		testdb.Each(t, func(t *testing.T, dialect, dsn string) {
//			db := testdb.Open(t, dialect, dsn)
//			// migrate db, run the test against it
//		})
//	}
//
// SQLite databases are files under t.TempDir(). PostgreSQL databases are
// created per call on one throwaway cluster per test binary, or on the server
// named by DAMLAM_TEST_POSTGRES (a postgres:// URL of a role that may CREATE
// DATABASE). The cluster is started on first use from the installed server
// binaries (apt-get install postgresql; .ci/install-deps.sh does it), as the
// "postgres" account when the tests run as root, in a private directory on
// /dev/shm when that is a roomy tmpfs (else the temp dir), listening on
// 127.0.0.1 at a free port and on a unix socket in that directory. Its data
// directory is copied from a template cached under the user cache directory
// (damlam-testdb/; delete it freely), so after the first run on a machine a
// cluster is ready in roughly 0.15–0.3 s instead of the 1–3 s initdb takes.
//
// Main stops the cluster when the tests finish. Should a binary die first, or
// a package lack the TestMain, the kernel stops the server with the binary
// (parent-death signal) and the next binary using this package deletes the
// leftover files.
package testdb

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"testing"
	"time"

	// Registers driver "pgx" for PostgreSQL URLs returned by Postgres.
	_ "github.com/jackc/pgx/v5/stdlib"
	// Registers driver "sqlite" (pure Go, no cgo) for DSNs from SQLite.
	_ "modernc.org/sqlite"
)

// Dialect names passed to the function given to Each.
const (
	DialectSQLite   = "sqlite"
	DialectPostgres = "postgres"
)

// Driver returns the database/sql driver name for a dialect: "sqlite" for
// DialectSQLite, "pgx" for DialectPostgres. It panics on anything else,
// because a typo there would otherwise surface as a confusing sql.Open error.
func Driver(dialect string) string {
	switch dialect {
	case DialectSQLite:
		return "sqlite"
	case DialectPostgres:
		return "pgx"
	}
	panic(fmt.Sprintf("testdb: unknown dialect %q", dialect))
}

// Open opens dsn with the driver for dialect, checks the connection, and
// closes the handle when the test ends.
func Open(t testing.TB, dialect, dsn string) *sql.DB {
	t.Helper()
	db, err := sql.Open(Driver(dialect), dsn)
	if err != nil {
		t.Fatalf("testdb: open %s: %v", dialect, err)
	}
	// Registered before the ping so a failed ping still releases the pool.
	t.Cleanup(func() { db.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := db.PingContext(ctx); err != nil {
		t.Fatalf("testdb: connect %s: %v", dialect, err)
	}
	return db
}

// Each runs fn twice, as subtests "sqlite" and "postgres", each with a fresh
// empty database of that dialect, so one suite covers both databases the
// application supports. The postgres subtest is skipped (or fails in CI) when
// PostgreSQL is unavailable; see Postgres.
func Each(t *testing.T, fn func(t *testing.T, dialect, dsn string)) {
	t.Helper()
	t.Run(DialectSQLite, func(t *testing.T) {
		fn(t, DialectSQLite, SQLite(t))
	})
	t.Run(DialectPostgres, func(t *testing.T) {
		fn(t, DialectPostgres, Postgres(t))
	})
}

// Main runs the package's tests and then stops the PostgreSQL cluster this
// binary started (if any) and removes its files. Call it from TestMain:
//
//	func TestMain(m *testing.M) { testdb.Main(m) }
//
// Without it the cluster still dies with the test binary (it is started with
// a parent-death signal), but its files stay in the temp directory until the
// next test binary using this package sweeps them.
func Main(m *testing.M) {
	mainInUse.Store(true)
	code := m.Run()
	if err := shutdown(); err != nil {
		// Not a test failure: every test already ran. Say so loudly so a
		// leak does not go unnoticed.
		fmt.Fprintf(os.Stderr, "testdb: stopping PostgreSQL: %v\n", err)
	}
	os.Exit(code)
}
