package workflow

import (
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
