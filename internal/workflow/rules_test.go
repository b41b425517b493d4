package workflow

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"damlam/internal/calendar"
)

func TestRuleSetThresholdAndCitation(t *testing.T) {
	members := []Member{{PersonID: "h", Head: true}, {PersonID: "d1"}, {PersonID: "d2"}, {PersonID: "d3"}}
	ballots := map[string]Ballot{"h": Yes, "d1": Yes, "d2": No, "d3": No}
	if m := TallyUnder(nil, members, ballots); !m.Tie || !m.Passed {
		t.Fatalf("national, 2 of 4 with the head: %+v", m)
	}
	local := &RuleSet{ID: "hcm", Version: 1, Instrument: "Kế hoạch 124", VotePercent: 75}
	if m := TallyUnder(local, members, ballots); m.Tie || m.Passed {
		t.Fatalf("75 %%, 2 of 4: %+v", m)
	}
	ballots["d2"] = Yes
	if m := TallyUnder(local, members, ballots); !m.Tie || !m.Passed {
		t.Fatalf("75 %%, 3 of 4 with the head: %+v", m)
	}

	f := ProtectionFacts{WentThroughProcedure: true, WithinCompetence: true, NoContravention: true, Result: Completed}
	if got, want := DetermineUnder(nil, f).Basis, Determine(f).Basis; got != want {
		t.Fatalf("no set: %q, want %q", got, want)
	}
	if got, want := DetermineUnder(&National, f).Basis, Determine(f).Basis; got != want {
		t.Fatalf("the national set: %q, want %q", got, want)
	}
	if got := DetermineUnder(local, f).Basis; !strings.HasPrefix(got, Determine(f).Basis) || !strings.HasSuffix(got, "; Kế hoạch 124") {
		t.Fatalf("a locality's set: %q", got)
	}
}

func TestRuleSetDeadlines(t *testing.T) {
	cal := calendar.New(calendar.Overrides{})
	submitted := calendar.DateOf(time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC))
	a := Anchors{Submitted: submitted, Entered: submitted}
	if d, _ := DueDateUnder(cal, nil, Submitted, a); d.String() != "2026-12-07" {
		t.Fatalf("national: %s", d)
	}
	local := &RuleSet{ID: "hcm", Instrument: "Kế hoạch 124", Days: map[State]int{Submitted: 5}}
	if d, _ := DueDateUnder(cal, local, Submitted, a); d.String() != "2026-12-03" {
		t.Fatalf("5 days: %s", d)
	}
	if r, _ := local.Rule(Submitted); r.Basis != "Kế hoạch 124: 5 ngày làm việc" {
		t.Fatalf("basis %q", r.Basis)
	}
	if r, _ := local.Rule(CompletionReported); r.Days != 7 || r.Basis != Deadlines[CompletionReported].Basis {
		t.Fatalf("a state the set leaves out: %+v", r)
	}
	changed := National
	changed.Days = nationalDays()
	changed.Days[Submitted] = 6
	if changed.Digest() == National.Digest() || National.Digest() != National.Ref().SHA256 {
		t.Fatal("a set's digest does not follow its limits")
	}
}

// TestCaseKeepsTheRulesOfItsFirstSubmission: the submission fixes the set
// and its leaf names it, every later event must name the same set, and the
// fold refuses one that names another (as a replay of an edited log would).
func TestCaseKeepsTheRulesOfItsFirstSubmission(t *testing.T) {
	local := RuleSet{ID: "hcm", Version: 1, Name: "HCM", Instrument: "Kế hoạch 124", ReminderDays: 3, VotePercent: 60, Days: map[State]int{Submitted: 5}}
	at := time.Date(2026, 11, 26, 3, 0, 0, 0, time.UTC)
	submit, _ := Find(Draft, Submit)
	details, _ := json.Marshal(SubmitDetails{ContentSHA256: "00", DeciderUnitID: "U", UnitID: "U", Version: 1, Rules: &local})
	st, err := Take(NewRecord("X"), submit, "p", at, Payload{Details: details})
	if err != nil {
		t.Fatal(err)
	}
	if st.Event.Payload.Rules == nil || *st.Event.Payload.Rules != local.Ref() || st.Next.Rules.Digest() != local.Digest() || !st.Change.Rules {
		t.Fatalf("the submission names %+v and fixes %+v", st.Event.Payload.Rules, st.Next.Rules)
	}
	withdraw, _ := Find(Submitted, Withdraw)
	next, err := Take(st.Next, withdraw, "p", at.Add(time.Hour), Payload{})
	if err != nil || next.Event.Payload.Rules == nil || *next.Event.Payload.Rules != local.Ref() {
		t.Fatalf("a later step names %+v: %v", next.Event.Payload.Rules, err)
	}
	forged := next.Event
	ref := National.Ref()
	forged.Payload.Rules = &ref
	if _, _, err := Apply(st.Next, forged); err == nil || !strings.Contains(err.Error(), "rule set") {
		t.Fatalf("an event naming another set was applied: %v", err)
	}
	forged.Payload.Rules = nil
	if _, _, err := Apply(st.Next, forged); err == nil {
		t.Fatal("an event naming no set was applied to a case that has one")
	}
}
