package server

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
	"time"

	"damlam/internal/i18n"
	"damlam/internal/sqlstore"
	"damlam/internal/webtest"
)

// pageSite is a server over a fixture deployment, reached over loopback
// like a browser would, with a session per person.
type pageSite struct {
	t    *testing.T
	site *webtest.Site
	base string
	opts Options
}

func newPageSite(t *testing.T, opts Options) *pageSite {
	t.Helper()
	return newPageSiteOn(t, opts, "")
}

// newPageSiteOn is newPageSite on the database target ("" for SQLite).
func newPageSiteOn(t *testing.T, opts Options, target string) *pageSite {
	t.Helper()
	site := webtest.NewSiteOn(t, target)
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return &pageSite{t: t, site: site, base: webtest.Serve(t, New(site.Store, opts)), opts: opts}
}

// client is a browser-like client signed in as person id ("" for nobody).
// Sessions are issued directly: the sign-in page has its own test, and
// hashing a password per request would only slow the suite.
func (ps *pageSite) client(id string) *http.Client {
	ps.t.Helper()
	jar, _ := cookiejar.New(nil)
	if id != "" {
		token, err := ps.site.Store.IssueToken(context.Background(), id, sqlstore.TokenSession, time.Hour)
		if err != nil {
			ps.t.Fatal(err)
		}
		u, _ := url.Parse(ps.base)
		jar.SetCookies(u, []*http.Cookie{{Name: sessionCookie, Value: token, Path: "/"}})
	}
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// page is a response as the tests read it.
type page struct {
	status int
	body   string
	header http.Header
}

func (ps *pageSite) get(c *http.Client, path string) page {
	ps.t.Helper()
	res, err := c.Get(ps.base + path)
	if err != nil {
		ps.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return page{res.StatusCode, string(b), res.Header}
}

// post sends a form as a same-origin browser would.
func (ps *pageSite) post(c *http.Client, path string, form url.Values) page {
	ps.t.Helper()
	req, _ := http.NewRequest("POST", ps.base+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", ps.base)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	res, err := c.Do(req)
	if err != nil {
		ps.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return page{res.StatusCode, string(b), res.Header}
}

// mustGet expects a 200 and valid HTML.
func (ps *pageSite) mustGet(c *http.Client, path string) string {
	ps.t.Helper()
	p := ps.get(c, path)
	if p.status != http.StatusOK {
		ps.t.Fatalf("GET %s: %d\n%s", path, p.status, p.body)
	}
	for _, prob := range webtest.CheckHTML(p.body) {
		ps.t.Errorf("GET %s: html: %s", path, prob)
	}
	return p.body
}

// logSize is the number of leaves in the log.
func (ps *pageSite) logSize() int64 {
	ps.t.Helper()
	n, err := ps.site.Store.Log().Size(context.Background())
	if err != nil {
		ps.t.Fatal(err)
	}
	return n
}

var checkHTML = webtest.CheckHTML

func foldedWords(q string) []string { return i18n.FoldedWords(q) }
