package ledger

import (
	"bytes"
	"context"
	"damlam/internal/fsutil"
	"errors"
	"fmt"

	"damlam/internal/proof"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// Checkpoints held outside
//
// The key folder's copy of the last checkpoint catches a database restored
// from an older backup, but not a database restored together with its key
// folder from one backup: the copy then goes back in time with it. What
// still remembers the bigger tree is outside the deployment: a witness's
// latest cosigned checkpoint, or a checkpoint published or archived by
// someone else. CheckOutside compares one of those with the database and
// adopts it, so that it becomes the floor the signer never signs below.

// OutsideReason is why CheckOutside refused a checkpoint.
type OutsideReason int

const (
	// OutsideAhead: the checkpoint is bigger than the database's tree.
	OutsideAhead OutsideReason = iota + 1
	// OutsideFork: the database's tree has another root at its size.
	OutsideFork
	// OutsideUnknownKey: signed for this log's origin by a key the
	// database does not list.
	OutsideUnknownKey
)

// OutsideError says that the database does not hold a checkpoint of this
// log that someone outside it holds: its history differs from the one
// already shown to others.
type OutsideError struct {
	Holder string // who holds the checkpoint, e.g. "witness thanhtra.example/w1"
	Size   int64  // the outside checkpoint's size
	Leaves int64  // the database's tree size
	Reason OutsideReason
}

func (e *OutsideError) Error() string {
	switch e.Reason {
	case OutsideAhead:
		return fmt.Sprintf("ledger: %s holds a checkpoint of size %d but the database has %d leaves: "+
			"the database (with its key folder) went back to an older copy; restore the newest backup, do not append to this one", e.Holder, e.Size, e.Leaves)
	case OutsideFork:
		return fmt.Sprintf("ledger: %s holds a checkpoint of size %d whose root the database's tree (%d leaves) does not have: "+
			"the database holds another history than the one already shown; run the tree audit and restore the newest backup", e.Holder, e.Size, e.Leaves)
	default:
		return fmt.Sprintf("ledger: %s holds a checkpoint of size %d of this log signed by a key the database does not list "+
			"(the database is older than a key rotation, or another log uses this origin); the database has %d leaves", e.Holder, e.Size, e.Leaves)
	}
}

// CheckOutside checks that the database's tree holds msg, a signed
// checkpoint of this log that holder keeps outside the database, and
// returns an *OutsideError if it does not; the log then appends nothing,
// signs nothing and hands out no receipt for as long as the process runs
// (a server that learns it mid-run, from a witness that was out of reach
// when it started, keeps answering reads). A checkpoint it holds and that
// is newer than the newest this log has stored is adopted: stored, and
// kept in the key folder's copy, so that the signer will only sign bigger
// trees, and so that the next start checks the database against it even if
// holder is out of reach then.
func (l *Log) CheckOutside(ctx context.Context, holder string, msg []byte) error {
	err := l.checkOutside(ctx, holder, msg)
	var oe *OutsideError
	if errors.As(err, &oe) {
		l.failed.Store(&err)
	}
	return err
}

func (l *Log) checkOutside(ctx context.Context, holder string, msg []byte) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	s, err := l.outsideHeld(ctx, holder, msg)
	if err != nil {
		return err
	}
	if l.audit {
		return nil // an audit reads: it adopts nothing
	}
	if l.latest.note != nil && s.cp.Size <= l.latest.cp.Size {
		return nil // already below the floor
	}
	if err := l.storeCheckpoint(ctx, l.db, s.cp, s.note); err != nil {
		return err
	}
	if err := fsutil.WriteFileAtomic(l.checkpointFile(), s.note); err != nil {
		return fmt.Errorf("ledger: keep checkpoint copy: %w", err)
	}
	l.setLatest(s)
	return nil
}

// outsideHeld checks, reading only, that the database's tree holds msg, a
// signed checkpoint of this log that holder keeps, and returns it as the
// log signed it, without the holder's cosignature: ledger_checkpoints and
// the key folder's copy hold the log's notes, and receipts carry them
// (cosignatures go to witness_cosignatures). l.mu must be held, or
// l.verifiers not change.
func (l *Log) outsideHeld(ctx context.Context, holder string, msg []byte) (signed, error) {
	size, err := readSize(ctx, l.db)
	if err != nil {
		return signed{}, err
	}
	cp, n, err := proof.OpenCheckpoint(msg, l.verifiers)
	var unverified *note.UnverifiedNoteError
	if errors.As(err, &unverified) && unverified.Note != nil {
		// The sizes still say something: read them from the body.
		if c, perr := proof.ParseCheckpointBody([]byte(unverified.Note.Text)); perr == nil && c.Origin == l.cfg.Origin {
			return signed{}, &OutsideError{Holder: holder, Size: int64(c.Size), Leaves: size, Reason: OutsideUnknownKey}
		}
	}
	if err != nil {
		return signed{}, fmt.Errorf("ledger: checkpoint from %s: %w", holder, err)
	}
	if cp.Origin != l.cfg.Origin {
		return signed{}, fmt.Errorf("ledger: %s holds a checkpoint of log %q, not %q", holder, cp.Origin, l.cfg.Origin)
	}
	if int64(cp.Size) > size {
		return signed{}, &OutsideError{Holder: holder, Size: int64(cp.Size), Leaves: size, Reason: OutsideAhead}
	}
	root, err := tlog.TreeHash(int64(cp.Size), hashReader{ctx, l.db})
	if err != nil {
		return signed{}, fmt.Errorf("ledger: root at %d: %w", cp.Size, err)
	}
	if root != cp.Root {
		return signed{}, &OutsideError{Holder: holder, Size: int64(cp.Size), Leaves: size, Reason: OutsideFork}
	}
	return signed{cp, logSigned(n)}, nil
}

// logSigned is a verified note with only its verified signatures (the
// log's): the note as the log signed it.
func logSigned(n *note.Note) []byte {
	var b bytes.Buffer
	b.WriteString(n.Text)
	b.WriteString("\n")
	for _, s := range n.Sigs {
		fmt.Fprintf(&b, "— %s %s\n", s.Name, s.Base64)
	}
	return b.Bytes()
}
