package workflow

import (
	"encoding/json"
	"time"

	"damlam/internal/proof"
)

// SystemActor is the actor of damlam's own steps (deadline escalation).
const SystemActor = "system"

// Event is one fact of a case as the record keeps it: the row of the
// events table, whose every byte its log leaf binds (the leaf carries the
// payload's SHA-256, the type, the sequence, the time, the actor's
// pseudonym and the state after). The fold reads nothing else.
type Event struct {
	Case   string
	Seq    int
	Index  int64 // the event's leaf in the log
	Type   string
	Action Action
	Actor  string // person id, or SystemActor
	At     time.Time
	From   State
	To     State
	// Payload is the stored payload, decoded.
	Payload Payload
}

// Payload is the business record of one event, as stored and hashed into
// its leaf. The keys the leaf also carries as fields (scope, act,
// scope_under, outside_scope, docs) are typed; the action's input and what
// it computed (details) are kept raw and decoded by the step that reads
// them, into the action's own type.
type Payload struct {
	Input      json.RawMessage   `json:"input,omitempty"`
	Scope      *proof.Scope      `json:"scope,omitempty"`
	ScopeUnder *int64            `json:"scope_under,omitempty"`
	Act        *ScopedAction     `json:"act,omitempty"`
	Outside    []proof.Violation `json:"outside_scope,omitempty"`
	Docs       []string          `json:"docs,omitempty"`
	Details    json.RawMessage   `json:"details,omitempty"`
	// Documents are the official documents the step issued (the store
	// numbers them in the step's transaction; documents.go).
	Documents []IssuedDocument `json:"documents,omitempty"`
	// Rules names the rule set the case follows, from its first
	// submission on (workflow.Take sets it).
	Rules *RulesRef `json:"rules,omitempty"`
}

// The details each step logs: every fact its outcome depends on, so that
// the decision can be recomputed from the log alone, years later, whatever
// became of the seats and the tables since. The fields are declared in the
// order of their JSON keys, so that a struct marshals to the same bytes as
// the map earlier versions wrote.

// SubmitDetails: the version submitted, its digest, and the facts routing
// reads (the unit, whether its proposer heads it, the unit above).
type SubmitDetails struct {
	ContentSHA256 string `json:"content_sha256"`
	DeciderUnitID string `json:"decider_unit_id"`
	Files         []File `json:"files,omitempty"`
	ProposerHead  bool   `json:"proposer_head"`
	Routed        bool   `json:"routed_to_superior"`
	// Rules is the rule set the case follows, logged whole with its
	// first submission (the unit's locality's, or the national set).
	Rules          *RuleSet `json:"rules,omitempty"`
	SuperiorUnitID string   `json:"superior_unit_id,omitempty"`
	UnitID         string   `json:"unit_id"`
	Version        int      `json:"version"`
}

// File is a document attached to a case as its submission found it: the
// digest the leaf carries as doc.sha256, and what the case's attachment row
// says of it (the name it was attached under, who attached it and when, its
// detected type and size). Logged so that the row, which a proposer can
// change only while the case is editable, is held to the submission.
type File struct {
	AddedAt string `json:"added_at"`
	AddedBy string `json:"added_by"`
	MIME    string `json:"mime"`
	Name    string `json:"name"`
	SHA256  string `json:"sha256"`
	Size    int64  `json:"size"`
}

// ConveneDetails: the round opened and the collective convened for it, as
// seated when the head convened it.
type ConveneDetails struct {
	Members []Member `json:"members"`
	Round   int      `json:"round"`
}

// VoteDetails: the round a ballot was cast in.
type VoteDetails struct {
	Round int `json:"round"`
}

// DecisionDetails: the minutes the decision rests on and its kind.
type DecisionDetails struct {
	Minutes Minutes `json:"minutes"`
	Pilot   bool    `json:"pilot"`
}

// ProtectionDetails: the facts the rule read and what it gave.
type ProtectionDetails struct {
	Determination Determination   `json:"determination"`
	Facts         ProtectionFacts `json:"facts"`
}

// ReplicateDetails: the cases a replication started, in target order.
type ReplicateDetails struct {
	Created []string `json:"created"`
	Units   string   `json:"units"`
}

// AdoptedDetails: where an adopted case came from, and whose it is.
type AdoptedDetails struct {
	AdoptedBy    string `json:"adopted_by,omitempty"`
	ProposerID   string `json:"proposer_id"`
	SourceID     string `json:"source_id"`
	SourceUnitID string `json:"source_unit_id"`
	UnitID       string `json:"unit_id"`
}

// EscalationDetails: the deadline that passed and who was told.
type EscalationDetails struct {
	DueDate  string   `json:"due_date"`
	Notified []string `json:"notified"`
	State    State    `json:"state"`
}

// AdoptedEvent is the type of the first event of a case started from a
// model elsewhere (replication or adoption): its record starts with where
// it came from.
const AdoptedEvent = "proposal.adopted_from"
