package testdb

import (
	"net/url"
	"path/filepath"
	"testing"
)

// sqlitePragmas match how the application opens SQLite, so tests see the
// same concurrency behaviour:
//   - WAL lets readers proceed while a writer commits;
//   - busy_timeout makes contended writers wait instead of failing at once
//     with SQLITE_BUSY; it comes first because the pragmas run in order on
//     each new connection, and switching a new database to WAL takes a
//     lock that instances opening it together contend for;
//   - synchronous(NORMAL) is the safe, fast setting under WAL;
//   - foreign_keys(1) because SQLite leaves FK enforcement off by default;
//   - _txlock=immediate takes the write lock at BEGIN, which avoids the
//     deadlock-prone read-then-upgrade path of deferred transactions.
const sqlitePragmas = "_pragma=busy_timeout(10000)" +
	"&_pragma=journal_mode(WAL)" +
	"&_pragma=synchronous(NORMAL)" +
	"&_pragma=foreign_keys(1)" +
	"&_txlock=immediate"

// SQLiteDSN returns the modernc.org/sqlite DSN (driver "sqlite") for the
// database file at path, with the project's standard pragmas.
//
// The DSN is a SQLite URI ("file:" prefix), so the path is percent-escaped:
// a '?', '#' or '%' in a directory name (t.TempDir keeps those from test
// names) would otherwise be read as the start of the query or an escape.
func SQLiteDSN(path string) string {
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + sqlitePragmas
}

// SQLite returns the DSN of a new, empty SQLite database file inside
// t.TempDir(); the file disappears with that directory when the test ends.
func SQLite(t testing.TB) (dsn string) {
	t.Helper()
	return SQLiteDSN(filepath.Join(t.TempDir(), "test.db"))
}
