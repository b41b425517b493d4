package workflow

// A draft is not yet a record: nothing about it is logged until it is
// submitted, and the submission then logs its content's digest and its
// files (SubmitDetails). Writing one still follows rules — who may, where,
// naming whom — and they are decided here and in the use cases, over the
// facts the store reads in the draft's transaction.

// DraftFacts are what the store knows, inside the write's transaction, of
// the things a draft names: whether its unit exists (creating one) and
// which of the people its content names do not exist.
type DraftFacts struct {
	UnitKnown bool
	// UnknownPeople are indexes into Content.Implementers.
	UnknownPeople []int
	// UnitPath is the path of the draft's unit.
	UnitPath string
	// PeopleSeats are the unit paths each implementer is seated in
	// (index-aligned with Content.Implementers), to check they are in the
	// writer's view.
	PeopleSeats [][]string
}

// DecideDraft checks a write of a draft's content: p is the case as its
// transaction holds it, nil when the draft is being created. An error
// refuses the write, and the store then writes nothing.
type DecideDraft func(p *Proposal, f DraftFacts) error

// DecideFile checks that a file may be attached to case p, as its
// transaction holds it, with what the adder and the case's unit already
// hold (upload.go).
type DecideFile func(p *Proposal, f FileFacts) error

// MaxAttachment bounds one attached file.
const MaxAttachment = 20 << 20
