package workflow

import (
	"testing"

	"damlam/internal/org"
)

// A province P with wards A and B; the case is a staff member's proposal
// in ward A, decided in A.
var (
	pathP = "/VN/P/"
	pathA = "/VN/P/A/"
	pathB = "/VN/P/B/"
	seat  = func(unit, path string, pos org.Position) org.Seat {
		return org.Seat{UnitID: unit, UnitPath: path, Position: pos}
	}
	grant = func(role org.Role, unit, path string) org.Grant {
		return org.Grant{Role: role, UnitID: unit, UnitPath: path}
	}
	people = map[string]*org.Person{
		"proposer":      {ID: "proposer", Seats: []org.Seat{seat("A", pathA, org.Staff)}},
		"implementer":   {ID: "implementer", Seats: []org.Seat{seat("A", pathA, org.Staff)}},
		"colleague":     {ID: "colleague", Seats: []org.Seat{seat("A", pathA, org.Staff)}},
		"headA":         {ID: "headA", Seats: []org.Seat{seat("A", pathA, org.Head)}},
		"deputyA":       {ID: "deputyA", Seats: []org.Seat{seat("A", pathA, org.Deputy)}},
		"headB":         {ID: "headB", Seats: []org.Seat{seat("B", pathB, org.Head)}},
		"deputyB":       {ID: "deputyB", Seats: []org.Seat{seat("B", pathB, org.Deputy)}},
		"headP":         {ID: "headP", Seats: []org.Seat{seat("P", pathP, org.Head)}},
		"partyA":        {ID: "partyA", Grants: []org.Grant{grant(org.PartyCommittee, "A", pathA)}},
		"partyP":        {ID: "partyP", Grants: []org.Grant{grant(org.PartyCommittee, "P", pathP)}},
		"inspectorP":    {ID: "inspectorP", Grants: []org.Grant{grant(org.Inspector, "P", pathP)}},
		"inspectorB":    {ID: "inspectorB", Grants: []org.Grant{grant(org.Inspector, "B", pathB)}},
		"rewardA":       {ID: "rewardA", Grants: []org.Grant{grant(org.RewardOfficer, "A", pathA)}},
		"rewardB":       {ID: "rewardB", Grants: []org.Grant{grant(org.RewardOfficer, "B", pathB)}},
		"disciplinaryP": {ID: "disciplinaryP", Grants: []org.Grant{grant(org.Disciplinary, "P", pathP)}},
		"disciplinaryB": {ID: "disciplinaryB", Grants: []org.Grant{grant(org.Disciplinary, "B", pathB)}},
		"adminP":        {ID: "adminP", Grants: []org.Grant{grant(org.Admin, "P", pathP)}},
	}
)

func caseInA() *Proposal {
	return &Proposal{ID: "X", UnitID: "A", UnitPath: pathA, DeciderID: "A", DeciderPath: pathA, ProposerID: "proposer",
		Content: Content{Implementers: []string{"implementer"}}}
}

func TestPermittedRoleByActionByScope(t *testing.T) {
	allowed := map[Who][]string{
		WhoProposer:     {"proposer"},
		WhoImplementer:  {"proposer", "implementer"},
		WhoHead:         {"headA"},
		WhoMember:       {"headA", "deputyA"},
		WhoParty:        {"partyA"},
		WhoInspector:    {"inspectorP"},
		WhoReward:       {"rewardA"},
		WhoDisciplinary: {"disciplinaryP"},
		WhoSystem:       {},
	}
	p := caseInA()
	for _, a := range Actions() {
		who, _ := WhoFor(a)
		want := map[string]bool{}
		for _, id := range allowed[who] {
			want[id] = true
		}
		for id, person := range people {
			if got := Permitted(person, p, who); got != want[id] {
				t.Errorf("%s × %s (%s): permitted = %v, want %v", id, a, who, got, want[id])
			}
		}
		if Permitted(nil, p, who) != (who == WhoSystem) {
			t.Errorf("nobody × %s: only the system acts without a person", a)
		}
	}
}

func TestProposerDeputyIsRecusedAndHeadsRouteUp(t *testing.T) {
	p := caseInA()
	p.ProposerID = "deputyA"
	if Permitted(people["deputyA"], p, WhoMember) {
		t.Error("a deputy votes on their own proposal")
	}
	if !Permitted(people["headA"], p, WhoMember) {
		t.Error("the head cannot vote")
	}
	// A head's proposal is decided by the superior: the head of A then has
	// no say, the head of P decides.
	p = caseInA()
	p.ProposerID = "headA"
	p.DeciderID, p.DeciderPath = "P", pathP
	if Permitted(people["headA"], p, WhoHead) || Permitted(people["headA"], p, WhoMember) {
		t.Error("a head decides their own proposal")
	}
	if !Permitted(people["headP"], p, WhoHead) {
		t.Error("the superior head cannot decide")
	}
	if !Permitted(people["partyP"], p, WhoParty) || Permitted(people["partyA"], p, WhoParty) {
		t.Error("the opinion must come from the deciding unit's Party committee")
	}
}

func TestReadScope(t *testing.T) {
	p := caseInA()
	for id, want := range map[string]bool{
		"proposer": true, "implementer": true, "colleague": true, "headA": true, "headP": true, "inspectorP": true,
		"headB": false, "deputyB": false, "inspectorB": false, "rewardB": false, "partyP": false,
	} {
		if got := CanRead(people[id], p); got != want {
			t.Errorf("%s reads the case: %v, want %v", id, got, want)
		}
	}
	// An inspector reads but decides nothing.
	for _, tr := range Allowed(people["inspectorP"], &Proposal{State: InImplementation, UnitPath: pathA, DeciderID: "A", DeciderPath: pathA}) {
		if tr.Action != Inspect {
			t.Errorf("inspector may %s", tr.Action)
		}
	}
}
