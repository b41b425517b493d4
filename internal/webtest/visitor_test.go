package webtest_test

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"damlam/internal/server"
	"damlam/internal/sqlstore"
	"damlam/internal/webtest"
)

// visitor is one person at the browser, signing in and out of the site.
type visitor struct {
	t    *testing.T
	b    *webtest.Browser
	base string
	site *webtest.Site
	// shots lists the screenshots taken, for the log.
	shots    []string
	signedIn bool
}

func newVisitor(t *testing.T) *visitor {
	site := webtest.NewSite(t)
	h := server.New(site.Store, server.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	return &visitor{t: t, b: webtest.Start(t), base: webtest.Serve(t, h), site: site}
}

// check runs axe and the HTML validator on the page the browser shows,
// and saves a screenshot when the page is one of the main pages.
func (v *visitor) check(shot string) {
	v.t.Helper()
	for _, a := range webtest.Serious(v.b.Axe()) {
		v.t.Errorf("%s: accessibility: %s", v.b.URL(), a)
	}
	for _, p := range webtest.CheckHTML(v.b.HTML()) {
		v.t.Errorf("%s: html: %s", v.b.URL(), p)
	}
	if shot != "" {
		v.shots = append(v.shots, v.b.Screenshot(shot))
	}
}

func (v *visitor) go_(path, shot string) {
	v.t.Helper()
	v.b.Go(v.base + path)
	v.check(shot)
}

// signIn signs id in: through the sign-in form the first time, then with
// a session issued by the store (checking a password is slow on purpose,
// and the form has been shown to work).
func (v *visitor) signIn(id string) {
	v.t.Helper()
	if v.signedIn {
		token, err := v.site.Store.IssueToken(context.Background(), id, sqlstore.TokenSession, time.Hour)
		if err != nil {
			v.t.Fatal(err)
		}
		v.b.SetCookie(v.base, "damlam_session", token)
		v.b.Go(v.base + "/inbox")
		if !strings.Contains(v.b.Text(".who"), v.site.Person(v.t, id).Name) {
			v.t.Fatalf("%s did not get signed in", id)
		}
		return
	}
	v.signedIn = true
	v.b.Go(v.base + "/login")
	v.b.Fill("#f-email", id+"@test.vn")
	v.b.Fill("#f-password", webtest.Password)
	v.b.Submit("form[action='/login'] button[type=submit]")
	if !strings.Contains(v.b.Text("header.site"), "Đăng xuất") {
		v.t.Fatalf("%s did not get signed in: %s", id, v.b.Text("main"))
	}
}

func (v *visitor) signOut() {
	v.t.Helper()
	v.b.Submit(".signout button")
}

// act opens the form of action on the current page, lets fill complete
// it, sends it, and expects the notice that it was recorded in the log.
func (v *visitor) act(action string, fill func(f func(name, value string))) {
	v.t.Helper()
	sel := "#act-" + action
	if !v.b.Exists(sel) {
		v.t.Fatalf("no %s form on %s", action, v.b.URL())
	}
	v.b.Click(sel + " > summary")
	if fill != nil {
		fill(func(name, value string) { v.b.Fill("#a-"+action+"-"+idOf(name), value) })
	}
	v.b.Submit(sel + " button[type=submit]")
	if n := v.b.Text(".notice"); !strings.Contains(n, "Đã ghi nhận") {
		v.t.Fatalf("%s was not recorded: %q\n%s", action, n, v.b.Text("main"))
	}
}

// idOf is the id the pages give a form name ("money_vnd" → "money-vnd").
func idOf(name string) string {
	return strings.Trim(strings.NewReplacer("_", "-", ".", "-", "[", "-", "]", "", "--", "-").Replace(name), "-")
}

func (v *visitor) expectNoAction(action string) {
	v.t.Helper()
	if v.b.Exists("#act-" + action) {
		v.t.Errorf("%s sees the %s button on %s", v.b.Text(".who"), action, v.b.URL())
	}
}

func (v *visitor) days(n int) { v.site.Clock.Advance(time.Duration(n) * 24 * time.Hour) }

// waitDownload waits for a finished download in dir and returns its path.
func waitDownload(t *testing.T, dir string) string {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if strings.HasSuffix(e.Name(), ".crdownload") {
				continue
			}
			if info, err := e.Info(); err == nil && info.Size() > 0 {
				return filepath.Join(dir, e.Name())
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatal("no download arrived")
	return ""
}
