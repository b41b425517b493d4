package server

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/zitadel/oidc/v3/example/server/exampleop"
	"github.com/zitadel/oidc/v3/example/server/storage"
	"golang.org/x/oauth2"

	"damlam/internal/testdb"
)

// provider is a real OpenID Connect provider in this process (zitadel's
// op package with its example storage and login form), with damlam and
// a second application registered as clients.
type provider struct {
	issuer string
}

func startProvider(t *testing.T, redirect string) *provider {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	issuer := "http://" + ln.Addr().String()
	storage.RegisterClients(
		storage.WebClient("damlam", "bi-mat-damlam", redirect),
		storage.WebClient("ung-dung-khac", "bi-mat-khac", redirect),
	)
	store := storage.NewStorage(storage.NewUserStore(issuer))
	router := exampleop.SetupServer(issuer, store, slog.New(slog.NewTextHandler(io.Discard, nil)), false)
	srv := httptest.NewUnstartedServer(router)
	srv.Listener.Close()
	srv.Listener = ln
	srv.Start()
	t.Cleanup(srv.Close)
	return &provider{issuer: issuer}
}

// signInAtProvider follows a browser's way from damlam's sign-in link
// through the provider's login form and back, and returns the last
// response.
func signInAtProvider(t *testing.T, c *http.Client, start, user, password string) *http.Response {
	t.Helper()
	res, err := c.Get(start)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	// The provider's login form carries the request's id.
	id := res.Request.URL.Query().Get("authRequestID")
	if id == "" {
		t.Fatalf("no provider login form at %s:\n%s", res.Request.URL, body)
	}
	form := url.Values{"username": {user}, "password": {password}, "id": {id}}
	u := *res.Request.URL
	u.RawQuery = ""
	res, err = c.PostForm(u.String(), form)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func browserClient() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, Timeout: 30 * time.Second}
}

func TestOIDCSignIn(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { oidcSignIn(t, "") })
	t.Run("postgres", func(t *testing.T) { oidcSignIn(t, testdb.Postgres(t)) })
}

func oidcSignIn(t *testing.T, target string) {
	// damlam's address must be known before the provider registers it.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	op := startProvider(t, base+"/login/oidc/callback")
	ps := newPageSiteOnListener(t, Options{OIDC: &OIDC{Issuer: op.issuer, ClientID: "damlam", ClientSecret: "bi-mat-damlam"}, NoPasswords: true}, target, ln)
	ctx := context.Background()
	user := "test-user@127.0.0.1"

	// Not linked yet: refused, with the subject to give the administrator.
	res := signInAtProvider(t, browserClient(), base+"/login/oidc?next=/search", user, "verysecure")
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden || !strings.Contains(string(b), "(id1)") {
		t.Fatalf("an unlinked account: %d\n%s", res.StatusCode, b)
	}

	// An administrator links the account (the provider's subject id1) to
	// canbo.bth; a colleague may not.
	admin, colleague := ps.token("admin"), ps.token("pct1.bth")
	if st := call(t, ps.base, colleague, "PUT", "/api/v1/people/canbo.bth/identity", IdentityLink{Subject: "id1"}, nil); st != http.StatusForbidden {
		t.Fatalf("a colleague links an identity: %d", st)
	}
	if st := call(t, ps.base, admin, "PUT", "/api/v1/people/canbo.bth/identity", IdentityLink{Subject: "id1"}, nil); st != http.StatusOK {
		t.Fatalf("link: %d", st)
	}
	if st := call(t, ps.base, admin, "PUT", "/api/v1/people/pct2.bth/identity", IdentityLink{Subject: "id1"}, nil); st != http.StatusUnprocessableEntity {
		t.Fatalf("linking a subject twice: %d", st)
	}

	// Signed in, brought back to where they were going.
	c := browserClient()
	res = signInAtProvider(t, c, base+"/login/oidc?next=/search", user, "verysecure")
	b, _ = io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || res.Request.URL.Path != "/search" || !strings.Contains(string(b), "Trương Ngọc Ánh") {
		t.Fatalf("sign-in through the provider: %d at %s\n%s", res.StatusCode, res.Request.URL, b)
	}
	req, _ := http.NewRequest("GET", base+"/api/v1/me", nil)
	res, err = c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("the session from the provider on the API: %d", res.StatusCode)
	}

	// Passwords are off on this server.
	if st := call(t, ps.base, "", "POST", "/api/v1/login", LoginRequest{Email: "canbo.bth@test.vn", Password: "mat-khau-thu-nghiem"}, nil); st != http.StatusForbidden {
		t.Fatalf("a password sign-in with passwords off: %d", st)
	}
	if body := ps.mustGet(ps.client(""), "/login"); strings.Contains(body, `name="password"`) || !strings.Contains(body, `href="/login/oidc"`) {
		t.Fatal("the sign-in page offers a password, or not the provider")
	}

	// A wrong state: the browser's sign-in was not this one.
	c = browserClient()
	c.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if req.URL.Path == "/login/oidc/callback" {
			q := req.URL.Query()
			q.Set("state", "gia-mao")
			req.URL.RawQuery = q.Encode()
		}
		return nil
	}
	res = signInAtProvider(t, c, base+"/login/oidc", user, "verysecure")
	res.Body.Close()
	if res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("a wrong state: %d at %s", res.StatusCode, res.Request.URL)
	}
	// A callback with no sign-in under way.
	res, err = browserClient().Get(base + "/login/oidc/callback?code=x&state=y")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("a callback out of nowhere: %d", res.StatusCode)
	}

	// A real ID token for another application (wrong audience), and one
	// for damlam with another nonce, are refused by damlam's check.
	rp := &relyingParty{cfg: *ps.opts.OIDC}
	p, err := rp.get(ctx)
	if err != nil {
		t.Fatal(err)
	}
	other := idTokenFor(t, op, base, "ung-dung-khac", "bi-mat-khac", "nonce-1", user)
	if _, err := rp.verify(ctx, p, other, "nonce-1"); err == nil || !strings.Contains(err.Error(), "audience") {
		t.Fatalf("an ID token for another client: %v", err)
	}
	ours := idTokenFor(t, op, base, "damlam", "bi-mat-damlam", "nonce-2", user)
	if _, err := rp.verify(ctx, p, ours, "nonce-2"); err != nil {
		t.Fatalf("damlam's own ID token: %v", err)
	}
	if _, err := rp.verify(ctx, p, ours, "nonce-3"); err == nil || !strings.Contains(err.Error(), "nonce") {
		t.Fatalf("an ID token with another nonce: %v", err)
	}
}

// idTokenFor gets a real ID token from the provider for clientID, acting
// as that client with the given nonce.
func idTokenFor(t *testing.T, op *provider, base, clientID, secret, nonce, user string) string {
	t.Helper()
	cfg := &oauth2.Config{ClientID: clientID, ClientSecret: secret, RedirectURL: base + "/login/oidc/callback",
		Endpoint: oauth2.Endpoint{AuthURL: op.issuer + "/auth", TokenURL: op.issuer + "/oauth/token"}, Scopes: []string{"openid", "email"}}
	c := browserClient()
	var code string
	c.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if strings.HasPrefix(req.URL.String(), base) {
			code = req.URL.Query().Get("code")
			return http.ErrUseLastResponse
		}
		return nil
	}
	res := signInAtProvider(t, c, cfg.AuthCodeURL("s", oauth2.SetAuthURLParam("nonce", nonce)), user, "verysecure")
	res.Body.Close()
	if code == "" {
		t.Fatalf("no code for %s", clientID)
	}
	tok, err := cfg.Exchange(context.Background(), code)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := tok.Extra("id_token").(string)
	return raw
}
