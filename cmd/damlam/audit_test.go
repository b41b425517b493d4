package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"damlam/internal/casework"
	"damlam/internal/org"
	"damlam/internal/proof"
	"damlam/internal/sqlstore"
	"damlam/internal/testdb"
	"damlam/internal/workflow"

	"golang.org/x/mod/sumdb/tlog"
)

// auditDeployment is a data folder (and, on PostgreSQL, a database) with
// one approved pilot: a ward, its head, deputies, staff and Party
// committee, and every step of the approval logged with its receipt. It is
// built through the store, not the demo (which takes some twenty seconds),
// and closed: what runs next is `damlam …` through run().
type auditDeployment struct {
	t       *testing.T
	dialect string
	data    string
	env     map[string]string
	caseID  string
}

func newAuditDeployment(t *testing.T, dialect, dsn string) *auditDeployment {
	t.Helper()
	ctx := context.Background()
	dep := &auditDeployment{t: t, dialect: dialect, data: t.TempDir(), env: dbEnv(dialect, dsn)}
	clock := time.Date(2026, 11, 26, 10, 0, 0, 0, time.FixedZone("ICT", 7*3600))
	d := dataFlags{data: dep.data, db: dep.env["DAMLAM_DB"], origin: "damlam.local/log"}
	a, err := d.open(ctx, func() time.Time { return clock })
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	for _, u := range []sqlstore.UnitInput{
		{ID: "VN", Name: "Việt Nam", Kind: "nation"},
		{ID: "HCM", ParentID: "VN", Name: "Thành phố Hồ Chí Minh", Kind: "province"},
		{ID: "BTH", ParentID: "HCM", Name: "Phường Bình Thạnh", Kind: "ward"},
	} {
		if _, err := casework.New(a.store).CreateUnit(ctx, nil, u); err != nil {
			t.Fatal(err)
		}
	}
	people := map[string]*org.Person{}
	for id, pos := range map[string]org.Position{"head.bth": org.Head, "dep1.bth": org.Deputy, "dep2.bth": org.Deputy, "staff.bth": org.Staff, "party.bth": org.Staff} {
		in := sqlstore.PersonInput{ID: id, Name: "Người " + id, Email: id + "@test.vn", Seats: []sqlstore.SeatInput{{UnitID: "BTH", Position: pos}}}
		if id == "party.bth" {
			in.Grants = []sqlstore.GrantInput{{Role: org.PartyCommittee, UnitID: "BTH"}}
		}
		if people[id], err = casework.New(a.store).CreatePerson(ctx, nil, in); err != nil {
			t.Fatal(err)
		}
	}
	scope := &proof.Scope{Units: []string{"BTH"}, Start: "2026-12-01", End: "2027-02-28", BudgetVND: 100_000_000}
	id, err := casework.New(a.store).Create(ctx, people["staff.bth"], "BTH", workflow.Content{
		Title: "Vận động Nhân dân góp vốn làm đường hẻm", Field: "Giao thông", LegalBasis: "decree73",
		Bottleneck: workflow.Bottleneck{Kind: "missing", Rule: "Chưa có quy định", Level: "locality"},
		Necessity:  "Hẻm ngập.", Purpose: "Hạ tầng tốt hơn.", Contents: "Bê tông hóa hẻm.", Timeline: "60 ngày",
		PositiveImpacts: "Hẻm không ngập.",
		Checklist:       workflow.Checklist{RemovesBottleneck: true, CommonGood: true, UrgentNeed: true, NoSecurityImpact: true, NoHarmToOthers: true},
		PilotRequested:  true, Pilot: scope,
	})
	if err != nil {
		t.Fatal(err)
	}
	dep.caseID = id
	cw := casework.New(a.store)
	for _, s := range []struct {
		who string
		a   workflow.Action
		in  workflow.Input
	}{
		{"staff.bth", workflow.Submit, nil},
		{"head.bth", workflow.Convene, nil},
		{"party.bth", workflow.GivePartyOpinion, &workflow.PartyOpinionInput{Opinion: "agree", Text: "Đồng ý."}},
		{"head.bth", workflow.CastVote, &workflow.VoteInput{Ballot: workflow.Yes}},
		{"dep1.bth", workflow.CastVote, &workflow.VoteInput{Ballot: workflow.Yes}},
		{"dep2.bth", workflow.CastVote, &workflow.VoteInput{Ballot: workflow.Yes}},
		{"head.bth", workflow.ApprovePilot, &workflow.ApprovePilotInput{Scope: scope}},
	} {
		if _, err := cw.Do(ctx, people[s.who], id, s.a, s.in); err != nil {
			t.Fatalf("%s by %s: %v", s.a, s.who, err)
		}
	}
	return dep
}

func (dep *auditDeployment) getenv(k string) string { return dep.env[k] }

// damlam runs a command through run(), as the binary would.
func (dep *auditDeployment) damlam(ctx context.Context, args ...string) (string, error) {
	var out bytes.Buffer
	args = append(args[:1:1], append([]string{"--data", dep.data}, args[1:]...)...)
	err := run(ctx, args, dep.getenv, strings.NewReader(""), &out, &out)
	return out.String(), err
}

// db opens the deployment's database for the test's own tampering, with
// the log's append-only triggers off, as someone with write access would.
func (dep *auditDeployment) db() *sqlstore.DB {
	dep.t.Helper()
	target := dep.env["DAMLAM_DB"]
	if target == "" {
		target = "sqlite:" + filepath.Join(dep.data, "damlam.db")
	}
	db, err := sqlstore.Open(context.Background(), target)
	if err != nil {
		dep.t.Fatal(err)
	}
	for _, tbl := range []string{"ledger_hashes", "ledger_checkpoints"} {
		q := `ALTER TABLE ` + tbl + ` DISABLE TRIGGER USER`
		if dep.dialect == testdb.DialectSQLite {
			q = `DROP TRIGGER IF EXISTS ` + tbl + `_no_delete; DROP TRIGGER IF EXISTS ` + tbl + `_no_update`
		}
		if _, err := db.Exec(q); err != nil {
			dep.t.Fatal(err)
		}
	}
	return db
}

func (dep *auditDeployment) exec(q string, args ...any) {
	dep.t.Helper()
	db := dep.db()
	defer db.Close()
	if _, err := db.Exec(q, args...); err != nil {
		dep.t.Fatalf("%s: %v", q, err)
	}
}

// state is what an audit must leave as it found it: on SQLite the
// database file's bytes (the WAL folded in, as a closed database has it),
// on both the rows an audit could be tempted to "repair", and the key
// folder's files.
func (dep *auditDeployment) state() string {
	dep.t.Helper()
	var b strings.Builder
	if dep.dialect == testdb.DialectSQLite {
		data, err := os.ReadFile(filepath.Join(dep.data, "damlam.db"))
		if err != nil {
			dep.t.Fatal(err)
		}
		fmt.Fprintf(&b, "file %x\n", sha256.Sum256(data))
		if wal, err := os.ReadFile(filepath.Join(dep.data, "damlam.db-wal")); err == nil && len(wal) > 0 {
			fmt.Fprintf(&b, "wal %x\n", sha256.Sum256(wal))
		}
	} else {
		db := testdb.Open(dep.t, testdb.DialectPostgres, dep.env["DAMLAM_DB"])
		for _, q := range []string{
			`SELECT size || ' ' || note FROM ledger_checkpoints ORDER BY size`,
			`SELECT key_id FROM ledger_keys ORDER BY key_id`,
			`SELECT version_id || ' ' || is_applied FROM goose_db_version ORDER BY id`,
			`SELECT id || ' ' || state || ' ' || scope_index || ' ' || updated_at FROM proposals ORDER BY id`,
			`SELECT proposal_id || ' ' || person_id || ' ' || ballot FROM votes ORDER BY 1`,
		} {
			rows, err := db.Query(q)
			if err != nil {
				dep.t.Fatal(err)
			}
			for rows.Next() {
				var s string
				rows.Scan(&s)
				b.WriteString(s + "\n")
			}
			rows.Close()
		}
		db.Close()
	}
	filepath.WalkDir(filepath.Join(dep.data, "log-key"), func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			data, _ := os.ReadFile(path)
			fmt.Fprintf(&b, "%s %x\n", path, sha256.Sum256(data))
		}
		return nil
	})
	return b.String()
}

// newestCheckpoint is the size of the newest stored checkpoint and the
// first stored hash its root is computed from.
func (dep *auditDeployment) newestCheckpoint() (size, hashID int64) {
	dep.t.Helper()
	db := dep.db()
	defer db.Close()
	if err := db.QueryRow(`SELECT max(size) FROM ledger_checkpoints`).Scan(&size); err != nil {
		dep.t.Fatal(err)
	}
	var ids []int64
	tlog.TreeHash(size, tlog.HashReaderFunc(func(x []int64) ([]tlog.Hash, error) {
		ids = append(ids, x...)
		return make([]tlog.Hash, len(x)), nil
	}))
	return size, ids[0]
}

// TestAuditWhenServeRefuses damages a deployment so that `damlam serve`
// refuses to start (or, for a deleted checkpoint row, would put the row
// back), and runs `damlam audit` through run(): the audit still runs,
// names what differs, including the start-up check's refusal, exits
// non-zero, and leaves the database and key folder exactly as they were.
func TestAuditWhenServeRefuses(t *testing.T) {
	for name, tc := range map[string]struct {
		sqliteOnly bool
		damage     func(dep *auditDeployment) (want []string)
		// serveRefuses: `damlam serve` stops at start.
		serveRefuses bool
	}{
		"stored tree hash changed": {
			damage: func(dep *auditDeployment) []string {
				size, id := dep.newestCheckpoint()
				dep.exec(`UPDATE ledger_hashes SET hash = $1 WHERE id = $2`, make([]byte, 32), id)
				return []string{"start-up check: damlam serve refuses to start: ledger: the stored tree at size " + fmt.Sprint(size),
					fmt.Sprintf("ledger_hashes id %d", id)}
			},
			serveRefuses: true,
		},
		"newest checkpoint row deleted": {
			damage: func(dep *auditDeployment) []string {
				size, _ := dep.newestCheckpoint()
				dep.exec(`DELETE FROM ledger_checkpoints WHERE size = $1`, size)
				return []string{fmt.Sprintf("ledger_checkpoints size %d: missing (deleted?)", size)}
			},
		},
		"checkpoint copy removed": {
			damage: func(dep *auditDeployment) []string {
				os.Remove(filepath.Join(dep.data, "log-key", "last-checkpoint.txt"))
				return []string{"start-up check: damlam serve refuses to start", "last-checkpoint.txt is missing"}
			},
			serveRefuses: true,
		},
		"database rolled back": {
			// An older copy of the file put back after the log signed a
			// bigger tree (here: a key rotation, a logged step).
			sqliteOnly: true,
			damage: func(dep *auditDeployment) []string {
				path := filepath.Join(dep.data, "damlam.db")
				var leaves int64
				func() {
					db := dep.db()
					defer db.Close()
					db.QueryRow(`SELECT size FROM ledger_state`).Scan(&leaves)
				}()
				old, err := os.ReadFile(path)
				if err != nil {
					dep.t.Fatal(err)
				}
				if out, err := dep.damlam(context.Background(), "rotate-key"); err != nil {
					dep.t.Fatalf("rotate-key: %v\n%s", err, out)
				}
				os.Remove(path + "-wal")
				os.Remove(path + "-shm")
				if err := os.WriteFile(path, old, 0o600); err != nil {
					dep.t.Fatal(err)
				}
				return []string{fmt.Sprintf("start-up check: damlam serve refuses to start: ledger: the database has %d leaves but this log already signed a checkpoint of size %d", leaves, leaves+1),
					fmt.Sprintf("last-checkpoint.txt: size %d is beyond the log's %d leaves", leaves+1, leaves)}
			},
			serveRefuses: true,
		},
	} {
		t.Run(name, func(t *testing.T) {
			testdb.Each(t, func(t *testing.T, dialect, dsn string) {
				if tc.sqliteOnly && dialect != testdb.DialectSQLite {
					t.Skip("a file copy is SQLite's backup")
				}
				dep := newAuditDeployment(t, dialect, dsn)
				want := tc.damage(dep)
				before := dep.state()
				out, err := dep.damlam(context.Background(), "audit")
				if err == nil {
					t.Fatalf("the audit of a damaged deployment passed:\n%s", out)
				}
				for _, w := range want {
					if !strings.Contains(out, "SAI / MISMATCH: ") || !strings.Contains(out, w) {
						t.Errorf("the audit does not say %q:\n%s", w, out)
					}
				}
				if !strings.Contains(out, "cây / tree: size ") {
					t.Errorf("no tree head:\n%s", out)
				}
				if dep.state() != before {
					t.Error("the audit changed the database or the key folder")
				}
				if !tc.serveRefuses {
					return
				}
				ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
				defer cancel()
				if out, err := dep.damlam(ctx, "serve", "--addr", "127.0.0.1:0"); err == nil {
					t.Errorf("serve started on the damaged deployment:\n%s", out)
				}
			})
		})
	}
}

// TestAuditStopsOnAnOldSchema: the audit does not migrate; it says which
// migrations are missing and stops.
func TestAuditStopsOnAnOldSchema(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dialect, dsn string) {
		dep := newAuditDeployment(t, dialect, dsn)
		dep.exec(`DELETE FROM goose_db_version WHERE version_id = (SELECT max(version_id) FROM goose_db_version)`)
		before := dep.state()
		out, err := dep.damlam(context.Background(), "audit")
		var se *sqlstore.SchemaError
		if !errors.As(err, &se) || len(se.Missing) != 1 {
			t.Fatalf("audit on an old schema: %v\n%s", err, out)
		}
		if !strings.Contains(err.Error(), "the audit does not migrate") || strings.Contains(out, "cây / tree") {
			t.Errorf("the audit went on, or did not say why it stopped: %v\n%s", err, out)
		}
		if dep.state() != before {
			t.Error("the audit migrated")
		}
	})
}

// TestAuditRepairProjection: `damlam audit --repair-projection` prints the
// report, rebuilds what was edited from the log, and audits clean; after
// that the plain audit is clean. On a log that does not verify it refuses
// and changes nothing.
func TestAuditRepairProjection(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dialect, dsn string) {
		dep := newAuditDeployment(t, dialect, dsn)
		dep.exec(`UPDATE proposals SET scope_index = -1, state = 'REJECTED' WHERE id = $1`, dep.caseID)
		dep.exec(`DELETE FROM votes WHERE proposal_id = $1 AND person_id = 'dep2.bth'`, dep.caseID)
		ctx := context.Background()

		// Also refused while the log does not verify: the edit stays.
		size, id := dep.newestCheckpoint()
		var hash []byte
		func() {
			db := dep.db()
			defer db.Close()
			db.QueryRow(`SELECT hash FROM ledger_hashes WHERE id = $1`, id).Scan(&hash)
		}()
		dep.exec(`UPDATE ledger_hashes SET hash = $1 WHERE id = $2`, make([]byte, 32), id)
		out, err := dep.damlam(ctx, "audit", "--repair-projection")
		var refused *sqlstore.RepairRefusedError
		if !errors.As(err, &refused) || !strings.Contains(out, "KHÔNG DỰNG LẠI / REPAIR REFUSED: start-up check") {
			t.Fatalf("repair on a log that does not verify (tree at %d): %v\n%s", size, err, out)
		}
		dep.exec(`UPDATE ledger_hashes SET hash = $1 WHERE id = $2`, hash, id)

		out, err = dep.damlam(ctx, "audit", "--repair-projection")
		if err != nil {
			t.Fatalf("repair: %v\n%s", err, out)
		}
		for _, w := range []string{
			"SAI / MISMATCH: proposals " + dep.caseID + ": scope_index: -1",
			"ĐÃ SỬA / REPAIRED: proposals " + dep.caseID + ": state: REJECTED → APPROVED",
			"ĐÃ SỬA / REPAIRED: proposals " + dep.caseID + ": scope_index: -1 →",
			"ĐÃ SỬA / REPAIRED: votes " + dep.caseID + " round 1 dep2.bth: added",
			"kiểm tra lại / audit again:",
		} {
			if !strings.Contains(out, w) {
				t.Errorf("the repair does not say %q:\n%s", w, out)
			}
		}
		if out, err := dep.damlam(ctx, "audit"); err != nil || !strings.Contains(out, "khớp toàn bộ / audit clean") {
			t.Fatalf("audit after the repair: %v\n%s", err, out)
		}
	})
}

// TestAuditAgainstAWitness: the database and its key folder put back
// together from one backup, after a witness cosigned a bigger tree. Only
// the witness can tell: `damlam serve --witness` refuses to start, and
// `damlam audit --witness` runs and says the same, writing nothing.
func TestAuditAgainstAWitness(t *testing.T) {
	ctx := context.Background()
	dep := newAuditDeployment(t, testdb.DialectSQLite, "")
	keys, err := dep.damlam(ctx, "keys")
	if err != nil {
		t.Fatalf("%v\n%s", err, keys)
	}
	outside := t.TempDir()
	url, wkey := startWitness(t, writeFile(t, outside, "log.vkey", keys))
	witnessKey := writeFile(t, outside, "witness.vkey", wkey+"\n")
	clients, err := parseWitnesses([]string{url + "=" + witnessKey})
	if err != nil {
		t.Fatal(err)
	}
	// The log sends the witness its checkpoint, as a server does every
	// second; then one more decision, also witnessed.
	d := dataFlags{data: dep.data, origin: "damlam.local/log"}
	witnessed := func(step func(a *app)) {
		a, err := d.open(ctx, time.Now)
		if err != nil {
			t.Fatal(err)
		}
		defer a.Close()
		step(a)
		if err := a.store.WitnessRound(ctx, clients); err != nil {
			t.Fatal(err)
		}
	}
	witnessed(func(*app) {})
	backup := t.TempDir()
	if err := os.CopyFS(backup, os.DirFS(dep.data)); err != nil {
		t.Fatal(err)
	}
	var size int64
	witnessed(func(a *app) {
		head, err := a.store.Person(ctx, "head.bth")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := casework.New(a.store).Do(ctx, head, dep.caseID, workflow.AllocateResources,
			&workflow.ResourcesInput{MoneyVND: 1_000_000, Source: "Ngân sách phường"}); err != nil {
			t.Fatal(err)
		}
		size, _ = a.log.Size(ctx)
	})
	if err := os.RemoveAll(dep.data); err != nil {
		t.Fatal(err)
	}
	if err := os.CopyFS(dep.data, os.DirFS(backup)); err != nil {
		t.Fatal(err)
	}

	if out, err := dep.damlam(ctx, "audit"); err != nil {
		t.Fatalf("without the witness the restored backup audits dirty: %v\n%s", err, out)
	}
	before := dep.state()
	out, err := dep.damlam(ctx, "audit", "--witness", url+"="+witnessKey)
	want := fmt.Sprintf("SAI / MISMATCH: witness thanhtra.test/witness holds a checkpoint of size %d but the database has %d leaves", size, size-1)
	if err == nil || !strings.Contains(out, want) {
		t.Fatalf("audit --witness on a restored backup: %v; want %q in:\n%s", err, want, out)
	}
	if dep.state() != before {
		t.Error("the audit changed the database or the key folder")
	}
	sctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if out, err := dep.damlam(sctx, "serve", "--addr", "127.0.0.1:0", "--witness", url+"="+witnessKey); err == nil {
		t.Errorf("serve started on the restored backup:\n%s", out)
	}
}
