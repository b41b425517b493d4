package sqlstore_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"damlam/internal/ledger"
	"damlam/internal/proof"
	"damlam/internal/sqlstore"
	"damlam/internal/testdb"
	"damlam/internal/workflow"
)

// tamper is one way a database administrator could change history behind
// the service's back; it returns the row the audit must name.
type tamper struct {
	name string
	do   func(t *testing.T, db *sqlstore.DB, r *rand.Rand) (want string)
}

func exec(t *testing.T, db *sqlstore.DB, q string, args ...any) {
	t.Helper()
	if _, err := db.ExecContext(context.Background(), q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

// pickEvent returns a random event's case, seq and log index.
func pickEvent(t *testing.T, db *sqlstore.DB, r *rand.Rand, where string) (string, int, int64) {
	t.Helper()
	rows, err := db.QueryContext(context.Background(), `SELECT proposal_id, seq, log_index FROM events `+where+` ORDER BY log_index`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	type ev struct {
		id  string
		seq int
		idx int64
	}
	var all []ev
	for rows.Next() {
		var e ev
		rows.Scan(&e.id, &e.seq, &e.idx)
		all = append(all, e)
	}
	if len(all) == 0 {
		t.Fatalf("no event %s", where)
	}
	e := all[r.IntN(len(all))]
	return e.id, e.seq, e.idx
}

var tampers = []tamper{
	{"event payload edited", func(t *testing.T, db *sqlstore.DB, r *rand.Rand) string {
		id, seq, _ := pickEvent(t, db, r, "")
		exec(t, db, `UPDATE events SET payload = replace(replace(payload, '0', '9'), '"', '"') || ' ' WHERE proposal_id = $1 AND seq = $2`, id, seq)
		return fmt.Sprintf("events %s seq %d", id, seq)
	}},
	{"approved budget raised", func(t *testing.T, db *sqlstore.DB, r *rand.Rand) string {
		id, seq, _ := pickEvent(t, db, r, "WHERE type = 'proposal.approved_pilot'")
		exec(t, db, `UPDATE events SET payload = replace(payload, '"budget_vnd":100000000', '"budget_vnd":900000000') WHERE proposal_id = $1 AND seq = $2`, id, seq)
		return fmt.Sprintf("events %s seq %d", id, seq)
	}},
	{"event time moved earlier", func(t *testing.T, db *sqlstore.DB, r *rand.Rand) string {
		id, seq, _ := pickEvent(t, db, r, "")
		exec(t, db, `UPDATE events SET at = '2020-01-01T00:00:00.000000000Z' WHERE proposal_id = $1 AND seq = $2`, id, seq)
		return fmt.Sprintf("events %s seq %d", id, seq)
	}},
	{"event actor replaced", func(t *testing.T, db *sqlstore.DB, r *rand.Rand) string {
		id, seq, _ := pickEvent(t, db, r, "WHERE actor_id <> 'head.hcm'")
		exec(t, db, `UPDATE events SET actor_id = 'head.hcm' WHERE proposal_id = $1 AND seq = $2`, id, seq)
		return fmt.Sprintf("events %s seq %d", id, seq)
	}},
	{"event state rewritten", func(t *testing.T, db *sqlstore.DB, r *rand.Rand) string {
		id, seq, _ := pickEvent(t, db, r, "")
		exec(t, db, `UPDATE events SET state_after = 'REJECTED' WHERE proposal_id = $1 AND seq = $2`, id, seq)
		return fmt.Sprintf("events %s seq %d", id, seq)
	}},
	{"event deleted", func(t *testing.T, db *sqlstore.DB, r *rand.Rand) string {
		id, seq, idx := pickEvent(t, db, r, "")
		exec(t, db, `DELETE FROM events WHERE proposal_id = $1 AND seq = $2`, id, seq)
		return fmt.Sprintf("ledger_leaves idx %d", idx)
	}},
	{"two events swapped in order", func(t *testing.T, db *sqlstore.DB, r *rand.Rand) string {
		id, seq, idx := pickEvent(t, db, r, "WHERE seq > 1")
		var prevIdx int64
		db.QueryRowContext(context.Background(), `SELECT log_index FROM events WHERE proposal_id = $1 AND seq = $2`, id, seq-1).Scan(&prevIdx)
		exec(t, db, `UPDATE events SET log_index = -1 WHERE proposal_id = $1 AND seq = $2`, id, seq)
		exec(t, db, `UPDATE events SET log_index = $1 WHERE proposal_id = $2 AND seq = $3`, idx, id, seq-1)
		exec(t, db, `UPDATE events SET log_index = $1 WHERE proposal_id = $2 AND seq = $3`, prevIdx, id, seq)
		return fmt.Sprintf("events %s seq %d", id, seq)
	}},
	{"case state forced", func(t *testing.T, db *sqlstore.DB, r *rand.Rand) string {
		id, _, _ := pickEvent(t, db, r, "")
		exec(t, db, `UPDATE proposals SET state = 'CLOSED' WHERE id = $1 AND state <> 'CLOSED'`, id)
		return "proposals " + id
	}},
	{"case scope widened", func(t *testing.T, db *sqlstore.DB, r *rand.Rand) string {
		id, _, _ := pickEvent(t, db, r, "WHERE type = 'proposal.approved_pilot'")
		exec(t, db, `UPDATE proposals SET scope = replace(scope, '"units":["BTH"]', '"units":["BTH","GD"]') WHERE id = $1`, id)
		return "proposals " + id
	}},
	{"outside-scope flag erased", func(t *testing.T, db *sqlstore.DB, r *rand.Rand) string {
		id, _, _ := pickEvent(t, db, r, "WHERE payload LIKE '%outside_scope%'")
		exec(t, db, `UPDATE proposals SET outside_scope = 0 WHERE id = $1`, id)
		return "proposals " + id
	}},
	{"ballot flipped", func(t *testing.T, db *sqlstore.DB, r *rand.Rand) string {
		id, _, _ := pickEvent(t, db, r, "WHERE type = 'collective.vote'")
		exec(t, db, `UPDATE votes SET ballot = 'no' WHERE proposal_id = $1 AND person_id = 'dep1.bth'`, id)
		return "votes " + id
	}},
	{"a byte of a leaf changed", func(t *testing.T, db *sqlstore.DB, r *rand.Rand) string {
		_, _, idx := pickEvent(t, db, r, "")
		if db.Dialect == sqlstore.Postgres {
			exec(t, db, `ALTER TABLE ledger_leaves DISABLE TRIGGER ledger_leaves_guard`)
			exec(t, db, `UPDATE ledger_leaves SET leaf = convert_to(replace(convert_from(leaf, 'UTF8'), 'seq ', 'seq 1'), 'UTF8') WHERE idx = $1`, idx)
		} else {
			exec(t, db, `DROP TRIGGER ledger_leaves_no_update`)
			exec(t, db, `UPDATE ledger_leaves SET leaf = CAST(replace(CAST(leaf AS TEXT), 'seq ', 'seq 1') AS BLOB) WHERE idx = $1`, idx)
		}
		return fmt.Sprintf("idx %d", idx)
	}},
}

// TestTamperingIsNamed changes a copy of a real database in one place,
// many times at random, and requires the audit to name the changed row.
// On PostgreSQL each copy is a CREATE DATABASE … TEMPLATE of the original.
func TestTamperingIsNamed(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dialect, dsn string) {
		f := newFixture(t, dsn)
		for range 3 {
			id := f.approve(&proof.Scope{Units: []string{"BTH"}, Start: "2026-12-01", End: "2027-02-28", BudgetVND: 100_000_000})
			f.do("head.bth", id, workflow.AllocateResources, &workflow.ResourcesInput{MoneyVND: 1, Source: "Ngân sách"})
			f.do("staff.bth", id, workflow.ReportProgress, &workflow.ProgressInput{ScopedAction: workflow.ScopedAction{Unit: "GD", Date: "2026-12-05", AmountVND: 5}, Summary: "Ngoài phạm vi."})
		}
		if rep := f.audit(); !rep.OK() {
			t.Fatalf("clean database audits dirty: %v", rep.Problems)
		}
		var copyDB func(t *testing.T) string
		if dialect == testdb.DialectPostgres {
			copyDB = postgresCopies(t, f, dsn)
		} else {
			copyDB = sqliteCopies(t, f)
		}
		checkpointFile, _ := os.ReadFile(filepath.Join(f.keyDir, "last-checkpoint.txt"))

		r := rand.New(rand.NewPCG(73, 2023))
		for i := range 48 {
			tp := tampers[i%len(tampers)]
			t.Run(fmt.Sprintf("%02d %s", i, tp.name), func(t *testing.T) {
				keyDir := filepath.Join(t.TempDir(), "key")
				os.CopyFS(keyDir, os.DirFS(f.keyDir))
				os.WriteFile(filepath.Join(keyDir, "last-checkpoint.txt"), checkpointFile, 0o600)
				db, err := sqlstore.Open(context.Background(), copyDB(t))
				if err != nil {
					t.Fatal(err)
				}
				defer db.Close()
				want := tp.do(t, db, r)
				lg, err := ledger.Open(context.Background(), db.DB, ledger.Config{Origin: "test.damlam/log", Dialect: db.Dialect, KeyDir: keyDir, Now: f.clock.Now})
				if err != nil {
					// Refusing to start is detection too, if it says where.
					if !strings.Contains(err.Error(), strings.TrimPrefix(want, "ledger_leaves ")) && !strings.Contains(err.Error(), "ledger") {
						t.Fatalf("start-up refused without naming %q: %v", want, err)
					}
					t.Logf("start-up refused: %v", err)
					return
				}
				rep, err := sqlstore.New(db, lg, sqlstore.Config{Now: f.clock.Now}).Audit(context.Background())
				if err != nil {
					t.Fatal(err)
				}
				for _, p := range rep.Problems {
					if strings.Contains(p, want) {
						t.Logf("audit: %s", p)
						return
					}
				}
				t.Fatalf("audit did not name %q; it said %v", want, rep.Problems)
			})
		}
	})
}

// sqliteCopies snapshots the fixture's SQLite database and returns a
// function that writes a fresh copy of it for a subtest.
func sqliteCopies(t *testing.T, f *fixture) func(t *testing.T) string {
	snapshotPath := filepath.Join(t.TempDir(), "snapshot.db")
	exec(t, f.db, `VACUUM INTO '`+snapshotPath+`'`)
	snapshot, err := os.ReadFile(snapshotPath)
	if err != nil {
		t.Fatal(err)
	}
	return func(t *testing.T) string {
		path := filepath.Join(t.TempDir(), "copy.db")
		os.WriteFile(path, snapshot, 0o600)
		return testdb.SQLiteDSN(path)
	}
}

// postgresCopies closes the fixture's connections (a template database
// must have none) and returns a function that creates a copy of it for a
// subtest, dropped when the subtest ends.
func postgresCopies(t *testing.T, f *fixture, dsn string) func(t *testing.T) string {
	f.db.Close()
	base, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	admin := *base
	admin.Path = "/postgres"
	adb := testdb.Open(t, testdb.DialectPostgres, admin.String())
	n := 0
	return func(t *testing.T) string {
		n++
		name := fmt.Sprintf("%s_copy%d", strings.TrimPrefix(base.Path, "/"), n)
		if _, err := adb.Exec(`CREATE DATABASE ` + name + ` TEMPLATE ` + strings.TrimPrefix(base.Path, "/")); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { adb.Exec(`DROP DATABASE IF EXISTS ` + name + ` WITH (FORCE)`) })
		c := *base
		c.Path = "/" + name
		return c.String()
	}
}
