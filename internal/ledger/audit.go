package ledger

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"strings"

	"damlam/internal/proof"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// AuditReport is the outcome of AuditTree. Each problem names the row.
type AuditReport struct {
	Size        int64    // ledger_state.size
	Leaves      int64    // rows in ledger_leaves
	Checkpoints int      // rows in ledger_checkpoints checked
	Problems    []string // e.g. "ledger_leaves idx 42: leaf hash mismatch"
}

// OK reports whether the audit found nothing wrong.
func (r AuditReport) OK() bool { return len(r.Problems) == 0 }

// maxProblems keeps a report on a badly damaged log readable.
const maxProblems = 1000

func (r *AuditReport) add(format string, args ...any) {
	if len(r.Problems) < maxProblems {
		r.Problems = append(r.Problems, fmt.Sprintf(format, args...))
	}
}

// AuditTree recomputes the whole tree from the stored leaves and compares
// everything derived from them: every stored hash, the size, every stored
// checkpoint (its signature, and its size and root columns and note against
// each other and against the recomputed tree), each case's chain, and the
// key folder's copy of the last signed checkpoint, which must also have its
// row. It also reports, first, why `damlam serve` would refuse to start, if
// it would. It only reads. It reads the whole log: run it from an
// administrator's command or a nightly job, not at start-up.
func (l *Log) AuditTree(ctx context.Context) (AuditReport, error) {
	var rep AuditReport
	if err := l.startFinding(ctx); err != nil {
		rep.add("start-up check: damlam serve refuses to start: %v", err)
	}
	size, err := readSize(ctx, l.db)
	if err != nil {
		return rep, err
	}
	rep.Size = size
	stored, err := l.storedHashes(ctx)
	if err != nil {
		return rep, err
	}
	// computed holds the recomputed tree; a missing leaf borrows its
	// stored hash so that one gap does not hide everything after it.
	var computed []tlog.Hash
	reader := tlog.HashReaderFunc(func(ids []int64) ([]tlog.Hash, error) {
		out := make([]tlog.Hash, len(ids))
		for i, id := range ids {
			out[i] = computed[id]
		}
		return out, nil
	})
	type tip struct {
		idx int64
		seq int
	}
	chains := map[string]tip{}
	var rotations []rotation
	var next int64
	err = l.ScanLeaves(ctx, 0, func(idx int64, caseID string, leaf []byte) error {
		rep.Leaves++
		for ; next < idx; next++ {
			rep.add("ledger_leaves idx %d: missing", next)
			if err := appendHash(&computed, next, stored, reader, nil); err != nil {
				return err
			}
		}
		if idx != next {
			return nil // cannot happen with ORDER BY on a primary key
		}
		next++
		if id := tlog.StoredHashIndex(0, idx); id < int64(len(stored)) && stored[id] != nil && *stored[id] != tlog.RecordHash(leaf) {
			rep.add("ledger_leaves idx %d: leaf hash mismatch (the leaf bytes or ledger_hashes id %d were changed)", idx, id)
		}
		if err := appendHash(&computed, idx, stored, reader, leaf); err != nil {
			return err
		}
		e, err := proof.ParseEntry(leaf)
		if err != nil {
			rep.add("ledger_leaves idx %d: not a valid leaf: %v", idx, err)
			return nil
		}
		if e.Case != caseID {
			rep.add("ledger_leaves idx %d: case_id column %q but the leaf says %q", idx, caseID, e.Case)
		}
		prev, seen := chains[e.Case]
		if !seen {
			prev = tip{-1, 0}
		}
		if e.Prev != prev.idx || e.Seq != prev.seq+1 {
			rep.add("ledger_leaves idx %d: case %s chain broken (prev %d seq %d, expected prev %d seq %d)", idx, e.Case, e.Prev, e.Seq, prev.idx, prev.seq+1)
		}
		chains[e.Case] = tip{idx, e.Seq}
		if e.Type == "log.key_rotated" && caseID == LogCase {
			id, _ := e.Get(proof.FieldKeyID)
			vkey, _ := e.Get(proof.FieldKeyVKey)
			prev, _ := e.Get("key.previous")
			rotations = append(rotations, rotation{idx, id, vkey, prev})
		}
		return nil
	})
	if err != nil {
		return rep, err
	}
	for ; next < size; next++ {
		rep.add("ledger_leaves idx %d: missing", next)
		if err := appendHash(&computed, next, stored, reader, nil); err != nil {
			return rep, err
		}
	}
	if rep.Leaves != size {
		rep.add("ledger_state: size %d but ledger_leaves has %d rows", size, rep.Leaves)
	}
	for id, h := range stored {
		switch {
		case id >= len(computed) && h != nil:
			rep.add("ledger_hashes id %d: beyond the tree of size %d", id, size)
		case id >= len(computed):
		case h == nil:
			rep.add("ledger_hashes id %d: missing", id)
		case *h != computed[id]:
			if level, n := tlog.SplitStoredHashIndex(int64(id)); level > 0 {
				rep.add("ledger_hashes id %d (level %d, node %d): hash mismatch", id, level, n)
			}
		}
	}
	for id := len(stored); id < len(computed); id++ {
		rep.add("ledger_hashes id %d: missing", id)
	}
	if err := l.auditCheckpoints(ctx, &rep, reader, size); err != nil {
		return rep, err
	}
	if err := l.auditKeys(ctx, &rep, rotations); err != nil {
		return rep, err
	}
	return rep, nil
}

// rotation is a log.key_rotated leaf: the key it added and the one it
// replaced.
type rotation struct {
	idx            int64
	id, vkey, prev string
}

// auditKeys checks ledger_keys against the log: the first key signs from
// size 0, and every later one was added by a rotation leaf, which names it,
// its public half and the key it replaced, and signs from the size after
// that leaf. A key row added, changed or deleted behind the log's back
// would make checkpoints verify, or not, under keys the log never vouched
// for.
func (l *Log) auditKeys(ctx context.Context, rep *AuditReport, rotations []rotation) error {
	rows, err := l.db.QueryContext(ctx, `SELECT key_id, vkey, since_size FROM ledger_keys ORDER BY since_size`)
	if err != nil {
		return err
	}
	defer rows.Close()
	type key struct {
		vkey  string
		since int64
	}
	keys := map[string]key{}
	var first string
	for rows.Next() {
		var id string
		var k key
		if err := rows.Scan(&id, &k.vkey, &k.since); err != nil {
			return err
		}
		keys[id] = k
		if k.since == 0 {
			first = id
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	added := map[string]bool{}
	for _, r := range rotations {
		added[r.id] = true
		k, ok := keys[r.id]
		switch {
		case !ok:
			rep.add("ledger_keys %s: missing, the rotation at ledger_leaves idx %d added it", r.id, r.idx)
		case k.vkey != r.vkey:
			rep.add("ledger_keys %s: vkey differs from the one the rotation at ledger_leaves idx %d logged", r.id, r.idx)
		case k.since != r.idx+1:
			rep.add("ledger_keys %s: since_size %d, the rotation at ledger_leaves idx %d gives %d", r.id, k.since, r.idx, r.idx+1)
		}
		if _, ok := keys[r.prev]; !ok && r.prev != "" {
			rep.add("ledger_keys %s: missing, the rotation at ledger_leaves idx %d replaced it", r.prev, r.idx)
		}
	}
	for id, k := range keys {
		if id != first && !added[id] {
			rep.add("ledger_keys %s: since_size %d, but no rotation in the log added it", id, k.since)
		}
	}
	if first == "" && len(rotations) == 0 {
		rep.add("ledger_keys: no key signs from size 0")
	}
	return nil
}

// appendHash extends the recomputed tree by leaf n (or by its stored hash
// when the leaf row is gone).
func appendHash(computed *[]tlog.Hash, n int64, stored []*tlog.Hash, r tlog.HashReader, leaf []byte) error {
	var lh tlog.Hash
	if leaf != nil {
		lh = tlog.RecordHash(leaf)
	} else if id := tlog.StoredHashIndex(0, n); id < int64(len(stored)) && stored[id] != nil {
		lh = *stored[id]
	}
	hs, err := tlog.StoredHashesForRecordHash(n, lh, r)
	if err != nil {
		return err
	}
	*computed = append(*computed, hs...)
	return nil
}

// storedHashes loads ledger_hashes into a slice indexed by id; nil marks
// a missing row.
func (l *Log) storedHashes(ctx context.Context) ([]*tlog.Hash, error) {
	rows, err := l.db.QueryContext(ctx, `SELECT id, hash FROM ledger_hashes ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*tlog.Hash
	for rows.Next() {
		var id int64
		var b []byte
		if err := rows.Scan(&id, &b); err != nil {
			return nil, err
		}
		if id < 0 || id > 1<<40 {
			continue
		}
		for int64(len(out)) <= id {
			out = append(out, nil)
		}
		var h tlog.Hash
		copy(h[:], b)
		out[id] = &h
	}
	return out, rows.Err()
}

// auditCheckpoints checks every ledger_checkpoints row and the key
// folder's copy against the recomputed tree r of size leaves. A row's
// note is checked with the log's keys, then its columns against the note
// and the tree, so that each problem names the column that is off. A
// deleted row leaves no trace in the table itself; what names it is a
// signed copy held elsewhere: the key folder's, and (CheckHeld) a
// witness's or a published one.
func (l *Log) auditCheckpoints(ctx context.Context, rep *AuditReport, r tlog.HashReader, size int64) error {
	l.mu.Lock()
	vs := l.verifiers
	l.mu.Unlock()
	rows, err := l.db.QueryContext(ctx, `SELECT size, root, note FROM ledger_checkpoints ORDER BY size`)
	if err != nil {
		return err
	}
	defer rows.Close()
	notes := map[int64]string{}
	for rows.Next() {
		var n int64
		var root []byte
		var msg string
		if err := rows.Scan(&n, &root, &msg); err != nil {
			return err
		}
		rep.Checkpoints++
		notes[n] = msg
		auditCheckpointRow(rep, vs, l.cfg.Origin, r, size, n, root, msg)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	file := l.checkpointFile()
	b, err := os.ReadFile(file)
	switch {
	case os.IsNotExist(err):
		if rep.Checkpoints > 0 {
			rep.add("%s: missing", file)
		}
		return nil
	case err != nil:
		return err
	}
	cp, n, err := proof.OpenCheckpoint(b, vs)
	if err != nil {
		rep.add("%s: bad signature or format: %v", file, err)
		return nil
	}
	if cp.Origin != l.cfg.Origin {
		rep.add("%s: a checkpoint of log %q, not %q", file, cp.Origin, l.cfg.Origin)
		return nil
	}
	if int64(cp.Size) > size {
		rep.add("%s: size %d is beyond the log's %d leaves (rolled-back database?)", file, cp.Size, size)
		return nil
	}
	if root, err := tlog.TreeHash(int64(cp.Size), r); err != nil || root != cp.Root {
		rep.add("%s: root does not match the recomputed tree at size %d", file, cp.Size)
		return nil
	}
	// The copy is written after its row commits (or, adopted, after it is
	// stored), so the row is there unless someone removed it.
	switch msg, ok := notes[int64(cp.Size)]; {
	case !ok:
		rep.add("ledger_checkpoints size %d: missing (deleted?): %s holds that checkpoint, signed", cp.Size, file)
	case msg != string(logSigned(n)):
		rep.add("ledger_checkpoints size %d: note: not the signed note %s holds", cp.Size, file)
	}
	return nil
}

// auditCheckpointRow checks one ledger_checkpoints row (column size n,
// root, note msg) against the log's keys vs and the recomputed tree r of
// size leaves, naming the column that differs.
func auditCheckpointRow(rep *AuditReport, vs note.Verifiers, origin string, r tlog.HashReader, size, n int64, root []byte, msg string) {
	where := fmt.Sprintf("ledger_checkpoints size %d", n)
	treeRoot := func(at int64) (tlog.Hash, bool) {
		if at < 0 || at > size {
			return tlog.Hash{}, false
		}
		h, err := tlog.TreeHash(at, r)
		return h, err == nil
	}
	cp, _, err := proof.OpenCheckpoint([]byte(msg), vs)
	if err == nil && cp.Origin != origin {
		err = fmt.Errorf("a checkpoint of log %q, not %q", cp.Origin, origin)
	}
	if err != nil {
		// The note proves nothing: check the columns against the tree.
		rep.add("%s: note: not a checkpoint signed by the log's keys: %v", where, err)
		if h, ok := treeRoot(n); !ok {
			rep.add("%s: size: beyond the log's %d leaves", where, size)
		} else if string(h[:]) != string(root) {
			rep.add("%s: root: does not match the recomputed tree at size %d", where, n)
		}
		return
	}
	if int64(cp.Size) != n {
		rep.add("%s: size: %d, but the signed note is of size %d", where, n, cp.Size)
	}
	if string(root) != string(cp.Root[:]) {
		rep.add("%s: root: not the signed note's root", where)
	}
	if h, ok := treeRoot(int64(cp.Size)); !ok {
		rep.add("%s: note: size %d is beyond the log's %d leaves (rolled-back database?)", where, cp.Size, size)
	} else if h != cp.Root {
		rep.add("%s: note: root does not match the recomputed tree at size %d", where, cp.Size)
	}
}

// CheckHeld compares msg, a signed checkpoint of this log that holder
// keeps outside the database (a witness's cosigned checkpoint, one
// published or archived, a receipt's), with the database, reading only.
// The tree must hold it (no bigger than the tree, the same root at its
// size), as `damlam serve --witness/--checkpoint` requires before it
// starts; and ledger_checkpoints must still have its row with the same
// note, since every checkpoint the log hands out is stored first. It
// returns the problems found, each naming holder or the row.
func (l *Log) CheckHeld(ctx context.Context, holder string, msg []byte) ([]string, error) {
	if _, err := readSize(ctx, l.db); err != nil {
		return nil, err // the database, not the checkpoint
	}
	l.mu.Lock()
	s, err := l.outsideHeld(ctx, holder, msg)
	l.mu.Unlock()
	if err != nil {
		return []string{strings.TrimPrefix(err.Error(), "ledger: ")}, nil
	}
	var stored string
	err = l.db.QueryRowContext(ctx, `SELECT note FROM ledger_checkpoints WHERE size = $1`, int64(s.cp.Size)).Scan(&stored)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return []string{fmt.Sprintf("ledger_checkpoints size %d: missing (deleted?): %s holds that checkpoint, signed", s.cp.Size, holder)}, nil
	case err != nil:
		return nil, err
	case stored != string(s.note):
		return []string{fmt.Sprintf("ledger_checkpoints size %d: note: not the signed note %s holds", s.cp.Size, holder)}, nil
	}
	return nil, nil
}
