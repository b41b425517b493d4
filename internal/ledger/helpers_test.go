package ledger

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
	"time"

	"damlam/internal/proof"
	"damlam/internal/testdb"

	"github.com/pressly/goose/v3"
	"golang.org/x/mod/sumdb/note"
)

func TestMain(m *testing.M) { testdb.Main(m) }

const testOrigin = "damlam.test.example/log"

// migrate applies this package's migration, alone, to a fresh database.
func migrate(t testing.TB, db *sql.DB, dialect string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "sqlstore", "migrations", dialect, "00002_ledger.sql"))
	if err != nil {
		t.Fatal(err)
	}
	gd := goose.DialectSQLite3
	if dialect == Postgres {
		gd = goose.DialectPostgres
	}
	p, err := goose.NewProvider(gd, db, fstest.MapFS{"00002_ledger.sql": {Data: b}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Up(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// env is one log on a real database.
type env struct {
	t       testing.TB
	dialect string
	dsn     string
	db      *sql.DB
	cfg     Config
	log     *Log
	clock   time.Time
}

func newEnv(t testing.TB, dialect, dsn string) *env {
	t.Helper()
	e := &env{t: t, dialect: dialect, dsn: dsn, clock: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)}
	e.db = testdb.Open(t, dialect, dsn)
	migrate(t, e.db, dialect)
	e.cfg = Config{Origin: testOrigin, Dialect: dialect, KeyDir: filepath.Join(t.TempDir(), "keys"), Now: e.now}
	e.reopen()
	return e
}

func (e *env) now() time.Time {
	e.clock = e.clock.Add(time.Second)
	return e.clock
}

// reopen opens the log again on the same database and key folder.
func (e *env) reopen() {
	e.t.Helper()
	l, err := Open(context.Background(), e.db, e.cfg)
	if err != nil {
		e.t.Fatal(err)
	}
	e.log = l
}

// sqliteEnv is an env on an SQLite file, the embedded deployment.
func sqliteEnv(t testing.TB) *env { return newEnv(t, SQLite, testdb.SQLite(t)) }

// nextLeaf builds the next leaf of caseID, reading the chain in tx.
func nextLeaf(ctx context.Context, l *Log, tx DBTX, caseID, typ string, fields ...proof.Field) ([]byte, error) {
	prev, err := l.LastIndex(ctx, tx, caseID)
	if err != nil {
		return nil, err
	}
	seq := 1
	if prev >= 0 {
		var b []byte
		if err := tx.QueryRowContext(ctx, `SELECT leaf FROM ledger_leaves WHERE idx = $1`, prev).Scan(&b); err != nil {
			return nil, err
		}
		p, err := proof.ParseEntry(b)
		if err != nil {
			return nil, err
		}
		seq = p.Seq + 1
	}
	return proof.Entry{Type: typ, Case: caseID, Seq: seq, Prev: prev, Time: l.cfg.Now(), Actor: "c0ffee",
		State: "SUBMITTED", Fields: fields}.Marshal()
}

// add appends one leaf to caseID in its own transaction and commits.
func (e *env) add(caseID string, fields ...proof.Field) int64 {
	e.t.Helper()
	idx, _, err := addLeaf(context.Background(), e.db, e.log, caseID, "proposal.note", fields...)
	if err != nil {
		e.t.Fatal(err)
	}
	return idx
}

func addLeaf(ctx context.Context, db *sql.DB, l *Log, caseID, typ string, fields ...proof.Field) (int64, []byte, error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return 0, nil, err
	}
	defer tx.Rollback()
	leaf, err := nextLeaf(ctx, l, tx, caseID, typ, fields...)
	if err != nil {
		return 0, nil, err
	}
	idx, err := l.Append(ctx, tx, caseID, leaf)
	if err != nil {
		return 0, nil, err
	}
	return idx, leaf, tx.Commit()
}

// audit runs AuditTree and fails the test on an error.
func (e *env) audit() AuditReport {
	e.t.Helper()
	rep, err := e.log.AuditTree(context.Background())
	if err != nil {
		e.t.Fatal(err)
	}
	return rep
}

// exec runs SQL that the test needs to succeed (tampering, mostly).
func (e *env) exec(q string, args ...any) {
	e.t.Helper()
	if _, err := e.db.Exec(q, args...); err != nil {
		e.t.Fatalf("%s: %v", q, err)
	}
}

// dropTriggers removes the append-only guards, as an attacker with
// database access would, so the tests can tamper.
func (e *env) dropTriggers() {
	e.t.Helper()
	for _, tbl := range []string{"ledger_state", "ledger_leaves", "ledger_hashes", "ledger_checkpoints", "ledger_keys"} {
		if e.dialect == Postgres {
			e.exec(fmt.Sprintf(`ALTER TABLE %s DISABLE TRIGGER USER`, tbl))
			continue
		}
		for _, what := range []string{"no_update", "no_delete", "no_shrink"} {
			e.exec(fmt.Sprintf(`DROP TRIGGER IF EXISTS %s_%s`, tbl, what))
		}
	}
}

func sha(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

func newVerifiers(t testing.TB, vkeys ...string) note.Verifiers {
	t.Helper()
	var vs []note.Verifier
	for _, k := range vkeys {
		v, err := note.NewVerifier(k)
		if err != nil {
			t.Fatal(err)
		}
		vs = append(vs, v)
	}
	return note.VerifierList(vs...)
}

var benchTime = time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
