package server

import (
	"net/http"
	"net/url"
	"testing"
)

func TestNextAcceptsOnlySameOriginPaths(t *testing.T) {
	hostile := []string{
		"//evil.example",
		"//evil.example/inbox",
		"///evil.example",
		"/\\evil.example",
		"/\\/evil.example",
		"\\\\evil.example",
		"/%09/evil.example",
		"/\t/evil.example",
		"/%0a/evil.example",
		"/%0d%0a/evil.example",
		"/\n/evil.example",
		"/%2f/evil.example",
		"/%2F%2Fevil.example",
		"/%5cevil.example",
		"/%5C/evil.example",
		"/%252f/evil.example", // decoded twice
		"/%255c/evil.example",
		"https:evil.example",
		"https://evil.example",
		"http:/evil.example",
		"javascript:alert(1)",
		"JavaScript:alert(1)",
		"data:text/html,<script>alert(1)</script>",
		"evil.example",
		" /inbox",
		"\x00/inbox",
		"/inbox\x00",
		"/inbox\x7f",
		"/%00",
		"/\u202e/lmth.live",    // a right-to-left override
		"/\u200b/evil.example", // a zero-width space
		"/\u3000/x",            // an ideographic space
		"/／evil.example",       // a full-width slash
		"/％2f/evil.example",
		"/\xff/x", // not UTF-8
		"/%zz",
		"",
	}
	for _, p := range hostile {
		if sameOriginPath(p) {
			t.Errorf("next=%q accepted", p)
		}
		if got := localPath(p, "/inbox"); got != "/inbox" {
			t.Errorf("localPath(%q) = %q", p, got)
		}
	}
	for _, p := range []string{
		"/inbox",
		"/proposals/DX-2026-0001",
		"/search?q=%C4%91%C6%B0%E1%BB%9Dng+h%E1%BA%BBm",
		"/search?q=đường hẻm",
		"/proposals?unit=HCM-BTH&state=submitted",
		"/inbox#due",
		"/calendar/2026",
	} {
		if !sameOriginPath(p) {
			t.Errorf("next=%q refused", p)
		}
	}
}

func FuzzSameOriginPath(f *testing.F) {
	for _, s := range []string{"/inbox", "//x", "/%09/x", "/\\x", "https:x", "/a?b=c#d"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, p string) {
		if !sameOriginPath(p) {
			return
		}
		// Whatever is accepted, resolved against our origin as a browser
		// resolves a Location, stays on our origin.
		base, _ := url.Parse("https://damlam.example.gov.vn/login")
		u, err := base.Parse(p)
		if err != nil || u.Host != base.Host || u.Scheme != base.Scheme {
			t.Fatalf("%q accepted but leads to %v (%v)", p, u, err)
		}
	})
}

// TestSignedInNextStaysHere is the probe: a signed-in reader following a
// crafted sign-in link is sent to the inbox, not elsewhere.
func TestSignedInNextStaysHere(t *testing.T) {
	ps := newPageSite(t, Options{})
	c := ps.client("canbo.bth")
	for _, next := range []string{"/%09/evil.example", "//evil.example", "/\\evil.example", "https:evil.example", "/search"} {
		p := ps.get(c, "/login?next="+url.QueryEscape(next))
		want := "/inbox"
		if next == "/search" {
			want = "/search"
		}
		if p.status != http.StatusSeeOther || p.header.Get("Location") != want {
			t.Errorf("next=%q: %d to %q, want %q", next, p.status, p.header.Get("Location"), want)
		}
	}
}
