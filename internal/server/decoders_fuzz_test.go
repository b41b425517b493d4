package server

import (
	"encoding/base64"
	"encoding/json"
	"net/http/httptest"
	"net/netip"
	"testing"
)

// FuzzClientAddr: whatever a trusted proxy forwards, the address counted
// is an address, and from an untrusted peer always the peer's.
func FuzzClientAddr(f *testing.F) {
	for _, s := range []string{"198.51.100.1", "1.2.3.4, 10.0.0.9", "garbage, ::1", "", ",,,", "::ffff:1.2.3.4"} {
		f.Add(s, true)
	}
	s := &Server{opts: Options{TrustedProxies: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}}}
	f.Fuzz(func(t *testing.T, xff string, trusted bool) {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = "203.0.113.7:1"
		if trusted {
			r.RemoteAddr = "10.0.0.2:1"
		}
		r.Header.Set("X-Forwarded-For", xff)
		got := s.clientAddr(r)
		ip, err := netip.ParseAddr(got)
		if err != nil {
			t.Fatalf("X-Forwarded-For %q gave %q, not an address", xff, got)
		}
		if !trusted && got != "203.0.113.7" {
			t.Fatalf("an untrusted peer counted as %s", got)
		}
		if trusted && ip.Is4In6() {
			t.Fatalf("a mapped address %s is counted apart from its IPv4 form", got)
		}
	})
}

// FuzzReadFlow: the sign-in cookie and the provider's answer are read
// without panicking, and a flow is accepted only when the answer's state
// is the cookie's.
func FuzzReadFlow(f *testing.F) {
	good, _ := json.Marshal(oidcFlow{State: "s1", Nonce: "n", Verifier: "v", Next: "/inbox"})
	f.Add(base64.RawURLEncoding.EncodeToString(good), "s1")
	f.Add("", "")
	f.Add("e30", "")
	f.Add("!!", "s1")
	s := &Server{}
	f.Fuzz(func(t *testing.T, cookie, state string) {
		r := httptest.NewRequest("GET", "/login/oidc/callback", nil)
		q := r.URL.Query()
		q.Set("state", state)
		r.URL.RawQuery = q.Encode()
		r.Header.Set("Cookie", oidcCookie+"="+cookie)
		fl, err := s.readFlow(r)
		if err == nil && (fl.State == "" || fl.State != state) {
			t.Fatalf("accepted a flow whose state %q is not the answer's %q", fl.State, state)
		}
	})
}
