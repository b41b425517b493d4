package ledger

import (
	"context"
	"fmt"

	"golang.org/x/mod/sumdb/tlog"
)

// An append reads the stored hashes of the complete subtrees to its left,
// one query per append; in a transaction of many appends (a bulk load, a
// group of concurrent decisions) those are the hashes the transaction's
// previous appends just wrote. A profile of 1,000 appends per transaction
// spent half of the append there. NewTxHashes lets such a transaction keep
// the hashes it reads and writes.
//
// The cache lives only as long as the transaction's context and is used
// only by that transaction, which sees its own writes. A savepoint rolled
// back after some appends leaves their hashes in it, but harmlessly: an
// append at index n reads only hashes of leaves below n, and writes (here
// too) every hash of leaf n before any later append can read one.

type hashCacheKey struct{}

// TxHashes keeps the tree hashes one transaction's appends read and write.
type TxHashes = hashCache

type hashCache struct {
	tx DBTX
	m  map[int64]tlog.Hash
}

// NewTxHashes starts a cache for the appends of tx; it must not outlive
// the transaction.
func NewTxHashes(tx DBTX) *TxHashes { return &hashCache{tx: tx, m: map[int64]tlog.Hash{}} }

// Context returns ctx carrying the cache: appends in its transaction under
// that context use it.
func (c *hashCache) Context(ctx context.Context) context.Context {
	return context.WithValue(ctx, hashCacheKey{}, c)
}

// txHashes returns the cache for tx, if ctx holds one.
func txHashes(ctx context.Context, tx DBTX) *hashCache {
	c, _ := ctx.Value(hashCacheKey{}).(*hashCache)
	if c == nil || c.tx != tx {
		return nil
	}
	return c
}

func (c *hashCache) put(first int64, hashes []tlog.Hash) {
	for i, h := range hashes {
		c.m[first+int64(i)] = h
	}
}

// reader reads through the cache, asking db only for what it lacks.
func (c *hashCache) reader(db tlog.HashReader) tlog.HashReader {
	return tlog.HashReaderFunc(func(ids []int64) ([]tlog.Hash, error) {
		out := make([]tlog.Hash, len(ids))
		var missing []int64
		for i, id := range ids {
			h, ok := c.m[id]
			if !ok {
				missing = append(missing, id)
				continue
			}
			out[i] = h
		}
		if len(missing) == 0 {
			return out, nil
		}
		got, err := db.ReadHashes(missing)
		if err != nil {
			return nil, err
		}
		c.putIDs(missing, got)
		for i, id := range ids {
			out[i] = c.m[id]
		}
		return out, nil
	})
}

func (c *hashCache) putIDs(ids []int64, hashes []tlog.Hash) {
	for i, id := range ids {
		c.m[id] = hashes[i]
	}
}

// Prove returns the inclusion proof of the leaf at index in the tree of
// the first size leaves, reading the hashes through the cache (the
// transaction's appends read and wrote most of those a recent leaf needs).
func (c *hashCache) Prove(ctx context.Context, size, index int64) ([][32]byte, error) {
	p, err := tlog.ProveRecord(size, index, c.reader(hashReader{ctx, c.tx}))
	if err != nil {
		return nil, fmt.Errorf("ledger: inclusion proof %d/%d: %w", index, size, err)
	}
	return toArrays(p), nil
}
