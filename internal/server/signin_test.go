package server

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"damlam/internal/testdb"
	"damlam/internal/webtest"
)

// apiSignIn posts to /api/v1/login from a script, with extra headers.
func apiSignIn(t *testing.T, base, email, password string, header http.Header) *http.Response {
	t.Helper()
	body, _ := json.Marshal(LoginRequest{Email: email, Password: password})
	req, _ := http.NewRequest("POST", base+"/api/v1/login", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	for k, vs := range header {
		req.Header[k] = vs
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res
}

func TestSignInLimitUnderParallelGuesses(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { parallelGuesses(t, newPageSite(t, Options{})) })
	t.Run("postgres", func(t *testing.T) { parallelGuesses(t, newPageSiteOn(t, Options{}, testdb.Postgres(t))) })
}

// parallelGuesses sends 100 wrong passwords for one account at once: at
// most the account's free attempts are checked, the rest are told when
// to come back; the owner then waits seconds, not ten minutes.
func parallelGuesses(t *testing.T, ps *pageSite) {
	var checked, refused atomic.Int64
	var wg sync.WaitGroup
	for i := range 100 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res := apiSignIn(t, ps.base, "pct1.bth@test.vn", fmt.Sprintf("doan-sai-%d", i), nil)
			switch res.StatusCode {
			case http.StatusUnauthorized:
				checked.Add(1)
			case http.StatusTooManyRequests:
				if n, err := strconv.Atoi(res.Header.Get("Retry-After")); err != nil || n < 1 {
					t.Errorf("429 without a usable Retry-After: %q", res.Header.Get("Retry-After"))
				}
				refused.Add(1)
			default:
				t.Errorf("a guess got %d", res.StatusCode)
			}
		}()
	}
	wg.Wait()
	if checked.Load() > accountFreeAttempts || checked.Load() == 0 {
		t.Fatalf("%d of 100 parallel guesses were checked, want 1..%d", checked.Load(), accountFreeAttempts)
	}
	t.Logf("100 parallel guesses: %d checked, %d refused", checked.Load(), refused.Load())
	// On a loaded machine a guess may have been turned away by the
	// hashing gate, unchecked and so uncounted: the rest of the free
	// attempts are then still there. Use them up one by one.
	for n := checked.Load(); ; n++ {
		res := apiSignIn(t, ps.base, "pct1.bth@test.vn", "tung-cai-mot", nil)
		if res.StatusCode == http.StatusTooManyRequests {
			break
		}
		if n >= accountFreeAttempts {
			t.Fatalf("%d guesses were checked", n+1)
		}
	}

	// The owner, right after: asked to wait, for at most a few seconds.
	res := apiSignIn(t, ps.base, "pct1.bth@test.vn", webtest.Password, nil)
	if res.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("the owner right after the guesses: %d", res.StatusCode)
	}
	wait, _ := strconv.Atoi(res.Header.Get("Retry-After"))
	if wait < 1 || wait > 2 {
		t.Fatalf("the owner is told to wait %ds", wait)
	}
	ps.site.Clock.Advance(time.Duration(wait) * time.Second)
	if res := apiSignIn(t, ps.base, "pct1.bth@test.vn", webtest.Password, nil); res.StatusCode != http.StatusOK {
		t.Fatalf("the owner after the delay: %d", res.StatusCode)
	}
	// A success forgets the account's failures: the next wrong password
	// is checked again rather than delayed.
	if res := apiSignIn(t, ps.base, "pct1.bth@test.vn", "lai-sai", nil); res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("a wrong password after the owner's success: %d", res.StatusCode)
	}
}

func TestSigninDelaysGrowAndEnd(t *testing.T) {
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	l := newSigninLimiter(time.Second, 5*time.Minute, func() time.Time { return now })
	k := limitKey{"account:a", 3}
	for i := range 3 {
		if w := l.begin(k); w != 0 {
			t.Fatalf("free attempt %d waits %v", i+1, w)
		}
		l.end(failed, []limitKey{k})
	}
	var waits []time.Duration
	for range 12 {
		w := l.begin(k)
		if w == 0 {
			t.Fatal("an attempt went ahead before its delay")
		}
		waits = append(waits, w)
		now = now.Add(w)
		if w := l.begin(k); w != 0 {
			t.Fatal("an attempt waited after its delay")
		}
		l.end(failed, []limitKey{k})
	}
	want := []time.Duration{1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300, 300}
	for i, w := range want {
		if waits[i] != w*time.Second {
			t.Fatalf("delays %v, want %v seconds", waits, want)
		}
	}
	// An attempt turned away unchecked (the hashing gate was full) gives
	// its count back but forgets nothing; only a success forgets.
	now = now.Add(5 * time.Minute)
	if w := l.begin(k); w != 0 {
		t.Fatal("an attempt waited after its delay")
	}
	l.end(unchecked, []limitKey{k}, k.name)
	if w := l.begin(k); w != 5*time.Minute {
		t.Fatalf("an unchecked attempt forgot the failures: wait %v", w)
	}
	now = now.Add(time.Hour)
	if w := l.begin(k); w != 0 {
		t.Fatalf("a quiet hour does not forget: %v", w)
	}
	l.end(succeeded, []limitKey{k}, k.name)
	for range 3 {
		if w := l.begin(k); w != 0 {
			t.Fatal("a success did not forget the failures")
		}
		l.end(failed, []limitKey{k})
	}
}

func TestClientAddressOnlyFromTrustedProxies(t *testing.T) {
	s := &Server{opts: Options{TrustedProxies: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("::1/128")}}}
	for _, c := range []struct {
		remote, xff, want string
	}{
		{"203.0.113.7:5000", "", "203.0.113.7"},
		{"203.0.113.7:5000", "198.51.100.1", "203.0.113.7"}, // not a proxy: header ignored
		{"10.0.0.2:5000", "198.51.100.1", "198.51.100.1"},
		{"10.0.0.2:5000", "1.2.3.4, 198.51.100.1", "198.51.100.1"},        // the left is the client's to write
		{"10.0.0.2:5000", "198.51.100.1, 10.0.0.9", "198.51.100.1"},       // through two proxies
		{"10.0.0.2:5000", "10.0.0.8, 10.0.0.9", "10.0.0.8"},               // only proxies: the farthest
		{"10.0.0.2:5000", "garbage, 198.51.100.1", "198.51.100.1"},        // read from the right, stop at the client
		{"10.0.0.2:5000", "198.51.100.1, garbage", "10.0.0.2"},            // a garbled hop: the proxy itself
		{"10.0.0.2:5000", "", "10.0.0.2"},                                 // a proxy's own request
		{"[::1]:5000", "2001:db8::5", "2001:db8::5"},                      // IPv6
		{"[::ffff:10.0.0.2]:5000", "::ffff:198.51.100.1", "198.51.100.1"}, // mapped forms
		{"203.0.113.7:5000", "10.0.0.2, 198.51.100.1", "203.0.113.7"},     // a client pretending to be behind a proxy
	} {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = c.remote
		if c.xff != "" {
			r.Header.Set("X-Forwarded-For", c.xff)
		}
		if got := s.clientAddr(r); got != c.want {
			t.Errorf("from %s with X-Forwarded-For %q: %s, want %s", c.remote, c.xff, got, c.want)
		}
	}
}

// TestForwardedAddressesAreCountedApart signs in through a trusted
// proxy: guesses from one office's address do not slow another's, while
// without the trust the same header changes nothing.
func TestForwardedAddressesAreCountedApart(t *testing.T) {
	ps := newPageSite(t, Options{TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}})
	from := func(addr string) http.Header { return http.Header{"X-Forwarded-For": {addr}} }
	for i := range accountFreeAttempts {
		apiSignIn(t, ps.base, fmt.Sprintf("khong-co-%d@test.vn", i), "x", from("198.51.100.1"))
	}
	// The account limit is per account, the address limit per address:
	// a fresh account from a fresh forwarded address is checked.
	if res := apiSignIn(t, ps.base, "chutich.bth@test.vn", webtest.Password, from("198.51.100.2")); res.StatusCode != http.StatusOK {
		t.Fatalf("a sign-in from another forwarded address: %d", res.StatusCode)
	}
	for _, c := range []struct {
		opts  Options
		proto string
		want  bool
	}{
		{Options{}, "", false},
		{Options{}, "https", false}, // an untrusted peer's header is ignored
		{Options{TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}}, "https", true},
		{Options{TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}}, "http", false},
		{Options{PublicURL: "https://damlam.example.gov.vn"}, "", true},
	} {
		site := newPageSite(t, c.opts)
		req, _ := http.NewRequest("POST", site.base+"/login", strings.NewReader(url.Values{"email": {"canbo.bth@test.vn"}, "password": {webtest.Password}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		if c.proto != "" {
			req.Header.Set("X-Forwarded-Proto", c.proto)
		}
		res, err := site.client("").Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		var secure, found bool
		for _, ck := range res.Cookies() {
			if ck.Name == sessionCookie {
				found, secure = true, ck.Secure
			}
		}
		if !found || secure != c.want {
			t.Errorf("%+v, X-Forwarded-Proto %q: session cookie found %v, Secure %v, want Secure %v", c.opts, c.proto, found, secure, c.want)
		}
	}
}

// TestSignInMemoryStaysBounded sends 200 sign-ins at once from 200
// forwarded addresses, each for another account (the probe that drove a
// server to 2.35 GiB), and reads this process's resident memory while
// they run. The Go heap's soft limit is the one damlam serve sets
// (serveHeapLimit in cmd/damlam/serve.go): the server as deployed.
func TestSignInMemoryStaysBounded(t *testing.T) {
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(200 << 20))
	ps := newPageSite(t, Options{TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}})
	before := residentMB(t)
	var peak atomic.Int64
	stop := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		for {
			if mb := residentMB(t); mb > peak.Load() {
				peak.Store(mb)
			}
			select {
			case <-stop:
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	}()
	var codes sync.Map
	var wg sync.WaitGroup
	start := time.Now()
	for i := range 200 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			email, pass := fmt.Sprintf("nguoi-%d@test.vn", i), "sai"
			if i%20 == 0 {
				email, pass = "canbo.bth@test.vn", webtest.Password
			}
			res := apiSignIn(t, ps.base, email, pass, http.Header{"X-Forwarded-For": {fmt.Sprintf("198.51.%d.%d", i/250, i%250+1)}})
			n, _ := codes.LoadOrStore(res.StatusCode, new(atomic.Int64))
			n.(*atomic.Int64).Add(1)
			if res.StatusCode == http.StatusTooManyRequests && res.Header.Get("Retry-After") == "" {
				t.Error("a 429 without Retry-After")
			}
		}()
	}
	wg.Wait()
	close(stop)
	<-sampled
	counts := map[int]int64{}
	codes.Range(func(k, v any) bool { counts[k.(int)] = v.(*atomic.Int64).Load(); return true })
	t.Logf("200 concurrent sign-ins in %v: statuses %v; resident %d MB before, peak %d MB", time.Since(start).Round(time.Millisecond), counts, before, peak.Load())
	if counts[http.StatusTooManyRequests] == 0 {
		t.Error("no sign-in was turned away: the gate admitted all 200")
	}
	if counts[http.StatusUnauthorized] == 0 {
		t.Error("no password was checked")
	}
	switch {
	case raceDetector:
		// The race detector's shadow memory makes the process's size its
		// own; what the sign-ins added is still bounded.
		if grew := peak.Load() - before; grew >= 400 {
			t.Errorf("resident memory grew by %d MB under the sign-ins, want < 400", grew)
		}
	case peak.Load() >= 400:
		t.Errorf("resident memory peaked at %d MB, want < 400", peak.Load())
	}
}

// residentMB is this process's resident set, from /proc/self/status.
func residentMB(t *testing.T) int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		t.Skip("no /proc: resident memory cannot be read here")
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb >> 10
		}
	}
	t.Fatal("VmRSS not found")
	return 0
}
