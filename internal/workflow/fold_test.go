package workflow

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"damlam/internal/problem"
	"damlam/internal/proof"
)

// history builds a case's events step by step, as the service logs them.
type history struct {
	t      *testing.T
	id     string
	events []Event
	rec    Record
	at     time.Time
}

func newHistory(t *testing.T) *history {
	return &history{t: t, id: "DX-2026-000001", rec: NewRecord("DX-2026-000001"), at: time.Date(2026, 12, 1, 3, 0, 0, 0, time.UTC)}
}

func raw(t *testing.T, v any) json.RawMessage {
	if v == nil {
		return nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// event is the next event of action a by actor, with the given payload.
func (h *history) event(actor string, a Action, p Payload) Event {
	t, ok := Find(h.rec.State, a)
	if !ok {
		h.t.Fatalf("%s not allowed in %s", a, h.rec.State)
	}
	h.at = h.at.Add(time.Hour)
	return Event{Case: h.id, Seq: h.rec.LastSeq + 1, Index: int64(100 + len(h.events)), Type: t.Event, Action: a,
		Actor: actor, At: h.at, From: h.rec.State, To: t.To, Payload: p}
}

// step applies an event that must be accepted.
func (h *history) step(e Event) Change {
	h.t.Helper()
	next, ch, err := Apply(h.rec, e)
	if err != nil {
		h.t.Fatalf("%s: %v", e.Action, err)
	}
	h.rec = next
	h.events = append(h.events, e)
	return ch
}

func (h *history) do(actor string, a Action, input, details any, p Payload) Change {
	h.t.Helper()
	p.Input, p.Details = raw(h.t, input), raw(h.t, details)
	return h.step(h.event(actor, a, p))
}

var collective = []Member{{PersonID: "head", Head: true}, {PersonID: "dep1"}, {PersonID: "dep2"}, {PersonID: "staff"}}

var pilot = &proof.Scope{Units: []string{"BTH"}, Start: "2026-12-01", End: "2027-02-28", BudgetVND: 100_000_000}

// toReview takes a proposal of staff's to the collective's review.
func (h *history) toReview() {
	h.do("staff", Submit, nil, SubmitDetails{UnitID: "BTH", DeciderUnitID: "BTH", Version: 1, ContentSHA256: "aa"}, Payload{})
	h.do("head", Convene, nil, ConveneDetails{Round: 1, Members: Convened(collective, "staff")}, Payload{})
	h.do("party", GivePartyOpinion, PartyOpinionInput{Opinion: "agree"}, nil, Payload{})
}

func (h *history) vote(who string, b Ballot) {
	h.do(who, CastVote, VoteInput{Ballot: b}, VoteDetails{Round: h.rec.VoteRound}, Payload{})
}

// toEvaluated takes the case through an approved pilot to its evaluation.
func (h *history) toEvaluated(reports []ScopedAction, ev EvaluationInput) {
	h.toReview()
	for _, who := range []string{"head", "dep1", "dep2"} {
		h.vote(who, Yes)
	}
	h.do("head", ApprovePilot, ApprovePilotInput{}, DecisionDetails{Minutes: h.rec.Minutes(), Pilot: true}, Payload{Scope: pilot})
	h.do("head", AllocateResources, ResourcesInput{MoneyVND: 1}, nil, Payload{})
	for _, act := range reports {
		under := h.rec.ScopeIndex
		h.do("staff", ReportProgress, ProgressInput{ScopedAction: act, Summary: "x"}, nil,
			Payload{Act: &act, ScopeUnder: &under, Outside: h.rec.CheckScoped(act)})
	}
	h.do("staff", ReportCompletion, CompletionInput{Summary: "x"}, nil, Payload{})
	h.do("party", GivePartyOpinion, PartyOpinionInput{Opinion: "agree"}, nil, Payload{})
	h.do("head", Evaluate, ev, nil, Payload{})
}

func (h *history) determine() Determination {
	facts, err := h.rec.ProtectionFacts()
	if err != nil {
		h.t.Fatal(err)
	}
	d := Determine(facts)
	h.do("head", DetermineProtection, nil, ProtectionDetails{Facts: facts, Determination: d}, Payload{})
	return d
}

var honest = EvaluationInput{Result: NotCompleted, FollowedPlan: true, HonestMotive: true, CommonGood: true, WithinCompetence: true, NoContravention: true}

func TestReplayRebuildsTheCase(t *testing.T) {
	h := newHistory(t)
	inside := ScopedAction{Unit: "BTH", Date: "2026-12-10", AmountVND: 40_000_000}
	outside := ScopedAction{Unit: "GD", Date: "2026-12-11", AmountVND: 1}
	h.toEvaluated([]ScopedAction{inside, outside}, honest)
	d := h.determine()
	if d.Outcome != NotProtected {
		t.Fatalf("outcome %s, want NOT_PROTECTED (one action outside the scope)", d.Outcome)
	}

	got, err := Replay(h.id, h.events)
	if err != nil {
		t.Fatal(err)
	}
	want := h.rec
	if got.State != ProtectionDetermined || got.Outcome != NotProtected || got.OutsideScope != 1 || got.ScopeSpent != 40_000_001 ||
		got.ScopeIndex != 106 || got.VoteRound != 1 || got.Version != 1 || got.DeciderID != "BTH" || got.ProposerID != "staff" ||
		got.Result != NotCompleted || got.ReportedAt.IsZero() || got.DecidedAt.IsZero() || got.LastSeq != len(h.events) {
		t.Errorf("replayed record: %+v", got)
	}
	if string(raw(t, got)) != string(raw(t, want)) {
		t.Errorf("replay differs from the record the steps built:\n got %s\nwant %s", raw(t, got), raw(t, want))
	}
	if m := got.Minutes(); !m.Passed || m.Yes != 3 || m.Eligible != 3 {
		t.Errorf("minutes %+v: staff is recused, three of three in favour", m)
	}
}

func TestReplayIsPure(t *testing.T) {
	h := newHistory(t)
	h.toReview()
	before := h.rec
	h.vote("dep1", No)
	if len(before.Ballots) != 0 {
		t.Errorf("Apply changed the record it was given: %v", before.Ballots)
	}
}

// TestApplyRefuses lists the steps the fold refuses: each one an event a
// caller could send or a database edit could leave, and the rule that
// catches it.
func TestApplyRefuses(t *testing.T) {
	type tc struct {
		name string
		// setup takes the case to where the step is tried; bad is the event.
		setup func(h *history)
		bad   func(h *history) Event
		code  string // problem code, or "" for a record that does not follow
	}
	votes := func(h *history, ballots map[string]Ballot) {
		h.toReview()
		for _, who := range []string{"head", "dep1", "dep2"} {
			if b, ok := ballots[who]; ok {
				h.vote(who, b)
			}
		}
	}
	ev := func(h *history, actor string, a Action, input, details any, p Payload) Event {
		p.Input, p.Details = raw(h.t, input), raw(h.t, details)
		return h.event(actor, a, p)
	}
	cases := []tc{
		{"the recused proposer votes", func(h *history) { h.toReview() },
			func(h *history) Event {
				return ev(h, "staff", CastVote, VoteInput{Ballot: Yes}, VoteDetails{Round: 1}, Payload{})
			}, "not_in_collective"},
		{"someone seated after the convening votes", func(h *history) { h.toReview() },
			func(h *history) Event {
				return ev(h, "dep3", CastVote, VoteInput{Ballot: Yes}, VoteDetails{Round: 1}, Payload{})
			}, "not_in_collective"},
		{"a ballot for another round", func(h *history) { h.toReview() },
			func(h *history) Event {
				return ev(h, "dep1", CastVote, VoteInput{Ballot: Yes}, VoteDetails{Round: 2}, Payload{})
			}, ""},
		{"approval on a failed vote", func(h *history) { votes(h, map[string]Ballot{"head": Yes, "dep1": No, "dep2": No}) },
			func(h *history) Event {
				return ev(h, "head", Approve, ApproveInput{}, DecisionDetails{Minutes: h.rec.Minutes()}, Payload{Scope: pilot})
			}, "vote_not_passed"},
		{"the head's written decision on a passed vote", func(h *history) { votes(h, map[string]Ballot{"head": Yes, "dep1": Yes}) },
			func(h *history) Event {
				return ev(h, "head", ApproveOverride, OverrideInput{Justification: "x"}, DecisionDetails{Minutes: h.rec.Minutes()}, Payload{Scope: pilot})
			}, "vote_passed"},
		{"a tie goes the head's way", func(h *history) { votes(h, map[string]Ballot{"head": No, "dep1": Yes}) },
			func(h *history) Event {
				// 1 of 3 in favour with one absent is no tie: the vote failed.
				return ev(h, "head", Approve, ApproveInput{}, DecisionDetails{Minutes: h.rec.Minutes()}, Payload{Scope: pilot})
			}, "vote_not_passed"},
		{"minutes logged with a forged tally", func(h *history) { votes(h, map[string]Ballot{"head": Yes, "dep1": Yes, "dep2": No}) },
			func(h *history) Event {
				m := h.rec.Minutes()
				m.Yes, m.No = 3, 0
				return ev(h, "head", Approve, ApproveInput{}, DecisionDetails{Minutes: m}, Payload{Scope: pilot})
			}, ""},
		{"an approval without a scope", func(h *history) { votes(h, map[string]Ballot{"head": Yes, "dep1": Yes}) },
			func(h *history) Event {
				return ev(h, "head", Approve, ApproveInput{}, DecisionDetails{Minutes: h.rec.Minutes()}, Payload{})
			}, "validation"},
		{"a convening that lets the proposer vote", func(h *history) {
			h.do("staff", Submit, nil, SubmitDetails{UnitID: "BTH", DeciderUnitID: "BTH", Version: 1}, Payload{})
		}, func(h *history) Event {
			return ev(h, "head", Convene, nil, ConveneDetails{Round: 1, Members: collective}, Payload{})
		}, ""},
		{"a head's proposal decided in their own unit", func(h *history) {}, func(h *history) Event {
			return ev(h, "staff", Submit, nil, SubmitDetails{UnitID: "BTH", ProposerHead: true, SuperiorUnitID: "HCM", DeciderUnitID: "BTH", Version: 1}, Payload{})
		}, ""},
		{"a head's proposal with no unit above", func(h *history) {}, func(h *history) Event {
			return ev(h, "staff", Submit, nil, SubmitDetails{UnitID: "VN", ProposerHead: true, DeciderUnitID: "VN", Version: 1}, Payload{})
		}, "no_superior"},
		{"a version skipped", func(h *history) {}, func(h *history) Event {
			return ev(h, "staff", Submit, nil, SubmitDetails{UnitID: "BTH", DeciderUnitID: "BTH", Version: 2}, Payload{})
		}, ""},
		{"progress logged inside a scope it is outside of", func(h *history) {
			h.toReview()
			for _, who := range []string{"head", "dep1"} {
				h.vote(who, Yes)
			}
			h.do("head", ApprovePilot, ApprovePilotInput{}, DecisionDetails{Minutes: h.rec.Minutes(), Pilot: true}, Payload{Scope: pilot})
			h.do("head", AllocateResources, ResourcesInput{MoneyVND: 1}, nil, Payload{})
		}, func(h *history) Event {
			act := ScopedAction{Unit: "GD", Date: "2026-12-10", AmountVND: 1}
			under := h.rec.ScopeIndex
			return ev(h, "staff", ReportProgress, ProgressInput{ScopedAction: act}, nil, Payload{Act: &act, ScopeUnder: &under})
		}, ""},
		{"progress under a scope that was not approved", func(h *history) {
			h.toReview()
			for _, who := range []string{"head", "dep1"} {
				h.vote(who, Yes)
			}
			h.do("head", ApprovePilot, ApprovePilotInput{}, DecisionDetails{Minutes: h.rec.Minutes(), Pilot: true}, Payload{Scope: pilot})
			h.do("head", AllocateResources, ResourcesInput{MoneyVND: 1}, nil, Payload{})
		}, func(h *history) Event {
			act := ScopedAction{Unit: "BTH", Date: "2026-12-10", AmountVND: 1}
			under := int64(-1)
			return ev(h, "staff", ReportProgress, ProgressInput{ScopedAction: act}, nil, Payload{Act: &act, ScopeUnder: &under})
		}, ""},
		{"protection logged better than the facts give", func(h *history) {
			h.toEvaluated([]ScopedAction{{Unit: "GD", Date: "2026-12-10", AmountVND: 1}}, honest)
		}, func(h *history) Event {
			facts, _ := h.rec.ProtectionFacts()
			facts.OutsideScopeActions = 0
			return ev(h, "head", DetermineProtection, nil, ProtectionDetails{Facts: facts, Determination: Determine(facts)}, Payload{})
		}, ""},
		{"replication of a model that did not succeed", func(h *history) {
			h.toEvaluated(nil, honest)
			h.determine()
		}, func(h *history) Event {
			return ev(h, "head", Replicate, ReplicateInput{Units: []string{"GD"}}, ReplicateDetails{Created: []string{"DX-2"}}, Payload{})
		}, "replication_needs_good_result"},
		{"an obstacle resolved that was never raised", func(h *history) {
			h.toReview()
			for _, who := range []string{"head", "dep1"} {
				h.vote(who, Yes)
			}
			h.do("head", ApprovePilot, ApprovePilotInput{}, DecisionDetails{Minutes: h.rec.Minutes(), Pilot: true}, Payload{Scope: pilot})
			h.do("head", AllocateResources, ResourcesInput{MoneyVND: 1}, nil, Payload{})
		}, func(h *history) Event {
			return ev(h, "head", ResolveObstacle, ResolveObstacleInput{Obstacle: 3, Resolution: "x"}, nil, Payload{})
		}, "validation"},
		{"a step the table does not allow", func(h *history) {}, func(h *history) Event {
			e := ev(h, "head", Submit, nil, SubmitDetails{UnitID: "BTH", DeciderUnitID: "BTH", Version: 1}, Payload{})
			e.Action = Convene
			return e
		}, "wrong_state"},
		{"an event type the table does not give", func(h *history) {}, func(h *history) Event {
			e := ev(h, "staff", Submit, nil, SubmitDetails{UnitID: "BTH", DeciderUnitID: "BTH", Version: 1}, Payload{})
			e.Type = "proposal.approved"
			return e
		}, ""},
		{"an event out of sequence", func(h *history) {}, func(h *history) Event {
			e := ev(h, "staff", Submit, nil, SubmitDetails{UnitID: "BTH", DeciderUnitID: "BTH", Version: 1}, Payload{})
			e.Seq = 2
			return e
		}, ""},
		{"an event that leaves another state", func(h *history) {}, func(h *history) Event {
			e := ev(h, "staff", Submit, nil, SubmitDetails{UnitID: "BTH", DeciderUnitID: "BTH", Version: 1}, Payload{})
			e.To = Approved
			return e
		}, ""},
		{"submitted by someone else than the proposer", func(h *history) {
			h.do("staff", Submit, nil, SubmitDetails{UnitID: "BTH", DeciderUnitID: "BTH", Version: 1}, Payload{})
			h.do("head", Return, ReasonRequiredInput{Reason: "x"}, nil, Payload{})
		}, func(h *history) Event {
			return ev(h, "dep1", Submit, nil, SubmitDetails{UnitID: "BTH", DeciderUnitID: "BTH", Version: 2}, Payload{})
		}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := newHistory(t)
			c.setup(h)
			before := string(raw(t, h.rec))
			e := c.bad(h)
			_, _, err := Apply(h.rec, e)
			if err == nil {
				t.Fatal("accepted")
			}
			var p *problem.Error
			switch {
			case c.code == "" && errors.As(err, &p):
				t.Errorf("refused as %s (%v), want a record that does not follow", p.Code, err)
			case c.code == "validation":
				var f *problem.Error
				if !errors.As(err, &f) || f.Kind != problem.Invalid {
					t.Errorf("err %v, want a field error", err)
				}
			case c.code != "" && (!errors.As(err, &p) || p.Code != c.code):
				t.Errorf("err %v, want %s", err, c.code)
			}
			if string(raw(t, h.rec)) != before {
				t.Error("a refused step changed the record")
			}
			// A history ending in the bad event never replays.
			if _, err := Replay(h.id, append(h.events, e)); err == nil {
				t.Error("Replay accepted the history")
			} else if !strings.Contains(err.Error(), h.id) {
				t.Errorf("replay error %q names no case", err)
			}
		})
	}
}

func TestTieGoesTheHeadsWay(t *testing.T) {
	for _, c := range []struct {
		head   Ballot
		passed bool
	}{{Yes, true}, {No, false}} {
		h := newHistory(t)
		h.toReview()
		// Four members, staff recused: three eligible; make it four.
		h.rec.Collective = append(h.rec.Collective, Member{PersonID: "dep3"})
		h.vote("head", c.head)
		other := Yes
		if c.head == Yes {
			other = No
		}
		h.vote("dep1", other)
		h.vote("dep2", other)
		h.vote("dep3", c.head)
		if m := h.rec.Minutes(); !m.Tie || m.Passed != c.passed {
			t.Errorf("head %s: minutes %+v", c.head, m)
		}
	}
}
