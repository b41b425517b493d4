package sqlstore

import (
	"context"
	"database/sql"
	"encoding/base64"
	"errors"

	"damlam/internal/org"
	"damlam/internal/problem"
	"damlam/internal/proof"
	"damlam/internal/workflow"
)

// EventCheck is the answer to "is this step of my case really in the log,
// and has the log kept it?", checked on the server the way an inspector
// would check it offline: the record still yields the logged leaf, the
// receipt issued when the step was taken proves the leaf's inclusion under
// a checkpoint signed by the log's key, and the current signed checkpoint
// extends that one (consistency), so nothing was rewritten since.
type EventCheck struct {
	ProposalID string `json:"proposal_id"`
	Seq        int    `json:"seq"`
	Type       string `json:"type"`
	LogIndex   int64  `json:"log_index"`
	Leaf       string `json:"leaf"`
	// RecordMatches: re-deriving the leaf from the stored event gives the
	// bytes in the log.
	RecordMatches bool `json:"record_matches"`
	// Receipt is the C2SP tlog-proof against the first checkpoint that
	// covered the leaf: the receipt the actor was given at the time.
	Receipt    string          `json:"receipt"`
	Then       CheckpointBrief `json:"then"`
	ReceiptOK  bool            `json:"receipt_ok"`
	ReceiptErr string          `json:"receipt_error,omitempty"`
	Now        CheckpointBrief `json:"now"`
	// InclusionNowOK: the leaf is also proven under today's checkpoint.
	InclusionNowOK    bool     `json:"inclusion_now_ok"`
	ConsistencyOK     bool     `json:"consistency_ok"`
	ConsistencyErr    string   `json:"consistency_error,omitempty"`
	ConsistencyHashes int      `json:"consistency_hashes"`
	TrustedKeys       []string `json:"trusted_keys"`
}

// CheckpointBrief names a signed checkpoint.
type CheckpointBrief struct {
	Size uint64 `json:"size"`
	Root string `json:"root"`
	Note string `json:"note"`
}

// OK reports whether every check holds.
func (c *EventCheck) OK() bool {
	return c.RecordMatches && c.ReceiptOK && c.InclusionNowOK && c.ConsistencyOK
}

// VerifyEvent checks event seq of case id for a reader of the case.
func (s *Store) VerifyEvent(ctx context.Context, actor *org.Person, id string, seq int) (*EventCheck, error) {
	c, err := s.loadCase(ctx, s.db, id, false)
	if err != nil {
		return nil, err
	}
	if !workflow.CanRead(actor, &c.Proposal) {
		return nil, problem.New(problem.NotFound, "proposal_not_found", id)
	}
	var ev eventRow
	var pseudonym string
	err = s.db.QueryRowContext(ctx, `SELECT e.proposal_id, e.seq, e.type, e.action, e.actor_id, e.at, e.state_before, e.state_after, e.payload,
		e.log_index, e.prev_index, COALESCE(p.pseudonym, $3) FROM events e LEFT JOIN people p ON p.id = e.actor_id WHERE e.proposal_id = $1 AND e.seq = $2`,
		id, seq, SystemActor).Scan(&ev.ProposalID, &ev.Seq, &ev.Type, &ev.Action, &ev.ActorID, &ev.At, &ev.StateBefore, &ev.StateAfter,
		&ev.Payload, &ev.LogIndex, &ev.PrevIndex, &pseudonym)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, problem.New(problem.NotFound, "not_found")
	}
	if err != nil {
		return nil, err
	}
	out := &EventCheck{ProposalID: id, Seq: seq, Type: ev.Type, LogIndex: ev.LogIndex}
	leaf, err := s.log.Leaf(ctx, ev.LogIndex)
	if err != nil {
		return nil, err
	}
	out.Leaf = string(leaf)
	derived, err := leafFor(ev, pseudonym)
	out.RecordMatches = err == nil && string(derived) == string(leaf)
	verifiers, err := s.log.Verifiers(ctx)
	if err != nil {
		return nil, err
	}
	out.TrustedKeys, _ = s.log.VerifierKeys(ctx)

	// Today's checkpoint, and the leaf's inclusion under it.
	nowNote, err := s.log.Checkpoint(ctx)
	if err != nil {
		return nil, err
	}
	now, _, err := proof.OpenCheckpoint(nowNote, verifiers)
	if err != nil {
		return nil, err
	}
	out.Now = brief(now, nowNote)
	current, err := s.log.Receipt(ctx, ev.LogIndex)
	if err == nil {
		out.InclusionNowOK = proof.VerifyReceipt(current, leaf, verifiers) == nil
	}

	// The receipt of the time: the first checkpoint that covered the leaf.
	var thenNote string
	err = s.db.QueryRowContext(ctx, `SELECT note FROM ledger_checkpoints WHERE size > $1 ORDER BY size LIMIT 1`, ev.LogIndex).Scan(&thenNote)
	if err != nil {
		return nil, err
	}
	then, _, err := proof.OpenCheckpoint([]byte(thenNote), verifiers)
	if err != nil {
		out.ReceiptErr = err.Error()
		return out, nil
	}
	out.Then = brief(then, []byte(thenNote))
	hashes, err := s.log.InclusionProof(ctx, ev.LogIndex, int64(then.Size))
	if err != nil {
		return nil, err
	}
	r := proof.Receipt{Index: uint64(ev.LogIndex), Proof: hashes, Checkpoint: []byte(thenNote)}
	out.Receipt = string(r.Marshal())
	if err := proof.VerifyReceipt(r, leaf, verifiers); err != nil {
		out.ReceiptErr = err.Error()
	} else {
		out.ReceiptOK = true
	}
	cons, err := s.log.ConsistencyProof(ctx, int64(then.Size), int64(now.Size))
	if err != nil {
		return nil, err
	}
	out.ConsistencyHashes = len(cons)
	if err := proof.VerifyConsistency(then, now, cons); err != nil {
		out.ConsistencyErr = err.Error()
	} else {
		out.ConsistencyOK = true
	}
	return out, nil
}

func brief(c proof.Checkpoint, note []byte) CheckpointBrief {
	return CheckpointBrief{Size: c.Size, Root: base64.StdEncoding.EncodeToString(c.Root[:]), Note: string(note)}
}
