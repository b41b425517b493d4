package workflow

import (
	"strings"
	"testing"
)

// protected is the conduct the rule protects; each case changes one fact.
func protected() ProtectionFacts {
	return ProtectionFacts{WentThroughProcedure: true, WithinCompetence: true, NoContravention: true,
		Result: PartlyCompleted, FollowedPlan: true, HonestMotive: true, CommonGood: true}
}

func TestDetermineEveryBranch(t *testing.T) {
	with := func(f func(*ProtectionFacts)) ProtectionFacts { p := protected(); f(&p); return p }
	cases := []struct {
		name  string
		facts ProtectionFacts
		want  Outcome
		basis string
	}{
		{"no procedure", with(func(p *ProtectionFacts) { p.WentThroughProcedure = false }), NotCovered, "Điều 2, Điều 5"},
		{"outside competence", with(func(p *ProtectionFacts) { p.WithinCompetence = false }), NotCovered, "Điều 5"},
		{"contravenes law", with(func(p *ProtectionFacts) { p.NoContravention = false }), NotCovered, "Điều 5"},
		{"not covered beats completed", with(func(p *ProtectionFacts) { p.WentThroughProcedure = false; p.Result = Completed }), NotCovered, "Điều 5"},
		{"completed", with(func(p *ProtectionFacts) { p.Result = Completed }), NoLiability, "Điều 11 khoản 1"},
		{"completed even with damage", with(func(p *ProtectionFacts) { p.Result = Completed; p.Damage = true }), NoLiability, "Điều 11 khoản 1"},
		{"partly, no damage", protected(), LiabilityExcluded, "Điều 11 khoản 2"},
		{"not completed, no damage", with(func(p *ProtectionFacts) { p.Result = NotCompleted }), LiabilityExcluded, "Điều 11 khoản 2"},
		{"partly, damage", with(func(p *ProtectionFacts) { p.Damage = true }), ConsiderMitigation, "Điều 11 khoản 3"},
		{"not completed, damage", with(func(p *ProtectionFacts) { p.Result = NotCompleted; p.Damage = true }), ConsiderMitigation, "Điều 11 khoản 3"},
		{"did not follow plan", with(func(p *ProtectionFacts) { p.FollowedPlan = false }), NotProtected, "Điều 4"},
		{"dishonest motive", with(func(p *ProtectionFacts) { p.HonestMotive = false }), NotProtected, "Điều 4"},
		{"not for the common good", with(func(p *ProtectionFacts) { p.CommonGood = false }), NotProtected, "Điều 4"},
		{"self-interest", with(func(p *ProtectionFacts) { p.SelfInterest = true }), NotProtected, "Điều 4"},
		{"acted outside the approved scope", with(func(p *ProtectionFacts) { p.OutsideScopeActions = 1 }), NotProtected, "Điều 4"},
		{"outside scope with damage", with(func(p *ProtectionFacts) { p.OutsideScopeActions = 2; p.Damage = true }), NotProtected, "Điều 4"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := Determine(c.facts)
			if d.Outcome != c.want {
				t.Fatalf("outcome = %s, want %s", d.Outcome, c.want)
			}
			if !strings.Contains(d.Basis, c.basis) || !strings.Contains(d.Basis, "73/2023/NĐ-CP") {
				t.Errorf("basis %q does not cite %q of Decree 73/2023", d.Basis, c.basis)
			}
			if d.Reason.VI == "" || d.Reason.EN == "" || strings.HasPrefix(d.Label.VI, "[") {
				t.Errorf("determination lacks its explanation: %+v", d)
			}
		})
	}
}

func TestDetermineOutsideScopeSaysSo(t *testing.T) {
	p := protected()
	p.OutsideScopeActions = 1
	if d := Determine(p); !strings.Contains(d.Reason.EN, "outside the approved scope") {
		t.Errorf("reason %q should name the scope", d.Reason.EN)
	}
}
