package bench

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestApplyClosedLoopSendsExactlyTheRequests(t *testing.T) {
	var served atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		served.Add(1)
		if r.URL.Query().Get("fail") == "1" {
			http.Error(w, "no", http.StatusConflict)
			return
		}
		w.Write([]byte("ok"))
	}))
	defer srv.Close()
	build := func(i int) (*http.Request, error) {
		q := ""
		if i%10 == 3 {
			q = "?fail=1"
		}
		return http.NewRequest("POST", srv.URL+"/"+q, strings.NewReader("body"))
	}
	r := Apply(context.Background(), NewClient(8), Load{Name: "t", Clients: 8, Requests: 100, Duration: time.Minute, Build: build})
	if served.Load() != 100 || r.N != 90 || r.Errors != 10 {
		t.Fatalf("served %d, answered %d, errors %d; want 100, 90, 10 (%v)", served.Load(), r.N, r.Errors, r)
	}
	if r.FirstErr == nil || !strings.Contains(r.FirstErr.Error(), "409") {
		t.Errorf("first error %v, want the 409", r.FirstErr)
	}
	if r.Rate <= 0 || r.P50 <= 0 || r.P99 < r.P50 || r.Max < r.P99 {
		t.Errorf("figures out of order: %v", r)
	}
}

func TestApplyCheckSeesStatusAndBody(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(`{"receipt":"x"}`)) }))
	defer srv.Close()
	get := func(int) (*http.Request, error) { return http.NewRequest("GET", srv.URL, nil) }
	wrong := errors.New("no receipt")
	check := func(resp *http.Response, body []byte) error {
		if resp.StatusCode != 200 || !strings.Contains(string(body), `"receipt":"x"`) {
			return wrong
		}
		return nil
	}
	if r := Apply(context.Background(), NewClient(2), Load{Clients: 2, Requests: 10, Duration: time.Minute, Build: get, Check: check}); r.N != 10 || r.Errors != 0 {
		t.Errorf("%v", r)
	}
	refuse := func(*http.Response, []byte) error { return wrong }
	if r := Apply(context.Background(), NewClient(2), Load{Clients: 2, Requests: 10, Duration: time.Minute, Build: get, Check: refuse}); r.N != 0 || r.Errors != 10 || !errors.Is(r.FirstErr, wrong) {
		t.Errorf("%v", r)
	}
}

// An open-loop load counts each latency from when its request was due:
// one client against a 20 ms handler offered 100 requests a second falls
// behind, and the 20th request, due at 190 ms, cannot be answered before
// 20 × 20 ms = 400 ms, so its latency is at least 210 ms, however fast
// the machine.
func TestApplyOpenLoopCountsFromWhenDue(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(20 * time.Millisecond)
	}))
	defer srv.Close()
	get := func(int) (*http.Request, error) { return http.NewRequest("GET", srv.URL, nil) }
	r := Apply(context.Background(), NewClient(1), Load{Clients: 1, Requests: 20, Rate: 100, Duration: time.Minute, Build: get})
	if r.N != 20 || r.Errors != 0 {
		t.Fatalf("%v", r)
	}
	if r.Max < 210*time.Millisecond {
		t.Errorf("max latency %s: the queue behind the one client was not counted", r.Max)
	}
}

func TestApplyStopsWithTheContext(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	get := func(int) (*http.Request, error) { return http.NewRequest("GET", srv.URL, nil) }
	done := make(chan Result)
	go func() {
		done <- Apply(ctx, NewClient(1), Load{Clients: 1, Requests: 1 << 30, Duration: time.Hour, Build: get})
	}()
	select {
	case r := <-done:
		if r.N >= 1<<30 {
			t.Errorf("%v", r)
		}
	case <-time.After(time.Minute):
		t.Fatal("a cancelled load went on")
	}
}
