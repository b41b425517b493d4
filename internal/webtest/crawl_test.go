package webtest_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"testing"
	"time"

	"damlam/internal/server"
	"damlam/internal/sqlstore"
	"damlam/internal/webtest"

	"golang.org/x/net/html"
)

// crawlRoles are the demo's people, one for each role and kind of seat:
// the city's leaders and oversight bodies, the alley-road ward's head,
// deputy, staff member and Party committee, and another ward's.
var crawlRoles = []string{
	"admin", "chutich.hcm", "phochutich.hcm", "thanhuy.hcm", "kiemtra.hcm", "thiduakt.hcm", "kyluat.hcm",
	"chutich.bth", "pct1.bth", "canbo.bth", "danguy.bth",
	"chutich.HCM-GD", "pct1.HCM-GD", "canbo.HCM-GD", "danguy.HCM-GD",
}

// maxCrawl bounds the pages one reader's crawl opens.
const maxCrawl = 400

// TestEveryRoleCrawl signs in as each demo role and follows the links the
// pages offer, breadth first from the inbox, up to maxCrawl pages each: a
// link a page offers its reader must open for that reader (no 4xx).
func TestEveryRoleCrawl(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the whole demo deployment")
	}
	site := webtest.NewDemoSite(t)
	h := server.New(site.Store, server.Options{Demo: true, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	base := webtest.Serve(t, h)
	client := &http.Client{Timeout: 30 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	total := 0
	for _, who := range crawlRoles {
		token, err := site.Store.IssueToken(context.Background(), who, sqlstore.TokenSession, time.Hour)
		if err != nil {
			t.Fatalf("%s: %v", who, err)
		}
		seen := map[string]string{"/inbox": "(start)"}
		queue := []string{"/inbox", "/models", "/search", "/dashboard"}
		for _, q := range queue[1:] {
			seen[q] = "(start)"
		}
		var broken []string
		opened := 0
		for len(queue) > 0 && opened < maxCrawl {
			path := queue[0]
			queue = queue[1:]
			req, _ := http.NewRequest(http.MethodGet, base+path, nil)
			req.AddCookie(&http.Cookie{Name: "damlam_session", Value: token})
			res, err := client.Do(req)
			if err != nil {
				t.Fatalf("%s: GET %s: %v", who, path, err)
			}
			opened++
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode >= 400 && res.StatusCode < 500 {
				if seen[path] != "(start)" || res.StatusCode != http.StatusForbidden {
					broken = append(broken, res.Status+" "+path+" (linked from "+seen[path]+")")
				}
				continue
			}
			if !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
				continue
			}
			for _, link := range pageLinks(string(body)) {
				next, ok := sameSite(path, link)
				if !ok {
					continue
				}
				if _, dup := seen[next]; !dup {
					seen[next] = path
					queue = append(queue, next)
				}
			}
		}
		total += opened
		sort.Strings(broken)
		for _, b := range broken {
			t.Errorf("%s: %s", who, b)
		}
		t.Logf("%s: %d pages opened, %d links found, %d broken", who, opened, len(seen), len(broken))
	}
	t.Logf("%d pages opened for %d readers", total, len(crawlRoles))
}

// pageLinks lists the href of every link in a page.
func pageLinks(doc string) []string {
	root, err := html.Parse(strings.NewReader(doc))
	if err != nil {
		return nil
	}
	var out []string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "a" {
			for _, a := range n.Attr {
				if a.Key == "href" {
					out = append(out, a.Val)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	return out
}

// sameSite resolves a link found on page from against the site and says
// whether to follow it: the site's own pages, without the language switch
// (every page has one), the static files or signing out.
func sameSite(from, link string) (string, bool) {
	u, err := url.Parse(link)
	if err != nil || (u.Scheme != "" && u.Host != "") || u.Scheme != "" {
		return "", false
	}
	page, err := url.Parse(from)
	if err != nil {
		return "", false
	}
	abs := page.ResolveReference(u)
	if abs.Path == "" || strings.HasPrefix(abs.Path, "/static/") || abs.Path == "/logout" {
		return "", false
	}
	q := abs.Query()
	q.Del("lang")
	abs.RawQuery, abs.Fragment = q.Encode(), ""
	return abs.String(), true
}
