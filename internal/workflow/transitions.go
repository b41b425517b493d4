package workflow

import "damlam/internal/proof"

// Transition is one row of the lifecycle: in state From, Action by Who
// leads to To (To == From for actions that record facts without moving
// the case). Event is the type of the log leaf the action writes.
type Transition struct {
	From   State
	Action Action
	To     State
	Who    Who
	Event  string
	// Basis cites where the step comes from (DOMAIN.md markers).
	Basis string
	// Personal says a person takes the step as a decision on the case,
	// through the decision route: it writes a leaf and is not damlam's
	// own (edits write no decision; escalation is the system's).
	Personal bool
	// Stage names the pages of the case that offer the step besides its
	// overview: the meeting, the pilot, the evaluation.
	Stage Stage
}

// Stage is a set of the case's pages that offer a step.
type Stage uint8

const (
	StageMeeting Stage = 1 << iota
	StagePilot
	StageEvaluation
)

// Has says the set holds every page of s.
func (st Stage) Has(s Stage) bool { return st&s == s && s != 0 }

// running lists the states in which the approved plan is being carried out.
var running = []State{InImplementation, Adjusted}

// afterDetermination lists the states after protection was determined, in
// which rewards, replication and institutionalisation may follow in any order.
var afterDetermination = []State{ProtectionDetermined, Rewarded, Replicated, Institutionalised}

// beforeDecision lists the states from which the proposer may withdraw.
var beforeDecision = []State{Submitted, PartyOpinion, CollectiveReview, Returned}

// correcting lists the states in which an inspection's violation may be
// reported corrected: its corrective deadline waits on the implementers.
var correcting = []State{InImplementation, Adjusted, Suspended, Stopped}

// waiting lists the states with a deadline, where escalation applies.
var waiting = []State{Submitted, PartyOpinion, CollectiveReview, Approved, ApprovedByOverride, InImplementation, Adjusted, Stopped, CompletionReported, Evaluation, Evaluated}

// Table is THE transition table. The service enforces it, the API lists
// allowed actions from it, and the documentation is generated from it.
var Table = buildTable()

func buildTable() []Transition {
	var t []Transition
	// stage is the stage of the rows added next: the rows are in the
	// lifecycle's order, a stage's rows together.
	var stage Stage
	add := func(from []State, a Action, to State, who Who, event, basis string) {
		for _, f := range from {
			next := to
			if to == "" {
				next = f
			}
			t = append(t, Transition{From: f, Action: a, To: next, Who: who, Event: event, Basis: basis,
				Personal: who != WhoSystem && event != "", Stage: stage})
		}
	}
	one := func(s ...State) []State { return s }

	add(one(Draft, Returned), Edit, "", WhoProposer, "", "design")
	add(one(Draft, Returned), Submit, Submitted, WhoProposer, "proposal.submitted", "law: NĐ 73/2023 Điều 7")
	add(beforeDecision, Withdraw, Withdrawn, WhoProposer, "proposal.withdrawn", "design")
	stage = StageMeeting
	add(one(Submitted), Convene, PartyOpinion, WhoHead, "proposal.convened", "law: NĐ 73/2023 Điều 7 (7 ngày làm việc)")
	add(one(PartyOpinion), GivePartyOpinion, CollectiveReview, WhoParty, "party.opinion_before_approval", "law: NĐ 73/2023 Điều 7")
	add(one(CollectiveReview), CastVote, "", WhoMember, "collective.vote", "law: NĐ 73/2023 Điều 7 (biểu quyết tập thể)")
	add(one(CollectiveReview), Approve, Approved, WhoHead, "proposal.approved", "law: NĐ 73/2023 Điều 7")
	add(one(CollectiveReview), ApprovePilot, Approved, WhoHead, "proposal.approved_pilot", "law + policy: NĐ 73/2023 Điều 7; KL 14-KL/TW")
	add(one(CollectiveReview), ApproveOverride, ApprovedByOverride, WhoHead, "proposal.approved_override", "law: NĐ 73/2023 Điều 7 (người đứng đầu quyết định và chịu trách nhiệm)")
	add(one(Submitted, PartyOpinion, CollectiveReview), Return, Returned, WhoHead, "proposal.returned", "design")
	add(one(Submitted, PartyOpinion, CollectiveReview), Reject, Rejected, WhoHead, "proposal.rejected", "design")
	stage = StagePilot
	add(one(Approved, ApprovedByOverride), AllocateResources, InImplementation, WhoHead, "pilot.resources_allocated", "law: NĐ 73/2023 Điều 10")
	add(running, ReportProgress, "", WhoImplementer, "pilot.progress_reported", "policy: KL 14-KL/TW")
	add(running, RaiseObstacle, "", WhoImplementer, "pilot.obstacle_raised", "policy: KL 14-KL/TW")
	add(one(InImplementation, Adjusted, Suspended), ResolveObstacle, "", WhoHead, "pilot.obstacle_resolved", "policy: KL 14-KL/TW")
	add(one(InImplementation, Adjusted, Suspended, Stopped, CompletionReported), Inspect, "", WhoInspector, "pilot.inspected", "policy: KL 14-KL/TW")
	add(correcting, CorrectViolation, "", WhoImplementer, "pilot.violation_corrected", "policy: KL 14-KL/TW")
	add(running, Adjust, Adjusted, WhoHead, "pilot.adjusted", "policy: KL 14-KL/TW")
	add(running, Suspend, Suspended, WhoHead, "pilot.suspended", "policy: KL 14-KL/TW")
	add(one(Suspended), Resume, InImplementation, WhoHead, "pilot.resumed", "policy: KL 14-KL/TW")
	add(one(InImplementation, Adjusted, Suspended), Stop, Stopped, WhoHead, "pilot.stopped", "policy: KL 14-KL/TW")
	// The completion report ends the pilot and opens the evaluation.
	stage = StagePilot | StageEvaluation
	add(one(InImplementation, Adjusted, Stopped), ReportCompletion, CompletionReported, WhoImplementer, "pilot.completion_reported", "law: NĐ 73/2023 (5 ngày làm việc)")
	stage = StageEvaluation
	add(one(CompletionReported), GivePartyOpinion, Evaluation, WhoParty, "party.opinion_before_evaluation", "law: NĐ 73/2023 Điều 11")
	add(one(Evaluation), Evaluate, Evaluated, WhoHead, "proposal.evaluated", "law: NĐ 73/2023 Điều 11 (7 ngày làm việc)")
	add(one(Evaluated), DetermineProtection, ProtectionDetermined, WhoHead, "protection.determined", "law: NĐ 73/2023 Điều 4, 5, 11")
	add(afterDetermination, RecordLiability, "", WhoDisciplinary, "protection.liability_recorded", "law: NĐ 73/2023 Điều 11")
	add(afterDetermination, Reward, Rewarded, WhoReward, "proposal.rewarded", "law: NĐ 73/2023 Điều 10")
	add(afterDetermination, Replicate, Replicated, WhoHead, "proposal.replicated", "policy: KL 14-KL/TW (nhân rộng)")
	add(afterDetermination, Institutionalise, Institutionalised, WhoHead, "proposal.institutionalised", "policy: KL 14-KL/TW (thể chế hóa)")
	add(append(one(Rejected), afterDetermination...), Close, Closed, WhoHead, "proposal.closed", "design")
	stage = 0
	add(waiting, Escalate, "", WhoSystem, "deadline.escalated", "design: quá hạn chuyển người đứng đầu cấp trên")
	add(correcting, EscalateCorrection, "", WhoSystem, "violation.escalated", "design: quá hạn khắc phục chuyển người đứng đầu cấp trên")
	return t
}

// Find returns the row for action in state from.
func Find(from State, a Action) (Transition, bool) {
	for _, t := range Table {
		if t.From == from && t.Action == a {
			return t, true
		}
	}
	return Transition{}, false
}

// ActionsFrom lists the rows that start in state s.
func ActionsFrom(s State) []Transition {
	var out []Transition
	for _, t := range Table {
		if t.From == s {
			out = append(out, t)
		}
	}
	return out
}

// KnownAction reports whether a appears in the table.
func KnownAction(a Action) bool {
	for _, t := range Table {
		if t.Action == a {
			return true
		}
	}
	return false
}

// Personal says a is a decision a person takes through the decision route
// (the Personal column), in some state.
func Personal(a Action) bool {
	for _, t := range Table {
		if t.Action == a && t.Personal {
			return true
		}
	}
	return false
}

// Actions lists each action once, in table order.
func Actions() []Action {
	seen := map[Action]bool{}
	var out []Action
	for _, t := range Table {
		if !seen[t.Action] {
			seen[t.Action] = true
			out = append(out, t.Action)
		}
	}
	return out
}

// Approves says the step's leaf approves a scope, by the verifier's one
// list (proof.ApprovalTypes): actions reported under a scope point at such
// a leaf, and a dossier's verifier checks them against it.
func (t Transition) Approves() bool { return t.Event != "" && proof.IsApproval(t.Event) }
