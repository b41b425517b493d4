package server

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"damlam/internal/sqlstore"
	"damlam/internal/testdb"
)

// call makes an API request with a bearer token and decodes the answer.
func call(t *testing.T, base, token, method, path string, in, out any) int {
	t.Helper()
	var body io.Reader
	if in != nil {
		b, _ := json.Marshal(in)
		body = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, base+path, body)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if out != nil && res.StatusCode < 300 {
		if err := json.Unmarshal(b, out); err != nil {
			t.Fatalf("%s %s: %v\n%s", method, path, err, b)
		}
	}
	return res.StatusCode
}

func TestSessionsAndTokens(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { sessionsAndTokens(t, newPageSite(t, Options{})) })
	t.Run("postgres", func(t *testing.T) { sessionsAndTokens(t, newPageSiteOn(t, Options{}, testdb.Postgres(t))) })
}

func sessionsAndTokens(t *testing.T, ps *pageSite) {
	ctx := context.Background()
	var login LoginResponse
	if st := call(t, ps.base, "", "POST", "/api/v1/login", LoginRequest{Email: "canbo.bth@test.vn", Password: "mat-khau-thu-nghiem"}, &login); st != http.StatusOK {
		t.Fatalf("sign-in: %d", st)
	}
	full := login.Token

	// A named read-only token: it reads, it does not write.
	var read TokenResponse
	if st := call(t, ps.base, full, "POST", "/api/v1/tokens", TokenRequest{Name: "Báo cáo tháng", Scope: "read", ExpiresInDays: 7}, &read); st != http.StatusCreated {
		t.Fatalf("issue a token: %d", st)
	}
	if !read.ExpiresAt.Equal(ps.site.Clock.Now().Add(7*24*time.Hour)) || read.Scope != "read" || read.Name != "Báo cáo tháng" {
		t.Errorf("the token as issued: %+v", read.Credential)
	}
	if st := call(t, ps.base, read.Token, "GET", "/api/v1/me", nil, nil); st != http.StatusOK {
		t.Fatalf("a read token reading: %d", st)
	}
	if st := call(t, ps.base, read.Token, "POST", "/api/v1/proposals", CreateProposalRequest{}, nil); st != http.StatusForbidden {
		t.Fatalf("a read token writing: %d", st)
	}
	if st := call(t, ps.base, read.Token, "POST", "/api/v1/tokens", TokenRequest{Name: "x"}, nil); st != http.StatusForbidden {
		t.Fatalf("a read token issuing a full one: %d", st)
	}
	for _, bad := range []TokenRequest{{}, {Name: "x", Scope: "admin"}, {Name: "x", ExpiresInDays: 400}, {Name: "x", ExpiresInDays: -1}, {Name: strings.Repeat("á", 101)}} {
		if st := call(t, ps.base, full, "POST", "/api/v1/tokens", bad, nil); st != http.StatusUnprocessableEntity {
			t.Errorf("token request %+v: %d", bad, st)
		}
	}
	// A control character is refused before any rule reads the text.
	if st := call(t, ps.base, full, "POST", "/api/v1/tokens", TokenRequest{Name: "a\x00b"}, nil); st != http.StatusBadRequest {
		t.Errorf("a token name with a NUL: %d", st)
	}

	// The list names both, marks the one asked with, and holds no secret.
	var list []sqlstore.Credential
	call(t, ps.base, full, "GET", "/api/v1/tokens", nil, &list)
	if len(list) != 2 {
		t.Fatalf("the list: %+v", list)
	}
	raw, _ := json.Marshal(list)
	if bytes.Contains(raw, []byte(full)) || bytes.Contains(raw, []byte(read.Token)) {
		t.Fatal("the list shows a secret")
	}
	for _, c := range list {
		if c.Current != (c.ID != read.ID) {
			t.Errorf("current marks %+v", c)
		}
	}
	// Only hashes are stored.
	rows, err := ps.site.Store.DB().QueryContext(ctx, `SELECT hash, id, name, scope, kind, address FROM tokens`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var cols [6]string
		rows.Scan(&cols[0], &cols[1], &cols[2], &cols[3], &cols[4], &cols[5])
		for _, c := range cols {
			if strings.Contains(c, full[3:]) || strings.Contains(c, read.Token[3:]) {
				t.Fatal("a token is stored in the clear")
			}
		}
	}
	rows.Close()

	// Revoked: 401 from then on. Another person's token cannot be revoked.
	var other LoginResponse
	call(t, ps.base, "", "POST", "/api/v1/login", LoginRequest{Email: "pct1.bth@test.vn", Password: "mat-khau-thu-nghiem"}, &other)
	if st := call(t, ps.base, other.Token, "DELETE", "/api/v1/tokens/"+read.ID, nil, nil); st != http.StatusNotFound {
		t.Fatalf("revoking someone else's token: %d", st)
	}
	if st := call(t, ps.base, full, "DELETE", "/api/v1/tokens/"+read.ID, nil, nil); st != http.StatusNoContent {
		t.Fatalf("revoke: %d", st)
	}
	if st := call(t, ps.base, read.Token, "GET", "/api/v1/me", nil, nil); st != http.StatusUnauthorized {
		t.Fatalf("a revoked token: %d", st)
	}

	// Signing out through the API ends the token it is made with.
	if st := call(t, ps.base, other.Token, "POST", "/api/v1/logout", nil, nil); st != http.StatusNoContent {
		t.Fatalf("logout: %d", st)
	}
	if st := call(t, ps.base, other.Token, "GET", "/api/v1/me", nil, nil); st != http.StatusUnauthorized {
		t.Fatalf("a token after logout: %d", st)
	}

	// A password change (damlam user passwd) ends every session and token.
	browser := ps.client("canbo.bth")
	if ps.get(browser, "/inbox").status != http.StatusOK {
		t.Fatal("the session before the change")
	}
	if err := ps.site.Store.SetPassword(ctx, "canbo.bth", "mat-khau-moi-2026"); err != nil {
		t.Fatal(err)
	}
	if st := call(t, ps.base, full, "GET", "/api/v1/me", nil, nil); st != http.StatusUnauthorized {
		t.Fatalf("a token from before the password change: %d", st)
	}
	if p := ps.get(browser, "/inbox"); p.status != http.StatusSeeOther {
		t.Fatalf("a session from before the password change: %d", p.status)
	}
	if st := call(t, ps.base, "", "POST", "/api/v1/login", LoginRequest{Email: "canbo.bth@test.vn", Password: "mat-khau-moi-2026"}, &login); st != http.StatusOK {
		t.Fatalf("sign-in with the new password: %d", st)
	}

	// Changing one's own password needs the current one, and ends this
	// token too.
	if st := call(t, ps.base, login.Token, "PUT", "/api/v1/me/password", PasswordChange{Current: "sai", Password: "mat-khau-thu-ba-2026"}, nil); st != http.StatusUnprocessableEntity {
		t.Fatalf("a change with a wrong current password: %d", st)
	}
	if st := call(t, ps.base, login.Token, "PUT", "/api/v1/me/password", PasswordChange{Current: "mat-khau-moi-2026", Password: "mat-khau-thu-ba-2026"}, nil); st != http.StatusNoContent {
		t.Fatalf("a change: %d", st)
	}
	if st := call(t, ps.base, login.Token, "GET", "/api/v1/me", nil, nil); st != http.StatusUnauthorized {
		t.Fatalf("the token the change was made with: %d", st)
	}

	// An administrator signs a person out everywhere; a colleague cannot.
	victim, _ := ps.site.Store.IssueToken(ctx, "canbo.bth", sqlstore.TokenAPI, time.Hour)
	colleague, _ := ps.site.Store.IssueToken(ctx, "pct2.bth", sqlstore.TokenAPI, time.Hour)
	admin, _ := ps.site.Store.IssueToken(ctx, "admin", sqlstore.TokenAPI, time.Hour)
	if st := call(t, ps.base, colleague, "POST", "/api/v1/people/canbo.bth/sign-out", nil, nil); st != http.StatusForbidden {
		t.Fatalf("a colleague signing someone out: %d", st)
	}
	var rev RevokedResponse
	if st := call(t, ps.base, admin, "POST", "/api/v1/people/canbo.bth/sign-out", nil, &rev); st != http.StatusOK || rev.Revoked != 1 {
		t.Fatalf("an administrator signing canbo.bth out: %d %+v", st, rev)
	}
	if st := call(t, ps.base, victim, "GET", "/api/v1/me", nil, nil); st != http.StatusUnauthorized {
		t.Fatalf("a token after sign-out everywhere: %d", st)
	}

	// The administrators' record holds each of these, with the address.
	call(t, ps.base, "", "POST", "/api/v1/login", LoginRequest{Email: "khong-ai@test.vn", Password: "x"}, nil)
	var events []sqlstore.AuthEvent
	if st := call(t, ps.base, admin, "GET", "/api/v1/access-events", nil, &events); st != http.StatusOK {
		t.Fatalf("access events: %d", st)
	}
	seen := map[string]bool{}
	for _, e := range events {
		seen[e.Kind] = true
		if e.Address == "" && e.ActorID != "" {
			t.Errorf("an event without its address: %+v", e)
		}
	}
	for _, k := range []string{sqlstore.EventSignIn, sqlstore.EventSignInFailed, sqlstore.EventTokenIssued, sqlstore.EventTokenRevoked, sqlstore.EventSignOut, sqlstore.EventPasswordSet, sqlstore.EventSignedOutAll} {
		if !seen[k] {
			t.Errorf("no %s event among %d", k, len(events))
		}
	}
	if st := call(t, ps.base, colleague, "GET", "/api/v1/access-events", nil, nil); st != http.StatusForbidden {
		t.Errorf("a non-administrator reads the access events: %d", st)
	}
}
