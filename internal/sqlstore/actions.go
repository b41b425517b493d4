package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"damlam/internal/calendar"
	"damlam/internal/ledger"
	"damlam/internal/org"
	"damlam/internal/problem"
	"damlam/internal/proof"
	"damlam/internal/workflow"
)

// ActionResult is what an action returns: the case after it, the event it
// recorded, and the receipt that proves the event is in the log.
type ActionResult struct {
	Proposal *ProposalView `json:"proposal"`
	Event    EventView     `json:"event"`
	// Receipt is the C2SP tlog-proof: index, inclusion proof, signed checkpoint.
	Receipt string `json:"receipt"`
	// Created lists the cases an action started (replication).
	Created []string `json:"created,omitempty"`
}

// applied is what an action decided, before it is written.
type applied struct {
	payload       eventPayload
	approvesScope bool
	created       []string
	// decided: the collective decided the case (its decision time counts).
	decided bool
	// leaf is the log leaf record wrote, event its history line.
	leaf  []byte
	event EventView
}

// Do takes action a on proposal id for actor, in one transaction with its
// log leaf, and returns the receipt. Refusals come in a fixed order: the
// caller cannot see the case (404), may not take the action (403), the
// case is not in a state for it (409), the input is wrong (422).
func (s *Store) Do(ctx context.Context, actor *org.Person, id string, a workflow.Action, in workflow.Input) (*ActionResult, error) {
	if !workflow.KnownAction(a) || a == workflow.Edit || a == workflow.Escalate {
		return nil, problem.New(problem.NotFound, "unknown_action", string(a))
	}
	if in == nil {
		in = workflow.NewInput(a)
	}
	var fields problem.Fields
	in.Validate(&fields)
	do := func(ctx context.Context, tx *sql.Tx) (taken, error) {
		return s.doTx(ctx, tx, nil, actor, id, a, in, fields)
	}
	var t taken
	var err error
	if s.db.Dialect == SQLite {
		// The group keeps its actions' asides once it has committed.
		// Concurrent actions share a transaction and its commit
		// (groupcommit.go). SQLite runs one writer at a time anyway; on
		// PostgreSQL a shared transaction would lock a second case while
		// holding the log's sequencer, against the order every single
		// action takes them in, and instances would deadlock.
		t, err = s.group.run(ctx, do)
	} else {
		st := newAsideStage()
		err = s.db.inTx(ctx, func(tx *sql.Tx) error {
			t, err = do(withAsideStage(ctx, st), tx)
			return err
		})
		if err == nil {
			s.asides.keep(st)
		}
	}
	if err != nil {
		return nil, err
	}
	return s.result(ctx, actor, id, t)
}

// taken is what an action wrote: its leaf, the leaf's index, and the cases
// it started. The group commit adds the leaf's inclusion proof in the tree
// its transaction committed and the checkpoint it signed over that tree.
type taken struct {
	index   int64
	leaf    []byte
	created []string
	proof   [][32]byte
	cp      ledger.Signed
	// after is what the action knows of its case, for the answer; nil
	// if the view must be read.
	after *afterAction
}

// doTx is an action inside a transaction the caller owns. A loader's
// cases, if given, hold the case as the loader last wrote it.
func (s *Store) doTx(ctx context.Context, tx *sql.Tx, cases map[string]*caseRow, actor *org.Person, id string, a workflow.Action, in workflow.Input, fields problem.Fields) (taken, error) {
	st := asideStageOf(ctx)
	if cases != nil {
		st = nil // a loader keeps its cases itself
	}
	c := cases[id]
	if c == nil {
		var err error
		if st != nil {
			c, err = s.loadCaseKept(ctx, tx, st, id)
		} else {
			c, err = s.loadCaseForAction(ctx, tx, id)
		}
		if err != nil {
			return taken{}, err
		}
		if cases != nil {
			cases[id] = c
		}
	}
	if err := s.authorize(actor, c, a); err != nil {
		return taken{}, err
	}
	if err := fields.Err(); err != nil {
		return taken{}, err
	}
	t, _ := workflow.Find(c.State, a)
	seq, before := c.LastSeq, c.State
	if st != nil && !c.lastKnown {
		if prev := s.asideAt(st, c.ID, seq); prev != nil {
			c.lastIndex, c.lastKnown = prev.lastIndex, true
		}
	}
	ap, err := s.apply(ctx, tx, actor, c, t, in)
	if err != nil {
		return taken{}, err
	}
	index, err := s.record(ctx, tx, c, actor, t, ap)
	if err != nil {
		return taken{}, err
	}
	tk := taken{index: index, leaf: ap.leaf, created: ap.created}
	if st != nil {
		// The row as a read gives it back: times in UTC, to the stored
		// precision. The aside keeps one copy for the case's next action,
		// the answer gets another.
		row := *c
		row.CreatedAt, row.SubmittedAt = stored(c.CreatedAt), stored(c.SubmittedAt)
		row.EnteredAt, row.ReportedAt = stored(c.EnteredAt), stored(c.ReportedAt)
		row.UpdatedAt, row.updatedAt, row.dirty = c.updatedAt, "", false
		aside, err := s.nextAside(ctx, tx, st, c, seq, before, actor, a, in)
		if err != nil {
			return taken{}, err
		}
		kept := row
		aside.row = &kept
		tk.after = &afterAction{row: &row, aside: aside, event: ap.event}
	}
	return tk, nil
}

// Batch runs many actions in one transaction: all are written or none.
// Bulk loaders use it (one commit and one checkpoint for many decisions);
// people use Do, whose answer carries each decision's own receipt.
type Batch struct {
	s   *Store
	ld  *Loader
	ctx context.Context
	tx  *sql.Tx
	// Last is the log index of the batch's last decision, -1 if none.
	Last int64
}

// Batch calls fn with a batch and commits it if fn succeeds; it then signs
// a checkpoint covering the whole batch and returns it.
func (s *Store) Batch(ctx context.Context, fn func(b *Batch) error) ([]byte, error) {
	return s.NewLoader().Batch(ctx, fn)
}

// A Loader runs batch after batch for a bulk load (the dataset generator)
// and keeps, between them, what its own writes left: each open case's row
// as written, and the log's chain ends (ledger.Bulk). A profile of the
// generator spent a third of every step reading those back: the case
// (34 s of a province run), the index of its last event (13 s), its last
// leaf for the chain check (15 s). A batch starts by checking, under the
// log's sequencer lock, that the log did not grow behind the loader's
// back; if it did (another writer acted) everything kept is dropped and
// read again. A batch that fails drops it too.
//
// The row of a kept case is written once when the batch ends, however
// many of the batch's actions changed it: the UPDATE of proposals was 43 s
// of 162 s of a province run, each one rewriting a row of about 2.5 KB (a
// page of its own), and several steps of a case often fall in one batch.
// Nothing in an action reads another case's row from the database.
type Loader struct {
	s     *Store
	bulk  *ledger.Bulk
	cases map[string]*caseRow
	// dirty are the kept cases changed in this batch, in the order of
	// their first change; forget are cases to drop once written.
	dirty  []*caseRow
	forget []string
}

type loaderKey struct{}

// loaderOf returns the loader running tx, if ctx holds one.
func loaderOf(ctx context.Context, tx *sql.Tx) *Loader {
	b, _ := ctx.Value(loaderKey{}).(*Batch)
	if b == nil || b.tx != tx {
		return nil
	}
	return b.ld
}

// maxLoaderCases bounds the cases a loader keeps (a few KB each); past it
// the loader starts again from the database.
const maxLoaderCases = 300_000

// NewLoader starts a loader over s.
func (s *Store) NewLoader() *Loader {
	return &Loader{s: s, bulk: s.log.NewBulk(), cases: map[string]*caseRow{}}
}

// Batch is Store.Batch, keeping what the loader knows between batches.
func (ld *Loader) Batch(ctx context.Context, fn func(b *Batch) error) ([]byte, error) {
	s := ld.s
	b := &Batch{s: s, ld: ld, Last: -1}
	if len(ld.cases) > maxLoaderCases {
		clear(ld.cases)
	}
	err := s.db.inTx(ctx, func(tx *sql.Tx) error {
		bctx, moved, err := ld.bulk.Begin(ctx, tx)
		if err != nil {
			return err
		}
		if moved {
			clear(ld.cases)
		}
		b.tx, b.ctx = tx, context.WithValue(bctx, loaderKey{}, b)
		if err := fn(b); err != nil {
			return err
		}
		if err := ld.writeCases(b.ctx, tx); err != nil {
			return err
		}
		return ld.bulk.Flush(bctx)
	})
	if err != nil {
		ld.bulk.Abort()
		clear(ld.cases)
		ld.dirty, ld.forget = ld.dirty[:0], ld.forget[:0]
		return nil, err
	}
	ld.bulk.Commit()
	if b.Last < 0 {
		return nil, nil
	}
	r, err := s.log.Receipt(ctx, b.Last)
	if err != nil {
		return nil, err
	}
	return r.Checkpoint, nil
}

// writeCases writes the rows of the cases the batch changed, then drops
// those it was told to forget.
func (ld *Loader) writeCases(ctx context.Context, tx *sql.Tx) error {
	for _, c := range ld.dirty {
		if !c.dirty {
			continue // restored by a failed action
		}
		if err := writeCase(ctx, tx, c); err != nil {
			return err
		}
		c.dirty = false
	}
	ld.dirty = ld.dirty[:0]
	for _, id := range ld.forget {
		delete(ld.cases, id)
		ld.bulk.Forget(id)
	}
	ld.forget = ld.forget[:0]
	return nil
}

// Do takes one action inside the batch.
func (b *Batch) Do(actor *org.Person, id string, a workflow.Action, in workflow.Input) (int64, error) {
	if !workflow.KnownAction(a) || a == workflow.Edit || a == workflow.Escalate {
		return 0, problem.New(problem.NotFound, "unknown_action", string(a))
	}
	if in == nil {
		in = workflow.NewInput(a)
	}
	var fields problem.Fields
	in.Validate(&fields)
	kept := b.ld.cases[id]
	var before caseRow
	if kept != nil {
		before = *kept
	}
	t, err := b.s.doTx(b.ctx, b.tx, b.ld.cases, actor, id, a, in, fields)
	index := t.index
	if err != nil {
		// The action may have changed the kept row before it failed: put
		// it back as it was (an action replaces what it changes of a row,
		// never shares it), or drop a row this action loaded.
		if kept != nil {
			*kept = before
		} else if c := b.ld.cases[id]; c != nil {
			c.dirty = false
			delete(b.ld.cases, id)
		}
		return index, err
	}
	b.Last = index
	return index, nil
}

// Forget tells the loader that case id gets no more actions from it, so
// that it need not keep the case once the batch is written.
func (b *Batch) Forget(id string) {
	b.ld.forget = append(b.ld.forget, id)
}

// CreateProposal starts a draft inside the batch.
func (b *Batch) CreateProposal(actor *org.Person, unitID string, content workflow.Content) (string, error) {
	return b.s.createProposalTx(b.ctx, b.tx, actor, unitID, content)
}

func (s *Store) result(ctx context.Context, actor *org.Person, id string, t taken) (*ActionResult, error) {
	index, created := t.index, t.created
	var receipt proof.Receipt
	var err error
	if t.proof != nil {
		receipt, err = s.log.ReceiptFor(t.cp, index, t.leaf, t.proof)
	} else {
		receipt, err = s.log.Receipt(ctx, index)
	}
	if err != nil {
		return nil, fmt.Errorf("receipt for %d: %w", index, err)
	}
	var view *ProposalView
	if t.after != nil && workflow.CanRead(actor, &t.after.row.Proposal) {
		c := t.after.row
		if err := c.fullContent(); err != nil {
			return nil, err
		}
		view, err = s.view(ctx, actor, c, t.after)
	} else {
		view, err = s.Proposal(ctx, actor, id)
	}
	if err != nil {
		return nil, err
	}
	res := &ActionResult{Proposal: view, Receipt: string(receipt.Marshal()), Created: created}
	for _, ev := range view.History {
		if ev.LogIndex == index {
			res.Event = ev
		}
	}
	return res, nil
}

// record writes the event row, its leaf and the case's new columns.
func (s *Store) record(ctx context.Context, tx *sql.Tx, c *caseRow, actor *org.Person, t workflow.Transition, ap *applied) (int64, error) {
	now := s.now()
	actorID, pseudonym := SystemActor, SystemActor
	if actor != nil {
		actorID, pseudonym = actor.ID, actor.Pseudonym
	}
	prev := int64(-1)
	if c.lastKnown {
		prev = c.lastIndex
	} else if c.LastSeq > 0 {
		if err := tx.QueryRowContext(ctx, `SELECT log_index FROM events WHERE proposal_id = $1 AND seq = $2`, c.ID, c.LastSeq).Scan(&prev); err != nil {
			return 0, err
		}
	}
	body, err := json.Marshal(ap.payload)
	if err != nil {
		return 0, err
	}
	ev := eventRow{ProposalID: c.ID, Seq: c.LastSeq + 1, Type: t.Event, Action: string(t.Action), ActorID: actorID,
		At: fmtTime(now), StateBefore: string(c.State), StateAfter: string(t.To), Payload: string(body), PrevIndex: prev}
	leaf, err := leafFor(ev, pseudonym)
	if err != nil {
		return 0, err
	}
	index, err := s.log.Append(ctx, tx, c.ID, leaf)
	if err != nil {
		return 0, err
	}
	ap.leaf = leaf
	name := ""
	if actor != nil {
		name = actor.Name
	}
	ev.LogIndex = index
	ap.event = ev.view(name)
	if _, err := tx.ExecContext(ctx, `INSERT INTO events (proposal_id, seq, type, action, actor_id, at, state_before, state_after, payload, log_index, prev_index)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		ev.ProposalID, ev.Seq, ev.Type, ev.Action, ev.ActorID, ev.At, ev.StateBefore, ev.StateAfter, ev.Payload, index, prev); err != nil {
		return 0, err
	}
	c.lastIndex, c.lastKnown = index, true
	if t.To != c.State {
		c.EnteredAt = now
	}
	c.State = t.To
	c.LastSeq = ev.Seq
	if ap.approvesScope {
		c.ScopeIndex = index
	}
	if err := s.saveCase(ctx, tx, c); err != nil {
		return 0, err
	}
	if ap.decided {
		// After the log's sequencer, like every counter the triggers
		// keep, so that transactions take their locks in one order.
		if err := s.countDecision(ctx, tx, c); err != nil {
			return 0, err
		}
	}
	return index, nil
}

// saveCase writes the columns an action may change, with a fresh due date.
// Under a loader, the case it keeps is written when the batch ends
// (Loader.writeCases) instead.
func (s *Store) saveCase(ctx context.Context, tx *sql.Tx, c *caseRow) error {
	cal, err := s.Calendar(ctx)
	if err != nil {
		return err
	}
	c.DueDate = ""
	if due, ok := workflow.DueDate(cal, c.State, c.anchors()); ok {
		c.DueDate = due.String()
	}
	c.updatedAt = fmtTime(s.now())
	if ld := loaderOf(ctx, tx); ld != nil && ld.cases[c.ID] == c {
		if !c.dirty {
			c.dirty = true
			ld.dirty = append(ld.dirty, c)
		}
		return nil
	}
	return writeCase(ctx, tx, c)
}

// writeCase writes the columns of c that differ from what is stored, and
// its time of update.
func writeCase(ctx context.Context, tx *sql.Tx, c *caseRow) error {
	scope := ""
	if c.Scope != nil {
		scope = string(c.Scope.Canonical())
	}
	// Write only the columns that changed. SQLite rewrites every index
	// over a column named in SET, changed or not, and fires the count
	// triggers: a vote or a progress report changes no indexed column,
	// and now touches none of the five indexes of proposals.
	vals := c.savedValues(scope)
	var sets []string
	var args sqlArgs
	for i, v := range vals {
		if c.saved == nil || v != c.saved[i] {
			sets = append(sets, savedColumns[i]+" = "+args.add(v))
		}
	}
	sets = append(sets, "updated_at = "+args.add(c.updatedAt))
	_, err := tx.ExecContext(ctx, `UPDATE proposals SET `+strings.Join(sets, ", ")+` WHERE id = `+args.add(c.ID), args...)
	if err == nil {
		c.saved = vals
	}
	return err
}

// savedColumns are the columns of proposals an action may change, in the
// order of savedValues.
var savedColumns = []string{"state", "entered_at", "due_date", "submitted_at", "reported_at", "decided_at", "decider_id",
	"decider_path", "version", "vote_round", "scope", "scope_index", "scope_spent", "outside_scope", "evaluation", "result",
	"outcome", "last_seq"}

// savedValues are the stored forms of the columns in savedColumns; scope
// is the scope's canonical JSON, as stored.
func (c *caseRow) savedValues(scope string) []any {
	return []any{string(c.State), fmtTime(c.EnteredAt), c.DueDate, fmtTime(c.SubmittedAt), fmtTime(c.ReportedAt),
		c.DecidedAt, c.DeciderID, c.DeciderPath, c.Version, c.VoteRound, scope, c.ScopeIndex,
		c.ScopeSpent, c.OutsideScope, c.Evaluation, string(c.Result), string(c.Outcome), c.LastSeq}
}

func (c *caseRow) anchors() workflow.Anchors {
	a := workflow.Anchors{Entered: calendar.DateOf(c.EnteredAt)}
	if !c.SubmittedAt.IsZero() {
		a.Submitted = calendar.DateOf(c.SubmittedAt)
	}
	if !c.ReportedAt.IsZero() {
		a.CompletionReported = calendar.DateOf(c.ReportedAt)
	}
	if c.Scope != nil {
		if d, err := calendar.ParseDate(c.Scope.End); err == nil {
			a.PilotEnd = d
		}
	}
	return a
}

// members is the leadership collective of the deciding unit: its head and
// deputies, with the proposer recused.
func (s *Store) members(ctx context.Context, q querier, c *caseRow) ([]workflow.Member, error) {
	rows, err := q.QueryContext(ctx, `SELECT p.id, p.name, s.position FROM positions s JOIN people p ON p.id = s.person_id
		WHERE s.unit_id = $1 AND s.position IN ('head', 'deputy') ORDER BY s.position DESC, p.id`, c.DeciderID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []workflow.Member
	for rows.Next() {
		var m workflow.Member
		var pos string
		if err := rows.Scan(&m.PersonID, &m.Name, &pos); err != nil {
			return nil, err
		}
		m.Head = pos == string(org.Head)
		m.Recused = m.PersonID == c.ProposerID
		out = append(out, m)
	}
	return out, rows.Err()
}

func (s *Store) ballots(ctx context.Context, q querier, c *caseRow) (map[string]workflow.Ballot, error) {
	rows, err := q.QueryContext(ctx, `SELECT person_id, ballot FROM votes WHERE proposal_id = $1 AND round = $2`, c.ID, c.VoteRound)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]workflow.Ballot{}
	for rows.Next() {
		var id, b string
		if err := rows.Scan(&id, &b); err != nil {
			return nil, err
		}
		out[id] = workflow.Ballot(b)
	}
	return out, rows.Err()
}

// minutes tallies the current round.
func (s *Store) minutes(ctx context.Context, q querier, c *caseRow) (workflow.Minutes, error) {
	members, err := s.members(ctx, q, c)
	if err != nil {
		return workflow.Minutes{}, err
	}
	ballots, err := s.ballots(ctx, q, c)
	if err != nil {
		return workflow.Minutes{}, err
	}
	return workflow.Tally(members, ballots), nil
}

// eventPayloadOf reads back an earlier event of the case of the given type.
func eventPayloadOf(ctx context.Context, q querier, caseID string, seq int, typ string) (json.RawMessage, error) {
	var payload string
	err := q.QueryRowContext(ctx, `SELECT payload FROM events WHERE proposal_id = $1 AND seq = $2 AND type = $3`, caseID, seq, typ).Scan(&payload)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return json.RawMessage(payload), err
}

func invalidField(field, code string, args ...any) error {
	var f problem.Fields
	f.Add(field, code, args...)
	return f.Err()
}
