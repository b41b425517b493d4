package ledger

import (
	"context"
	"database/sql"
	"fmt"

	"damlam/internal/fsutil"
	"damlam/internal/proof"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// Signing across instances
//
// Any number of processes may share one database: several `damlam serve`
// instances on PostgreSQL, or a server and a cron `damlam escalate` on one
// SQLite file. Appending is safe for all of them (the sequencer row is
// locked). Signing needs more, because a signed checkpoint outlives the
// database it describes: a signature over a tree smaller than one already
// signed, or a second root for a size already signed, would put two
// histories under one key.
//
// The signer compares two records of what was signed:
//
//   - the shared record: the biggest checkpoint in ledger_checkpoints,
//     which every instance writes in the transaction that holds the signing
//     lock, and
//   - its own memory: the biggest checkpoint this process has signed or
//     handed out, also kept in the key folder's last-checkpoint.txt.
//
// The newest of the two is the floor. The committed tree must still hold
// the floor (same root at the floor's size, and no fewer leaves), or the
// signer refuses: the database was rolled back, restored, failed over to a
// replica that lost commits, or edited. A caller whose leaf the floor
// already covers adopts the floor, which needs no lock. Otherwise the
// signer takes the signing lock (an advisory lock on PostgreSQL; the write
// lock that BEGIN IMMEDIATE takes on SQLite), reads both records again
// under it, and signs the whole committed tree only if it is still bigger
// than the floor. So stored sizes only grow and no size is signed twice.
//
// The tripwire file is written after the row commits and before the
// checkpoint is handed out (fsync stays outside the database lock, which on
// SQLite every writer waits for). A crash in between leaves the file
// behind ledger_checkpoints, which is normal: other instances' newer
// checkpoints leave it behind too. What it must never be is behind a
// checkpoint this instance handed out, and it is not.

// signLockKey names the signing lock among PostgreSQL advisory locks
// ("damlam" and a version byte).
const signLockKey int64 = 0x64616d6c616d01

// Conn is what the signer reads through and begins its transaction on:
// the log's *sql.DB, or a connection a caller keeps for its own writes
// (the store's group commit signs on the connection it commits on, so
// that it does not queue for one behind hundreds of readers).
type Conn interface {
	DBTX
	BeginTx(ctx context.Context, opts *sql.TxOptions) (*sql.Tx, error)
}

// refreshLocked returns a signed checkpoint of at least need leaves
// (need < 0: of everything committed), adopting one already signed when it
// suffices and signing the committed tree otherwise. extra signers co-sign
// a new checkpoint (key rotation). l.mu must be held.
func (l *Log) refreshLocked(ctx context.Context, db Conn, need int64, extra ...note.Signer) (signed, error) {
	if err := l.failure(); err != nil {
		return signed{}, err
	}
	// Another instance may have rotated the key; sign with the current one.
	old, err := l.syncKeysLocked(ctx, db)
	if err != nil {
		return signed{}, err
	}
	if old != nil {
		extra = append(extra, old)
	}
	size, err := readSize(ctx, db)
	if err != nil {
		return signed{}, err
	}
	if need < 0 {
		need = size
	}
	if need > size {
		return signed{}, fmt.Errorf("%w: tree of size %d is not committed (log size %d)", ErrNotFound, need, size)
	}
	stored, err := l.lastStored(ctx, db)
	if err != nil {
		return signed{}, err
	}
	var floor signed
	if covers(l.latest, need) || covers(stored, need) {
		// Adopt without the lock, once the tree is known to hold it.
		if _, floor, _, err = l.look(ctx, db); err != nil {
			return signed{}, err
		}
	}
	if !covers(floor, need) {
		// signUnderLock looks again, under the lock, before it signs: the
		// checks of look are not skipped, only not made twice.
		if floor, err = l.signUnderLock(ctx, db, need, extra); err != nil {
			return signed{}, err
		}
	}
	if floor.note != nil && (l.latest.note == nil || floor.cp.Size > l.latest.cp.Size) {
		if err := fsutil.WriteFileAtomic(l.checkpointFile(), floor.note); err != nil {
			return signed{}, fmt.Errorf("ledger: keep checkpoint copy: %w", err)
		}
		l.setLatest(floor)
	}
	return l.latest, nil
}

// covers reports whether s is a signed checkpoint of at least need leaves.
func covers(s signed, need int64) bool { return s.note != nil && int64(s.cp.Size) >= need }

// look reads the committed size and the newest stored checkpoint from q,
// checks that the tree still holds both that and this instance's own
// newest, and returns the newer of the two as the floor.
func (l *Log) look(ctx context.Context, q DBTX) (size int64, floor, stored signed, err error) {
	if stored, err = l.lastStored(ctx, q); err != nil {
		return 0, floor, stored, err
	}
	if size, err = readSize(ctx, q); err != nil {
		return 0, floor, stored, err
	}
	if err := l.holds(ctx, q, l.latest, size, "the last checkpoint this instance signed or handed out ("+l.checkpointFile()+")"); err != nil {
		return 0, floor, stored, err
	}
	if stored.cp != l.latest.cp || l.latest.note == nil {
		if err := l.holds(ctx, q, stored, size, "the newest checkpoint in ledger_checkpoints"); err != nil {
			return 0, floor, stored, err
		}
	}
	floor = l.latest
	if stored.note != nil && (floor.note == nil || stored.cp.Size > floor.cp.Size) {
		floor = stored
	}
	return size, floor, stored, nil
}

// signUnderLock takes the signing lock, looks again (another instance may
// have signed meanwhile) and signs the committed tree if the floor still
// does not cover need, storing the checkpoint before the lock is released.
func (l *Log) signUnderLock(ctx context.Context, db Conn, need int64, extra []note.Signer) (signed, error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return signed{}, fmt.Errorf("ledger: begin signing: %w", err)
	}
	defer tx.Rollback()
	if l.cfg.Dialect == Postgres {
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, signLockKey); err != nil {
			return signed{}, fmt.Errorf("ledger: signing lock: %w", err)
		}
	}
	size, floor, stored, err := l.look(ctx, tx)
	if err != nil {
		return signed{}, err
	}
	next := floor
	if floor.note == nil || int64(floor.cp.Size) < need {
		root, err := tlog.TreeHash(size, hashReader{ctx, tx})
		if err != nil {
			return signed{}, fmt.Errorf("ledger: root at %d: %w", size, err)
		}
		if next, err = l.sign(proof.Checkpoint{Origin: l.cfg.Origin, Size: uint64(size), Root: root}, extra...); err != nil {
			return signed{}, err
		}
	}
	if stored.note == nil || next.cp.Size > stored.cp.Size {
		if err := l.storeCheckpoint(ctx, tx, next.cp, next.note); err != nil {
			return signed{}, err
		}
	}
	if err := tx.Commit(); err != nil {
		return signed{}, fmt.Errorf("ledger: commit checkpoint %d: %w", next.cp.Size, err)
	}
	return next, nil
}

// holds checks that the committed tree of size leaves still contains the
// signed checkpoint s: not behind it, and the same root at its size.
func (l *Log) holds(ctx context.Context, q DBTX, s signed, size int64, what string) error {
	if s.note == nil {
		return nil
	}
	if int64(s.cp.Size) > size {
		return fmt.Errorf("ledger: refusing to sign: the database has %d leaves but %s already has size %d: "+
			"the database was rolled back or this instance reads a replica that is behind; restore the newest backup, do not append to this one",
			size, what, s.cp.Size)
	}
	root, err := tlog.TreeHash(int64(s.cp.Size), hashReader{ctx, q})
	if err != nil {
		return fmt.Errorf("ledger: root at %d: %w", s.cp.Size, err)
	}
	if root != s.cp.Root {
		return fmt.Errorf("ledger: refusing to sign: the stored tree at size %d differs from %s; "+
			"the log's tables were changed: run the tree audit and restore from backup", s.cp.Size, what)
	}
	return nil
}

// sign is the only place checkpoints are signed; refreshLocked has made
// sure cp is bigger than anything signed before.
func (l *Log) sign(cp proof.Checkpoint, extra ...note.Signer) (signed, error) {
	if l.latest.note != nil && cp.Size <= l.latest.cp.Size {
		return signed{}, fmt.Errorf("ledger: refusing to sign size %d: size %d is already signed", cp.Size, l.latest.cp.Size)
	}
	msg, err := note.Sign(&note.Note{Text: cp.Text()}, append([]note.Signer{l.signer}, extra...)...)
	if err != nil {
		return signed{}, fmt.Errorf("ledger: sign: %w", err)
	}
	return signed{cp, msg}, nil
}

func (l *Log) storeCheckpoint(ctx context.Context, q DBTX, cp proof.Checkpoint, msg []byte) error {
	// Only Open's crash repair can meet an existing row: sizes are unique
	// and a size has one root, so keeping the first is right.
	_, err := q.ExecContext(ctx, `INSERT INTO ledger_checkpoints (size, root, note, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (size) DO NOTHING`,
		int64(cp.Size), cp.Root[:], string(msg), l.timestamp())
	if err != nil {
		return fmt.Errorf("ledger: store checkpoint %d: %w", cp.Size, err)
	}
	return nil
}
