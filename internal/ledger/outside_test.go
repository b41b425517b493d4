package ledger

import (
	"context"
	"crypto/rand"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"damlam/internal/proof"
	"damlam/internal/testdb"

	"golang.org/x/mod/sumdb/note"
)

// fileEnv is an env on an SQLite file at a known path, so that a test can
// back up and restore the whole deployment: the database file and the key
// folder, the two things an operator backs up.
type fileEnv struct {
	*env
	path string
}

func newFileEnv(t *testing.T) *fileEnv {
	path := filepath.Join(t.TempDir(), "damlam.db")
	return &fileEnv{newEnv(t, SQLite, testdb.SQLiteDSN(path)), path}
}

// backup copies the database file and, unless dbOnly, the key folder to
// dir, with the database closed (so its WAL is folded in) and reopened.
func (e *fileEnv) backup(dir string) {
	e.t.Helper()
	e.db.Close()
	copyFile(e.t.(*testing.T), e.path, filepath.Join(dir, "damlam.db"))
	if err := os.CopyFS(filepath.Join(dir, "keys"), os.DirFS(e.cfg.KeyDir)); err != nil {
		e.t.Fatal(err)
	}
	e.db = testdb.Open(e.t, SQLite, e.dsn)
	e.reopen()
}

// restore puts back a backup: the database file, and the key folder too
// unless dbOnly. It does not open the log: the test decides what Open
// should say.
func (e *fileEnv) restore(dir string, dbOnly bool) {
	e.t.Helper()
	e.db.Close()
	copyFile(e.t.(*testing.T), filepath.Join(dir, "damlam.db"), e.path)
	if !dbOnly {
		if err := os.RemoveAll(e.cfg.KeyDir); err != nil {
			e.t.Fatal(err)
		}
		if err := os.CopyFS(e.cfg.KeyDir, os.DirFS(filepath.Join(dir, "keys"))); err != nil {
			e.t.Fatal(err)
		}
	}
	e.db = testdb.Open(e.t, SQLite, e.dsn)
}

// cosign appends a witness's cosignature line to a signed checkpoint, as
// a witness's latest-checkpoint answer carries it.
func cosign(t *testing.T, signed []byte) []byte {
	t.Helper()
	cos, _, err := proof.GenerateCosigner(rand.Reader, "witness.thanhtra.test/w1", func() time.Time { return time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC) })
	if err != nil {
		t.Fatal(err)
	}
	text, _, _ := strings.Cut(string(signed), "\n\n")
	with, err := note.Sign(&note.Note{Text: text + "\n"}, cos)
	if err != nil {
		t.Fatal(err)
	}
	_, line, _ := strings.Cut(string(with), "\n\n")
	return []byte(string(signed) + line)
}

// signAs signs a checkpoint body with a key other than the log's.
func signAs(t *testing.T, origin string, signed []byte) []byte {
	t.Helper()
	skey, _, err := note.GenerateKey(rand.Reader, origin)
	if err != nil {
		t.Fatal(err)
	}
	s, _ := note.NewSigner(skey)
	text, _, _ := strings.Cut(string(signed), "\n\n")
	text = origin + text[strings.IndexByte(text, '\n'):]
	out, err := note.Sign(&note.Note{Text: text + "\n"}, s)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestOutsideCheckpointChecked restores a database together with its key
// folder from one backup, which the key folder's copy of the last
// checkpoint cannot see (it went back with the database), and checks that
// a checkpoint kept outside — what a witness cosigned after the backup —
// catches it, naming both sizes.
func TestOutsideCheckpointChecked(t *testing.T) {
	for _, tc := range []struct {
		name string
		// after is what happens once the log has signed 5, been backed up,
		// and signed 8 (note8); it returns the note an outsider holds.
		after  func(t *testing.T, e *fileEnv, backup string, note5, note8 []byte) []byte
		reason OutsideReason // 0: the database holds it
		leaves int64
		other  string // a plain error saying this
	}{
		{name: "the database it was signed over", after: func(t *testing.T, e *fileEnv, _ string, _, note8 []byte) []byte {
			return cosign(t, note8)
		}},
		{name: "an older checkpoint", after: func(t *testing.T, e *fileEnv, _ string, note5, _ []byte) []byte {
			return cosign(t, note5)
		}},
		{name: "restored with its key folder", after: func(t *testing.T, e *fileEnv, backup string, _, note8 []byte) []byte {
			e.restore(backup, false)
			e.reopen() // the key folder's copy went back too: Open cannot tell
			return cosign(t, note8)
		}, reason: OutsideAhead, leaves: 5},
		{name: "restored, then appended to the same size", after: func(t *testing.T, e *fileEnv, backup string, _, note8 []byte) []byte {
			e.restore(backup, false)
			e.reopen()
			for range 3 {
				e.add("fork")
			}
			return cosign(t, note8)
		}, reason: OutsideFork, leaves: 8},
		{name: "restored, then appended past it", after: func(t *testing.T, e *fileEnv, backup string, _, note8 []byte) []byte {
			e.restore(backup, false)
			e.reopen()
			for range 6 {
				e.add("fork")
			}
			return cosign(t, note8)
		}, reason: OutsideFork, leaves: 11},
		{name: "signed by a key the database does not list", after: func(t *testing.T, e *fileEnv, _ string, _, note8 []byte) []byte {
			return signAs(t, testOrigin, note8)
		}, reason: OutsideUnknownKey, leaves: 8},
		{name: "of another log", after: func(t *testing.T, e *fileEnv, _ string, _, note8 []byte) []byte {
			return signAs(t, "elsewhere.test/log", note8)
		}, other: "no verifiable signatures"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			e := newFileEnv(t)
			for range 5 {
				e.add("A")
			}
			note5, err := e.log.Checkpoint(ctx)
			if err != nil {
				t.Fatal(err)
			}
			backup := t.TempDir()
			e.backup(backup)
			for range 3 {
				e.add("A")
			}
			note8, err := e.log.Checkpoint(ctx)
			if err != nil {
				t.Fatal(err)
			}
			held := tc.after(t, e, backup, note5, note8)
			var stored int
			e.db.QueryRow(`SELECT count(*) FROM ledger_checkpoints`).Scan(&stored)

			err = e.log.CheckOutside(ctx, "witness w1", held)
			var oe *OutsideError
			switch {
			case tc.other != "":
				if err == nil || errors.As(err, &oe) || !strings.Contains(err.Error(), tc.other) {
					t.Fatalf("CheckOutside: %v, want an error saying %q", err, tc.other)
				}
			case tc.reason == 0:
				if err != nil {
					t.Fatalf("refused a checkpoint the database holds: %v", err)
				}
			default:
				if !errors.As(err, &oe) || oe.Reason != tc.reason || oe.Size != 8 || oe.Leaves != tc.leaves || oe.Holder != "witness w1" {
					t.Fatalf("CheckOutside: %#v (%v), want reason %d, size 8, %d leaves", oe, err, tc.reason, tc.leaves)
				}
				if !strings.Contains(err.Error(), "witness w1") || !strings.Contains(err.Error(), "restore") && tc.reason != OutsideUnknownKey {
					t.Errorf("the refusal does not name the holder or what to do: %v", err)
				}
				var after int
				e.db.QueryRow(`SELECT count(*) FROM ledger_checkpoints`).Scan(&after)
				if after != stored {
					t.Errorf("a refused checkpoint changed ledger_checkpoints: %d rows, then %d", stored, after)
				}
				// The log stops: nothing more goes into a history that
				// differs from the one shown.
				if _, _, err := addLeaf(ctx, e.db, e.log, "A", "proposal.note"); err == nil || !strings.Contains(err.Error(), "witness w1") {
					t.Errorf("append after the refusal: %v", err)
				}
				if _, err := e.log.Receipt(ctx, 0); err == nil || !strings.Contains(err.Error(), "witness w1") {
					t.Errorf("receipt after the refusal: %v", err)
				}
			}
		})
	}
}

// TestOutsideCheckpointBecomesTheFloor: a witness's checkpoint that the
// database holds but had not stored (the backup was taken after the
// leaves committed, before their checkpoint) is adopted as the log signed
// it, and it is then the floor: kept in the key folder, so that a later
// rollback of the database alone is refused at start even with no witness
// in reach.
func TestOutsideCheckpointBecomesTheFloor(t *testing.T) {
	ctx := context.Background()
	e := newFileEnv(t)
	for range 5 {
		e.add("A")
	}
	if _, err := e.log.Checkpoint(ctx); err != nil {
		t.Fatal(err)
	}
	at5 := t.TempDir()
	e.backup(at5)
	for range 3 {
		e.add("A")
	}
	leaves8 := t.TempDir()
	e.backup(leaves8) // 8 leaves, checkpoints of 5 only, tripwire at 5
	note8, err := e.log.Checkpoint(ctx)
	if err != nil {
		t.Fatal(err)
	}

	e.restore(leaves8, false)
	e.reopen()
	if err := e.log.CheckOutside(ctx, "witness w1", cosign(t, note8)); err != nil {
		t.Fatal(err)
	}
	var stored string
	if err := e.db.QueryRow(`SELECT note FROM ledger_checkpoints WHERE size = 8`).Scan(&stored); err != nil || stored != string(note8) {
		t.Fatalf("ledger_checkpoints at 8: %v\n%q\nwant the log's note without the cosignature\n%q", err, stored, note8)
	}
	if file, _ := os.ReadFile(e.log.checkpointFile()); string(file) != string(note8) {
		t.Fatalf("the key folder's copy is not the adopted checkpoint:\n%s", file)
	}
	if got, err := e.log.Checkpoint(ctx); err != nil || string(got) != string(note8) {
		t.Fatalf("signed size 8 again instead of handing out the adopted note: %v\n%s", err, got)
	}
	idx := e.add("A")
	if r, err := e.log.Receipt(ctx, idx); err != nil || !strings.Contains(string(r.Checkpoint), "\n9\n") {
		t.Fatalf("the next receipt: %v\n%s", err, r.Checkpoint)
	}

	// The floor outlives the witness: the database alone put back to 5
	// leaves is refused by the key folder's copy.
	e.restore(at5, true)
	if _, err := Open(ctx, e.db, e.cfg); err == nil || !strings.Contains(err.Error(), "rolled back") {
		t.Fatalf("Open on the 5-leaf database after adopting 8: %v", err)
	}
}

// TestStartupChecksTheCheckpointCopy: every Open compares the database with
// the key folder's copy of the last checkpoint, whichever way they
// disagree.
func TestStartupChecksTheCheckpointCopy(t *testing.T) {
	for _, tc := range []struct {
		name    string
		change  func(t *testing.T, e *fileEnv, backup string)
		refusal string // "" means Open must succeed
	}{
		{"unchanged", func(t *testing.T, e *fileEnv, backup string) {}, ""},
		{"database rolled back", func(t *testing.T, e *fileEnv, backup string) { e.restore(backup, true) }, "rolled back"},
		{"database rolled back, then appended to", func(t *testing.T, e *fileEnv, backup string) {
			e.restore(backup, true)
			l := &Log{db: e.db, cfg: e.cfg}
			for range 3 {
				if _, _, err := addLeaf(context.Background(), e.db, l, "fork", "proposal.note"); err != nil {
					t.Fatal(err)
				}
			}
		}, "does not match"},
		{"copy deleted", func(t *testing.T, e *fileEnv, backup string) { os.Remove(e.log.checkpointFile()) }, "missing"},
		{"copy from another log", func(t *testing.T, e *fileEnv, backup string) {
			b, _ := os.ReadFile(e.log.checkpointFile())
			os.WriteFile(e.log.checkpointFile(), signAs(t, testOrigin, b), 0o600)
		}, "last-checkpoint.txt"},
		{"copy behind the database (another instance signed since)", func(t *testing.T, e *fileEnv, backup string) {
			b, _ := os.ReadFile(filepath.Join(backup, "keys", "last-checkpoint.txt"))
			os.WriteFile(e.log.checkpointFile(), b, 0o600)
		}, ""},
		{"checkpoint row lost after the copy was written", func(t *testing.T, e *fileEnv, backup string) {
			e.dropTriggers()
			e.exec(`DELETE FROM ledger_checkpoints WHERE size = 8`)
		}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			e := newFileEnv(t)
			for range 5 {
				e.add("A")
			}
			if _, err := e.log.Checkpoint(ctx); err != nil {
				t.Fatal(err)
			}
			backup := t.TempDir()
			e.backup(backup)
			for range 3 {
				e.add("A")
			}
			if _, err := e.log.Checkpoint(ctx); err != nil {
				t.Fatal(err)
			}
			tc.change(t, e, backup)
			l, err := Open(ctx, e.db, e.cfg)
			switch {
			case tc.refusal == "" && err != nil:
				t.Fatalf("Open refused: %v", err)
			case tc.refusal != "" && (err == nil || !strings.Contains(err.Error(), tc.refusal)):
				t.Fatalf("Open: %v, want a refusal saying %q", err, tc.refusal)
			case tc.refusal == "":
				// What Open accepted, it hands out: the newest checkpoint.
				cp, err := l.Checkpoint(ctx)
				if err != nil || !strings.Contains(string(cp), "\n8\n") {
					t.Fatalf("checkpoint after Open: %v\n%s", err, cp)
				}
			}
		})
	}
}

// TestAppendRefusedOnADatabaseReplacedUnderIt: a running log whose
// database is swapped for an older copy refuses to append, so that no
// decision commits only to be denied its receipt; a copy with another
// history of the same size takes the append (it cannot be told from the
// sequencer alone), and then the receipt is refused.
func TestAppendRefusedOnADatabaseReplacedUnderIt(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dialect, dsn string) {
		ctx := context.Background()
		e := newEnv(t, dialect, dsn)
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
		if _, err := e.log.Checkpoint(ctx); err != nil {
			t.Fatal(err)
		}

		e.log.db = backup // replaced under the running instance
		if _, _, err := addLeaf(ctx, backup, e.log, "A", "proposal.note"); err == nil || !strings.Contains(err.Error(), "nothing was appended") {
			t.Fatalf("append on the older copy: %v", err)
		}
		if n, _ := readSize(ctx, backup); n != 5 {
			t.Fatalf("the older copy grew to %d leaves", n)
		}

		for range 3 {
			if _, _, err := addLeaf(ctx, backup, &Log{db: backup, cfg: e.cfg}, "fork", "proposal.note"); err != nil {
				t.Fatal(err)
			}
		}
		idx, _, err := addLeaf(ctx, backup, e.log, "fork", "proposal.note")
		if err != nil {
			t.Fatalf("append on a copy as big as the checkpoint: %v", err)
		}
		if _, err := e.log.Receipt(ctx, idx); err == nil || !strings.Contains(err.Error(), "differs") {
			t.Fatalf("receipt on another history: %v", err)
		}
	})
}
