package gen

import (
	"math/rand/v2"

	"damlam/internal/workflow"
)

// Shares of the ways a case goes, per thousand. They are tuned so that the
// national dataset averages about twenty log entries per proposal and every
// state of the lifecycle holds cases.
const (
	permAbandoned = 20  // a draft never submitted
	permWithdrawn = 30  // withdrawn before the decision
	permReturned  = 80  // returned once for revision, then resubmitted
	permStalled   = 3   // the head never convenes: overdue, escalated
	permRejected  = 50  // rejected with reasons
	permOverride  = 50  // the vote fails, the head decides in writing
	permObstacle  = 250 // an obstacle raised and removed during the pilot
	permInspected = 300 // an inspection during the pilot
	permViolation = 200 // of inspections: a violation found and corrected
	permAdjusted  = 100 // the scope extended
	permSuspended = 50  // suspended, then resumed
	permStopped   = 40  // stopped early
	permOutside   = 15  // one action outside the approved scope
	permLiability = 200 // the disciplinary authority records an outcome
	permReward    = 600 // of completed cases: rewarded
	permReplicate = 30  // replicated to sibling units
	permInstitute = 60  // a drafting track toward a regulation
	permClose     = 550 // closed at the end
)

// builder appends steps at a moving time, dropping those after now.
type builder struct {
	c   *casePlan
	rng *rand.Rand
	t   int64
	now int64
	cut bool
}

// after moves time on by between lo and hi days (fractional days allowed).
func (b *builder) after(lo, hi float64) {
	b.t += int64((lo + b.rng.Float64()*(hi-lo)) * day)
}

func (b *builder) add(a workflow.Action, who string, arg int32, n int64) bool {
	if b.cut || b.t > b.now {
		b.cut = true
		return false
	}
	b.c.steps = append(b.c.steps, step{at: b.t, act: a, who: who, arg: arg, n: n})
	return true
}

// seq is the event number the next step will get (the draft is not an event).
func (b *builder) seq() int32 { return int32(len(b.c.steps)) }

func (b *builder) chance(perMille int) bool { return b.rng.IntN(1000) < perMille }

// lifecycle plans a case along the procedure, with the branches it takes
// drawn from its own random stream.
func (p *planner) lifecycle(no int, rng *rand.Rand, start int64) *casePlan {
	u := p.pickUnit(rng)
	c := &casePlan{no: no, unit: u, decider: u, field: rng.IntN(len(fields)), budget: budgetFor(rng)}
	c.theme = rng.IntN(len(fields[c.field].Themes))
	pool := append(append([]string{}, u.Staff...), u.Deputies...)
	c.proposer = pool[rng.IntN(len(pool))]
	if u.Kind != "province" && rng.IntN(1000) < 30 {
		// A head's proposal is decided by the head of the superior agency.
		c.proposer, c.decider = u.Head, p.parent(u)
	}
	b := &builder{c: c, rng: rng, t: start, now: p.now}
	head := c.decider.Head
	b.add("", c.proposer, 0, 0)
	if b.chance(permAbandoned) {
		return c
	}
	b.after(1, 10)
	b.add(workflow.Submit, c.proposer, 0, 0)
	switch r := rng.IntN(1000); {
	case r < permWithdrawn:
		b.after(1, 5)
		b.add(workflow.Withdraw, c.proposer, 0, 0)
		return c
	case r < permWithdrawn+permReturned:
		b.after(1, 4)
		b.add(workflow.Return, head, 0, 0)
		b.after(3, 12)
		b.add(workflow.Submit, c.proposer, 0, 0)
	case r < permWithdrawn+permReturned+permStalled && b.t < p.now-20*day:
		return c
	case r < permWithdrawn+permReturned+permStalled+permRejected:
		b.after(1, 5)
		b.add(workflow.Reject, head, 0, 0)
		if b.chance(500) {
			b.after(1, 10)
			b.add(workflow.Close, head, 0, 0)
		}
		return c
	}
	b.after(1, 4)
	b.add(workflow.Convene, head, 0, 0)
	b.after(1, 4)
	b.add(workflow.GivePartyOpinion, c.decider.PartyMember, 0, 0)
	members := c.members()
	override := len(members) >= 3 && b.chance(permOverride)
	b.after(1, 3)
	for i, m := range members {
		ballot := int32(1)
		if override && i > 0 {
			ballot = 2
		}
		b.t += int64(600 + rng.IntN(3600))
		b.add(workflow.CastVote, m, ballot, 0)
	}
	b.after(0.1, 1)
	c.pilotStart = b.t + int64(1+rng.IntN(7))*day
	c.pilotEnd = c.pilotStart + int64(30+rng.IntN(150))*day
	c.approvedEnd = c.pilotEnd
	switch {
	case override:
		b.add(workflow.ApproveOverride, head, 0, 0)
	case b.chance(800):
		b.add(workflow.ApprovePilot, head, 0, 0)
	default:
		b.add(workflow.Approve, head, 0, 0)
	}
	b.after(1, 5)
	b.add(workflow.AllocateResources, head, 0, 0)
	p.implementation(b)
	p.aftermath(b)
	return c
}

// implementation lays out the pilot: progress reports across the approved
// period, with obstacles, inspections, adjustments, suspensions and stops.
func (p *planner) implementation(b *builder) {
	c, rng := b.c, b.rng
	head, prov := c.decider.Head, p.org.provinces[c.unit.Province].ID
	reports := 3 + rng.IntN(8) + rng.IntN(8)
	if b.t < c.pilotStart {
		b.t = c.pilotStart
	}
	perReport := c.budget * 6 / 10 / int64(reports)
	outside := -1
	if b.chance(permOutside) {
		outside = rng.IntN(reports)
	}
	adjustAt, suspendAt, stopAt := -1, -1, -1
	if b.chance(permAdjusted) {
		adjustAt = reports / 2
	}
	if b.chance(permSuspended) {
		suspendAt = reports / 3
	}
	if b.chance(permStopped) {
		stopAt = reports * 2 / 3
	}
	obstacleAt, inspectAt := -1, -1
	if b.chance(permObstacle) {
		obstacleAt = rng.IntN(reports)
	}
	if b.chance(permInspected) {
		inspectAt = rng.IntN(reports)
	}
	for i := range reports {
		// Spread the remaining reports evenly over what is left of the
		// approved period, so they fall inside it.
		gap := max((c.pilotEnd-b.t)/int64(reports-i+1), day/4)
		b.t += gap*7/10 + rng.Int64N(gap*6/10+1)
		amount := perReport
		if i == outside {
			amount = c.budget // pushes the total over the approved budget
		}
		b.add(workflow.ReportProgress, c.proposer, 0, amount)
		if i == obstacleAt {
			b.after(0.5, 2)
			raised := b.seq()
			b.add(workflow.RaiseObstacle, c.proposer, 0, 0)
			b.after(2, 8)
			b.add(workflow.ResolveObstacle, head, raised, 0)
		}
		if i == inspectAt {
			b.after(0.5, 3)
			inspected := b.seq()
			violation := b.chance(permViolation)
			b.add(workflow.Inspect, inspectorID(prov), boolArg(violation), 0)
			if violation {
				b.after(3, 10)
				b.add(workflow.CorrectViolation, c.proposer, inspected, 0)
			}
		}
		if i == adjustAt {
			b.after(0.5, 2)
			c.pilotEnd += int64(30+rng.IntN(30)) * day
			b.add(workflow.Adjust, head, 0, c.pilotEnd)
		}
		if i == suspendAt {
			b.after(0.5, 2)
			b.add(workflow.Suspend, head, 0, 0)
			b.t += min(int64(10+rng.IntN(20))*day, max((c.pilotEnd-b.t)/4, day))
			b.add(workflow.Resume, head, 0, 0)
		}
		if i == stopAt {
			b.after(0.5, 2)
			b.add(workflow.Stop, head, 0, 0)
			c.verdict.result = workflow.NotCompleted
			break
		}
	}
	if c.verdict.result == "" && b.t < c.pilotEnd {
		b.t = c.pilotEnd
	}
	b.after(0.2, 4)
	b.add(workflow.ReportCompletion, c.proposer, 0, 0)
}

// aftermath is the evaluation and everything after it.
func (p *planner) aftermath(b *builder) {
	c, rng := b.c, b.rng
	head, prov := c.decider.Head, p.org.provinces[c.unit.Province].ID
	if c.verdict.result == "" {
		switch r := rng.IntN(1000); {
		case r < 750:
			c.verdict.result = workflow.Completed
		case r < 930:
			c.verdict.result = workflow.PartlyCompleted
		default:
			c.verdict.result = workflow.NotCompleted
		}
	}
	c.verdict.damage = c.verdict.result != workflow.Completed && b.chance(400)
	c.verdict.selfInterest = b.chance(30)
	b.after(1, 4)
	b.add(workflow.GivePartyOpinion, c.decider.PartyMember, 0, 0)
	b.after(1, 5)
	b.add(workflow.Evaluate, head, 0, 0)
	b.after(1, 5)
	b.add(workflow.DetermineProtection, head, 0, 0)
	if c.verdict.result != workflow.Completed && b.chance(permLiability*3) || b.chance(permLiability/4) {
		b.after(5, 30)
		b.add(workflow.RecordLiability, disciplinaryID(prov), 0, 0)
	}
	good := c.verdict.result != workflow.NotCompleted
	if c.verdict.result == workflow.Completed && b.chance(permReward) {
		b.after(5, 30)
		b.add(workflow.Reward, rewardID(prov), 0, 0)
	}
	if good && len(c.unit.Siblings) > 0 && b.chance(permReplicate) {
		b.after(5, 30)
		n := 1 + rng.IntN(len(c.unit.Siblings))
		targets := make([]string, 0, n)
		for _, s := range c.unit.Siblings[:n] {
			targets = append(targets, s.ID)
		}
		if b.add(workflow.Replicate, head, 0, 0) {
			c.targets = targets
		}
	}
	if good && b.chance(permInstitute) {
		b.after(10, 60)
		b.add(workflow.Institutionalise, head, 0, 0)
	}
	if b.chance(permClose) {
		b.after(5, 30)
		b.add(workflow.Close, head, 0, 0)
	}
}

func boolArg(v bool) int32 {
	if v {
		return 1
	}
	return 0
}
