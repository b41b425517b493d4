package server

import (
	"damlam/internal/i18n"
	"damlam/internal/sqlstore"
	"damlam/internal/workflow"
)

// mainPath is the road a proposal travels when nothing goes sideways; the
// page draws it and marks where the case stands on it.
var mainPath = []workflow.State{
	workflow.Draft, workflow.Submitted, workflow.PartyOpinion, workflow.CollectiveReview,
	workflow.Approved, workflow.InImplementation, workflow.CompletionReported, workflow.Evaluation,
	workflow.Evaluated, workflow.ProtectionDetermined, workflow.Closed,
}

// onPath places every side state at the step of the main road it belongs
// to, so that "suspended" reads as a pause in implementation, not a jump.
var onPath = map[workflow.State]workflow.State{
	workflow.Returned:           workflow.Draft,
	workflow.ApprovedByOverride: workflow.Approved,
	workflow.Adjusted:           workflow.InImplementation,
	workflow.Suspended:          workflow.InImplementation,
	workflow.Stopped:            workflow.InImplementation,
	workflow.Rewarded:           workflow.ProtectionDetermined,
	workflow.Replicated:         workflow.ProtectionDetermined,
	workflow.Institutionalised:  workflow.ProtectionDetermined,
}

// pathStep is one step of the drawn lifecycle.
type pathStep struct {
	Label  i18n.Message
	Status string // done | current | todo | ended
	// Note is the actual state when the case stands beside the main road.
	Note *i18n.Message
}

// lifecyclePath marks the case's place on the main road. A rejected or
// withdrawn case ends where it stood, and the steps after it are shown as
// never reached.
func lifecyclePath(v *sqlstore.ProposalView) []pathStep {
	at := v.State
	ended := v.State == workflow.Rejected || v.State == workflow.Withdrawn
	if ended {
		at = workflow.Submitted
		if n := len(v.History); n > 0 {
			at = v.History[n-1].StateBefore
		}
	}
	if s, ok := onPath[at]; ok {
		at = s
	}
	pos := 0
	for i, s := range mainPath {
		if s == at {
			pos = i
		}
	}
	steps := make([]pathStep, len(mainPath))
	for i, s := range mainPath {
		st := pathStep{Label: s.Label()}
		switch {
		case i < pos:
			st.Status = "done"
		case i == pos && ended:
			st.Status = "ended"
			l := v.State.Label()
			st.Note = &l
		case i == pos:
			st.Status = "current"
			if v.State != s {
				l := v.State.Label()
				st.Note = &l
			}
		default:
			st.Status = "todo"
		}
		if v.State == workflow.Closed && i == pos {
			st.Status = "done"
		}
		steps[i] = st
	}
	return steps
}
