package gen

import (
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"damlam/internal/workflow"
)

// step is one thing that happens to a case: the draft is created (act "")
// or someone takes an action. arg and n carry what the action's input
// needs (see inputFor), so that a plan stays small until it is executed.
type step struct {
	at  int64 // unix seconds
	act workflow.Action
	who string
	arg int32
	n   int64
}

// casePlan is everything that will happen to one proposal, decided up
// front from the case's own random stream.
type casePlan struct {
	no                   int
	unit, decider        *unit
	proposer             string
	field, theme         int
	budget               int64
	pilotStart, pilotEnd int64 // unix seconds of the scope's bounds, after any adjustment
	approvedEnd          int64 // the end as first approved
	verdict              verdict
	targets              []string
	steps                []step
	next                 int
	id                   string
}

// verdict is how the collective evaluates the case.
type verdict struct {
	result       workflow.Result
	selfInterest bool
	damage       bool
}

const day = 24 * 3600

// planner lays out cases in the order their drafts are created.
type planner struct {
	seed      uint64
	org       *orgTree
	sc        Scale
	from, now int64
	cum       []float64 // cumulative unit weights
	weighted  []*unit
	slot      int // proposals planned so far, replicas included
	cases     int
}

func newPlanner(org *orgTree, sc Scale, seed uint64, now time.Time) *planner {
	p := &planner{seed: seed, org: org, sc: sc, now: now.Unix(),
		from: time.Date(2023, 10, 2, 8, 0, 0, 0, ict).Unix()} // the decree is in force from 29/9/2023
	total := 0.0
	for _, u := range org.units {
		if u.Weight > 0 && u.Head != "" {
			total += u.Weight
			p.cum = append(p.cum, total)
			p.weighted = append(p.weighted, u)
		}
	}
	return p
}

var ict = time.FixedZone("ICT", 7*3600)

// slotTime spreads drafts over the years with a rising rate (more units use
// the procedure each year): the density grows linearly to three times its
// start, and the last drafts are filed two hours before now.
func (p *planner) slotTime(slot int) int64 {
	u := (float64(slot) + 0.5) / float64(p.sc.Proposals)
	x := (-1 + math.Sqrt(1+8*u)) / 2
	end := p.now - 2*3600
	return p.from + int64(x*float64(end-p.from))
}

// more reports whether proposals remain to be planned.
func (p *planner) more() bool { return p.slot < p.sc.Proposals }

// plan lays out the next case.
func (p *planner) plan() *casePlan {
	no := p.cases
	p.cases++
	rng := rand.New(rand.NewPCG(p.seed, uint64(no)+1))
	start := p.slotTime(p.slot)
	if next := p.slotTime(p.slot + 1); next > start {
		start += rng.Int64N(next - start)
	}
	var c *casePlan
	if first := p.sc.Proposals - p.sc.Pool; p.slot >= first {
		// The pool waits for a vote that is not late: spread it over the
		// last three days, whatever the scale.
		window := int64(3*day - 3*3600)
		start = max(start, p.now-3*day+int64(p.slot-first)*window/int64(p.sc.Pool))
		c = p.poolCase(no, rng, start)
	} else {
		c = p.lifecycle(no, rng, start)
	}
	p.slot += 1 + len(c.targets)
	return c
}

// pickUnit chooses where a case is filed, by weight.
func (p *planner) pickUnit(rng *rand.Rand) *unit {
	x := rng.Float64() * p.cum[len(p.cum)-1]
	i, _ := slices.BinarySearch(p.cum, x)
	return p.weighted[min(i, len(p.weighted)-1)]
}

// poolCase is a proposal of the decision ward waiting for the collective's
// vote: the HTTP benchmark casts the votes.
func (p *planner) poolCase(no int, rng *rand.Rand, start int64) *casePlan {
	u := p.org.byID[DecisionWard]
	if u == nil {
		return p.lifecycle(no, rng, start)
	}
	c := &casePlan{no: no, unit: u, decider: u, proposer: u.Staff[rng.IntN(len(u.Staff))], field: rng.IntN(len(fields)), budget: budgetFor(rng)}
	c.theme = rng.IntN(len(fields[c.field].Themes))
	t := start
	for _, s := range []struct {
		a   workflow.Action
		who string
	}{{"", c.proposer}, {workflow.Submit, c.proposer}, {workflow.Convene, u.Head}, {workflow.GivePartyOpinion, u.PartyMember}} {
		c.steps = append(c.steps, step{at: t, act: s.a, who: s.who})
		t += 600
	}
	return c
}

func budgetFor(rng *rand.Rand) int64 {
	return int64(20+rng.IntN(980)) * 1_000_000
}

// members are those who vote in the decider's collective, the proposer
// recused.
func (c *casePlan) members() []string {
	out := []string{c.decider.Head}
	for _, d := range c.decider.Deputies {
		if d != c.proposer {
			out = append(out, d)
		}
	}
	return out
}

// parent is the unit above u (the superior that decides on its head's
// proposals).
func (p *planner) parent(u *unit) *unit { return p.org.byID[u.Parent] }
