package gen

import "container/heap"

// schedule interleaves the steps of every case in time order, as they would
// have reached the service: the log then reads like the country's history,
// and the order is the same on every run with the same seed, which is what
// makes an interrupted generation resumable by counting steps.
type schedule struct {
	p       *planner
	active  caseHeap
	pending *casePlan // the next case to be drafted, planned ahead
	// steps and cases taken so far; stepsPlanned counts the steps of
	// every case planned so far (for the progress estimate).
	taken, stepsPlanned int64
}

func newSchedule(p *planner) *schedule {
	s := &schedule{p: p}
	s.refill()
	return s
}

func (s *schedule) refill() {
	if s.pending == nil && s.p.more() {
		s.pending = s.p.plan()
		s.stepsPlanned += int64(len(s.pending.steps))
	}
}

// next returns the earliest step not yet taken and its case, or nil at
// the end.
func (s *schedule) next() (*casePlan, *step) {
	for s.pending != nil && (len(s.active) == 0 || s.pending.steps[0].at <= s.active[0].steps[s.active[0].next].at) {
		heap.Push(&s.active, s.pending)
		s.pending = nil
		s.refill()
	}
	if len(s.active) == 0 {
		return nil, nil
	}
	c := s.active[0]
	st := &c.steps[c.next]
	c.next++
	if c.next == len(c.steps) {
		heap.Pop(&s.active)
	} else {
		heap.Fix(&s.active, 0)
	}
	s.taken++
	return c, st
}

// estimate is the expected number of steps in all: those taken, those
// planned and not taken, and the cases still to plan at the mean so far.
func (s *schedule) estimate() int64 {
	if s.p.cases == 0 {
		return 0
	}
	perProposal := float64(s.stepsPlanned) / float64(s.p.slot)
	return s.stepsPlanned + int64(perProposal*float64(s.p.sc.Proposals-s.p.slot))
}

// caseHeap orders active cases by their next step's time, then by case
// number, so that ties break the same way on every run.
type caseHeap []*casePlan

func (h caseHeap) Len() int { return len(h) }
func (h caseHeap) Less(i, j int) bool {
	a, b := h[i].steps[h[i].next].at, h[j].steps[h[j].next].at
	if a != b {
		return a < b
	}
	return h[i].no < h[j].no
}
func (h caseHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *caseHeap) Push(x any)   { *h = append(*h, x.(*casePlan)) }
func (h *caseHeap) Pop() any {
	old := *h
	c := old[len(old)-1]
	old[len(old)-1] = nil
	*h = old[:len(old)-1]
	return c
}
