package ledger

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"damlam/internal/proof"

	"golang.org/x/mod/sumdb/tlog"
)

// A bulk load appends many leaves per transaction, transaction after
// transaction. A profile of one (the dataset generator) spent about a
// third of each append reading what the loader had itself just written:
// the sequencer row, the case's last leaf for the chain check, and then
// writing the sequencer row again and the leaf and hashes one statement
// each. Bulk keeps those in memory instead: the log's size and each
// case's last index and sequence number, checked and updated as Append
// does, and writes the leaves and hashes as multi-row inserts and the
// size once per transaction.
//
// What it remembers across transactions is trusted only while the log
// has not grown behind its back: each transaction starts by reading the
// size under the sequencer lock, and a size other than the one the last
// commit left clears the chain ends (they are read again from the
// database, as Append reads them).

type bulkKey struct{}

// Bulk appends leaves for one writer, one transaction at a time. It is not
// safe for concurrent use.
type Bulk struct {
	l *Log
	// size is the log's size after this writer's last commit, -1 if
	// unknown.
	size int64
	ends map[string]chainEnd

	// The running transaction.
	tx     DBTX
	cache  *hashCache
	start  int64 // the size the transaction found
	n      int64 // the next index
	leaves []any // buffered leaf rows: idx, case_id, leaf, created_at
	hashes []any // buffered hash rows: id, hash
}

// chainEnd is a case's last leaf: its index and sequence number.
type chainEnd struct {
	idx int64
	seq int
}

// Rows per multi-row insert. A full chunk is written as soon as it fills,
// so that memory stays bounded and the statement text (prepared once per
// connection) stays the same; the rest goes at Flush in smaller powers of
// two, for the same reason.
const (
	bulkLeafRows = 64
	bulkHashRows = 128
)

// NewBulk starts a bulk writer of l.
func (l *Log) NewBulk() *Bulk { return &Bulk{l: l, size: -1, ends: map[string]chainEnd{}} }

// Begin starts a transaction's appends: it locks the sequencer and reads
// the size. It returns whether the log moved since this writer's last
// commit (or this is its first transaction); callers that keep state of
// their own across transactions drop it then. Appends through Log.Append
// in tx under the returned context go through b until Commit or Abort.
func (b *Bulk) Begin(ctx context.Context, tx DBTX) (context.Context, bool, error) {
	lock := `SELECT size FROM ledger_state WHERE id = 1`
	if b.l.cfg.Dialect == Postgres {
		lock += ` FOR UPDATE`
	}
	var n int64
	if err := tx.QueryRowContext(ctx, lock).Scan(&n); err != nil {
		return ctx, false, fmt.Errorf("ledger: lock sequencer: %w", err)
	}
	if err := b.l.notBehind(n); err != nil {
		return ctx, false, err
	}
	moved := n != b.size
	if moved {
		clear(b.ends)
	}
	b.tx, b.cache, b.start, b.n = tx, NewTxHashes(tx), n, n
	b.leaves, b.hashes = b.leaves[:0], b.hashes[:0]
	return context.WithValue(b.cache.Context(ctx), bulkKey{}, b), moved, nil
}

// bulkFor returns the bulk writer of tx, if ctx holds one.
func bulkFor(ctx context.Context, tx DBTX) *Bulk {
	b, _ := ctx.Value(bulkKey{}).(*Bulk)
	if b == nil || b.tx != tx {
		return nil
	}
	return b
}

// append is Append for a bulk writer: the same checks against the chain
// ends it keeps, the same rows, written later.
func (b *Bulk) append(ctx context.Context, e proof.Entry, caseID string, leaf []byte) (int64, error) {
	if err := b.l.failure(); err != nil {
		return 0, err
	}
	end, ok := b.ends[caseID]
	if !ok {
		var err error
		if end, err = lastLeaf(ctx, b.tx, caseID); err != nil {
			return 0, err
		}
	}
	if err := end.continuedBy(e); err != nil {
		return 0, err
	}
	n := b.n
	hashes, err := tlog.StoredHashes(n, leaf, b.cache.reader(hashReader{ctx, b.tx}))
	if err != nil {
		return 0, fmt.Errorf("ledger: tree hashes for %d: %w", n, err)
	}
	first := tlog.StoredHashIndex(0, n)
	b.cache.put(first, hashes)
	b.leaves = append(b.leaves, n, caseID, leaf, b.l.timestamp())
	for i, h := range hashes {
		b.hashes = append(b.hashes, first+int64(i), h[:])
	}
	b.ends[caseID] = chainEnd{n, e.Seq}
	b.n++
	if err := b.write(ctx, false); err != nil {
		return 0, err
	}
	return n, nil
}

// continuedBy checks that e is the next leaf of the case whose chain ends
// at end: it points back at the last leaf and numbers itself one more.
func (end chainEnd) continuedBy(e proof.Entry) error {
	if e.Prev != end.idx {
		return fmt.Errorf("%w: %s prev is %d, the case's last leaf is %d", ErrChain, e.Case, e.Prev, end.idx)
	}
	if e.Seq != end.seq+1 {
		return fmt.Errorf("%w: %s seq is %d, want %d", ErrChain, e.Case, e.Seq, end.seq+1)
	}
	return nil
}

// lastLeaf reads a case's last leaf (idx -1 and seq 0 for a case with
// none yet).
func lastLeaf(ctx context.Context, tx DBTX, caseID string) (chainEnd, error) {
	end := chainEnd{idx: -1}
	var leaf []byte
	err := tx.QueryRowContext(ctx, `SELECT idx, leaf FROM ledger_leaves WHERE case_id = $1 ORDER BY idx DESC LIMIT 1`, caseID).Scan(&end.idx, &leaf)
	if errors.Is(err, sql.ErrNoRows) {
		return chainEnd{idx: -1}, nil
	}
	if err != nil {
		return end, fmt.Errorf("ledger: read last leaf of %s: %w", caseID, err)
	}
	p, err := proof.ParseEntry(leaf)
	if err != nil {
		return end, fmt.Errorf("ledger: stored leaf %d: %w", end.idx, err)
	}
	end.seq = p.Seq
	return end, nil
}

// write inserts the buffered rows: the full chunks, or with all set
// everything.
func (b *Bulk) write(ctx context.Context, all bool) error {
	var err error
	anon := b.l.cfg.Dialect == SQLite
	if b.leaves, err = insertRows(ctx, b.tx, `INSERT INTO ledger_leaves (idx, case_id, leaf, created_at) VALUES `, 4, bulkLeafRows, b.leaves, all, anon); err != nil {
		return fmt.Errorf("ledger: insert leaves: %w", err)
	}
	if b.hashes, err = insertRows(ctx, b.tx, `INSERT INTO ledger_hashes (id, hash) VALUES `, 2, bulkHashRows, b.hashes, all, anon); err != nil {
		return fmt.Errorf("ledger: insert hashes: %w", err)
	}
	return nil
}

// insertRows writes args (width values a row) in chunks of rows rows, then
// with all set the rest in halving chunks; it returns what is left.
func insertRows(ctx context.Context, tx DBTX, head string, width, rows int, buf []any, all, anon bool) ([]any, error) {
	args := buf
	for k := rows; k >= 1; k /= 2 {
		for len(args) >= k*width {
			if _, err := tx.ExecContext(ctx, head+valuesList(width, k, anon), args[:k*width]...); err != nil {
				return buf, err
			}
			args = args[k*width:]
		}
		if !all {
			break
		}
	}
	// Move the rest to the front of the buffer and drop the references
	// the written rows held, keeping the array.
	n := copy(buf, args)
	clear(buf[n:])
	return buf[:n], nil
}

// valuesList is "($1, $2), ($3, $4), …" for k rows of width values, or
// with anon "(?, ?), (?, ?), …". The SQLite driver asks each parameter's
// name when it binds it, and SQLite finds a numbered one by walking the
// statement's list of names: over 256 parameters that walk showed in the
// profile of a bulk load. Anonymous parameters have no list to walk.
func valuesList(width, k int, anon bool) string {
	var q strings.Builder
	p := 1
	for r := range k {
		if r > 0 {
			q.WriteString(", ")
		}
		q.WriteByte('(')
		for c := range width {
			if c > 0 {
				q.WriteString(", ")
			}
			if anon {
				q.WriteByte('?')
			} else {
				fmt.Fprintf(&q, "$%d", p)
			}
			p++
		}
		q.WriteByte(')')
	}
	return q.String()
}

// Flush writes what the transaction appended and the log's new size; call
// it last before committing.
func (b *Bulk) Flush(ctx context.Context) error {
	if err := b.write(ctx, true); err != nil {
		return err
	}
	if b.n == b.start {
		return nil
	}
	res, err := b.tx.ExecContext(ctx, `UPDATE ledger_state SET size = $1 WHERE id = 1 AND size = $2`, b.n, b.start)
	if err != nil {
		return fmt.Errorf("ledger: bump size: %w", err)
	}
	if k, err := res.RowsAffected(); err != nil || k != 1 {
		return fmt.Errorf("ledger: size moved under appends from %d (is the transaction BEGIN IMMEDIATE?)", b.start)
	}
	return nil
}

// Commit records that the transaction committed.
func (b *Bulk) Commit() {
	b.size = b.n
	b.tx, b.cache = nil, nil
}

// Abort records that the transaction rolled back: what it appended is
// forgotten, and the next transaction reads the chain ends again.
func (b *Bulk) Abort() {
	b.size = -1
	clear(b.ends)
	b.tx, b.cache = nil, nil
	b.leaves, b.hashes = b.leaves[:0], b.hashes[:0]
}

// Forget drops what b remembers of a case that will get no more leaves
// from it (a bulk loader's memory stays bounded by the cases it has open).
func (b *Bulk) Forget(caseID string) { delete(b.ends, caseID) }
