package workflow

import "testing"

func TestTally(t *testing.T) {
	head := Member{PersonID: "h", Head: true}
	d := func(id string) Member { return Member{PersonID: id} }
	recused := Member{PersonID: "p", Recused: true}
	cases := []struct {
		name    string
		members []Member
		ballots map[string]Ballot
		passed  bool
		tie     bool
		elig    int
	}{
		{"majority yes", []Member{head, d("a"), d("b")}, map[string]Ballot{"h": Yes, "a": Yes, "b": No}, true, false, 3},
		{"majority no", []Member{head, d("a"), d("b")}, map[string]Ballot{"h": Yes, "a": No, "b": No}, false, false, 3},
		{"tie, head yes", []Member{head, d("a"), d("b"), d("c")}, map[string]Ballot{"h": Yes, "a": Yes, "b": No, "c": No}, true, true, 4},
		{"tie, head no", []Member{head, d("a"), d("b"), d("c")}, map[string]Ballot{"h": No, "a": Yes, "b": Yes, "c": No}, false, true, 4},
		{"recused proposer not counted", []Member{head, d("a"), d("b"), d("c"), recused}, map[string]Ballot{"h": Yes, "a": Yes, "b": No, "c": No, "p": Yes}, true, true, 4},
		{"absent counts against", []Member{head, d("a"), d("b")}, map[string]Ballot{"h": Yes}, false, false, 3},
		{"abstain is not in favour", []Member{head, d("a"), d("b")}, map[string]Ballot{"h": Yes, "a": Abstain, "b": Abstain}, false, false, 3},
		{"nobody eligible", []Member{recused}, map[string]Ballot{"p": Yes}, false, false, 0},
		{"exactly half is not more than half without the head", []Member{head, d("a")}, map[string]Ballot{"h": No, "a": Yes}, false, true, 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := Tally(c.members, c.ballots)
			if m.Passed != c.passed || m.Tie != c.tie || m.Eligible != c.elig {
				t.Fatalf("got passed=%v tie=%v eligible=%d, want %v %v %d (%+v)", m.Passed, m.Tie, m.Eligible, c.passed, c.tie, c.elig, m)
			}
			for _, mv := range m.Members {
				if mv.Recused && mv.Ballot != "" {
					t.Errorf("recused member %s has a ballot in the minutes", mv.PersonID)
				}
			}
		})
	}
}
