package ledger

import (
	"context"
	"fmt"

	"golang.org/x/mod/sumdb/tlog"
)

// TreeHead returns the committed size and the RFC 6962 root of the log
// stored in q (a database or a transaction), recomputed from O(log n)
// stored hashes and independent of any key: what a migration compares on
// both sides, and what `damlam audit` prints so that two databases can be
// shown to hold the same tree.
func TreeHead(ctx context.Context, q DBTX) (size int64, root [32]byte, err error) {
	if size, err = readSize(ctx, q); err != nil {
		return 0, root, err
	}
	h, err := tlog.TreeHash(size, hashReader{ctx, q})
	if err != nil {
		return 0, root, fmt.Errorf("ledger: root at %d: %w", size, err)
	}
	return size, h, nil
}
