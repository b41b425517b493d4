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

// Act takes one step on case id for actor, in one transaction with its
// log leaf: it loads and locks the case, lets decide (the use case) decide
// the step against the case's record and the facts it asks for, writes
// the step, and returns once the transaction has committed and a signed
// checkpoint covers it. An unknown case is refused (404) before decide
// runs.
func (s *Store) Act(ctx context.Context, actor *org.Person, id string, decide workflow.Decide) (workflow.Committed, error) {
	do := func(ctx context.Context, tx *sql.Tx) (taken, error) {
		return s.doTx(ctx, tx, nil, actor, id, decide)
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
		t, err = s.group.run(ctx, func(ctx context.Context, tx *sql.Tx) (taken, error) {
			if err := claimIn(ctx, tx); err != nil { // idempotency.go
				return taken{}, err
			}
			return do(ctx, tx)
		})
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
		return workflow.Committed{}, err
	}
	done, err := s.committed(ctx, id, t)
	return done, afterCommit(t.index, err) // committed.go
}

// Peek reads case id as stored, for a check that takes no step.
func (s *Store) Peek(ctx context.Context, id string) (*workflow.Proposal, error) {
	c, err := s.loadCase(ctx, s.db, id, false)
	if err != nil {
		return nil, err
	}
	return &c.Proposal, nil
}

// taken is what an action wrote: its leaf, the leaf's index, and the cases
// it started. The group commit adds the leaf's inclusion proof in the tree
// its transaction committed and the checkpoint it signed over that tree.
type taken struct {
	index int64
	leaf  []byte
	proof [][32]byte
	cp    ledger.Signed
	// after is what the action knows of its case, for the answer; nil
	// if the view must be read.
	after *afterAction
}

// doTx is a step inside a transaction the caller owns. A loader's cases,
// if given, hold the case as the loader last wrote it.
func (s *Store) doTx(ctx context.Context, tx *sql.Tx, cases map[string]*caseRow, actor *org.Person, id string, decide workflow.Decide) (taken, error) {
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
	seq := c.LastSeq
	if st != nil && !c.lastKnown {
		if prev := s.asideAt(st, c.ID, seq); prev != nil {
			c.lastIndex, c.lastKnown = prev.lastIndex, true
		}
	}
	step, err := decide(&c.Proposal, c.record(), func(need workflow.Need) (workflow.Facts, error) {
		return s.facts(ctx, tx, c, need)
	})
	if err != nil {
		return taken{}, err
	}
	for _, ad := range step.Adopted {
		if err := s.writeAdoption(ctx, tx, actor, ad); err != nil {
			return taken{}, err
		}
	}
	ap := &applied{}
	index, err := s.record(ctx, tx, c, actor, step, ap)
	if err != nil {
		return taken{}, err
	}
	rec := step.Next
	tk := taken{index: index, leaf: ap.leaf}
	if st != nil {
		// The row as a read gives it back: times in UTC, to the stored
		// precision. The aside keeps one copy for the case's next action,
		// the answer gets another.
		row := *c
		row.CreatedAt, row.SubmittedAt = stored(c.CreatedAt), stored(c.SubmittedAt)
		row.EnteredAt, row.ReportedAt = stored(c.EnteredAt), stored(c.ReportedAt)
		row.UpdatedAt, row.updatedAt, row.dirty = c.updatedAt, "", false
		aside, err := s.nextAside(ctx, tx, st, c, seq, &rec, step.Change)
		if err != nil {
			return taken{}, err
		}
		kept := row
		aside.row = &kept
		tk.after = &afterAction{row: &row, event: ap.event}
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
// many of the batch's actions changed it: the UPDATE of proposals was a
// large part of a province run, each one rewriting a row of a page of its
// own, and several steps of a case often fall in one batch.
// Nothing in an action reads another case's row from the database.
type Loader struct {
	s     *Store
	bulk  *ledger.Bulk
	cases map[string]*caseRow
	// dirty are the kept cases changed in this batch, in the order of
	// their first change; forget are cases to drop once written.
	dirty  []*caseRow
	forget []string
	// reportStage holds the report count changes of the step under way,
	// reportSums those of the batch's steps that succeeded, written when
	// the batch ends (report_counts.go).
	reportStage []countChange
	reportSums  map[countKey]int64
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
		if err := upsertCounts(b.ctx, tx, ld.reportSums); err != nil {
			return err
		}
		clear(ld.reportSums)
		return ld.bulk.Flush(bctx)
	})
	if err != nil {
		ld.bulk.Abort()
		clear(ld.cases)
		clear(ld.reportSums)
		ld.reportStage = ld.reportStage[:0]
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

// Act takes one step inside the batch (see Store.Act).
func (b *Batch) Act(actor *org.Person, id string, decide workflow.Decide) (int64, error) {
	kept := b.ld.cases[id]
	var before caseRow
	if kept != nil {
		before = *kept
	}
	t, err := b.s.doTx(b.ctx, b.tx, b.ld.cases, actor, id, decide)
	index := t.index
	stage := b.ld.reportStage
	b.ld.reportStage = stage[:0]
	if err == nil && len(stage) > 0 {
		if b.ld.reportSums == nil {
			b.ld.reportSums = map[countKey]int64{}
		}
		for _, ch := range stage {
			b.ld.reportSums[ch.k] += ch.n
		}
	}
	if err != nil {
		// The step may have changed the kept row before it failed: put
		// it back as it was (a step replaces what it changes of a row,
		// never shares it), or drop a row this step loaded.
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

// CreateDraft starts a draft inside the batch, if check approves.
func (b *Batch) CreateDraft(unitID, proposerID string, content workflow.Content, check workflow.DecideDraft) (string, error) {
	return b.s.createDraftTx(b.ctx, b.tx, unitID, proposerID, content, check)
}

// committed is what Act answers of a step once committed: its history
// line, its receipt and the case after it.
func (s *Store) committed(ctx context.Context, id string, t taken) (workflow.Committed, error) {
	index := t.index
	var receipt proof.Receipt
	var err error
	if t.proof != nil {
		receipt, err = s.log.ReceiptFor(t.cp, index, t.leaf, t.proof)
	} else {
		receipt, err = s.log.Receipt(ctx, index)
	}
	if err != nil {
		return workflow.Committed{}, fmt.Errorf("receipt for %d: %w", index, err)
	}
	out := workflow.Committed{Receipt: receipt.Marshal()}
	var c *caseRow
	if t.after != nil {
		c, out.Event = t.after.row, t.after.event
	} else {
		if c, err = s.loadCase(ctx, s.db, id, false); err != nil {
			return out, err
		}
		if out.Event, err = s.eventAt(ctx, id, index); err != nil {
			return out, err
		}
	}
	out.Proposal, out.DueDate = c.Proposal, c.DueDate
	return out, nil
}

// eventAt reads the history line of case id's event at log index.
func (s *Store) eventAt(ctx context.Context, id string, index int64) (EventView, error) {
	var ev eventRow
	var name string
	err := s.db.QueryRowContext(ctx, `SELECT e.seq, e.type, e.action, e.actor_id, COALESCE(p.name, ''), e.at, e.state_before, e.state_after, e.payload, e.log_index
		FROM events e LEFT JOIN people p ON p.id = e.actor_id WHERE e.proposal_id = $1 AND e.log_index = $2`, id, index).Scan(
		&ev.Seq, &ev.Type, &ev.Action, &ev.ActorID, &name, &ev.At, &ev.StateBefore, &ev.StateAfter, &ev.Payload, &ev.LogIndex)
	if err != nil {
		return EventView{}, err
	}
	return ev.view(name), nil
}

// record writes a decided step: its leaf, its event row, and the
// projection the fold's change says moved.
func (s *Store) record(ctx context.Context, tx *sql.Tx, c *caseRow, actor *org.Person, step workflow.Step, ap *applied) (int64, error) {
	pseudonym := SystemActor
	if actor != nil {
		pseudonym = actor.Pseudonym
	}
	prev := int64(-1)
	if c.lastKnown {
		prev = c.lastIndex
	} else if c.LastSeq > 0 {
		if err := tx.QueryRowContext(ctx, `SELECT log_index FROM events WHERE proposal_id = $1 AND seq = $2`, c.ID, c.LastSeq).Scan(&prev); err != nil {
			return 0, err
		}
	}
	e, ch := step.Event, step.Change
	body, err := json.Marshal(e.Payload)
	if err != nil {
		return 0, err
	}
	ev := eventRow{ProposalID: c.ID, Seq: e.Seq, Type: e.Type, Action: string(e.Action), ActorID: e.Actor,
		At: fmtTime(e.At), StateBefore: string(e.From), StateAfter: string(e.To), Payload: string(body), PrevIndex: prev}
	if e.Seq != c.LastSeq+1 || e.From != c.State {
		return 0, fmt.Errorf("proposal %s: a step decided on seq %d in %s, the case is at seq %d in %s", c.ID, e.Seq-1, e.From, c.LastSeq, c.State)
	}
	name := ""
	if actor != nil {
		name = actor.Name
	}
	// The official documents the step issues are numbered now, and their
	// digests join the payload the leaf binds (register.go).
	docs, err := s.issue(ctx, tx, c, actor, ev.view(name))
	if err != nil {
		return 0, err
	}
	if len(docs) > 0 {
		for _, d := range docs {
			e.Payload.Documents = append(e.Payload.Documents, d.ref)
		}
		if body, err = json.Marshal(e.Payload); err != nil {
			return 0, err
		}
		ev.Payload = string(body)
	}
	leaf, err := leafOf(ev, &e.Payload, pseudonym)
	if err != nil {
		return 0, err
	}
	index, err := s.log.Append(ctx, tx, c.ID, leaf)
	if err != nil {
		return 0, err
	}
	if err := claimLogged(ctx, tx, c.ID, index); err != nil {
		return 0, err
	}
	ap.leaf = leaf
	ev.LogIndex = index
	ap.event = ev.view(name)
	if _, err := tx.ExecContext(ctx, `INSERT INTO events (proposal_id, seq, type, action, actor_id, at, state_before, state_after, payload, log_index, prev_index)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		ev.ProposalID, ev.Seq, ev.Type, ev.Action, ev.ActorID, ev.At, ev.StateBefore, ev.StateAfter, ev.Payload, index, prev); err != nil {
		return 0, err
	}
	if err := writeIssued(ctx, tx, c.ID, ev.Seq, ev.At, docs); err != nil {
		return 0, err
	}
	// The case as it was before the step: the submission a decision
	// answers, whether this is its first (report_counts.go).
	if err := s.countReport(ctx, tx, c, &ev); err != nil {
		return 0, err
	}
	if step.Next.DeciderID != "" && step.Next.DeciderID != c.DeciderID {
		// The record keeps ids; the row their place in the tree.
		if c.DeciderPath, err = unitPath(ctx, tx, step.Next.DeciderID); err != nil {
			return 0, err
		}
	}
	if err := c.take(step.Next, ch, index); err != nil {
		return 0, err
	}
	if err := s.project(ctx, tx, c, step, ev.ActorID, ev.At); err != nil {
		return 0, err
	}
	if err := s.saveCase(ctx, tx, c); err != nil {
		return 0, err
	}
	if err := s.notices(ctx, tx, c, step, ev.At); err != nil { // notify.go
		return 0, err
	}
	if ch.Decided {
		// After the log's sequencer, like every counter the triggers
		// keep, so that transactions take their locks in one order.
		if err := s.countDecision(ctx, tx, c); err != nil {
			return 0, err
		}
	}
	return index, nil
}

// project writes the rows beside the case's own that the fold's change
// says moved: a ballot, a submitted version.
func (s *Store) project(ctx context.Context, tx *sql.Tx, c *caseRow, step workflow.Step, actorID, at string) error {
	ch := step.Change
	if ch.Ballot {
		var v workflow.VoteInput
		if err := json.Unmarshal(step.Event.Payload.Input, &v); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO votes (proposal_id, round, person_id, ballot, comment, at) VALUES ($1, $2, $3, $4, $5, $6)
			ON CONFLICT (proposal_id, round, person_id) DO UPDATE SET ballot = excluded.ballot, comment = excluded.comment, at = excluded.at`,
			c.ID, c.VoteRound, ch.Voter, string(v.Ballot), v.Comment, at); err != nil {
			return err
		}
	}
	if ch.Escalated {
		if err := s.escalated(ctx, tx, c); err != nil {
			return err
		}
	}
	if err := correctives(ctx, tx, c, step); err != nil { // corrective.go
		return err
	}
	if ch.Version {
		if _, err := tx.ExecContext(ctx, `INSERT INTO proposal_versions (proposal_id, version, content, created_at, created_by) VALUES ($1, $2, $3, $4, $5)`,
			c.ID, c.Version, string(step.Content), at, actorID); err != nil {
			return err
		}
	}
	return nil
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
	if due, ok := workflow.DueDateUnder(cal, c.Rules, c.State, c.anchors()); ok {
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
	"outcome", "last_seq", "rules"}

// savedValues are the stored forms of the columns in savedColumns; scope
// is the scope's canonical JSON, as stored.
func (c *caseRow) savedValues(scope string) []any {
	return []any{string(c.State), fmtTime(c.EnteredAt), c.DueDate, fmtTime(c.SubmittedAt), fmtTime(c.ReportedAt),
		c.DecidedAt, c.DeciderID, c.DeciderPath, c.Version, c.VoteRound, scope, c.ScopeIndex,
		c.ScopeSpent, c.OutsideScope, c.Evaluation, string(c.Result), string(c.Outcome), c.LastSeq, c.rules}
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

// minutes tallies the current round from the collective its convening
// logged, never from today's seats.
func (s *Store) minutes(ctx context.Context, q querier, c *caseRow) (workflow.Minutes, error) {
	collective, err := collectiveOf(ctx, q, c)
	if err != nil {
		return workflow.Minutes{}, err
	}
	ballots, err := s.ballots(ctx, q, c)
	if err != nil {
		return workflow.Minutes{}, err
	}
	return workflow.TallyUnder(c.Rules, collective, ballots), nil
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
