package workflow

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"damlam/internal/calendar"
	"damlam/internal/problem"
)

// ViolationRef names one violation of a case: the inspection's event
// number and the violation's place (1-based) in it. JSON writes it as
// its text, "12.1" (MarshalText).
type ViolationRef struct {
	Inspection int
	Violation  int
}

// String is the reference as the record writes it ("12.1").
func (v ViolationRef) String() string {
	return strconv.Itoa(v.Inspection) + "." + strconv.Itoa(v.Violation)
}

// CaseViolation is a violation of a case, named across cases.
type CaseViolation struct {
	ProposalID string       `json:"proposal_id"`
	Violation  ViolationRef `json:"violation"`
}

// Correction is where a violation's corrective action stands: due on
// Deadline (yyyy-mm-dd), reported corrected at CorrectedAt (zero while
// open), sent up to the superior at EscalatedAt (zero if never).
type Correction struct {
	Deadline    string
	CorrectedAt time.Time
	EscalatedAt time.Time
}

// Open says the violation waits on its implementers.
func (c Correction) Open() bool { return c.CorrectedAt.IsZero() }

// CorrectionEscalationDetails: the violation whose corrective deadline
// passed uncorrected, its deadline and who was told.
type CorrectionEscalationDetails struct {
	DueDate   string       `json:"due_date"`
	Notified  []string     `json:"notified"`
	Violation ViolationRef `json:"violation"`
}

// CorrectionOverdue says a violation's correction is past its deadline on
// today (yyyy-mm-dd), still open and not yet sent up: it is escalated once.
func (c Correction) CorrectionOverdue(today string) bool {
	return c.Deadline != "" && c.Deadline < today && c.Open() && c.EscalatedAt.IsZero()
}

// inspected opens a correction for each violation an inspection found.
func (r *Record) inspected(e Event, in InspectInput) {
	if len(in.Violations) == 0 {
		return
	}
	if r.Corrective == nil {
		r.Corrective = map[ViolationRef]Correction{}
	}
	for i, v := range in.Violations {
		r.Corrective[ViolationRef{e.Seq, i + 1}] = Correction{Deadline: v.Deadline}
	}
}

// corrected closes a violation's correction (a later report of the same
// violation is its latest word).
func (r *Record) corrected(e Event, in CorrectionInput) {
	if r.Corrective == nil {
		r.Corrective = map[ViolationRef]Correction{}
	}
	ref := ViolationRef{in.Inspection, in.Violation}
	c := r.Corrective[ref]
	c.CorrectedAt = e.At
	r.Corrective[ref] = c
}

// escalateCorrection records a correction sent up: the violation must be
// open, past its deadline on the event's day, and not sent up before.
func (r *Record) escalateCorrection(e Event, ch *Change) error {
	var d CorrectionEscalationDetails
	if err := decodeDetails(e, &d); err != nil {
		return err
	}
	c, ok := r.Corrective[d.Violation]
	if !ok {
		return fmt.Errorf("violation %s escalated, the case has no such violation", d.Violation)
	}
	if d.DueDate != c.Deadline {
		return fmt.Errorf("violation %s escalated as due %s, its deadline is %s", d.Violation, d.DueDate, c.Deadline)
	}
	if !c.CorrectionOverdue(calendar.DateOf(e.At).String()) {
		return problem.New(problem.Conflict, "correction_not_overdue")
	}
	c.EscalatedAt = e.At
	r.Corrective[d.Violation] = c
	ch.Corrective = true
	return nil
}

// MarshalText writes the reference as a map key ("12.1").
func (v ViolationRef) MarshalText() ([]byte, error) { return []byte(v.String()), nil }

// UnmarshalText reads a reference written by MarshalText.
func (v *ViolationRef) UnmarshalText(b []byte) error {
	insp, viol, ok := strings.Cut(string(b), ".")
	if !ok {
		return fmt.Errorf("violation reference %q", b)
	}
	var err1, err2 error
	v.Inspection, err1 = strconv.Atoi(insp)
	v.Violation, err2 = strconv.Atoi(viol)
	if err1 != nil || err2 != nil {
		return fmt.Errorf("violation reference %q", b)
	}
	return nil
}

// CorrectingStates are the states in which a violation may be reported
// corrected (the correct_violation rows): its deadline waits on the
// implementers there.
func CorrectingStates() []State { return slices.Clone(correcting) }
