package ledger

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"

	"damlam/internal/proof"

	"golang.org/x/mod/sumdb/tlog"
)

// defaultCountBeforeOpen is Config.CountBeforeOpen when it is zero.
const defaultCountBeforeOpen int64 = 100_000

// countRows checks that the log's tables hold exactly the rows a log of
// size leaves has: none removed from the middle, none added.
func (l *Log) countRows(ctx context.Context, size int64) error {
	var leaves, hashes int64
	if err := l.db.QueryRowContext(ctx, `SELECT count(*) FROM ledger_leaves`).Scan(&leaves); err != nil {
		return fmt.Errorf("ledger: count leaves: %w", err)
	}
	if leaves != size {
		return fmt.Errorf("ledger: ledger_state says %d leaves but ledger_leaves has %d: "+
			"rows were removed or added outside the log; run the tree audit and restore from backup", size, leaves)
	}
	want := tlog.StoredHashCount(size)
	if err := l.db.QueryRowContext(ctx, `SELECT count(*) FROM ledger_hashes`).Scan(&hashes); err != nil {
		return fmt.Errorf("ledger: count hashes: %w", err)
	}
	if hashes != want {
		return fmt.Errorf("ledger: %d leaves need %d stored hashes, ledger_hashes has %d: run the tree audit and restore from backup", size, want, hashes)
	}
	return nil
}

// failure is the error of a start-up check that ran after Open returned,
// or nil.
func (l *Log) failure() error {
	if err := l.failed.Load(); err != nil {
		return *err
	}
	return nil
}

// startupCheck is the cheap check run by Open: counts, the root at the
// last stored checkpoint (recomputed from O(log n) stored hashes), and the
// file copy of the last signed checkpoint. AuditTree does the full check.
// It is checkStart, then the one repair Open makes: a key folder's copy
// newer than every stored checkpoint is stored again.
func (l *Log) startupCheck(ctx context.Context) error {
	db, file, err := l.checkStart(ctx, true)
	if err != nil || file.note == nil {
		return err // a refusal, or a new log
	}
	l.setLatest(db)
	if db.note == nil || db.cp.Size < file.cp.Size {
		// A crash after the file write but before the row insert.
		if err := l.storeCheckpoint(ctx, l.db, file.cp, file.note); err != nil {
			return err
		}
		l.setLatest(file)
	}
	return nil
}

// checkStart is what startupCheck checks, and only reads: its error is
// the reason `damlam serve` refuses to start, and the audit reports it
// among its problems. It returns the newest stored checkpoint and the key
// folder's copy (either zero when there is none). background lets a large
// log's rows be counted after it returns (see below); the audit counts
// them before.
func (l *Log) checkStart(ctx context.Context, background bool) (db, file signed, err error) {
	size, err := readSize(ctx, l.db)
	if err != nil {
		return db, file, err
	}
	// The highest index and hash id are two index lookups; counting every
	// row, which also finds rows deleted in the middle, reads the whole
	// tables: 0.4 s at 600,000 leaves, some 15 s at 20 million. A small
	// log is counted before Open returns; a large one right after, while
	// the server already answers, and a count that fails stops the log
	// from appending or handing out receipts (failed).
	var maxIdx, maxID int64
	if err := l.db.QueryRowContext(ctx, `SELECT COALESCE(max(idx), -1) FROM ledger_leaves`).Scan(&maxIdx); err != nil {
		return db, file, fmt.Errorf("ledger: highest leaf: %w", err)
	}
	if maxIdx != size-1 {
		return db, file, fmt.Errorf("ledger: ledger_state says %d leaves but the highest index in ledger_leaves is %d: "+
			"rows were removed or added outside the log; run the tree audit and restore from backup", size, maxIdx)
	}
	if err := l.db.QueryRowContext(ctx, `SELECT COALESCE(max(id), -1) FROM ledger_hashes`).Scan(&maxID); err != nil {
		return db, file, fmt.Errorf("ledger: highest hash: %w", err)
	}
	if want := tlog.StoredHashCount(size); maxID != want-1 {
		return db, file, fmt.Errorf("ledger: %d leaves need %d stored hashes, the highest id in ledger_hashes is %d: run the tree audit and restore from backup", size, want, maxID)
	}
	limit := l.cfg.CountBeforeOpen
	if limit <= 0 {
		limit = defaultCountBeforeOpen
	}
	if !background || size <= limit {
		if err := l.countRows(ctx, size); err != nil {
			return db, file, err
		}
	} else {
		go func() {
			if err := l.countRows(context.WithoutCancel(ctx), size); err != nil {
				l.failed.Store(&err)
			}
		}()
	}
	if db, err = l.lastStored(ctx, l.db); err != nil {
		return db, file, err
	}
	if db.note != nil {
		if err := l.matchesTree(ctx, db.cp, size, "the last checkpoint in ledger_checkpoints"); err != nil {
			return db, file, err
		}
	}
	file, err = l.readCheckpointFile()
	switch {
	case errors.Is(err, os.ErrNotExist) && db.note != nil:
		return db, signed{}, fmt.Errorf("ledger: %s is missing but the database holds signed checkpoints: "+
			"restore the key folder from backup (or, if you know the database is authentic, copy the newest note from ledger_checkpoints into that file)", l.checkpointFile())
	case errors.Is(err, os.ErrNotExist):
		return db, signed{}, nil // a new log
	case err != nil:
		return db, signed{}, err
	}
	if file.cp.Size > uint64(size) {
		return db, file, fmt.Errorf("ledger: the database has %d leaves but this log already signed a checkpoint of size %d (%s): "+
			"the database was rolled back (restored from an older backup?). Restore the newest backup; do not append to this one",
			size, file.cp.Size, l.checkpointFile())
	}
	if err := l.matchesTree(ctx, file.cp, size, l.checkpointFile()); err != nil {
		return db, file, err
	}
	return db, file, nil
}

// matchesTree checks a verified checkpoint against the stored tree.
func (l *Log) matchesTree(ctx context.Context, cp proof.Checkpoint, size int64, what string) error {
	if cp.Size > uint64(size) {
		return fmt.Errorf("ledger: %s has size %d, the log only %d", what, cp.Size, size)
	}
	root, err := tlog.TreeHash(int64(cp.Size), hashReader{ctx, l.db})
	if err != nil {
		return fmt.Errorf("ledger: root at %d: %w", cp.Size, err)
	}
	if root != cp.Root {
		return fmt.Errorf("ledger: the stored tree at size %d does not match %s: the log's tables were changed; run the tree audit and restore from backup", cp.Size, what)
	}
	return nil
}

func (l *Log) lastStored(ctx context.Context, q DBTX) (signed, error) {
	var size int64
	var root []byte
	var msg string
	err := q.QueryRowContext(ctx, `SELECT size, root, note FROM ledger_checkpoints ORDER BY size DESC LIMIT 1`).Scan(&size, &root, &msg)
	if errors.Is(err, sql.ErrNoRows) {
		return signed{}, nil
	}
	if err != nil {
		return signed{}, fmt.Errorf("ledger: read checkpoints: %w", err)
	}
	var cp proof.Checkpoint
	if l.latest.note != nil && string(l.latest.note) == msg {
		// The note this instance signed, or verified when it adopted it:
		// its signature is not verified again (it would be, twice for
		// every checkpoint signed).
		cp = l.latest.cp
	} else if cp, _, err = proof.OpenCheckpoint([]byte(msg), l.verifiers); err != nil {
		return signed{}, fmt.Errorf("ledger: ledger_checkpoints size %d: %w", size, err)
	}
	if cp.Size != uint64(size) || string(root) != string(cp.Root[:]) || cp.Origin != l.cfg.Origin {
		return signed{}, fmt.Errorf("ledger: ledger_checkpoints size %d: columns disagree with the signed note", size)
	}
	return signed{cp, []byte(msg)}, nil
}

func (l *Log) readCheckpointFile() (signed, error) {
	b, err := os.ReadFile(l.checkpointFile())
	if err != nil {
		return signed{}, err
	}
	cp, _, err := proof.OpenCheckpoint(b, l.verifiers)
	if err != nil {
		return signed{}, fmt.Errorf("ledger: %s: %w", l.checkpointFile(), err)
	}
	if cp.Origin != l.cfg.Origin {
		return signed{}, fmt.Errorf("ledger: %s is for log %q", l.checkpointFile(), cp.Origin)
	}
	return signed{cp, b}, nil
}
