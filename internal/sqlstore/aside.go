package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"maps"
	"sync"

	"damlam/internal/problem"
	"damlam/internal/workflow"
)

// An action reads its case's row under the write lock, and a vote or a
// decision also reads the round's collective and ballots. Between two
// actions of this process on a case nothing else changes them but an edit
// (only while the case can be edited) and an escalation, so an action
// carries them forward from what the case's previous action left (an
// aside, kept per case) by what the fold's Change says moved, and reads
// them inside its transaction only when there is nothing to carry: the
// first action on a case since the process started, or after an action
// this process did not take (seen as a gap in the case's event numbers).
// The asides an action's transaction computed are kept only once it has
// committed.

// caseAside is what an action on a case reads beside its row, as of the
// case's event seq. Its slices are shared by every reader.
type caseAside struct {
	seq int
	// lastIndex is the log index of event seq: the previous leaf the
	// case's next leaf names, without asking the events table.
	lastIndex int64
	round     int
	// collective is the round's collective as its convening logged it
	// (known once collectiveKnown); ballots the round's ballots.
	collective      []workflow.Member
	collectiveKnown bool
	ballots         map[string]workflow.Ballot
	// row is the case's row as committed at seq; never changed, an
	// action takes a copy (loadCaseKept).
	row *caseRow
}

// maxAsides bounds the cases whose aside is kept (a few KB each).
const maxAsides = 4096

type asideCache struct {
	mu sync.Mutex
	m  map[string]*caseAside
}

func (c *asideCache) get(id string) *caseAside {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.m[id]
}

// keep records the asides of a committed transaction, in the order its
// actions took them, never replacing a later one by an earlier.
func (c *asideCache) keep(st *asideStage) {
	if st == nil || len(st.m) == 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m)+len(st.m) > maxAsides {
		c.m = make(map[string]*caseAside, len(st.m))
	}
	for id, a := range st.m {
		if old := c.m[id]; old == nil || old.seq < a.seq {
			c.m[id] = a
		}
	}
}

// asideStage holds the asides one transaction computed, for its later
// actions on the same case and for keeping once it commits.
type asideStage struct{ m map[string]*caseAside }

func newAsideStage() *asideStage { return &asideStage{m: map[string]*caseAside{}} }

type asideStageKey struct{}

func withAsideStage(ctx context.Context, st *asideStage) context.Context {
	return context.WithValue(ctx, asideStageKey{}, st)
}

func asideStageOf(ctx context.Context) *asideStage {
	st, _ := ctx.Value(asideStageKey{}).(*asideStage)
	return st
}

// asideAt is the aside of case id as of event seq, if one is staged in
// this transaction or kept.
func (s *Store) asideAt(st *asideStage, id string, seq int) *caseAside {
	a := st.m[id]
	if a == nil {
		a = s.asides.get(id)
	}
	if a == nil || a.seq != seq {
		return nil
	}
	return a
}

// nextAside is the aside of case c after a step that found the case at
// event seq and changed what ch says: the previous aside carried forward
// by the change, or read in tx if there is none to carry.
func (s *Store) nextAside(ctx context.Context, tx querier, st *asideStage, c *caseRow, seq int, rec *workflow.Record, ch workflow.Change) (*caseAside, error) {
	prev := s.asideAt(st, c.ID, seq)
	var next *caseAside
	if prev != nil && (ch.Round || prev.round == c.VoteRound) {
		n := *prev
		switch {
		case ch.Round:
			n.round, n.collective, n.collectiveKnown, n.ballots = rec.VoteRound, rec.Collective, true, map[string]workflow.Ballot{}
		case ch.Ballot:
			n.ballots = maps.Clone(prev.ballots)
			n.ballots[ch.Voter] = rec.Ballots[ch.Voter]
		}
		next = &n
	}
	if next == nil {
		var err error
		if next, err = s.readAside(ctx, tx, c); err != nil {
			return nil, err
		}
	}
	next.seq, next.lastIndex = c.LastSeq, c.lastIndex
	st.m[c.ID] = next
	return next, nil
}

// loadCaseKept loads and locks case id for an action like
// loadCaseForAction, but takes the row its previous action left if the
// case has not changed since: the row is the largest read under the write
// lock (29 columns and the content). Only
// actions change a row's event number; between two actions an edit may
// change the content (only while the case can be edited) and an
// escalation its escalated_for (read here every time).
func (s *Store) loadCaseKept(ctx context.Context, tx querier, st *asideStage, id string) (*caseRow, error) {
	prev := st.m[id]
	if prev == nil {
		prev = s.asides.get(id)
	}
	if prev == nil || prev.row == nil {
		return s.loadCaseForAction(ctx, tx, id)
	}
	if _, editable := workflow.Find(prev.row.State, workflow.Edit); editable {
		return s.loadCaseForAction(ctx, tx, id)
	}
	var seq int
	var escalated string
	err := tx.QueryRowContext(ctx, `SELECT last_seq, escalated_for FROM proposals WHERE id = $1`+s.db.forUpdate(), id).Scan(&seq, &escalated)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, problem.New(problem.NotFound, "proposal_not_found", id)
	}
	if err != nil {
		return nil, err
	}
	if seq != prev.seq {
		return s.loadCaseForAction(ctx, tx, id)
	}
	c := *prev.row
	c.EscalatedFor = escalated
	return &c, nil
}

// readAside reads what an action on c reads beside its row.
func (s *Store) readAside(ctx context.Context, q querier, c *caseRow) (*caseAside, error) {
	a := &caseAside{seq: c.LastSeq, round: c.VoteRound}
	var err error
	if a.ballots, err = s.ballots(ctx, q, c); err != nil {
		return nil, err
	}
	if a.collective, err = collectiveOf(ctx, q, c); err != nil {
		return nil, err
	}
	a.collectiveKnown = true
	return a, nil
}

// replicas are the cases replicated from case id.
func replicas(ctx context.Context, q querier, id string) ([]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT id FROM proposals WHERE source_id = $1 ORDER BY id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}
