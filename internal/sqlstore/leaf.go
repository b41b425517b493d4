package sqlstore

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strconv"
	"strings"

	"damlam/internal/proof"
	"damlam/internal/workflow"
)

// eventPayload is the business record of one event, stored as JSON in
// events.payload. The keys a leaf carries as fields (scope, act,
// scope_under, outside_scope, docs) are fixed here; everything else is the
// action's input and what the action computed.
type eventPayload struct {
	Input      any                    `json:"input,omitempty"`
	Scope      *proof.Scope           `json:"scope,omitempty"`
	ScopeUnder *int64                 `json:"scope_under,omitempty"`
	Act        *workflow.ScopedAction `json:"act,omitempty"`
	Outside    []proof.Violation      `json:"outside_scope,omitempty"`
	Docs       []string               `json:"docs,omitempty"`
	Details    any                    `json:"details,omitempty"`
}

// leafPayload is eventPayload as read back: only the leaf's keys typed.
type leafPayload struct {
	Scope      *proof.Scope           `json:"scope"`
	ScopeUnder *int64                 `json:"scope_under"`
	Act        *workflow.ScopedAction `json:"act"`
	Outside    []proof.Violation      `json:"outside_scope"`
	Docs       []string               `json:"docs"`
}

// eventRow is one row of events.
type eventRow struct {
	ProposalID  string
	Seq         int
	Type        string
	Action      string
	ActorID     string
	At          string
	StateBefore string
	StateAfter  string
	Payload     string
	LogIndex    int64
	PrevIndex   int64
}

// SystemActor is the actor id of damlam's own steps (escalations).
const SystemActor = "system"

// leafFor derives an event's log leaf from its row and its actor's
// pseudonym alone. Audit calls it again on the stored rows: a row changed
// after the fact no longer yields the leaf in the log.
func leafFor(ev eventRow, pseudonym string) ([]byte, error) {
	var p leafPayload
	if err := json.Unmarshal([]byte(ev.Payload), &p); err != nil {
		return nil, err
	}
	sum := sha256.Sum256([]byte(ev.Payload))
	fields := []proof.Field{{Key: "payload.sha256", Value: hex.EncodeToString(sum[:])}}
	if p.Scope != nil {
		fields = append(fields, proof.Field{Key: "scope.sha256", Value: p.Scope.Digest()})
	}
	if p.ScopeUnder != nil {
		fields = append(fields, proof.Field{Key: "scope.under", Value: strconv.FormatInt(*p.ScopeUnder, 10)})
	}
	if p.Act != nil {
		fields = append(fields,
			proof.Field{Key: "act.unit", Value: p.Act.Unit},
			proof.Field{Key: "act.date", Value: p.Act.Date},
			proof.Field{Key: "act.amount", Value: strconv.FormatInt(p.Act.AmountVND, 10)})
	}
	if len(p.Outside) > 0 {
		codes := make([]string, len(p.Outside))
		for i, v := range p.Outside {
			codes[i] = v.Code
		}
		fields = append(fields, proof.Field{Key: "scope.outside", Value: strings.Join(codes, ",")})
	}
	for _, d := range p.Docs {
		fields = append(fields, proof.Field{Key: "doc.sha256", Value: d})
	}
	return proof.Entry{
		Type:   ev.Type,
		Case:   ev.ProposalID,
		Seq:    ev.Seq,
		Prev:   ev.PrevIndex,
		Time:   parseTime(ev.At),
		Actor:  pseudonym,
		State:  ev.StateAfter,
		Fields: fields,
	}.Marshal()
}
