package workflow

import (
	"testing"

	"damlam/internal/i18n"
)

func TestTableIsWellFormed(t *testing.T) {
	seen := map[[2]string]bool{}
	for _, tr := range Table {
		key := [2]string{string(tr.From), string(tr.Action)}
		if seen[key] {
			t.Errorf("two rows for %s × %s", tr.From, tr.Action)
		}
		seen[key] = true
		if !ValidState(tr.From) || !ValidState(tr.To) {
			t.Errorf("row %+v names an unknown state", tr)
		}
		if tr.Event == "" && tr.Action != Edit {
			t.Errorf("row %s × %s writes no log event", tr.From, tr.Action)
		}
		if tr.From.Final() {
			t.Errorf("final state %s has an exit", tr.From)
		}
	}
	// One Who per action: the API's 403 does not depend on the state.
	for _, a := range Actions() {
		who, _ := WhoFor(a)
		for _, tr := range Table {
			if tr.Action == a && tr.Who != who {
				t.Errorf("action %s has two roles: %s and %s", a, who, tr.Who)
			}
		}
	}
}

func TestEveryStateReachableAndLeavable(t *testing.T) {
	reached := map[State]bool{Draft: true}
	for changed := true; changed; {
		changed = false
		for _, tr := range Table {
			if reached[tr.From] && !reached[tr.To] {
				reached[tr.To] = true
				changed = true
			}
		}
	}
	for _, s := range States {
		if !reached[s] {
			t.Errorf("state %s cannot be reached from DRAFT", s)
		}
		if s.Final() {
			continue
		}
		exits := false
		for _, tr := range ActionsFrom(s) {
			if tr.To != s {
				exits = true
			}
		}
		if !exits {
			t.Errorf("state %s has no way out", s)
		}
	}
}

func TestEveryNameIsTranslated(t *testing.T) {
	for _, s := range States {
		if !i18n.Has("state." + string(s)) {
			t.Errorf("no label for state %s", s)
		}
	}
	for _, a := range Actions() {
		if !i18n.Has("action." + string(a)) {
			t.Errorf("no label for action %s", a)
		}
		if _, ok := NewInput(a).(*NoteInput); ok && a != Submit && a != Convene && a != DetermineProtection && a != Escalate && a != EscalateCorrection && a != Edit {
			t.Errorf("action %s has no input type of its own", a)
		}
	}
	for _, tr := range Table {
		if !i18n.Has("who." + string(tr.Who)) {
			t.Errorf("no label for %s", tr.Who)
		}
	}
	for _, o := range []Outcome{NotCovered, NoLiability, LiabilityExcluded, ConsiderMitigation, NotProtected} {
		if !i18n.Has("outcome." + string(o)) {
			t.Errorf("no label for outcome %s", o)
		}
	}
}

func TestWaitingStatesHaveDeadlines(t *testing.T) {
	for _, s := range waiting {
		if _, ok := Deadlines[s]; !ok {
			t.Errorf("waiting state %s has no deadline rule", s)
		}
	}
	for _, s := range []State{Submitted, PartyOpinion, CollectiveReview, CompletionReported, Evaluation} {
		if Deadlines[s].Days != 7 {
			t.Errorf("%s: %d working days, the law says 7", s, Deadlines[s].Days)
		}
	}
	for _, s := range []State{InImplementation, Adjusted, Stopped} {
		if Deadlines[s].Days != 5 {
			t.Errorf("%s: %d working days, the law says 5", s, Deadlines[s].Days)
		}
	}
}
