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

// feed plans ahead on its own goroutine: planning costs a few microseconds
// a step at national scale, and overlaps the database's work this way.
type feed struct {
	ch       chan []planned
	stop     chan struct{}
	buf      []planned
	estimate int64
}

type planned struct {
	c        *casePlan
	s        *step
	estimate int64
}

func newFeed(s *schedule) *feed {
	f := &feed{ch: make(chan []planned, 16), stop: make(chan struct{})}
	go func() {
		defer close(f.ch)
		for {
			chunk := make([]planned, 0, 1024)
			for len(chunk) < cap(chunk) {
				c, st := s.next()
				if c == nil {
					break
				}
				chunk = append(chunk, planned{c, st, 0})
			}
			if len(chunk) == 0 {
				return
			}
			chunk[len(chunk)-1].estimate = s.estimate()
			select {
			case f.ch <- chunk:
			case <-f.stop:
				return
			}
		}
	}()
	return f
}

// next returns the next step, or nil at the end.
func (f *feed) next() (*casePlan, *step) {
	if len(f.buf) == 0 {
		chunk, ok := <-f.ch
		if !ok {
			return nil, nil
		}
		f.buf = chunk
		f.estimate = chunk[len(chunk)-1].estimate
	}
	p := f.buf[0]
	f.buf = f.buf[1:]
	return p.c, p.s
}

// close stops the planning goroutine.
func (f *feed) close() {
	select {
	case <-f.stop:
	default:
		close(f.stop)
	}
}
