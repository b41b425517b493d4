package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"damlam/internal/proof"
	"damlam/internal/workflow"
)

// AuditReport is the result of a full audit: the log's own check, then
// every business row against the leaf it should have produced.
type AuditReport struct {
	LogSize  int64    `json:"log_size"`
	Events   int      `json:"events"`
	Cases    int      `json:"cases"`
	Problems []string `json:"problems"`
}

// OK reports a clean audit.
func (r AuditReport) OK() bool { return len(r.Problems) == 0 }

func (r *AuditReport) add(format string, args ...any) {
	if len(r.Problems) < 10000 {
		r.Problems = append(r.Problems, fmt.Sprintf(format, args...))
	}
}

// Audit recomputes the whole tree from the stored leaves and compares it
// with the stored hashes, signed checkpoints and keys (the ledger's part),
// then re-derives each event's leaf from the business rows and names every
// row, and the column, whose content no longer matches the log: an event
// changed, deleted or added behind the service's back; a case whose state,
// scope or counters no longer follow from its events, or whose row is
// gone; a ballot or a submitted version that differs from the event that
// recorded it. tamper_test.go lists every kind of change it names, and
// those it does not.
//
// One change no audit of the database alone can reveal: a step appended
// after the newest signed checkpoint, written consistently (the event, the
// case row, the leaf, the tree hashes and the size) by someone who can
// write to the database. It replays like any other, and the next
// checkpoint signed covers it. Only a checkpoint of that size or larger
// signed before it (a witness's cosignature, an archived checkpoint, the
// key folder's copy) reveals it, or the person it names, who did not take
// it and holds no receipt for it (see docs/deployment.md).
func (s *Store) Audit(ctx context.Context) (AuditReport, error) {
	var rep AuditReport
	tree, err := s.log.AuditTree(ctx)
	if err != nil {
		return rep, err
	}
	rep.Problems = append(rep.Problems, tree.Problems...)
	if rep.LogSize, err = s.log.Size(ctx); err != nil {
		return rep, err
	}
	pseudonyms := map[string]string{SystemActor: SystemActor}
	rows, err := s.db.QueryContext(ctx, `SELECT id, pseudonym FROM people`)
	if err != nil {
		return rep, err
	}
	for rows.Next() {
		var id, ps string
		if err := rows.Scan(&id, &ps); err != nil {
			rows.Close()
			return rep, err
		}
		pseudonyms[id] = ps
	}
	rows.Close()

	// Leaves by index, to pair with events (streamed: the log may be large).
	leafCase := map[int64]string{}
	leaves := map[int64][]byte{}
	if err := s.log.ScanLeaves(ctx, 0, func(idx int64, caseID string, leaf []byte) error {
		leafCase[idx] = caseID
		leaves[idx] = leaf
		return nil
	}); err != nil {
		return rep, err
	}
	seen := map[int64]bool{}
	type caseState struct {
		lastSeq   int
		lastState string
		lastIndex int64
		votes     map[string]loggedBallot
	}
	cases := map[string]*caseState{}
	logged := map[string][]workflow.Event{}
	evRows, err := s.db.QueryContext(ctx, `SELECT proposal_id, seq, type, action, actor_id, at, state_before, state_after, payload, log_index, prev_index
		FROM events ORDER BY proposal_id, seq`)
	if err != nil {
		return rep, err
	}
	for evRows.Next() {
		var ev eventRow
		if err := evRows.Scan(&ev.ProposalID, &ev.Seq, &ev.Type, &ev.Action, &ev.ActorID, &ev.At, &ev.StateBefore, &ev.StateAfter, &ev.Payload, &ev.LogIndex, &ev.PrevIndex); err != nil {
			evRows.Close()
			return rep, err
		}
		rep.Events++
		where := fmt.Sprintf("events %s seq %d (log index %d)", ev.ProposalID, ev.Seq, ev.LogIndex)
		cs := cases[ev.ProposalID]
		if cs == nil {
			cs = &caseState{lastIndex: -1, lastState: string(workflow.Draft), votes: map[string]loggedBallot{}}
			cases[ev.ProposalID] = cs
		}
		if ev.Seq != cs.lastSeq+1 {
			rep.add("%s: seq: jumps from %d", where, cs.lastSeq)
		}
		if ev.PrevIndex != cs.lastIndex {
			rep.add("%s: prev_index: %d, the case's previous event is at %d", where, ev.PrevIndex, cs.lastIndex)
		}
		if ev.StateBefore != cs.lastState {
			left := "the previous event left " + cs.lastState
			if cs.lastSeq == 0 {
				left = "a case starts as " + cs.lastState
			}
			rep.add("%s: state_before: %s, %s", where, ev.StateBefore, left)
		}
		// The leaf binds the type, not the action: the table says which
		// action writes that type in that state.
		if a, ok := actionWriting(workflow.State(ev.StateBefore), ev.Type); ok && string(a) != ev.Action {
			rep.add("%s: action: %s, the action that writes %s in %s is %s", where, ev.Action, ev.Type, ev.StateBefore, a)
		}
		cs.lastSeq, cs.lastState, cs.lastIndex = ev.Seq, ev.StateAfter, ev.LogIndex
		seen[ev.LogIndex] = true
		stored, ok := leaves[ev.LogIndex]
		if !ok {
			rep.add("%s: log_index: no leaf at that index in the log", where)
			continue
		}
		if leafCase[ev.LogIndex] != ev.ProposalID {
			rep.add("%s: proposal_id: the leaf at that index is case %s's", where, leafCase[ev.LogIndex])
		}
		ps, ok := pseudonyms[ev.ActorID]
		if !ok {
			rep.add("%s: actor_id: %s is no one in people", where, ev.ActorID)
			continue
		}
		derived, err := leafFor(ev, ps)
		if err != nil || string(derived) != string(stored) {
			rep.add("%s: %s: the row no longer matches its leaf", where, leafDiff(derived, stored))
		}
		e, err := eventOf(ev)
		if err != nil {
			rep.add("%s: payload: %v", where, err)
			continue
		}
		logged[ev.ProposalID] = append(logged[ev.ProposalID], e)
		if ev.Type == "collective.vote" {
			var in workflow.VoteInput
			var d workflow.VoteDetails
			json.Unmarshal(e.Payload.Input, &in)
			json.Unmarshal(e.Payload.Details, &d)
			cs.votes[fmt.Sprintf("round %d %s", d.Round, ev.ActorID)] = loggedBallot{string(in.Ballot), in.Comment, ev.At}
		}
	}
	evRows.Close()
	for idx, leaf := range leaves {
		if seen[idx] {
			continue
		}
		if !caseLeaf(leaf) {
			continue
		}
		rep.add("ledger_leaves idx %d (case %s): no event row records it (deleted?)", idx, leafCase[idx])
	}

	// Each case's row must be what its events decide, and every document
	// a leaf names must be the bytes it names.
	if err := s.auditProjection(ctx, &rep, logged); err != nil {
		return rep, err
	}
	if err := s.auditDocuments(ctx, &rep); err != nil {
		return rep, err
	}
	if err := s.auditWitnesses(ctx, &rep); err != nil {
		return rep, err
	}
	// Each ballot's row must be the case's last vote event of that member
	// in that round.
	vr, err := s.db.QueryContext(ctx, `SELECT proposal_id, round, person_id, ballot, comment, at FROM votes`)
	if err != nil {
		return rep, err
	}
	defer vr.Close()
	inTable := map[string]bool{}
	for vr.Next() {
		var id, person string
		var round int
		var row loggedBallot
		if err := vr.Scan(&id, &round, &person, &row.ballot, &row.comment, &row.at); err != nil {
			return rep, err
		}
		key := fmt.Sprintf("round %d %s", round, person)
		inTable[id+" "+key] = true
		var logged loggedBallot
		ok := false
		if cs := cases[id]; cs != nil {
			logged, ok = cs.votes[key]
		}
		switch where := "votes " + id + " " + key; {
		case !ok:
			rep.add("%s: ballot %s: no such ballot is in the log", where, row.ballot)
		case row.ballot != logged.ballot:
			rep.add("%s: ballot: %s, the log records %s", where, row.ballot, logged.ballot)
		case row.comment != logged.comment:
			rep.add("%s: comment: not the one the log records", where)
		case row.at != logged.at:
			rep.add("%s: at: %s, the log records %s", where, row.at, logged.at)
		}
	}
	if err := vr.Err(); err != nil {
		return rep, err
	}
	for id, cs := range cases {
		for key, b := range cs.votes {
			if !inTable[id+" "+key] {
				rep.add("votes %s %s: missing, the log records the ballot %s (deleted?)", id, key, b.ballot)
			}
		}
	}
	return rep, s.auditOrg(ctx, &rep)
}

// loggedBallot is what a vote event records of a ballot, as its row keeps it.
type loggedBallot struct{ ballot, comment, at string }

// actionWriting is the action that writes events of type typ in state
// from, by the transition table.
func actionWriting(from workflow.State, typ string) (workflow.Action, bool) {
	for _, t := range workflow.Table {
		if t.From == from && t.Event == typ {
			return t.Action, true
		}
	}
	return "", false
}

// leafDiff names the columns of an event row whose values differ from
// what its stored leaf binds. A row that points at another event's leaf
// (log_index changed, or rows swapped) differs in its content as well as
// its number, and is named by log_index.
func leafDiff(derived, stored []byte) string {
	d, err1 := proof.ParseEntry(derived)
	s, err2 := proof.ParseEntry(stored)
	if err1 != nil || err2 != nil {
		return "payload"
	}
	var cols []string
	add := func(col string, differ bool) {
		if differ {
			cols = append(cols, col)
		}
	}
	add("type", d.Type != s.Type)
	add("at", !d.Time.Equal(s.Time))
	add("actor_id", d.Actor != s.Actor)
	add("state_after", d.State != s.State)
	add("payload", !slices.Equal(d.Fields, s.Fields))
	if d.Case != s.Case || d.Seq != s.Seq {
		if len(cols) > 0 {
			return "log_index"
		}
		add("proposal_id", d.Case != s.Case)
		add("seq", d.Seq != s.Seq)
	}
	add("prev_index", d.Prev != s.Prev)
	if len(cols) == 0 {
		return "payload"
	}
	return strings.Join(cols, ", ")
}

// caseLeaf reports whether a leaf must have an event row: the log's own
// events (key rotation) have no business row, and authority leaves on
// their chains are org_events' (auditOrg).
func caseLeaf(leaf []byte) bool {
	e, err := proof.ParseEntry(leaf)
	if err != nil {
		return true
	}
	return !strings.HasPrefix(e.Type, "log.") && !(proof.IsAuthorityType(e.Type) && proof.IsAuthorityChain(e.Case))
}
