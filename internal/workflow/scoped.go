package workflow

import (
	"fmt"
	"slices"
)

// Every step that reports money, dates or units under an approved scope is
// checked against it and, when outside, recorded, flagged and counted the
// same way: a progress report, a corrective action (its date) and the
// completion report (its date and the whole spending it declares). Before
// this, only progress reports were: a completion five times over budget
// and weeks after the pilot's end went unflagged.

// takeScoped checks the scoped action event e carries, if any, against the
// scope it was reported under, as the fold must agree with what was
// logged, and counts it.
func (r *Record) takeScoped(e Event, ch *Change) error {
	if e.Payload.Act == nil {
		return nil // logged before these steps were checked, or without a scope
	}
	if e.Payload.ScopeUnder == nil || *e.Payload.ScopeUnder != r.ScopeIndex {
		under := int64(-1)
		if e.Payload.ScopeUnder != nil {
			under = *e.Payload.ScopeUnder
		}
		return fmt.Errorf("reported under the scope at %d, the approved scope is at %d", under, r.ScopeIndex)
	}
	outside := r.CheckScoped(*e.Payload.Act)
	if !sameViolations(outside, e.Payload.Outside) {
		return fmt.Errorf("logged %d violations of the scope, the scope gives %d", len(e.Payload.Outside), len(outside))
	}
	if len(outside) > 0 {
		r.OutsideScope++
	}
	r.ScopeSpent += e.Payload.Act.AmountVND
	ch.Spent = true
	return nil
}

// ScopedStep is the scoped action a step other than a progress report
// carries, or nil if it carries none (no approved scope, or a step that
// reports nothing). Such a step names no unit: it is the case's own unit
// when the scope holds it, else the scope's first. A completion adds to
// the spending what its declared total exceeds the progress reports by,
// so that the cumulative spending checked (here and by the offline
// verifier) is the total the implementer declared.
func (r *Record) ScopedStep(caseUnit string, in Input) *ScopedAction {
	if r.Scope == nil || r.ScopeIndex < 0 {
		return nil
	}
	unit := caseUnit
	if !slices.Contains(r.Scope.Units, unit) && len(r.Scope.Units) > 0 {
		unit = r.Scope.Units[0]
	}
	switch v := in.(type) {
	case *CompletionInput:
		return &ScopedAction{Unit: unit, Date: v.Date, AmountVND: max(0, v.SpentVND-r.ScopeSpent)}
	case *CorrectionInput:
		return &ScopedAction{Unit: unit, Date: v.Date}
	}
	return nil
}
