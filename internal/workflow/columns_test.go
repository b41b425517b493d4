package workflow

import (
	"testing"

	"damlam/internal/proof"
)

// TestPersonalAndStageColumns checks the columns the pages and the
// decision route read: who takes a step as a decision, and which page of
// the case offers it.
func TestPersonalAndStageColumns(t *testing.T) {
	for _, c := range []struct {
		from     State
		a        Action
		personal bool
		stage    Stage
	}{
		{Draft, Edit, false, 0},
		{Draft, Submit, true, 0},
		{Submitted, Withdraw, true, 0},
		{Submitted, Convene, true, StageMeeting},
		{PartyOpinion, GivePartyOpinion, true, StageMeeting},
		{CollectiveReview, CastVote, true, StageMeeting},
		{CollectiveReview, Reject, true, StageMeeting},
		{Approved, AllocateResources, true, StagePilot},
		{Suspended, Inspect, true, StagePilot},
		{InImplementation, ReportCompletion, true, StagePilot | StageEvaluation},
		{CompletionReported, GivePartyOpinion, true, StageEvaluation},
		{Evaluated, DetermineProtection, true, StageEvaluation},
		{Rejected, Close, true, StageEvaluation},
		{Submitted, Escalate, false, 0},
		{Suspended, EscalateCorrection, false, 0},
	} {
		row, ok := Find(c.from, c.a)
		if !ok {
			t.Fatalf("no row for %s in %s", c.a, c.from)
		}
		if row.Personal != c.personal || row.Stage != c.stage {
			t.Errorf("%s in %s: personal %v stage %b, want %v %b", c.a, c.from, row.Personal, row.Stage, c.personal, c.stage)
		}
	}
	for _, a := range Actions() {
		if want := a != Edit && a != Escalate && a != EscalateCorrection; Personal(a) != want {
			t.Errorf("Personal(%s) = %v, want %v", a, !want, want)
		}
	}
	if Personal("no_such_action") {
		t.Error("an unknown action is personal")
	}
	if !(StagePilot | StageEvaluation).Has(StageEvaluation) || StagePilot.Has(StageEvaluation) || StagePilot.Has(0) {
		t.Error("Stage.Has")
	}
}

// TestApprovalsFromTheVerifiersList checks that the steps whose leaves
// approve a scope are the approvals and the adjustment, and that every
// approval type the verifier knows is a leaf the table writes.
func TestApprovalsFromTheVerifiersList(t *testing.T) {
	written := map[string]bool{}
	for _, row := range Table {
		want := row.Action == Approve || row.Action == ApprovePilot || row.Action == ApproveOverride || row.Action == Adjust
		if row.Approves() != want {
			t.Errorf("%s in %s: Approves() = %v", row.Action, row.From, !want)
		}
		written[row.Event] = true
	}
	for _, typ := range proof.ApprovalTypes {
		if !written[typ] {
			t.Errorf("the verifier's approval type %s is no leaf of the table", typ)
		}
	}
}
