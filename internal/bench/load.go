// Package bench measures damlam against the targets of a national
// deployment on a small machine and prints each figure beside its target.
// HTTP figures come from a load driver on loopback against a real server
// process; in-process figures call the store and the log directly.
package bench

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sync"
	"time"
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

// Apply applies the load and measures every answer.
func Apply(ctx context.Context, client *http.Client, l Load) Result {
	ctx, cancel := context.WithTimeout(ctx, l.Duration)
	defer cancel()
	type ticket struct {
		i   int
		due time.Time
	}
	tickets := make(chan ticket, l.Clients)
	start := time.Now()
	go func() {
		defer close(tickets)
		for i := 0; i < l.Requests; i++ {
			due := time.Now()
			if l.Rate > 0 {
				due = start.Add(time.Duration(float64(i) / l.Rate * float64(time.Second)))
				if wait := time.Until(due); wait > 0 {
					select {
					case <-time.After(wait):
					case <-ctx.Done():
						return
					}
				}
			}
			select {
			case tickets <- ticket{i, due}:
			case <-ctx.Done():
				return
			}
		}
	}()
	var mu sync.Mutex
	res := Result{Name: l.Name}
	var lat []time.Duration
	var wg sync.WaitGroup
	for range l.Clients {
		wg.Go(func() {
			mine := make([]time.Duration, 0, 1024)
			var errs int
			var first error
			for t := range tickets {
				due := t.due
				if l.Rate == 0 {
					due = time.Now() // closed loop: from when this client sends
				}
				err := l.do(ctx, client, t.i)
				if ctx.Err() != nil {
					break // cut off by the time bound, not the server's fault
				}
				d := time.Since(due)
				if err != nil {
					errs++
					if first == nil {
						first = err
					}
					continue
				}
				mine = append(mine, d)
			}
			mu.Lock()
			lat = append(lat, mine...)
			res.Errors += errs
			if res.FirstErr == nil {
				res.FirstErr = first
			}
			mu.Unlock()
		})
	}
	wg.Wait()
	res.Elapsed = time.Since(start)
	res.N = len(lat)
	if res.N > 0 {
		slices.Sort(lat)
		res.P50, res.P99, res.Max = percentile(lat, 0.50), percentile(lat, 0.99), lat[len(lat)-1]
		res.Rate = float64(res.N) / res.Elapsed.Seconds()
	}
	return res
}

func (l Load) do(ctx context.Context, client *http.Client, i int) error {
	req, err := l.Build(i)
	if err != nil {
		return err
	}
	resp, err := client.Do(req.WithContext(ctx))
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if l.Check != nil {
		return l.Check(resp, body)
	}
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("%s %s: status %d: %.200s", req.Method, req.URL.Path, resp.StatusCode, body)
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
