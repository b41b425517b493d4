package sqlstore

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"

	"damlam/internal/problem"
	"damlam/internal/workflow"

	"golang.org/x/mod/sumdb/tlog"
)

// The steps whose outcome a cadre's protection turns on (an approval,
// the protection determination, a replication) are not decided from the
// case's row: a row edited behind the service's back would have the
// server sign the edit into the log. They are decided from the record the
// case's events give, replayed inside the step's transaction from event
// rows that are checked against their leaves and the leaves against the
// tree. If the row differs from that record the step is refused: the
// operator is told to run the audit, and nothing is written.

// verifiedRecord replays case c from its events inside tx, checking each
// event against its leaf and each leaf against the log's stored hash.
func (s *Store) verifiedRecord(ctx context.Context, tx *sql.Tx, c *caseRow) (workflow.Record, error) {
	rows, err := tx.QueryContext(ctx, `SELECT e.seq, e.type, e.action, e.actor_id, e.at, e.state_before, e.state_after, e.payload, e.log_index, e.prev_index,
		COALESCE(p.pseudonym, ''), COALESCE(l.leaf, ''), COALESCE(l.case_id, '')
		FROM events e LEFT JOIN people p ON p.id = e.actor_id LEFT JOIN ledger_leaves l ON l.idx = e.log_index
		WHERE e.proposal_id = $1 ORDER BY e.seq`, c.ID)
	if err != nil {
		return workflow.Record{}, err
	}
	type checked struct {
		ev   eventRow
		leaf []byte
	}
	var all []checked
	var events []workflow.Event
	for rows.Next() {
		var ev eventRow
		var ps, leafCase string
		var leaf []byte
		if err := rows.Scan(&ev.Seq, &ev.Type, &ev.Action, &ev.ActorID, &ev.At, &ev.StateBefore, &ev.StateAfter, &ev.Payload, &ev.LogIndex, &ev.PrevIndex,
			&ps, &leaf, &leafCase); err != nil {
			rows.Close()
			return workflow.Record{}, err
		}
		ev.ProposalID = c.ID
		if ev.ActorID == SystemActor {
			ps = SystemActor
		}
		derived, err := leafFor(ev, ps)
		if err != nil || len(leaf) == 0 || leafCase != c.ID || !bytes.Equal(derived, leaf) {
			rows.Close()
			return workflow.Record{}, s.recordMismatch(c.ID, fmt.Errorf("events seq %d does not match its leaf at log index %d", ev.Seq, ev.LogIndex))
		}
		e, err := eventOf(ev)
		if err != nil {
			rows.Close()
			return workflow.Record{}, s.recordMismatch(c.ID, fmt.Errorf("events seq %d: %w", ev.Seq, err))
		}
		all = append(all, checked{ev, leaf})
		events = append(events, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return workflow.Record{}, err
	}
	for _, ch := range all {
		var h []byte
		err := tx.QueryRowContext(ctx, `SELECT hash FROM ledger_hashes WHERE id = $1`, tlog.StoredHashIndex(0, ch.ev.LogIndex)).Scan(&h)
		if rh := tlog.RecordHash(ch.leaf); err != nil || !bytes.Equal(h, rh[:]) {
			return workflow.Record{}, s.recordMismatch(c.ID, fmt.Errorf("the leaf at log index %d is not the one the tree holds", ch.ev.LogIndex))
		}
	}
	rec, err := workflow.Replay(c.ID, events)
	if err != nil {
		return workflow.Record{}, s.recordMismatch(c.ID, err)
	}
	if d := rowDiffers(c, rec); d != "" {
		return workflow.Record{}, s.recordMismatch(c.ID, fmt.Errorf("proposals %s: %s", c.ID, d))
	}
	// The round's ballots as stored, which the pages' minutes read.
	stored, err := s.ballots(ctx, tx, c)
	if err != nil {
		return workflow.Record{}, err
	}
	if fmt.Sprint(stored) != fmt.Sprint(rec.Ballots) && (len(stored) > 0 || len(rec.Ballots) > 0) {
		return workflow.Record{}, s.recordMismatch(c.ID, fmt.Errorf("votes %s round %d: %v, its events give %v", c.ID, c.VoteRound, stored, rec.Ballots))
	}
	return rec, nil
}

// rowDiffers names the first column of c's row that the replayed record
// does not give, "" if none does.
func rowDiffers(c *caseRow, r workflow.Record) string {
	scope, want := "", ""
	if c.Scope != nil {
		scope = string(c.Scope.Canonical())
	}
	if r.Scope != nil {
		want = string(r.Scope.Canonical())
	}
	eval := canonicalEvaluation(r.Evaluation)
	for _, col := range []struct {
		name      string
		got, want any
	}{
		{"state", c.State, r.State}, {"last_seq", c.LastSeq, r.LastSeq}, {"version", c.Version, r.Version},
		{"vote_round", c.VoteRound, r.VoteRound}, {"scope", scope, want}, {"scope_index", c.ScopeIndex, r.ScopeIndex},
		{"scope_spent", c.ScopeSpent, r.ScopeSpent}, {"outside_scope", c.OutsideScope, r.OutsideScope},
		{"evaluation", canonicalJSON(c.Evaluation), eval}, {"result", c.Result, r.Result}, {"outcome", c.Outcome, r.Outcome},
	} {
		if fmt.Sprint(col.got) != fmt.Sprint(col.want) {
			return fmt.Sprintf("%s: %v, its events give %v", col.name, quoteEmpty(col.got), quoteEmpty(col.want))
		}
	}
	if r.DeciderID != "" && c.DeciderID != r.DeciderID {
		return fmt.Sprintf("decider_id: %s, its events give %s", c.DeciderID, r.DeciderID)
	}
	return ""
}

// recordMismatch refuses a step on a case whose stored record does not
// follow from its log. The cause goes to the logs through the error; the
// person is told that nothing was written and what the operator must do.
func (s *Store) recordMismatch(id string, cause error) error {
	return problem.Wrap(problem.Conflict, "record_mismatch", cause, id)
}
