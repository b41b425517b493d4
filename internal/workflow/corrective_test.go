package workflow

import (
	"errors"
	"testing"
	"time"

	"damlam/internal/problem"
	"damlam/internal/proof"
)

// A violation's correction is sent up once, after its deadline, while it
// is open; the replay holds where each correction stands.
func TestCorrectionEscalatedOnceAfterItsDeadline(t *testing.T) {
	h := newHistory(t)
	h.toReview()
	for _, who := range []string{"head", "dep1", "dep2"} {
		h.vote(who, Yes)
	}
	h.do("head", ApprovePilot, ApprovePilotInput{}, DecisionDetails{Minutes: h.rec.Minutes(), Pilot: true}, Payload{Scope: pilot})
	h.do("head", AllocateResources, ResourcesInput{MoneyVND: 1}, nil, Payload{})
	ch := h.do("inspector", Inspect, InspectInput{Date: "2026-12-01", Findings: "x", Violations: []Violation{
		{Description: "a", CorrectiveAction: "b", Deadline: "2026-12-03"},
		{Description: "c", CorrectiveAction: "d", Deadline: "2026-12-03"},
	}}, nil, Payload{})
	insp := h.rec.LastSeq
	if !ch.Corrective || len(h.rec.Corrective) != 2 || !h.rec.Corrective[ViolationRef{insp, 1}].Open() {
		t.Fatalf("inspection's corrections %+v (change %+v)", h.rec.Corrective, ch)
	}
	escalate := func(v int, due string, at time.Time) error {
		h.at = at.Add(-time.Hour)
		e := h.event(SystemActor, EscalateCorrection, Payload{Details: raw(t, CorrectionEscalationDetails{DueDate: due, Violation: ViolationRef{insp, v}, Notified: []string{"up"}})})
		next, _, err := Apply(h.rec, e)
		if err == nil {
			h.rec = next
			h.events = append(h.events, e)
		}
		return err
	}
	onTheDay := time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)
	var pe *problem.Error
	if err := escalate(1, "2026-12-03", onTheDay); !errors.As(err, &pe) || pe.Code != "correction_not_overdue" {
		t.Fatalf("escalated on its deadline: %v", err)
	}
	next := time.Date(2026, 12, 4, 2, 0, 0, 0, time.UTC)
	if err := escalate(1, "2026-12-02", next); err == nil {
		t.Fatal("escalated under another deadline than the inspection's")
	}
	if err := escalate(3, "2026-12-03", next); err == nil {
		t.Fatal("escalated a violation the inspection did not find")
	}
	h.at = next
	h.do("staff", CorrectViolation, CorrectionInput{Inspection: insp, Violation: 2, Correction: "x", Date: "2026-12-04"}, nil, Payload{})
	if err := escalate(2, "2026-12-03", next.Add(2*time.Hour)); !errors.As(err, &pe) || pe.Code != "correction_not_overdue" {
		t.Fatalf("escalated a corrected violation: %v", err)
	}
	if err := escalate(1, "2026-12-03", next.Add(3*time.Hour)); err != nil {
		t.Fatalf("an open violation past its deadline: %v", err)
	}
	if err := escalate(1, "2026-12-03", next.Add(4*time.Hour)); !errors.As(err, &pe) || pe.Code != "correction_not_overdue" {
		t.Fatalf("escalated twice: %v", err)
	}
	r, err := Replay(h.id, h.events)
	if err != nil {
		t.Fatal(err)
	}
	c1, c2 := r.Corrective[ViolationRef{insp, 1}], r.Corrective[ViolationRef{insp, 2}]
	if !c1.Open() || c1.EscalatedAt.IsZero() || c2.Open() || !c2.EscalatedAt.IsZero() || r.State != InImplementation {
		t.Fatalf("replayed corrections %+v %+v in %s", c1, c2, r.State)
	}
	var ref ViolationRef
	if b, _ := ref.MarshalText(); string(b) != "0.0" || ref.UnmarshalText([]byte("12.3")) != nil || ref != (ViolationRef{12, 3}) || ref.UnmarshalText([]byte("12")) == nil {
		t.Fatalf("reference text %v", ref)
	}
}

// A report's logged stop crossings must be what the scope's checks give:
// hidden or invented, the fold refuses it.
func TestStopCrossingsAreRecomputed(t *testing.T) {
	h := newHistory(t)
	h.toReview()
	for _, who := range []string{"head", "dep1", "dep2"} {
		h.vote(who, Yes)
	}
	sc := *pilot
	sc.Stops = []proof.StopCheck{{Kind: proof.StopIndicatorBelow, Indicator: "đồng thuận", Value: 70}}
	h.do("head", ApprovePilot, ApprovePilotInput{}, DecisionDetails{Minutes: h.rec.Minutes(), Pilot: true}, Payload{Scope: &sc})
	h.do("head", AllocateResources, ResourcesInput{MoneyVND: 1}, nil, Payload{})
	act := ScopedAction{Unit: "BTH", Date: "2026-12-05", AmountVND: 1}
	in := ProgressInput{ScopedAction: act, Summary: "x", Indicators: map[string]float64{"đồng thuận": 60}}
	under := h.rec.ScopeIndex
	crossed := h.rec.CrossedStops(in.Indicators, act.Date, 1)
	if len(crossed) != 1 || crossed[0].Observed != 60 {
		t.Fatalf("crossed %+v", crossed)
	}
	hidden := h.event("staff", ReportProgress, Payload{Input: raw(t, in), Act: &act, ScopeUnder: &under})
	if _, _, err := Apply(h.rec, hidden); err == nil {
		t.Fatal("a crossing left out of the log was accepted")
	}
	ch := h.do("staff", ReportProgress, in, StopDetails{StopsCrossed: crossed}, Payload{Act: &act, ScopeUnder: &under})
	if !ch.StopsCrossed {
		t.Fatal("the change does not say a stop was crossed")
	}
	in.Indicators["đồng thuận"] = 90
	invented := h.event("staff", ReportProgress, Payload{Input: raw(t, in), Act: &act, ScopeUnder: &under, Details: raw(t, StopDetails{StopsCrossed: crossed})})
	if _, _, err := Apply(h.rec, invented); err == nil {
		t.Fatal("an invented crossing was accepted")
	}
}
