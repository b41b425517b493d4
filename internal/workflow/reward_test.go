package workflow

import (
	"slices"
	"testing"

	"damlam/internal/problem"
)

func TestRewardsCarryWhatTheirKindChanges(t *testing.T) {
	base := RewardInput{Recipient: "pct1.bth", Decision: "112/QĐ-UBND", DecisionDate: "2027-03-20"}
	with := func(change func(*RewardInput)) RewardInput {
		in := base
		change(&in)
		return in
	}
	cases := []struct {
		name string
		in   RewardInput
		bad  []string // the fields refused, in any order; none: accepted
	}{
		{"praise", with(func(in *RewardInput) { in.Kind = "praise" }), nil},
		{"a commendation with its level", with(func(in *RewardInput) { in.Kind, in.Level = "commendation", "province" }), nil},
		{"a commendation without a level", with(func(in *RewardInput) { in.Kind = "commendation" }), []string{"level"}},
		{"a commendation by an unknown level", with(func(in *RewardInput) { in.Kind, in.Level = "commendation", "district" }), []string{"level"}},
		{"an early salary step", with(func(in *RewardInput) {
			in.Kind, in.SalaryStep, in.MonthsAdvanced, in.EffectiveDate = "early_salary_step", 4, 12, "2027-04-01"
		}), nil},
		{"an early salary step without what it changes", with(func(in *RewardInput) { in.Kind = "early_salary_step" }),
			[]string{"salary_step", "months_advanced", "effective_date"}},
		{"a salary step more than 12 months early", with(func(in *RewardInput) {
			in.Kind, in.SalaryStep, in.MonthsAdvanced, in.EffectiveDate = "early_salary_step", 4, 13, "2027-04-01"
		}), []string{"months_advanced"}},
		{"a salary step effective before its decision", with(func(in *RewardInput) {
			in.Kind, in.SalaryStep, in.MonthsAdvanced, in.EffectiveDate = "early_salary_step", 4, 6, "2027-03-01"
		}), []string{"effective_date"}},
		{"a salary step effective before its decision, written dd/mm/yyyy", with(func(in *RewardInput) {
			in.Kind, in.SalaryStep, in.MonthsAdvanced, in.EffectiveDate = "early_salary_step", 4, 6, "01/03/2027"
		}), []string{"effective_date"}},
		{"a priority in appointment", with(func(in *RewardInput) {
			in.Kind, in.Position = "appointment_priority", "Phó Chủ tịch UBND phường"
		}), nil},
		{"a priority for no post", with(func(in *RewardInput) { in.Kind = "appointment_priority" }), []string{"position"}},
		{"praise with another kind's effects", with(func(in *RewardInput) {
			in.Kind, in.Level, in.SalaryStep, in.Position = "praise", "province", 3, "Trưởng phòng"
		}), []string{"level", "salary_step", "position"}},
		{"no decision date", with(func(in *RewardInput) { in.Kind, in.DecisionDate = "praise", "" }), []string{"decision_date"}},
		{"a decision date that is not one", with(func(in *RewardInput) { in.Kind, in.DecisionDate = "praise", "2027-02-30" }), []string{"decision_date"}},
		{"an unknown kind", with(func(in *RewardInput) { in.Kind = "medal" }), []string{"kind"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var f problem.Fields
			c.in.Validate(&f)
			var got []string
			for _, fe := range problem.As(f.Err()).Fields {
				got = append(got, fe.Field)
			}
			slices.Sort(got)
			want := slices.Clone(c.bad)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Fatalf("refused %v, want %v", got, want)
			}
		})
	}
}

func TestOnlyThePeopleOfTheCaseAreRewarded(t *testing.T) {
	p := &Proposal{ProposerID: "pct1.bth", Content: Content{Implementers: []string{"canbo.bth"}}}
	for who, ok := range map[string]bool{"pct1.bth": true, "canbo.bth": true, "chutich.gd": false, "": false} {
		err := RewardRecipient(p, &RewardInput{Recipient: who})
		if (err == nil) != ok {
			t.Errorf("%q: %v", who, err)
		}
		if err != nil && (problem.KindOf(err) != problem.Invalid || problem.As(err).Fields[0].Field != "recipient") {
			t.Errorf("%q: not a refusal of the recipient field: %v", who, err)
		}
	}
}
