package ledger

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"damlam/internal/proof"

	"golang.org/x/mod/sumdb/tlog"
)

// Append adds leaf to the log inside the caller's transaction tx and
// returns its index. The leaf must be a proof.Entry of caseID that
// continues the case's chain (Prev is the case's last index, Seq one
// more), so a dossier's chain check can never fail on what Append took.
//
// Indices come from the single ledger_state row. On PostgreSQL the row is
// locked with SELECT … FOR UPDATE; on SQLite the caller's transaction must
// hold the write lock from its start (DSN _txlock=immediate), which makes
// a plain read safe. Either way the primary key on idx is the backstop:
// two transactions can never both commit the same index.
//
// After commit, call Receipt for the signed proof.
func (l *Log) Append(ctx context.Context, tx DBTX, caseID string, leaf []byte) (int64, error) {
	if caseID == LogCase {
		return 0, fmt.Errorf("ledger: case id %q is reserved for the log's own leaves", LogCase)
	}
	return l.append(ctx, tx, caseID, leaf)
}

func (l *Log) append(ctx context.Context, tx DBTX, caseID string, leaf []byte) (int64, error) {
	if err := l.failure(); err != nil {
		return 0, err
	}
	e, err := proof.ParseEntry(leaf)
	if err != nil {
		return 0, fmt.Errorf("ledger: %w", err)
	}
	if e.Case != caseID {
		return 0, fmt.Errorf("ledger: leaf is for case %q, appended to %q", e.Case, caseID)
	}
	if b := bulkFor(ctx, tx); b != nil && b.l == l {
		return b.append(ctx, e, caseID, leaf)
	}
	return l.appendRaw(ctx, tx, caseID, leaf, func() error { return checkChain(ctx, tx, e) })
}

// appendRaw sequences and stores leaf; check runs under the sequencer lock.
func (l *Log) appendRaw(ctx context.Context, tx DBTX, caseID string, leaf []byte, check func() error) (int64, error) {
	if bulkFor(ctx, tx) != nil {
		// The sequencer row is behind the bulk writer's buffered appends.
		return 0, errors.New("ledger: a log leaf cannot be appended beside a bulk writer's")
	}
	lock := `SELECT size FROM ledger_state WHERE id = 1`
	if l.cfg.Dialect == Postgres {
		lock += ` FOR UPDATE`
	}
	var n int64
	if err := tx.QueryRowContext(ctx, lock).Scan(&n); err != nil {
		return 0, fmt.Errorf("ledger: lock sequencer: %w", err)
	}
	if err := l.notBehind(n); err != nil {
		return 0, err
	}
	// Read the case's last leaf only under the lock, or two appends to
	// one case could both build on the same predecessor.
	if err := check(); err != nil {
		return 0, err
	}
	var r tlog.HashReader = hashReader{ctx, tx}
	cache := txHashes(ctx, tx)
	if cache != nil {
		r = cache.reader(r)
	}
	hashes, err := tlog.StoredHashes(n, leaf, r)
	if err != nil {
		return 0, fmt.Errorf("ledger: tree hashes for %d: %w", n, err)
	}
	if cache != nil {
		cache.put(tlog.StoredHashIndex(0, n), hashes)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO ledger_leaves (idx, case_id, leaf, created_at) VALUES ($1, $2, $3, $4)`,
		n, caseID, leaf, l.timestamp()); err != nil {
		return 0, fmt.Errorf("ledger: insert leaf %d: %w", n, err)
	}
	if err := insertHashes(ctx, tx, tlog.StoredHashIndex(0, n), hashes); err != nil {
		return 0, err
	}
	res, err := tx.ExecContext(ctx, `UPDATE ledger_state SET size = $1 WHERE id = 1 AND size = $2`, n+1, n)
	if err != nil {
		return 0, fmt.Errorf("ledger: bump size: %w", err)
	}
	if k, err := res.RowsAffected(); err != nil || k != 1 {
		return 0, fmt.Errorf("ledger: size moved under append %d (is the transaction BEGIN IMMEDIATE?)", n)
	}
	return n, nil
}

// notBehind refuses to append to a tree of size leaves that is smaller
// than a checkpoint this instance already handed out: the database was
// rolled back or replaced under the running process. Appended anyway, the
// decision would commit and then get no receipt, since the signer refuses
// that tree; refused here, nothing is written. (A replacement of the same
// size or bigger, with another history, is caught only when the signer
// looks at the root, after the commit.)
func (l *Log) notBehind(size int64) error {
	if h := l.handed.Load(); h != nil && h.note != nil && int64(h.cp.Size) > size {
		return fmt.Errorf("ledger: refusing to append: the database has %d leaves but this instance already handed out a checkpoint of size %d: "+
			"the database was rolled back or replaced under the running server; nothing was appended. Restore the newest backup", size, h.cp.Size)
	}
	return nil
}

func checkChain(ctx context.Context, tx DBTX, e proof.Entry) error {
	end, err := lastLeaf(ctx, tx, e.Case)
	if err != nil {
		return err
	}
	return end.continuedBy(e)
}

// insertHashes writes consecutive stored hashes from id first on.
func insertHashes(ctx context.Context, tx DBTX, first int64, hashes []tlog.Hash) error {
	args := make([]any, 0, 2*len(hashes))
	for i, h := range hashes {
		args = append(args, first+int64(i), h[:])
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO ledger_hashes (id, hash) VALUES `+valuesList(2, len(hashes), false), args...); err != nil {
		return fmt.Errorf("ledger: insert hashes from %d: %w", first, err)
	}
	return nil
}

// hashReader reads stored hashes for tlog from the database (or from a
// transaction, to see its own uncommitted appends).
type hashReader struct {
	ctx context.Context
	q   DBTX
}

// maxIn bounds the IN list; tlog asks for O(log n) hashes per call.
const maxIn = 500

func (r hashReader) ReadHashes(ids []int64) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(ids))
	pos := make(map[int64][]int, len(ids))
	for i, id := range ids {
		pos[id] = append(pos[id], i)
	}
	for start := 0; start < len(ids); start += maxIn {
		chunk := ids[start:min(start+maxIn, len(ids))]
		var q strings.Builder
		q.WriteString(`SELECT id, hash FROM ledger_hashes WHERE id IN (`)
		args := make([]any, len(chunk))
		for i, id := range chunk {
			if i > 0 {
				q.WriteString(",")
			}
			fmt.Fprintf(&q, "$%d", i+1)
			args[i] = id
		}
		q.WriteString(")")
		rows, err := r.q.QueryContext(r.ctx, q.String(), args...)
		if err != nil {
			return nil, fmt.Errorf("ledger: read hashes: %w", err)
		}
		for rows.Next() {
			var id int64
			var h []byte
			if err := rows.Scan(&id, &h); err != nil {
				rows.Close()
				return nil, err
			}
			if len(h) != tlog.HashSize {
				rows.Close()
				return nil, fmt.Errorf("ledger_hashes id %d: %d bytes, want 32", id, len(h))
			}
			for _, i := range pos[id] {
				out[i] = tlog.Hash(h)
			}
			delete(pos, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	for id := range pos {
		return nil, fmt.Errorf("ledger_hashes id %d is missing", id)
	}
	return out, nil
}
