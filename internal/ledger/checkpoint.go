package ledger

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"damlam/internal/proof"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// checkpointFile keeps the last checkpoint this key folder signed. The
// signer never signs below it, and Open refuses a database behind it.
func (l *Log) checkpointFile() string { return filepath.Join(l.cfg.KeyDir, "last-checkpoint.txt") }

// Receipt returns the C2SP tlog-proof for a committed leaf: its inclusion
// proof in a signed checkpoint that covers it. Call it after the append's
// transaction commits. Concurrent callers share checkpoints: whoever signs
// first signs over everything committed by then.
func (l *Log) Receipt(ctx context.Context, index int64) (proof.Receipt, error) {
	if index < 0 {
		return proof.Receipt{}, fmt.Errorf("%w: index %d", ErrNotFound, index)
	}
	l.mu.Lock()
	cur := l.latest
	var err error
	if int64(cur.cp.Size) <= index {
		cur, err = l.refreshLocked(ctx)
	}
	l.mu.Unlock()
	if err != nil {
		return proof.Receipt{}, err
	}
	if int64(cur.cp.Size) <= index {
		return proof.Receipt{}, fmt.Errorf("%w: leaf %d is not committed (log size %d)", ErrNotFound, index, cur.cp.Size)
	}
	p, err := l.InclusionProof(ctx, index, int64(cur.cp.Size))
	if err != nil {
		return proof.Receipt{}, err
	}
	return proof.Receipt{Index: uint64(index), Proof: p, Checkpoint: cur.note}, nil
}

// Checkpoint returns a signed checkpoint of everything committed, signing
// a new one only if the log grew since the last.
func (l *Log) Checkpoint(ctx context.Context) ([]byte, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	cur, err := l.refreshLocked(ctx)
	return cur.note, err
}

// refreshLocked signs a checkpoint over the committed size if the latest
// does not already cover it. extra signers co-sign (key rotation).
func (l *Log) refreshLocked(ctx context.Context, extra ...note.Signer) (signed, error) {
	size, err := readSize(ctx, l.db)
	if err != nil {
		return signed{}, err
	}
	if size == int64(l.latest.cp.Size) && l.latest.note != nil && len(extra) == 0 {
		return l.latest, nil
	}
	root, err := tlog.TreeHash(size, hashReader{ctx, l.db})
	if err != nil {
		return signed{}, fmt.Errorf("ledger: root at %d: %w", size, err)
	}
	return l.signLocked(ctx, proof.Checkpoint{Origin: l.cfg.Origin, Size: uint64(size), Root: root}, extra...)
}

// signLocked is the only place checkpoints are signed. It refuses to sign
// a smaller tree than the last it signed, or the same size with another
// root: either would be a second history under the same key. The file
// copy is written before the database row, so a crash in between leaves
// the file ahead, which Open repairs from the file.
func (l *Log) signLocked(ctx context.Context, cp proof.Checkpoint, extra ...note.Signer) (signed, error) {
	last := l.latest.cp
	switch {
	case l.latest.note != nil && cp.Size < last.Size:
		return signed{}, fmt.Errorf("ledger: refusing to sign size %d below the last signed size %d", cp.Size, last.Size)
	case l.latest.note != nil && cp.Size == last.Size && cp.Root != last.Root:
		return signed{}, fmt.Errorf("ledger: refusing to sign a second root for size %d: the database tree differs from what was signed", cp.Size)
	}
	msg, err := note.Sign(&note.Note{Text: cp.Text()}, append([]note.Signer{l.signer}, extra...)...)
	if err != nil {
		return signed{}, fmt.Errorf("ledger: sign: %w", err)
	}
	if err := writeFileAtomic(l.checkpointFile(), msg); err != nil {
		return signed{}, fmt.Errorf("ledger: keep checkpoint copy: %w", err)
	}
	if err := l.storeCheckpoint(ctx, cp, msg); err != nil {
		return signed{}, err
	}
	l.latest = signed{cp, msg}
	return l.latest, nil
}

func (l *Log) storeCheckpoint(ctx context.Context, cp proof.Checkpoint, msg []byte) error {
	// Another instance may have stored this size already; sizes are
	// unique and a size has one root, so keeping the first is right.
	_, err := l.db.ExecContext(ctx, `INSERT INTO ledger_checkpoints (size, root, note, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (size) DO NOTHING`,
		int64(cp.Size), cp.Root[:], string(msg), l.timestamp())
	if err != nil {
		return fmt.Errorf("ledger: store checkpoint %d: %w", cp.Size, err)
	}
	return nil
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
