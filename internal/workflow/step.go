package workflow

import (
	"encoding/json"
	"time"

	"damlam/internal/i18n"
	"damlam/internal/org"
)

// A step of the procedure is taken in three parts: the use case (package
// casework) asks the store for what it needs to know, decides the step
// with Apply, and hands the store the decided step to write; the store
// runs all three in one transaction that holds the case. The types the
// two exchange are the domain's, so that neither depends on the other.

// Decide decides one step on a case: given the case as stored, the fold's
// record of it and a way to ask the store for facts, it returns the step
// to write, or the refusal. The store calls it inside its transaction.
type Decide func(p *Proposal, r Record, ask func(Need) (Facts, error)) (Step, error)

// DecideAdoption decides the start of a case from the model p (with its
// record): given a way to ask the store for facts, it returns the new
// case's first step and content, or the refusal.
type DecideAdoption func(p *Proposal, r Record, ask func(Need) (Facts, error)) (Adoption, error)

// Need says which facts a step must know beyond the case's own record.
type Need struct {
	// Verified: the record replayed from the case's events, each checked
	// against its leaf and the tree, instead of the stored row, which must
	// agree with it (the steps a cadre's protection turns on).
	Verified bool
	// Round: the current round's collective, as its convening logged it,
	// and its ballots (into Facts.Record).
	Round bool
	// Seated: the deciding unit's head and deputies as seated now.
	Seated bool
	// Superior: the unit above the case's unit.
	Superior bool
	// Submission: the content in full, its JSON and the attachments' digests.
	Submission bool
	// Content: the content in full.
	Content bool
	// Evaluation: the stored evaluation (into Facts.Record).
	Evaluation bool
	// Event: the payload of the case's event seq, if it is of type EventType.
	Event     int
	EventType string
	// Targets: each unit's existence and head, and a new case number for
	// each (replication).
	Targets []string
	// Escalation: the case's due date and the heads above its decider.
	Escalation bool
	// Corrective: each violation's corrective deadline and where its
	// correction stands (into Facts.Record).
	Corrective bool
	// Units: which of these units, named in the step's input (a scope's
	// units, where an action took place), do not exist.
	Units []string
}

// Facts are what the store knows that the record does not, as a step
// asked for them.
type Facts struct {
	// Now is the store's clock, to the precision it keeps times in.
	Now time.Time
	// Record is the case's record with Need.Round and Need.Evaluation loaded.
	Record      Record
	Seated      []Member
	Superior    string
	Content     Content
	ContentJSON []byte
	// Files are the case's attachments, ordered by digest (Need.Submission).
	Files []File
	// Event is the payload Need.Event named, nil if the case has none.
	Event   json.RawMessage
	Targets []Target
	// DueDate (yyyy-mm-dd, "" if none) and SuperiorHeads answer Need.Escalation.
	DueDate       string
	SuperiorHeads []string
	// UnknownUnits are the units of Need.Units that do not exist;
	// UnitPaths the path of each that does.
	UnknownUnits []string
	UnitPaths    map[string]string
	// Rules is the rule set that applies in the case's unit now
	// (Need.Submission): its locality's latest, or the national set.
	Rules *RuleSet
}

// Target is a unit a model is replicated to.
type Target struct {
	Unit  string
	Known bool   // the unit exists
	Head  string // its head, "" if it has none
	NewID string // the number the new case will have
}

// Step is a decided step: the event to log (its index still pending), the
// record after it and what changed, and what the store writes beside it.
type Step struct {
	Event  Event
	Next   Record
	Change Change
	// Content is a submitted version's JSON (Change.Version).
	Content []byte
	// Adopted are the first steps of the cases a replication starts, each
	// with its unit, proposer and content; written before Event.
	Adopted []Adoption
}

// Adoption starts a case from a model: the new case's first step (its
// record names the unit, the proposer and the source) and its content.
type Adoption struct {
	Step    Step
	Content Content
}

// Committed is a step once written: its history line, its receipt, and
// the case after it.
type Committed struct {
	Event    Line
	Receipt  []byte
	Proposal Proposal
	DueDate  string
}

// PersonRef names a person.
type PersonRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// ActionRef is an action the reader may take now.
type ActionRef struct {
	Action Action       `json:"action"`
	Label  i18n.Message `json:"label"`
	To     State        `json:"to"`
	Who    Who          `json:"who"`
}

// Line is one event of a case's history as people read it.
type Line struct {
	Seq         int             `json:"seq"`
	Type        string          `json:"type"`
	Action      Action          `json:"action"`
	Label       i18n.Message    `json:"label"`
	Actor       PersonRef       `json:"actor"`
	At          time.Time       `json:"at"`
	StateBefore State           `json:"state_before"`
	StateAfter  State           `json:"state_after"`
	Payload     json.RawMessage `json:"payload"`
	LogIndex    int64           `json:"log_index"`
}

// AllowedRefs lists the steps actor may take on p now, for a reader.
func AllowedRefs(actor *org.Person, p *Proposal) []ActionRef {
	out := []ActionRef{}
	for _, t := range Allowed(actor, p) {
		out = append(out, ActionRef{Action: t.Action, Label: t.Action.Label(), To: t.To, Who: t.Who})
	}
	return out
}

// Take decides transition t on record r, by actor at time at with payload
// p: the event (its index pending) and what the fold made of it, or the
// fold's refusal.
func Take(r Record, t Transition, actor string, at time.Time, p Payload) (Step, error) {
	e := Event{Case: r.ID, Seq: r.LastSeq + 1, Index: PendingIndex, Type: t.Event, Action: t.Action,
		Actor: actor, At: at, From: r.State, To: t.To, Payload: p}
	// The leaf names the case's rule set: the one it follows, or the one
	// its first submission fixes.
	e.Payload.Rules = r.rulesRef()
	if t.Action == Submit && r.Rules == nil {
		var d SubmitDetails
		if err := decodeDetails(e, &d); err == nil && d.Rules != nil {
			ref := d.Rules.Ref()
			e.Payload.Rules = &ref
		}
	}
	next, ch, err := Apply(r, e)
	if err != nil {
		return Step{}, err
	}
	return Step{Event: e, Next: next, Change: ch}, nil
}

// adoptedRow is the row of a case's first event when it is started from a
// model elsewhere.
var adoptedRow = Transition{From: Draft, Action: Replicate, To: Draft, Event: AdoptedEvent}

// Adopt is the first step of case id, started in unit from the model src
// and proposed by proposer, by actor at time at: its record starts with
// where it came from. adoptedBy says who pulled it ("head_of_unit"), ""
// when the model's own head pushed it (replication).
func Adopt(src *Proposal, actor, id, unit, proposer string, content Content, adoptedBy string, at time.Time) (Adoption, error) {
	details, err := json.Marshal(AdoptedDetails{AdoptedBy: adoptedBy, ProposerID: proposer, SourceID: src.ID, SourceUnitID: src.UnitID, UnitID: unit})
	if err != nil {
		return Adoption{}, err
	}
	st, err := Take(NewRecord(id), adoptedRow, actor, at, Payload{Details: details})
	return Adoption{Step: st, Content: content}, err
}
