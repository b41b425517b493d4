package testdb

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestMain(m *testing.M) { Main(m) }

// roundTrip creates a table, writes a row with non-ASCII text and reads it
// back, using SQL both dialects accept.
func roundTrip(t *testing.T, dialect, dsn string) *sql.DB {
	t.Helper()
	db := Open(t, dialect, dsn)
	ctx := context.Background()
	if _, err := db.ExecContext(ctx, `CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT NOT NULL)`); err != nil {
		t.Fatalf("create table: %v", err)
	}
	insert := `INSERT INTO item (id, name) VALUES (?, ?)`
	if dialect == DialectPostgres {
		insert = `INSERT INTO item (id, name) VALUES ($1, $2)`
	}
	if _, err := db.ExecContext(ctx, insert, 1, "Đà Lạt"); err != nil {
		t.Fatalf("insert: %v", err)
	}
	var name string
	if err := db.QueryRowContext(ctx, `SELECT name FROM item WHERE id = 1`).Scan(&name); err != nil {
		t.Fatalf("select: %v", err)
	}
	if name != "Đà Lạt" {
		t.Fatalf("read back %q", name)
	}
	return db
}

func TestSQLiteDSN(t *testing.T) {
	const want = "file:/data/app.db?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)" +
		"&_pragma=synchronous(NORMAL)&_pragma=foreign_keys(1)&_txlock=immediate"
	if got := SQLiteDSN("/data/app.db"); got != want {
		t.Errorf("SQLiteDSN = %q\nwant        %q", got, want)
	}
	got := SQLiteDSN("/tmp/a b#c?d%e/x.db")
	if !strings.HasPrefix(got, "file:/tmp/a%20b%23c%3Fd%25e/x.db?") {
		t.Errorf("special characters not escaped: %q", got)
	}
}

func TestSQLite(t *testing.T) {
	dsn := SQLite(t)
	db := roundTrip(t, DialectSQLite, dsn)

	// The pragmas in the DSN must actually take effect on every connection.
	for pragma, want := range map[string]string{
		"journal_mode": "wal",
		"foreign_keys": "1",
		"busy_timeout": "10000",
		"synchronous":  "1", // NORMAL
	} {
		var got string
		if err := db.QueryRow("PRAGMA " + pragma).Scan(&got); err != nil {
			t.Fatalf("PRAGMA %s: %v", pragma, err)
		}
		if got != want {
			t.Errorf("PRAGMA %s = %s, want %s", pragma, got, want)
		}
	}
	if dsn2 := SQLite(t); dsn2 == dsn {
		t.Errorf("two SQLite calls returned the same database %s", dsn)
	}
}

func TestSQLiteOddPath(t *testing.T) {
	// t.TempDir keeps '#' and '%' from test names; the DSN must still point
	// at the right file.
	t.Run("odd #1 100%", func(t *testing.T) {
		dsn := SQLite(t)
		if !strings.Contains(dsn, "%23") || !strings.Contains(dsn, "%25") {
			t.Fatalf("expected escaped '#' and '%%' in %s", dsn)
		}
		roundTrip(t, DialectSQLite, dsn)
	})
}

func TestPostgres(t *testing.T) {
	url := Postgres(t)
	if shared.cluster != nil {
		c := shared.cluster
		how := "initdb"
		if c.fromTemplate {
			how = "copied from template"
		}
		t.Logf("cluster started in %v: data directory %v (%s), then server ready; port %d",
			shared.startup.Round(time.Millisecond), c.prepareTime.Round(time.Millisecond), how, c.port)
	}
	db := roundTrip(t, DialectPostgres, url)

	var dbName, encoding string
	if err := db.QueryRow(`SELECT current_database(), pg_encoding_to_char(encoding)
		FROM pg_database WHERE datname = current_database()`).Scan(&dbName, &encoding); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(dbName, "test_") || encoding != "UTF8" {
		t.Errorf("database %s encoding %s, want test_* in UTF8", dbName, encoding)
	}
	if shared.cluster != nil {
		// Our cluster uses the C.UTF-8 locale so case mapping covers
		// Vietnamese letters; plain C would leave them untouched.
		var upper string
		if err := db.QueryRow(`SELECT upper('đà lạt')`).Scan(&upper); err != nil {
			t.Fatal(err)
		}
		if upper != "ĐÀ LẠT" {
			t.Errorf("upper() = %q, want ĐÀ LẠT", upper)
		}
	}
}

func TestPostgresSeparateDatabases(t *testing.T) {
	const n = 4
	urls := make([]string, n)
	t.Run("group", func(t *testing.T) {
		// Concurrent calls, as parallel tests make them.
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done() // also when Postgres fails the test via Goexit
				urls[i] = Postgres(t)
			}()
		}
		wg.Wait()
		if t.Failed() {
			return
		}
		dbs := make([]*sql.DB, n)
		for i, u := range urls {
			dbs[i] = Open(t, DialectPostgres, u)
			if _, err := dbs[i].Exec(fmt.Sprintf("CREATE TABLE only_in_%d (id int)", i)); err != nil {
				t.Fatal(err)
			}
		}
		for i, db := range dbs {
			var tables []string
			rows, err := db.Query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public'`)
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var s string
				if err := rows.Scan(&s); err != nil {
					t.Fatal(err)
				}
				tables = append(tables, s)
			}
			rows.Close()
			if want := fmt.Sprintf("only_in_%d", i); len(tables) != 1 || tables[0] != want {
				t.Errorf("database %d sees tables %v, want only %s", i, tables, want)
			}
		}
	})
	if t.Failed() {
		return
	}
	seen := map[string]bool{}
	for _, u := range urls {
		if seen[u] {
			t.Errorf("database handed out twice: %s", u)
		}
		seen[u] = true
	}
	// The subtest has ended, so its databases must be gone.
	for _, u := range urls {
		name := u[strings.LastIndexByte(u, '/')+1 : strings.IndexByte(u, '?')]
		var count int
		if err := shared.admin.QueryRow(`SELECT count(*) FROM pg_database WHERE datname = $1`, name).Scan(&count); err != nil {
			t.Fatal(err)
		}
		if count != 0 {
			t.Errorf("database %s not dropped after its test", name)
		}
	}
}

func TestEach(t *testing.T) {
	var mu sync.Mutex
	var ran []string
	Each(t, func(t *testing.T, dialect, dsn string) {
		mu.Lock()
		ran = append(ran, dialect)
		mu.Unlock()
		if t.Name() != "TestEach/"+dialect {
			t.Errorf("subtest %s for dialect %s", t.Name(), dialect)
		}
		roundTrip(t, dialect, dsn)
	})
	if want := []string{DialectSQLite, DialectPostgres}; fmt.Sprint(ran) != fmt.Sprint(want) {
		t.Errorf("ran %v, want %v", ran, want)
	}
}

func TestDriver(t *testing.T) {
	if Driver(DialectSQLite) != "sqlite" || Driver(DialectPostgres) != "pgx" {
		t.Error("wrong driver names")
	}
	defer func() {
		if recover() == nil {
			t.Error("unknown dialect did not panic")
		}
	}()
	Driver("mysql")
}

// fakeTB records how a test would have ended.
type fakeTB struct {
	testing.TB
	skipped, fatal string
}

func (f *fakeTB) Skip(args ...any)                  { f.skipped = fmt.Sprint(args...) }
func (f *fakeTB) Fatal(args ...any)                 { f.fatal = fmt.Sprint(args...) }
func (f *fakeTB) Fatalf(format string, args ...any) { f.fatal = fmt.Sprintf(format, args...) }

func TestNotInstalledSkipsLocallyFailsInCI(t *testing.T) {
	t.Setenv("CI", "")
	f := &fakeTB{TB: t}
	failUnavailable(f, errNotInstalled)
	if f.skipped != notInstalledMsg || f.fatal != "" {
		t.Errorf("outside CI: skipped %q, fatal %q", f.skipped, f.fatal)
	}

	t.Setenv("CI", "true")
	f = &fakeTB{TB: t}
	failUnavailable(f, errNotInstalled)
	if f.fatal != notInstalledMsg || f.skipped != "" {
		t.Errorf("in CI: skipped %q, fatal %q", f.skipped, f.fatal)
	}

	t.Setenv("CI", "")
	f = &fakeTB{TB: t}
	failUnavailable(f, fmt.Errorf("initdb: boom"))
	if f.fatal == "" || f.skipped != "" {
		t.Errorf("other errors must fail: skipped %q, fatal %q", f.skipped, f.fatal)
	}
}

func TestVersionOrder(t *testing.T) {
	if compareVersions(parseVersion("9.6"), parseVersion("15")) >= 0 ||
		compareVersions(parseVersion("16"), parseVersion("15")) <= 0 ||
		compareVersions(parseVersion("15"), parseVersion("15")) != 0 {
		t.Error("version comparison wrong")
	}
}
