package testdb

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// EnvPostgres names the environment variable that points the tests at an
// existing PostgreSQL server instead of a throwaway cluster. Its value is a
// URL (postgres://user:pass@host:port/db?sslmode=...) for a role allowed to
// CREATE DATABASE; every Postgres call creates and drops its own database
// there.
const EnvPostgres = "DAMLAM_TEST_POSTGRES"

const notInstalledMsg = "PostgreSQL not installed (apt-get install postgresql); " +
	"set " + EnvPostgres + "=postgres://… to use a running server"

var errNotInstalled = errors.New(notInstalledMsg)

// server is the PostgreSQL instance shared by every Postgres call in this
// test binary.
type server struct {
	base    url.URL  // admin URL; test URLs differ only in the path
	admin   *sql.DB  // connection to the maintenance database, for CREATE/DROP
	cluster *cluster // nil when the server came from EnvPostgres
	startup time.Duration
}

var (
	// The cluster is started at most once per binary, on first use, so
	// packages that never touch PostgreSQL pay nothing and parallel tests
	// all share the same instance.
	serverOnce sync.Once
	shared     *server
	sharedErr  error

	// active is what Main shuts down; guarded separately from serverOnce so
	// Main never has to start anything just to learn that nothing ran.
	activeMu sync.Mutex
	active   *server

	mainInUse  atomic.Bool
	noMainOnce sync.Once
)

// Postgres returns the URL (for driver "pgx") of a new, empty database that
// is dropped when the test ends. Each call gets its own database, so parallel
// tests never see each other's rows.
//
// The database lives on the server named by DAMLAM_TEST_POSTGRES when that is
// set; otherwise on a throwaway cluster this test binary starts on first use
// from the installed PostgreSQL binaries (listening on 127.0.0.1 on a free
// port and on a private unix socket, with durability turned off for speed).
// When no binaries are installed the test is skipped — or fails when CI=true,
// because in CI a missing database must never pass silently.
func Postgres(t testing.TB) (url string) {
	t.Helper()
	s := sharedServer(t)

	name := "test_" + randomHex(8)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	// template0 rather than template1: nobody can be connected to it, so
	// CREATE DATABASE never fails with "source database is being accessed by
	// other users" on a shared server, and nothing installed into template1
	// leaks into tests. UTF8 because the application stores Vietnamese text.
	if _, err := s.admin.ExecContext(ctx,
		"CREATE DATABASE "+name+" TEMPLATE template0 ENCODING 'UTF8'"); err != nil {
		t.Fatalf("testdb: create PostgreSQL database: %v", err)
	}
	t.Cleanup(func() {
		if err := s.dropDatabase(name); err != nil {
			t.Errorf("testdb: drop PostgreSQL database %s: %v", name, err)
		}
	})

	u := s.base
	u.Path = "/" + name
	u.RawPath = ""
	return u.String()
}

// sharedServer starts (once) or returns the binary's server, turning a
// missing installation into a skip, or a failure under CI.
func sharedServer(t testing.TB) *server {
	t.Helper()
	serverOnce.Do(func() {
		shared, sharedErr = startServer()
		if sharedErr == nil {
			activeMu.Lock()
			active = shared
			activeMu.Unlock()
		}
	})
	if sharedErr != nil {
		failUnavailable(t, sharedErr)
		return nil // not reached: Skip and Fatal end the test
	}
	if shared.cluster != nil && !mainInUse.Load() {
		noMainOnce.Do(func() {
			t.Logf("testdb: this package has no TestMain calling testdb.Main; " +
				"the PostgreSQL cluster dies with the test binary but its files " +
				"stay in the temp directory until the next run sweeps them")
		})
	}
	return shared
}

// failUnavailable ends the test when there is no server: a skip when
// PostgreSQL simply is not installed on a developer machine, a failure for
// anything else and always under CI, where every suite must really run.
func failUnavailable(t testing.TB, err error) {
	t.Helper()
	if errors.Is(err, errNotInstalled) {
		if ci, _ := strconv.ParseBool(os.Getenv("CI")); ci {
			t.Fatal(notInstalledMsg)
			return
		}
		t.Skip(notInstalledMsg)
		return
	}
	t.Fatalf("testdb: PostgreSQL unavailable: %v", err)
}

func startServer() (*server, error) {
	if raw := os.Getenv(EnvPostgres); raw != "" {
		return connectExternal(raw)
	}
	return startLocalCluster()
}

// connectExternal uses an already running server, as given by EnvPostgres.
func connectExternal(raw string) (*server, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") || u.Host == "" {
		return nil, fmt.Errorf("%s must be a postgres://user@host:port/db URL, got %q", EnvPostgres, raw)
	}
	db, err := openAdmin(u.String(), 10*time.Second)
	if err != nil {
		return nil, fmt.Errorf("%s=%s: %w", EnvPostgres, u.Redacted(), err)
	}
	return &server{base: *u, admin: db}, nil
}

// openAdmin opens a small pool for CREATE/DROP DATABASE and waits until the
// server answers or the timeout passes.
func openAdmin(dsn string, timeout time.Duration) (*sql.DB, error) {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(4)
	db.SetMaxIdleConns(4)
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

func (s *server) dropDatabase(name string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	// FORCE (PostgreSQL 13+) disconnects sessions a test left open — a
	// forgotten *sql.DB must not make the drop fail or hang.
	_, err := s.admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
	if err == nil {
		return nil
	}
	// Older servers lack FORCE: disconnect by hand, then drop.
	if _, err2 := s.admin.ExecContext(ctx,
		"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1", name); err2 != nil {
		return err
	}
	_, err = s.admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name)
	return err
}

// shutdown releases the shared server: closes the admin pool and, for a
// cluster this binary started, stops it and deletes its files.
func shutdown() error {
	activeMu.Lock()
	s := active
	active = nil
	activeMu.Unlock()
	if s == nil {
		return nil
	}
	s.admin.Close()
	if s.cluster != nil {
		return s.cluster.stop()
	}
	return nil
}

// randomHex returns 2n random hex digits; database names need to be unique
// across concurrently running test binaries sharing one server.
func randomHex(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	return hex.EncodeToString(b)
}
