package proof

import (
	"fmt"
	"strings"
)

// Status is the verdict on one claim.
type Status int

const (
	Holds      Status = iota // checked, and true
	Fails                    // checked, and false
	CannotTell               // could not be checked: a key or a file is missing
)

func (s Status) String() string {
	switch s {
	case Holds:
		return "holds"
	case Fails:
		return "fails"
	case CannotTell:
		return "cannot tell"
	}
	return fmt.Sprintf("Status(%d)", int(s))
}

// VI is the Vietnamese word for the status, for printed reports.
func (s Status) VI() string {
	switch s {
	case Holds:
		return "ĐÚNG"
	case Fails:
		return "SAI"
	}
	return "KHÔNG XÁC ĐỊNH ĐƯỢC"
}

func (s Status) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// worse orders verdicts: one failure outweighs anything unknown.
func worse(a, b Status) Status {
	rank := map[Status]int{Holds: 0, CannotTell: 1, Fails: 2}
	if rank[b] > rank[a] {
		return b
	}
	return a
}

// Claim is one statement about a dossier and whether it holds. Details
// say which file or leaf made the difference, one finding per line.
type Claim struct {
	ID       string `json:"id"`
	VI       string `json:"vi"`
	EN       string `json:"en"`
	Status   Status `json:"status"`
	Detail   string `json:"detail,omitempty"`
	DetailVI string `json:"detail_vi,omitempty"`
}

// Report lists the claims in the order they are checked.
type Report struct {
	Origin string  `json:"origin"`
	Case   string  `json:"case"`
	Leaves int     `json:"leaves"`
	Claims []Claim `json:"claims"`
}

// Overall is Fails if any claim fails, else CannotTell if any claim could
// not be checked, else Holds.
func (r Report) Overall() Status {
	s := Holds
	for _, c := range r.Claims {
		s = worse(s, c.Status)
	}
	return s
}

// finding is one bilingual line of detail.
type finding struct{ VI, EN string }

// claim accumulates findings; the worst one decides the status.
type claim struct {
	c        Claim
	vi, en   []string
	maxLines int
	dropped  int
	bad      []string // every finding that fails or cannot be told, in English
}

func newClaim(id, vi, en string) *claim {
	return &claim{c: Claim{ID: id, VI: vi, EN: en}, maxLines: 50}
}

func (c *claim) add(s Status, vi, en string) {
	c.c.Status = worse(c.c.Status, s)
	if s != Holds {
		c.bad = append(c.bad, en)
	}
	if len(c.en) >= c.maxLines {
		c.dropped++
		return
	}
	c.vi = append(c.vi, vi)
	c.en = append(c.en, en)
}

func (c *claim) fail(vi, en string)    { c.add(Fails, vi, en) }
func (c *claim) unknown(vi, en string) { c.add(CannotTell, vi, en) }
func (c *claim) note(vi, en string)    { c.add(Holds, vi, en) }

func (c *claim) done() Claim {
	if c.dropped > 0 {
		c.vi = append(c.vi, fmt.Sprintf("… và %d phát hiện khác.", c.dropped))
		c.en = append(c.en, fmt.Sprintf("… and %d more findings.", c.dropped))
	}
	c.c.Detail = strings.Join(c.en, "\n")
	c.c.DetailVI = strings.Join(c.vi, "\n")
	return c.c
}
