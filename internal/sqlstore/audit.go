package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"
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
// with the stored hashes and signed checkpoints (the ledger's part), then
// re-derives each event's leaf from the business rows and names every row
// whose content no longer matches the log: an event changed, deleted or
// added behind the service's back; a case whose state, scope or counters no
// longer follow from its events; a vote row that differs from the vote
// event that recorded it.
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
		votes     map[string]string
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
			cs = &caseState{lastIndex: -1, votes: map[string]string{}}
			cases[ev.ProposalID] = cs
		}
		if ev.Seq != cs.lastSeq+1 {
			rep.add("%s: sequence jumps from %d", where, cs.lastSeq)
		}
		if ev.PrevIndex != cs.lastIndex {
			rep.add("%s: previous leaf %d, the case's previous event is at %d", where, ev.PrevIndex, cs.lastIndex)
		}
		if cs.lastState != "" && ev.StateBefore != cs.lastState {
			rep.add("%s: state before is %s, the previous event left %s", where, ev.StateBefore, cs.lastState)
		}
		cs.lastSeq, cs.lastState, cs.lastIndex = ev.Seq, ev.StateAfter, ev.LogIndex
		seen[ev.LogIndex] = true
		stored, ok := leaves[ev.LogIndex]
		if !ok {
			rep.add("%s: no leaf at that index in the log", where)
			continue
		}
		if leafCase[ev.LogIndex] != ev.ProposalID {
			rep.add("%s: the leaf belongs to case %s", where, leafCase[ev.LogIndex])
		}
		ps, ok := pseudonyms[ev.ActorID]
		if !ok {
			rep.add("%s: actor %s no longer exists", where, ev.ActorID)
			continue
		}
		derived, err := leafFor(ev, ps)
		if err != nil || string(derived) != string(stored) {
			rep.add("%s: the row no longer matches its leaf", where)
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
			cs.votes[fmt.Sprintf("%d/%s", d.Round, ev.ActorID)] = string(in.Ballot)
		}
	}
	evRows.Close()
	for idx, leaf := range leaves {
		if seen[idx] {
			continue
		}
		if e, err := proof.ParseEntry(leaf); err == nil && strings.HasPrefix(e.Type, "log.") {
			continue // the log's own events (key rotation) have no business row
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
	vr, err := s.db.QueryContext(ctx, `SELECT proposal_id, round, person_id, ballot FROM votes`)
	if err != nil {
		return rep, err
	}
	defer vr.Close()
	inTable := map[string]bool{}
	for vr.Next() {
		var id, person, ballot string
		var round int
		if err := vr.Scan(&id, &round, &person, &ballot); err != nil {
			return rep, err
		}
		key := fmt.Sprintf("%d/%s", round, person)
		inTable[id+" "+key] = true
		cs := cases[id]
		if cs == nil || cs.votes[key] != ballot {
			rep.add("votes %s round %d %s: ballot %s is not the one recorded in the log", id, round, person, ballot)
		}
	}
	if err := vr.Err(); err != nil {
		return rep, err
	}
	for id, cs := range cases {
		for key, ballot := range cs.votes {
			if !inTable[id+" "+key] {
				rep.add("votes %s round %s: the ballot %s recorded in the log has no row (deleted?)", id, key, ballot)
			}
		}
	}
	return rep, nil
}
