package ledger

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"damlam/internal/proof"

	"golang.org/x/mod/sumdb/tlog"
)

// checkpointFile is the rollback tripwire: the biggest checkpoint this key
// folder signed or adopted. The signer never signs below it, and Open
// refuses a database behind it (see sign.go).
func (l *Log) checkpointFile() string { return filepath.Join(l.cfg.KeyDir, "last-checkpoint.txt") }

// Receipt returns the C2SP tlog-proof for a committed leaf: its inclusion
// proof in a signed checkpoint that covers it. Call it after the append's
// transaction commits. Concurrent callers share checkpoints, in this
// process and across instances: whoever signs first signs over everything
// committed by then, and the others adopt that checkpoint.
func (l *Log) Receipt(ctx context.Context, index int64) (proof.Receipt, error) {
	if index < 0 {
		return proof.Receipt{}, fmt.Errorf("%w: index %d", ErrNotFound, index)
	}
	if err := l.failure(); err != nil {
		return proof.Receipt{}, err
	}
	l.mu.Lock()
	cur := l.latest
	var err error
	if int64(cur.cp.Size) <= index || cur.note == nil {
		cur, err = l.refreshLocked(ctx, index+1)
	}
	l.mu.Unlock()
	if err != nil {
		return proof.Receipt{}, err
	}
	p, err := l.InclusionProof(ctx, index, int64(cur.cp.Size))
	if err != nil {
		return proof.Receipt{}, err
	}
	r := proof.Receipt{Index: uint64(index), Proof: p, Checkpoint: cur.note}
	// A checkpoint already in hand is reused without the signing lock, so
	// check the proof against it: a database restored or edited under a
	// running instance yields an error here, never a receipt that fails
	// later in an inspector's hands.
	leaf, err := l.Leaf(ctx, index)
	if err != nil {
		return proof.Receipt{}, err
	}
	// cur's note was signed here or verified when adopted: checking the
	// proof against its checkpoint is what catches a changed tree, without
	// verifying the same signature again for every receipt (about 100 us,
	// a twentieth of a decision through the API).
	if err := proof.CheckInclusion(r, leaf, cur.cp); err != nil {
		return proof.Receipt{}, fmt.Errorf("ledger: the stored tree no longer matches checkpoint %d (database restored or edited?): %w", cur.cp.Size, err)
	}
	return r, nil
}

// Checkpoint returns a signed checkpoint of everything committed, signing
// a new one only if the log grew since the newest one signed.
func (l *Log) Checkpoint(ctx context.Context) ([]byte, error) {
	size, err := readSize(ctx, l.db)
	if err != nil {
		return nil, err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	// Nothing new: hand out the checkpoint in hand, after making sure the
	// database still holds it (O(log n) stored hashes).
	if l.latest.note != nil && int64(l.latest.cp.Size) == size {
		if err := l.holds(ctx, l.db, l.latest, size, "the last checkpoint this instance signed or saw"); err != nil {
			return nil, err
		}
		return l.latest.note, nil
	}
	cur, err := l.refreshLocked(ctx, -1)
	return cur.note, err
}

// InclusionProof proves leaf index is in the tree of the given size.
func (l *Log) InclusionProof(ctx context.Context, index, size int64) ([][32]byte, error) {
	if err := l.checkSize(ctx, size); err != nil {
		return nil, err
	}
	if index < 0 || index >= size {
		return nil, fmt.Errorf("%w: index %d in a tree of size %d", ErrNotFound, index, size)
	}
	p, err := tlog.ProveRecord(size, index, hashReader{ctx, l.db})
	if err != nil {
		return nil, fmt.Errorf("ledger: inclusion proof %d/%d: %w", index, size, err)
	}
	return toArrays(p), nil
}

// ConsistencyProof proves the tree of size old is a prefix of the tree
// of the given size.
func (l *Log) ConsistencyProof(ctx context.Context, old, size int64) ([][32]byte, error) {
	if err := l.checkSize(ctx, size); err != nil {
		return nil, err
	}
	if old < 0 || old > size {
		return nil, fmt.Errorf("%w: tree size %d is not within 0..%d", ErrNotFound, old, size)
	}
	if old == 0 || old == size {
		return nil, nil // RFC 6962: nothing to prove
	}
	p, err := tlog.ProveTree(size, old, hashReader{ctx, l.db})
	if err != nil {
		return nil, fmt.Errorf("ledger: consistency proof %d→%d: %w", old, size, err)
	}
	return toArrays(p), nil
}

func (l *Log) checkSize(ctx context.Context, size int64) error {
	n, err := readSize(ctx, l.db)
	if err != nil {
		return err
	}
	if size < 0 || size > n {
		return fmt.Errorf("%w: tree size %d (log size %d)", ErrNotFound, size, n)
	}
	return nil
}

func toArrays[T ~[32]byte](hs []T) [][32]byte {
	out := make([][32]byte, len(hs))
	for i, h := range hs {
		out[i] = h
	}
	return out
}

// writeFileAtomic replaces name with data so that a crash leaves either
// the old or the new content, never a torn file: write a temporary file,
// fsync it, rename it over, fsync the folder.
func writeFileAtomic(name string, data []byte) error {
	dir := filepath.Dir(name)
	f, err := os.CreateTemp(dir, ".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer os.Remove(tmp)
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp, name); err != nil {
		return err
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, os.ErrInvalid) {
		return err
	}
	return nil
}

// rootAt is the RFC 6962 root of the first size leaves.
func (l *Log) rootAt(ctx context.Context, size int64) (tlog.Hash, error) {
	return tlog.TreeHash(size, hashReader{ctx, l.db})
}
