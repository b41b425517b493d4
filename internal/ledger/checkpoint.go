package ledger

import (
	"context"
	"fmt"
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
	// The checkpoint in hand is read without the lock, which a signer
	// holds through its commit and the fsync of the key folder's copy.
	cur := *l.handed.Load()
	if !covers(cur, index+1) {
		l.mu.Lock()
		var err error
		cur, err = l.refreshLocked(ctx, l.db, index+1)
		l.mu.Unlock()
		if err != nil {
			return proof.Receipt{}, err
		}
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
	// verifying the same signature again for every receipt (a good part of
	// a decision through the API).
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
	cur, err := l.refreshLocked(ctx, l.db, -1)
	return cur.note, err
}

// Cover makes sure a signed checkpoint covers the leaf at index, signing
// one if none does, through db. A group of actions committed together
// calls it once, right after its commit and before the next group takes
// the write lock: its receipts then share that checkpoint, and none of
// them waits for the signing lock behind the next group's transaction.
func (l *Log) Cover(ctx context.Context, db Conn, index int64) (Signed, error) {
	if err := l.failure(); err != nil {
		return Signed{}, err
	}
	if cur := *l.handed.Load(); covers(cur, index+1) {
		return Signed{cur}, nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if covers(l.latest, index+1) {
		return Signed{l.latest}, nil
	}
	cur, err := l.refreshLocked(ctx, db, index+1)
	return Signed{cur}, err
}

// Signed is a checkpoint the log signed or verified, as Cover returns it.
type Signed struct{ s signed }

// Size is the number of leaves the checkpoint covers (0 for none).
func (s Signed) Size() int64 { return int64(s.s.cp.Size) }

// ReceiptFor is the receipt of leaf at index in checkpoint cp from an
// inclusion proof the caller made in the tree of cp's size (TxHashes.Prove
// before the commit). The proof is checked against the checkpoint's root,
// which the signer computed from the committed tree, as Receipt checks
// the proofs it reads.
func (l *Log) ReceiptFor(cp Signed, index int64, leaf []byte, p [][32]byte) (proof.Receipt, error) {
	if err := l.failure(); err != nil {
		return proof.Receipt{}, err
	}
	if cp.s.note == nil {
		return proof.Receipt{}, fmt.Errorf("%w: no checkpoint for leaf %d", ErrNotFound, index)
	}
	r := proof.Receipt{Index: uint64(index), Proof: p, Checkpoint: cp.s.note}
	if err := proof.CheckInclusion(r, leaf, cp.s.cp); err != nil {
		return proof.Receipt{}, fmt.Errorf("ledger: the stored tree no longer matches checkpoint %d (database restored or edited?): %w", cp.s.cp.Size, err)
	}
	return r, nil
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

// rootAt is the RFC 6962 root of the first size leaves.
func (l *Log) rootAt(ctx context.Context, size int64) (tlog.Hash, error) {
	return tlog.TreeHash(size, hashReader{ctx, l.db})
}
