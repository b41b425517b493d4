package ledger

import (
	"context"
	"database/sql"
	"os"
	"strings"
	"testing"
	"time"

	"damlam/internal/proof"
	"damlam/internal/testdb"
)

// cloneLog copies the log's tables from one database into a fresh one of
// the same dialect: a backup restored elsewhere, or a replica that stopped
// replicating at that moment.
func cloneLog(t *testing.T, e *env) *sql.DB {
	t.Helper()
	dsn := testdb.SQLite(t)
	if e.dialect == Postgres {
		dsn = testdb.Postgres(t)
	}
	to := testdb.Open(t, e.dialect, dsn)
	migrate(t, to, e.dialect)
	for _, tc := range []struct{ table, cols string }{
		{"ledger_keys", "key_id, vkey, since_size, created_at"},
		{"ledger_leaves", "idx, case_id, leaf, created_at"},
		{"ledger_hashes", "id, hash"},
		{"ledger_checkpoints", "size, root, note, created_at"},
	} {
		rows, err := e.db.Query(`SELECT ` + tc.cols + ` FROM ` + tc.table)
		if err != nil {
			t.Fatal(err)
		}
		n := strings.Count(tc.cols, ",") + 1
		ph := make([]string, n)
		for i := range ph {
			ph[i] = "$" + string(rune('1'+i))
		}
		for rows.Next() {
			vals := make([]any, n)
			ptrs := make([]any, n)
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			if _, err := to.Exec(`INSERT INTO `+tc.table+` (`+tc.cols+`) VALUES (`+strings.Join(ph, ", ")+`)`, vals...); err != nil {
				t.Fatal(err)
			}
		}
		rows.Close()
	}
	size, _ := readSize(context.Background(), e.db)
	if _, err := to.Exec(`UPDATE ledger_state SET size = $1 WHERE id = 1`, size); err != nil {
		t.Fatal(err)
	}
	return to
}

// TestLaggingInstanceNeverSignsAnOlderTree puts an instance that has
// signed a checkpoint of 8 leaves in front of databases that disagree with
// it, and an instance that lags behind another in front of the newer log.
// Refusals must say why; nothing may be signed or stored.
func TestLaggingInstanceNeverSignsAnOlderTree(t *testing.T) {
	for _, tc := range []struct {
		name string
		// db returns the database the instance faces after it signed 8;
		// backup is the log at 5 leaves, main the log at 8.
		db      func(t *testing.T, e *env, backup *sql.DB) *sql.DB
		refusal string // "" means the instance must answer
	}{
		{"the log it signed", func(t *testing.T, e *env, backup *sql.DB) *sql.DB { return e.db }, ""},
		{"a restored backup", func(t *testing.T, e *env, backup *sql.DB) *sql.DB { return backup }, "rolled back"},
		{"a restored backup that took new decisions", func(t *testing.T, e *env, backup *sql.DB) *sql.DB {
			for range 3 {
				if _, _, err := addLeaf(context.Background(), backup, &Log{db: backup, cfg: e.cfg}, "fork", "proposal.note"); err != nil {
					t.Fatal(err)
				}
			}
			return backup
		}, "differs"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			testdb.Each(t, func(t *testing.T, dialect, dsn string) {
				e := newEnv(t, dialect, dsn)
				ctx := context.Background()
				for range 5 {
					e.add("A")
				}
				if _, err := e.log.Checkpoint(ctx); err != nil {
					t.Fatal(err)
				}
				backup := cloneLog(t, e)
				for range 3 {
					e.add("A")
				}
				signed8, err := e.log.Checkpoint(ctx)
				if err != nil {
					t.Fatal(err)
				}
				faced := tc.db(t, e, backup)
				var before int
				faced.QueryRow(`SELECT count(*) FROM ledger_checkpoints`).Scan(&before)

				e.log.db = faced // the database changed under a running instance
				got, err := e.log.Checkpoint(ctx)
				_, rerr := e.log.Receipt(ctx, 2)
				switch {
				case tc.refusal == "" && (err != nil || rerr != nil):
					t.Fatalf("refused an honest log: %v / %v", err, rerr)
				case tc.refusal == "" && string(got) != string(signed8):
					t.Fatal("signed again although nothing changed")
				case tc.refusal != "" && (err == nil || !strings.Contains(err.Error(), tc.refusal)):
					t.Fatalf("checkpoint: %v, want a refusal saying %q", err, tc.refusal)
				case tc.refusal != "" && rerr == nil:
					t.Fatal("handed out a receipt against a database that disagrees with its checkpoint")
				}
				var after int
				faced.QueryRow(`SELECT count(*) FROM ledger_checkpoints`).Scan(&after)
				if after != before {
					t.Errorf("ledger_checkpoints went from %d to %d rows", before, after)
				}
				// A new instance with this key folder refuses to start there.
				if _, err := Open(ctx, faced, e.cfg); (err == nil) != (tc.refusal == "") {
					t.Errorf("Open with the tripwire at 8: %v", err)
				}
			})
		})
	}
}

// TestLaggingInstanceAdoptsTheNewerCheckpoint: an instance that last saw 5
// leaves, in front of a log another instance signed at 8, hands out that
// checkpoint instead of signing one of its own, and moves its tripwire up.
func TestLaggingInstanceAdoptsTheNewerCheckpoint(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dialect, dsn string) {
		e := newEnv(t, dialect, dsn)
		ctx := context.Background()
		for range 5 {
			e.add("A")
		}
		lagging := e.instanceOn(t, time.Now)
		if _, err := lagging.Checkpoint(ctx); err != nil {
			t.Fatal(err)
		}
		for range 3 {
			e.add("A")
		}
		signed8, err := e.log.Checkpoint(ctx)
		if err != nil {
			t.Fatal(err)
		}
		got, err := lagging.Checkpoint(ctx)
		if err != nil || string(got) != string(signed8) {
			t.Fatalf("lagging instance: %v\n%s\nwant the newer instance's\n%s", err, got, signed8)
		}
		if file, _ := os.ReadFile(lagging.checkpointFile()); string(file) != string(signed8) {
			t.Error("the lagging instance's tripwire did not move up to the adopted checkpoint")
		}
		var n int
		e.db.QueryRow(`SELECT count(*) FROM ledger_checkpoints`).Scan(&n)
		if n != 2 {
			t.Errorf("%d checkpoints stored, want 2 (5 and 8)", n)
		}
	})
}

// TestRotationByAnotherInstance: after one instance rotates the key, an
// instance sharing the key folder signs with the new key; one whose key
// folder lacks it refuses to sign instead of signing with the retired key.
func TestRotationByAnotherInstance(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dialect, dsn string) {
		e := newEnv(t, dialect, dsn)
		ctx := context.Background()
		e.add("A")
		e.log.Checkpoint(ctx)
		oldKeys, _ := e.log.VerifierKeys(ctx)
		separate := e.instanceOn(t, time.Now)
		shared, err := Open(ctx, testdb.Open(t, dialect, dsn), e.cfg)
		if err != nil {
			t.Fatal(err)
		}
		if err := e.log.RotateKey(ctx); err != nil {
			t.Fatal(err)
		}
		newKeys, _ := e.log.VerifierKeys(ctx)
		newOnly := newVerifiers(t, newKeys[len(newKeys)-1])

		idx, leaf, err := addLeaf(ctx, shared.db, shared, "A", "proposal.note")
		if err != nil {
			t.Fatal(err)
		}
		r, err := shared.Receipt(ctx, idx)
		if err != nil {
			t.Fatal(err)
		}
		if err := proof.VerifyReceipt(r, leaf, newOnly); err != nil {
			t.Errorf("the instance sharing the key folder did not sign with the new key: %v", err)
		}
		if _, err := separate.Receipt(ctx, idx); err == nil || !strings.Contains(err.Error(), "rotated") {
			t.Errorf("an instance without the new key: %v, want a refusal naming the rotation", err)
		}
		// The checkpoint that introduced the key is vouched for by the old.
		var first string
		e.db.QueryRow(`SELECT note FROM ledger_checkpoints WHERE size = 2`).Scan(&first)
		if _, _, err := proof.OpenCheckpoint([]byte(first), newVerifiers(t, oldKeys...)); err != nil {
			t.Errorf("first checkpoint after the rotation is not signed by the old key: %v", err)
		}
	})
}
