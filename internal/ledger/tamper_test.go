package ledger

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"damlam/internal/testdb"

	"golang.org/x/mod/sumdb/tlog"
)

// tamperEnv is a log of 12 leaves over two cases with signed checkpoints,
// its triggers dropped so a test can change rows as an attacker would.
func tamperEnv(t *testing.T, dialect, dsn string) *env {
	e := newEnv(t, dialect, dsn)
	for i := range 12 {
		e.add([]string{"A", "B"}[i%2])
		if i%5 == 4 {
			if _, err := e.log.Checkpoint(context.Background()); err != nil {
				t.Fatal(err)
			}
		}
	}
	if _, err := e.log.Checkpoint(context.Background()); err != nil {
		t.Fatal(err)
	}
	if rep := e.audit(); !rep.OK() {
		t.Fatal(rep.Problems)
	}
	e.dropTriggers()
	return e
}

// wantProblem checks that the audit names each given fragment.
func wantProblem(t *testing.T, rep AuditReport, fragments ...string) {
	t.Helper()
	all := strings.Join(rep.Problems, "\n")
	for _, f := range fragments {
		if !strings.Contains(all, f) {
			t.Errorf("audit does not mention %q; it says:\n%s", f, all)
		}
	}
}

func TestTamperDetected(t *testing.T) {
	for name, tc := range map[string]struct {
		tamper    func(e *env)
		audit     []string
		openFails bool
	}{
		"changed leaf byte": {
			tamper: func(e *env) {
				leaf, _ := e.log.Leaf(context.Background(), 7)
				leaf[len(leaf)-2] ^= 1
				e.exec(`UPDATE ledger_leaves SET leaf = $1 WHERE idx = 7`, leaf)
			},
			audit: []string{"ledger_leaves idx 7: leaf hash mismatch"},
		},
		"changed hash row": {
			tamper: func(e *env) {
				id := tlog.StoredHashIndex(3, 0) // the node over leaves 0..7, read for every root
				e.exec(`UPDATE ledger_hashes SET hash = $1 WHERE id = $2`, make([]byte, 32), id)
			},
			audit:     []string{"(level 3, node 0): hash mismatch"},
			openFails: true,
		},
		"changed inner hash row": {
			// Below a stored subtree: the cheap start-up check reads only
			// the O(log n) hashes a root needs, the audit reads them all.
			tamper: func(e *env) {
				id := tlog.StoredHashIndex(1, 2) // the node over leaves 4 and 5
				e.exec(`UPDATE ledger_hashes SET hash = $1 WHERE id = $2`, make([]byte, 32), id)
			},
			audit: []string{"(level 1, node 2): hash mismatch"},
		},
		"deleted leaf row": {
			tamper:    func(e *env) { e.exec(`DELETE FROM ledger_leaves WHERE idx = 3`) },
			audit:     []string{"ledger_leaves idx 3: missing", "case B chain broken"},
			openFails: true,
		},
		"deleted hash row": {
			tamper:    func(e *env) { e.exec(`DELETE FROM ledger_hashes WHERE id = 5`) },
			audit:     []string{"ledger_hashes id 5: missing"},
			openFails: true,
		},
		"swapped order": {
			tamper: func(e *env) {
				a, _ := e.log.Leaf(context.Background(), 4)
				b, _ := e.log.Leaf(context.Background(), 6)
				e.exec(`UPDATE ledger_leaves SET leaf = $1 WHERE idx = 4`, b)
				e.exec(`UPDATE ledger_leaves SET leaf = $1 WHERE idx = 6`, a)
			},
			audit: []string{"ledger_leaves idx 4: leaf hash mismatch", "ledger_leaves idx 6: leaf hash mismatch", "case A chain broken"},
		},
		"rewritten tree": {
			// Change a leaf and recompute every hash above it: the tree
			// is self-consistent again, but no longer what was signed.
			tamper: func(e *env) {
				ctx := context.Background()
				leaf, _ := e.log.Leaf(ctx, 2)
				leaf[len(leaf)-2] ^= 1
				e.exec(`UPDATE ledger_leaves SET leaf = $1 WHERE idx = 2`, leaf)
				var hs []tlog.Hash
				r := tlog.HashReaderFunc(func(ids []int64) ([]tlog.Hash, error) {
					out := make([]tlog.Hash, len(ids))
					for i, id := range ids {
						out[i] = hs[id]
					}
					return out, nil
				})
				e.log.ScanLeaves(ctx, 0, func(idx int64, _ string, b []byte) error {
					more, err := tlog.StoredHashes(idx, b, r)
					hs = append(hs, more...)
					return err
				})
				for id, h := range hs {
					e.exec(`UPDATE ledger_hashes SET hash = $1 WHERE id = $2`, h[:], id)
				}
			},
			audit:     []string{"ledger_checkpoints size 5: note: root does not match", "last-checkpoint.txt: root does not match"},
			openFails: true,
		},
	} {
		t.Run(name, func(t *testing.T) {
			testdb.Each(t, func(t *testing.T, dialect, dsn string) {
				if dialect == Postgres && testing.Short() {
					t.Skip("short")
				}
				e := tamperEnv(t, dialect, dsn)
				tc.tamper(e)
				rep := e.audit()
				wantProblem(t, rep, tc.audit...)
				_, err := Open(context.Background(), e.db, e.cfg)
				if tc.openFails && err == nil {
					t.Error("Open accepted the tampered log")
				}
				if err != nil && !strings.Contains(err.Error(), "restore") {
					t.Errorf("Open's refusal does not say what to do: %v", err)
				}
			})
		})
	}
}

// TestRolledBackDatabaseRefused restores an older copy of the database
// file after the log has signed a bigger checkpoint: Open must refuse,
// because the key folder's copy of the last checkpoint is ahead.
func TestRolledBackDatabaseRefused(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "damlam.db")
	e := newEnv(t, SQLite, testdb.SQLiteDSN(path))
	ctx := context.Background()
	for range 5 {
		e.add("A")
	}
	e.log.Checkpoint(ctx)
	e.db.Close() // folds the WAL into the main file
	copyFile(t, path, path+".bak")

	e.db = testdb.Open(t, SQLite, e.dsn)
	e.reopen()
	for range 3 {
		e.add("A")
	}
	if _, err := e.log.Receipt(ctx, 7); err != nil {
		t.Fatal(err)
	}
	e.db.Close()
	copyFile(t, path+".bak", path)

	e.db = testdb.Open(t, SQLite, e.dsn)
	_, err := Open(ctx, e.db, e.cfg)
	if err == nil || !strings.Contains(err.Error(), "rolled back") {
		t.Fatalf("Open on a rolled-back database: %v", err)
	}
	// The audit says the same, row by row.
	l, err := OpenAudit(ctx, e.db, e.cfg)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := l.AuditTree(ctx)
	if err != nil {
		t.Fatal(err)
	}
	wantProblem(t, rep, "last-checkpoint.txt: size 8 is beyond the log's 5 leaves", "start-up check: damlam serve refuses to start: ledger: the database has 5 leaves but this log already signed a checkpoint of size 8")
}

func TestMissingCheckpointFileRefused(t *testing.T) {
	e := sqliteEnv(t)
	e.add("A")
	e.log.Checkpoint(context.Background())
	os.Remove(e.log.checkpointFile())
	if _, err := Open(context.Background(), e.db, e.cfg); err == nil || !strings.Contains(err.Error(), "missing") {
		t.Fatalf("Open without the checkpoint copy: %v", err)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	for _, suffix := range []string{"-wal", "-shm"} {
		os.Remove(to + suffix)
	}
	src, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	dst, err := os.Create(to)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(dst, src); err != nil {
		t.Fatal(err)
	}
	if err := dst.Close(); err != nil {
		t.Fatal(err)
	}
}
