package workflow

// Ballot is one member's vote in the collective.
type Ballot string

const (
	Yes     Ballot = "yes"     // tán thành
	No      Ballot = "no"      // không tán thành
	Abstain Ballot = "abstain" // không biểu quyết
)

// ValidBallot reports whether b is a ballot.
func ValidBallot(b Ballot) bool { return b == Yes || b == No || b == Abstain }

// Member is someone who sits in the leadership collective for a case.
type Member struct {
	PersonID string `json:"person_id"`
	Name     string `json:"name"`
	Head     bool   `json:"head"`
	// Recused members proposed the case themselves: the law keeps a deputy
	// from voting on their own proposal.
	Recused bool `json:"recused"`
}

// MemberVote is one line of the minutes.
type MemberVote struct {
	Member
	Ballot Ballot `json:"ballot,omitempty"` // empty: absent or did not vote
}

// Minutes is the collective's record of a vote: who sat, who was recused,
// how each voted, and what that means.
type Minutes struct {
	Members  []MemberVote `json:"members"`
	Eligible int          `json:"eligible"`
	Yes      int          `json:"yes"`
	No       int          `json:"no"`
	Abstain  int          `json:"abstain"`
	Absent   int          `json:"absent"`
	Tie      bool         `json:"tie"`
	HeadVote Ballot       `json:"head_vote,omitempty"`
	Passed   bool         `json:"passed"`
}

// Tally counts the ballots. A proposal passes with more than half of the
// eligible (non-recused) members in favour; when exactly half are in favour,
// the tie goes the way the head voted (Decree 73, Art. 7).
func Tally(members []Member, ballots map[string]Ballot) Minutes {
	return TallyUnder(nil, members, ballots)
}

// TallyUnder counts the ballots under a case's rule set, whose threshold
// may ask more than half (nil: the national set).
func TallyUnder(rs *RuleSet, members []Member, ballots map[string]Ballot) Minutes {
	var m Minutes
	for _, mem := range members {
		b := ballots[mem.PersonID]
		if mem.Recused {
			b = ""
		}
		m.Members = append(m.Members, MemberVote{Member: mem, Ballot: b})
		if mem.Recused {
			continue
		}
		m.Eligible++
		switch b {
		case Yes:
			m.Yes++
		case No:
			m.No++
		case Abstain:
			m.Abstain++
		default:
			m.Absent++
		}
		if mem.Head {
			m.HeadVote = b
		}
	}
	m.Passed, m.Tie = rs.passes(m.Yes, m.Eligible)
	if m.Tie {
		m.Passed = m.HeadVote == Yes
	}
	return m
}
