// Package bench measures damlam against the targets of a national
// deployment on a small machine and prints each figure beside its target.
// HTTP figures come from vegeta's attacker on loopback against a real
// server process; in-process figures call the store and the log directly.
package bench

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sync/atomic"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// Load is one HTTP load: how many clients, how much work, at what pace.
type Load struct {
	Name    string
	Clients int
	// Requests and Duration bound the run; it stops at whichever comes
	// first.
	Requests int
	Duration time.Duration
	// Rate, if set, sends requests at that many per second over all
	// clients (open loop) and measures each from when it was due, so a
	// server that falls behind shows it in the latencies. Zero runs each
	// client back to back (closed loop), which finds the throughput.
	Rate float64
	// Build makes the i-th request.
	Build func(i int) (*http.Request, error)
	// Check inspects an answer; nil accepts any 2xx.
	Check func(resp *http.Response, body []byte) error
}

// Result is what a load measured.
type Result struct {
	Name     string
	N        int // answered requests
	Errors   int
	FirstErr error
	Elapsed  time.Duration
	Rate     float64 // answered per second
	P50, P99 time.Duration
	Max      time.Duration
}

func (r Result) String() string {
	s := fmt.Sprintf("%s: %d in %.1fs, %.0f/s, p50 %s, p99 %s, max %s", r.Name, r.N, r.Elapsed.Seconds(), r.Rate, ms(r.P50), ms(r.P99), ms(r.Max))
	if r.Errors > 0 {
		s += fmt.Sprintf(", %d errors (first: %v)", r.Errors, r.FirstErr)
	}
	return s
}

// NewClient is an HTTP client for loopback load: one kept-alive
// connection per client, no compression.
func NewClient(clients int) *http.Client {
	return &http.Client{Timeout: 60 * time.Second, Transport: &http.Transport{
		MaxIdleConns: clients, MaxIdleConnsPerHost: clients, MaxConnsPerHost: clients,
		DisableCompression: true, IdleConnTimeout: time.Minute,
	}}
}

// Apply applies the load with vegeta's attacker and measures every
// answer. Closed loop: exactly Clients workers, each sending its next
// request when the last is answered. Open loop: vegeta paces requests at
// Rate with up to Clients workers, and each latency is counted from when
// its request was due (its sequence number over the rate), not from when
// a free worker sent it, so a server that falls behind shows it instead
// of hiding it in a queue before the send (coordinated omission).
func Apply(ctx context.Context, client *http.Client, l Load) Result {
	var next atomic.Int64
	var buildErr atomic.Value
	targets := func(t *vegeta.Target) error {
		i := int(next.Add(1) - 1)
		if i >= l.Requests {
			return vegeta.ErrNoTargets
		}
		req, err := l.Build(i)
		if err == nil {
			err = targetOf(req, t)
		}
		if err != nil {
			buildErr.CompareAndSwap(nil, err)
			return vegeta.ErrNoTargets
		}
		return nil
	}
	var pacer vegeta.Pacer = vegeta.ConstantPacer{} // zero: as fast as the workers go
	interval := time.Duration(0)
	if l.Rate > 0 {
		// vegeta paces whole requests per period: a period of one
		// request keeps a fractional rate exact.
		interval = time.Duration(float64(time.Second) / l.Rate)
		pacer = vegeta.ConstantPacer{Freq: 1, Per: interval}
	}
	workers := uint64(max(l.Clients, 1))
	atk := vegeta.NewAttacker(vegeta.Client(client), vegeta.Workers(workers), vegeta.MaxWorkers(workers))
	stop := context.AfterFunc(ctx, func() { atk.Stop() })
	defer stop()
	res := Result{Name: l.Name}
	lat := make([]time.Duration, 0, min(l.Requests, 1<<20))
	start := time.Now()
	var last time.Time
	for r := range atk.Attack(targets, pacer, l.Duration, l.Name) {
		if r.Code == 0 && r.Error == vegeta.ErrNoTargets.Error() {
			continue // the worker that found the load done
		}
		if err := l.check(r); err != nil {
			res.Errors++
			if res.FirstErr == nil {
				res.FirstErr = err
			}
			continue
		}
		d := r.Latency
		if l.Rate > 0 {
			due := start.Add(time.Duration(r.Seq) * interval)
			d = max(r.End().Sub(due), r.Latency)
		}
		lat = append(lat, d)
		if end := r.End(); end.After(last) {
			last = end
		}
	}
	if err, _ := buildErr.Load().(error); err != nil && res.FirstErr == nil {
		res.Errors++
		res.FirstErr = err
	}
	res.Elapsed = time.Since(start)
	res.N = len(lat)
	if res.N > 0 {
		slices.Sort(lat)
		res.P50, res.P99, res.Max = percentile(lat, 0.50), percentile(lat, 0.99), lat[len(lat)-1]
		res.Rate = float64(res.N) / last.Sub(start).Seconds()
	}
	return res
}

// targetOf turns a built request into vegeta's target.
func targetOf(req *http.Request, t *vegeta.Target) error {
	t.Method, t.URL, t.Header = req.Method, req.URL.String(), req.Header
	if req.Body != nil {
		body, err := io.ReadAll(req.Body)
		if err != nil {
			return err
		}
		t.Body = body
	}
	return nil
}

// check applies the load's Check, or accepts any 2xx.
func (l Load) check(r *vegeta.Result) error {
	if r.Code == 0 {
		return fmt.Errorf("%s %s: %s", r.Method, r.URL, r.Error)
	}
	if l.Check != nil {
		return l.Check(&http.Response{StatusCode: int(r.Code), Header: r.Headers}, r.Body)
	}
	if r.Code/100 != 2 {
		return fmt.Errorf("%s %s: status %d: %.200s", r.Method, r.URL, r.Code, r.Body)
	}
	return nil
}

// percentile of sorted durations, nearest rank.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(float64(len(sorted))*p+0.5) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}

// ms prints a duration in milliseconds with a useful precision.
func ms(d time.Duration) string {
	v := float64(d) / float64(time.Millisecond)
	switch {
	case v >= 100:
		return fmt.Sprintf("%.0f ms", v)
	case v >= 10:
		return fmt.Sprintf("%.1f ms", v)
	default:
		return fmt.Sprintf("%.2f ms", v)
	}
}
