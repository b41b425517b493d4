package webtest_test

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/zitadel/oidc/v3/example/server/exampleop"
	"github.com/zitadel/oidc/v3/example/server/storage"

	"damlam/internal/server"
	"damlam/internal/webtest"
)

// serveOn serves h on ln until the test ends.
func serveOn(t *testing.T, ln net.Listener, h http.Handler) string {
	srv := httptest.NewUnstartedServer(h)
	srv.Listener.Close()
	srv.Listener = ln
	srv.Start()
	t.Cleanup(srv.Close)
	return srv.URL
}

// TestSignInThroughTheProvider signs in in Chromium through a real
// OpenID Connect provider (zitadel's op package, in this process): the
// sign-in page offers the province's identity service, the provider's
// form takes the password, and the browser comes back signed in.
func TestSignInThroughTheProvider(t *testing.T) {
	b := webtest.Start(t)
	site := webtest.NewSite(t)
	dl, _ := net.Listen("tcp", "127.0.0.1:0")
	ol, _ := net.Listen("tcp", "127.0.0.1:0")
	base, issuer := "http://"+dl.Addr().String(), "http://"+ol.Addr().String()
	storage.RegisterClients(storage.WebClient("damlam", "bi-mat-damlam", base+"/login/oidc/callback"))
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	serveOn(t, ol, exampleop.SetupServer(issuer, storage.NewStorage(storage.NewUserStore(issuer)), quiet, false))
	h := server.New(site.Store, server.Options{Logger: quiet, NoPasswords: true,
		OIDC: &server.OIDC{Issuer: issuer, ClientID: "damlam", ClientSecret: "bi-mat-damlam"}})
	serveOn(t, dl, h)
	if err := site.Store.LinkIdentity(context.Background(), nil, "", issuer, "id1", "chutich.bth"); err != nil {
		t.Fatal(err)
	}

	b.Go(base + "/search")
	if !b.Exists("#sso") || b.Exists("#f-password") {
		t.Fatal("the sign-in page does not offer the provider alone")
	}
	for _, a := range webtest.Serious(b.Axe()) {
		t.Errorf("sign-in page: accessibility: %s", a)
	}
	b.Click("#sso")
	// The provider's own form (it has no <main>, which Submit waits for).
	b.Do(chromedp.WaitVisible(chromedp.CSS("#username")))
	b.Fill("#username", "test-user@127.0.0.1")
	b.Fill("#password", "verysecure")
	b.Submit("form button[type=submit]")
	if !strings.HasPrefix(b.URL(), base+"/search") || !strings.Contains(b.Text(".who"), "Huỳnh Thị Lan") {
		t.Fatalf("not back and signed in: %s\n%s", b.URL(), b.Text("main"))
	}
	b.Go(base + "/account")
	if !strings.Contains(b.Text("main"), "phiên này") {
		t.Fatalf("the account page does not show this session:\n%s", b.Text("main"))
	}
	for _, a := range webtest.Serious(b.Axe()) {
		t.Errorf("account page: accessibility: %s", a)
	}
	for _, p := range webtest.CheckHTML(b.HTML()) {
		t.Errorf("account page: html: %s", p)
	}
}
