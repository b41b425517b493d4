// Package workflow is the domain of Decree 73/2023/NĐ-CP: a proposal's
// states, the one transition table every other part derives from, the
// collective vote, approved scopes, deadlines and the protection rule.
// It imports neither net/http nor database/sql: adapters call it.
package workflow

import "damlam/internal/i18n"

// State is where a proposal stands in its lifecycle (DOMAIN.md §4).
type State string

const (
	Draft                State = "DRAFT"
	Submitted            State = "SUBMITTED"
	PartyOpinion         State = "PARTY_OPINION"
	CollectiveReview     State = "COLLECTIVE_REVIEW"
	Returned             State = "RETURNED"
	Rejected             State = "REJECTED"
	Approved             State = "APPROVED"
	ApprovedByOverride   State = "APPROVED_BY_OVERRIDE"
	InImplementation     State = "IN_IMPLEMENTATION"
	Adjusted             State = "ADJUSTED"
	Suspended            State = "SUSPENDED"
	Stopped              State = "STOPPED"
	CompletionReported   State = "COMPLETION_REPORTED"
	Evaluation           State = "EVALUATION"
	Evaluated            State = "EVALUATED"
	ProtectionDetermined State = "PROTECTION_DETERMINED"
	Rewarded             State = "REWARDED"
	Replicated           State = "REPLICATED"
	Institutionalised    State = "INSTITUTIONALISED"
	Closed               State = "CLOSED"
	Withdrawn            State = "WITHDRAWN"
)

// States lists every state in lifecycle order (the order the pages draw).
var States = []State{
	Draft, Submitted, PartyOpinion, CollectiveReview, Returned, Rejected,
	Approved, ApprovedByOverride, InImplementation, Adjusted, Suspended, Stopped,
	CompletionReported, Evaluation, Evaluated, ProtectionDetermined,
	Rewarded, Replicated, Institutionalised, Closed, Withdrawn,
}

// ValidState reports whether s is a known state.
func ValidState(s State) bool {
	for _, x := range States {
		if x == s {
			return true
		}
	}
	return false
}

// Label is the state's name for people.
func (s State) Label() i18n.Message { return i18n.T("state." + string(s)) }

// Decided reports whether the collective has decided (approved in any form).
func (s State) Decided() bool {
	switch s {
	case Draft, Submitted, PartyOpinion, CollectiveReview, Returned, Rejected, Withdrawn:
		return false
	}
	return true
}

// Final reports whether nothing more can happen.
func (s State) Final() bool { return s == Closed || s == Withdrawn }

// Running reports whether the approved plan is being carried out, so that
// progress, obstacles and inspections may be recorded.
func (s State) Running() bool { return s == InImplementation || s == Adjusted }
