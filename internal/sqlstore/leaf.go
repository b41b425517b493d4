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

// leafPayload is an event's payload as stored: workflow.Payload, whose
// typed keys the leaf also carries as fields.
type leafPayload = workflow.Payload

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
const SystemActor = workflow.SystemActor

// leafFor derives an event's log leaf from its row and its actor's
// pseudonym alone. Audit calls it again on the stored rows: a row changed
// after the fact no longer yields the leaf in the log.
func leafFor(ev eventRow, pseudonym string) ([]byte, error) {
	var p leafPayload
	if err := json.Unmarshal([]byte(ev.Payload), &p); err != nil {
		return nil, err
	}
	return leafOf(ev, &p, pseudonym)
}

// leafOf is leafFor with the payload already decoded from ev.Payload.
func leafOf(ev eventRow, p *leafPayload, pseudonym string) ([]byte, error) {
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
	for _, d := range p.Documents {
		fields = append(fields, proof.Field{Key: proof.FieldOfficial, Value: d.LeafValue()})
	}
	if p.Rules != nil {
		// The rule set the case follows: its limits and threshold decided
		// this step, and the submission that fixed it logs it whole.
		fields = append(fields,
			proof.Field{Key: proof.FieldCaseRules, Value: p.Rules.ID + "@" + strconv.Itoa(p.Rules.Version)},
			proof.Field{Key: proof.FieldRulesSHA, Value: p.Rules.SHA256})
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
