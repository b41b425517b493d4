package ledger

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"damlam/internal/proof"
	"damlam/internal/testdb"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// checkpointNote is the stored note of the checkpoint row of size n.
func (e *env) checkpointNote(n int64) string {
	e.t.Helper()
	var msg string
	if err := e.db.QueryRow(`SELECT note FROM ledger_checkpoints WHERE size = $1`, n).Scan(&msg); err != nil {
		e.t.Fatalf("checkpoint %d: %v", n, err)
	}
	return msg
}

// forged signs the true root at size n with a key of the log's origin that
// the log never had: what someone who can write the table but does not
// hold the key can make.
func (e *env) forged(n int64) (root []byte, msg string) {
	e.t.Helper()
	skey, _, err := note.GenerateKey(rand.Reader, testOrigin)
	if err != nil {
		e.t.Fatal(err)
	}
	s, err := note.NewSigner(skey)
	if err != nil {
		e.t.Fatal(err)
	}
	h, err := e.log.rootAt(context.Background(), n)
	if err != nil {
		e.t.Fatal(err)
	}
	b, err := note.Sign(&note.Note{Text: proof.Checkpoint{Origin: testOrigin, Size: uint64(n), Root: h}.Text()}, s)
	if err != nil {
		e.t.Fatal(err)
	}
	return h[:], string(b)
}

// snapshot is everything an audit could write: the checkpoint rows and
// the key folder's files.
func (e *env) snapshot() string {
	e.t.Helper()
	var b strings.Builder
	rows, err := e.db.Query(`SELECT size, root, note FROM ledger_checkpoints ORDER BY size`)
	if err != nil {
		e.t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var n int64
		var root []byte
		var msg string
		rows.Scan(&n, &root, &msg)
		fmt.Fprintf(&b, "%d|%x|%s\n", n, root, msg)
	}
	var state, keys int64
	e.db.QueryRow(`SELECT size FROM ledger_state`).Scan(&state)
	e.db.QueryRow(`SELECT count(*) FROM ledger_keys`).Scan(&keys)
	fmt.Fprintf(&b, "size %d keys %d\n", state, keys)
	filepath.WalkDir(e.cfg.KeyDir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			data, _ := os.ReadFile(path)
			b.WriteString(path + "=" + string(data))
		}
		return nil
	})
	return b.String()
}

// auditOnly runs AuditTree on a log opened for an audit and checks that
// it wrote nothing.
func (e *env) auditOnly() AuditReport {
	e.t.Helper()
	before := e.snapshot()
	l, err := OpenAudit(context.Background(), e.db, e.cfg)
	if err != nil {
		e.t.Fatal(err)
	}
	rep, err := l.AuditTree(context.Background())
	if err != nil {
		e.t.Fatal(err)
	}
	if after := e.snapshot(); after != before {
		e.t.Error("the audit changed the checkpoint rows or the key folder")
	}
	return rep
}

// TestCheckpointRowTampering changes each column of ledger_checkpoints,
// deletes and inserts rows. The log has checkpoints of sizes 5, 10 and 12
// (the newest, also in the key folder). The audit must name the row and
// the column, and say when `damlam serve` would refuse to start: at start
// only the newest row is checked.
func TestCheckpointRowTampering(t *testing.T) {
	for name, tc := range map[string]struct {
		tamper func(e *env)
		audit  []string
		// refused: the start-up check fails, and the audit says so.
		refused bool
	}{
		"root column changed": {
			tamper: func(e *env) { e.exec(`UPDATE ledger_checkpoints SET root = $1 WHERE size = 10`, make([]byte, 32)) },
			audit:  []string{"ledger_checkpoints size 10: root: not the signed note's root"},
		},
		"root column of the newest changed": {
			tamper:  func(e *env) { e.exec(`UPDATE ledger_checkpoints SET root = $1 WHERE size = 12`, make([]byte, 32)) },
			audit:   []string{"ledger_checkpoints size 12: root: not the signed note's root", "columns disagree with the signed note"},
			refused: true,
		},
		"size column changed": {
			tamper: func(e *env) { e.exec(`UPDATE ledger_checkpoints SET size = 11 WHERE size = 10`) },
			audit:  []string{"ledger_checkpoints size 11: size: 11, but the signed note is of size 10"},
		},
		"note of another size put in": {
			tamper: func(e *env) { e.exec(`UPDATE ledger_checkpoints SET note = $1 WHERE size = 10`, e.checkpointNote(5)) },
			audit:  []string{"ledger_checkpoints size 10: size: 10, but the signed note is of size 5", "ledger_checkpoints size 10: root: not the signed note's root"},
		},
		"note body edited": {
			tamper: func(e *env) {
				msg := strings.Replace(e.checkpointNote(10), "\n10\n", "\n11\n", 1)
				e.exec(`UPDATE ledger_checkpoints SET note = $1 WHERE size = 10`, msg)
			},
			audit: []string{"ledger_checkpoints size 10: note: not a checkpoint signed by the log's keys"},
		},
		"signature of the newest edited": {
			tamper: func(e *env) {
				msg := e.checkpointNote(12)
				i := len(msg) - 6 // inside the base64 of the last signature line
				c := byte('A')
				if msg[i] == 'A' {
					c = 'B'
				}
				e.exec(`UPDATE ledger_checkpoints SET note = $1 WHERE size = 12`, msg[:i]+string(c)+msg[i+1:])
			},
			audit:   []string{"ledger_checkpoints size 12: note: not a checkpoint signed by the log's keys"},
			refused: true,
		},
		"newest row deleted": {
			// Open stores the key folder's copy again (its crash repair);
			// the audit must say the row is gone, not put it back.
			tamper: func(e *env) { e.exec(`DELETE FROM ledger_checkpoints WHERE size = 12`) },
			audit:  []string{"ledger_checkpoints size 12: missing (deleted?)", "last-checkpoint.txt holds that checkpoint"},
		},
		"forged row inserted": {
			tamper: func(e *env) {
				root, msg := e.forged(11)
				e.exec(`INSERT INTO ledger_checkpoints (size, root, note, created_at) VALUES (11, $1, $2, 'x')`, root, msg)
			},
			audit: []string{"ledger_checkpoints size 11: note: not a checkpoint signed by the log's keys"},
		},
		"forged newest row inserted": {
			tamper: func(e *env) {
				e.add("A")
				root, msg := e.forged(13)
				e.exec(`INSERT INTO ledger_checkpoints (size, root, note, created_at) VALUES (13, $1, $2, 'x')`, root, msg)
			},
			audit:   []string{"ledger_checkpoints size 13: note: not a checkpoint signed by the log's keys"},
			refused: true,
		},
		"real note inserted beyond the tree": {
			tamper: func(e *env) {
				e.exec(`INSERT INTO ledger_checkpoints (size, root, note, created_at) VALUES (20, $1, $2, 'x')`, make([]byte, 32), e.checkpointNote(12))
			},
			audit:   []string{"ledger_checkpoints size 20: size: 20, but the signed note is of size 12", "ledger_checkpoints size 20: root: not the signed note's root"},
			refused: true,
		},
	} {
		t.Run(name, func(t *testing.T) {
			testdb.Each(t, func(t *testing.T, dialect, dsn string) {
				if dialect == Postgres && testing.Short() {
					t.Skip("short")
				}
				e := tamperEnv(t, dialect, dsn)
				tc.tamper(e)
				rep := e.auditOnly()
				wantProblem(t, rep, tc.audit...)
				_, openErr := Open(context.Background(), e.db, e.cfg)
				said := strings.Contains(strings.Join(rep.Problems, "\n"), "start-up check: damlam serve refuses to start")
				switch {
				case tc.refused && openErr == nil:
					t.Error("Open accepted the tampered table")
				case !tc.refused && openErr != nil:
					t.Errorf("Open refused: %v", openErr)
				case said != (openErr != nil):
					t.Errorf("Open's error %v, but the audit says %v", openErr, rep.Problems)
				}
			})
		})
	}
}

// TestCheckHeldNamesADeletedRow: a row in the middle leaves no trace in the
// table when deleted; a copy held outside (a witness's, a published one)
// names it. CheckHeld also says what `serve --checkpoint` refuses for.
func TestCheckHeldNamesADeletedRow(t *testing.T) {
	e := tamperEnv(t, SQLite, testdb.SQLite(t))
	ctx := context.Background()
	five := e.checkpointNote(5)
	e.exec(`DELETE FROM ledger_checkpoints WHERE size = 5`)
	// The table alone cannot show it: the rows left are all consistent.
	if rep := e.auditOnly(); !rep.OK() {
		t.Fatalf("audit: %v", rep.Problems)
	}
	_, forged := e.forged(12)
	e.add("A")
	l, err := OpenAudit(ctx, e.db, e.cfg)
	if err != nil {
		t.Fatal(err)
	}
	ahead, err := l.Checkpoint(ctx)
	if !errors.Is(err, ErrAuditOnly) {
		t.Fatalf("a log open for an audit signed: %v %s", err, ahead)
	}
	for name, tc := range map[string]struct {
		msg  string
		want string
	}{
		"deleted row":     {five, "ledger_checkpoints size 5: missing (deleted?): the archive holds that checkpoint"},
		"row present":     {e.checkpointNote(10), ""},
		"unknown key":     {forged, "the archive holds a checkpoint of size 12 of this log signed by a key the database does not list"},
		"not a signature": {"hello\n", "checkpoint from the archive"},
	} {
		t.Run(name, func(t *testing.T) {
			got, err := l.CheckHeld(ctx, "the archive", []byte(tc.msg))
			if err != nil {
				t.Fatal(err)
			}
			all := strings.Join(got, "\n")
			if (tc.want == "") != (all == "") || !strings.Contains(all, tc.want) {
				t.Errorf("CheckHeld says %q, want %q", all, tc.want)
			}
		})
	}
}

// TestAuditOpensWhatServeRefuses: whatever makes Open refuse, OpenAudit
// opens, the audit says why serve refuses, and nothing is written — not
// the missing checkpoint copy, not a key.
func TestAuditOpensWhatServeRefuses(t *testing.T) {
	ctx := context.Background()
	for name, tc := range map[string]struct {
		damage func(e *env)
		want   string
	}{
		"checkpoint copy deleted": {
			damage: func(e *env) { os.Remove(e.log.checkpointFile()) },
			want:   "last-checkpoint.txt is missing but the database holds signed checkpoints",
		},
		"checkpoint copy of another tree": {
			damage: func(e *env) {
				_, msg := e.forged(12)
				os.WriteFile(e.log.checkpointFile(), []byte(msg), 0o600)
			},
			want: "last-checkpoint.txt",
		},
		"signing key deleted": {
			damage: func(e *env) { os.Remove(e.log.keyFile(e.log.keyID)) },
			want:   "is unreadable",
		},
		"tree hash changed": {
			damage: func(e *env) {
				e.exec(`UPDATE ledger_hashes SET hash = $1 WHERE id = $2`, make([]byte, 32), tlog.StoredHashIndex(3, 0))
			},
			want: "the stored tree at size",
		},
		"leaf deleted": {
			damage: func(e *env) { e.exec(`DELETE FROM ledger_leaves WHERE idx = 11`) },
			want:   "the highest index in ledger_leaves is 10",
		},
	} {
		t.Run(name, func(t *testing.T) {
			e := tamperEnv(t, SQLite, testdb.SQLite(t))
			tc.damage(e)
			if _, err := Open(ctx, e.db, e.cfg); err == nil {
				t.Fatal("Open accepted the damaged log")
			}
			// Open may have written (it did not get that far here, but a
			// snapshot taken now is what the audit must leave alone).
			rep := e.auditOnly()
			wantProblem(t, rep, "start-up check: damlam serve refuses to start", tc.want)
		})
	}
}

// TestAuditOnlyWritesNothing: a log opened for an audit on a database
// with no key refuses every write, and creates neither the key folder
// nor a key.
func TestAuditOnlyWritesNothing(t *testing.T) {
	ctx := context.Background()
	e := sqliteEnv(t)
	e.add("A")
	cfg := e.cfg
	cfg.KeyDir = filepath.Join(t.TempDir(), "absent")
	l, err := OpenAudit(ctx, e.db, cfg)
	if err != nil {
		t.Fatal(err)
	}
	tx, err := e.db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	leaf, err := nextLeaf(ctx, l, tx, "A", "proposal.note")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := l.Append(ctx, tx, "A", leaf); !errors.Is(err, ErrAuditOnly) {
		t.Errorf("Append: %v", err)
	}
	tx.Rollback()
	if _, err := l.Receipt(ctx, 0); !errors.Is(err, ErrAuditOnly) {
		t.Errorf("Receipt: %v", err)
	}
	if err := l.RotateKey(ctx); !errors.Is(err, ErrAuditOnly) {
		t.Errorf("RotateKey: %v", err)
	}
	rep, err := l.AuditTree(ctx)
	if err != nil {
		t.Fatal(err)
	}
	wantProblem(t, rep, "start-up check: damlam serve refuses to start", "is unreadable")
	if _, err := os.Stat(cfg.KeyDir); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the audit created the key folder: %v", err)
	}
}
