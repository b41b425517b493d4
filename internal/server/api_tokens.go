package server

import (
	"context"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"damlam/internal/org"
	"damlam/internal/problem"
	"damlam/internal/sqlstore"
)

const credentialKey ctxKey = 2

func withCredential(ctx context.Context, c sqlstore.Credential) context.Context {
	return context.WithValue(ctx, credentialKey, c)
}

// credentialFrom is the session or token the request was made with.
func credentialFrom(ctx context.Context) sqlstore.Credential {
	c, _ := ctx.Value(credentialKey).(sqlstore.Credential)
	return c
}

// TokenRequest asks for a new API token.
type TokenRequest struct {
	Name string `json:"name"`
	// Scope is "full" (act as me) or "read" (read only).
	Scope string `json:"scope"`
	// ExpiresInDays is 1 to 365; 30 when left out.
	ExpiresInDays int `json:"expires_in_days"`
}

// TokenResponse carries a new token's secret, shown this once only.
type TokenResponse struct {
	Token string `json:"token"`
	sqlstore.Credential
}

// RevokedResponse says how many sessions and tokens ended.
type RevokedResponse struct {
	Revoked int64 `json:"revoked"`
}

// PasswordChange changes the caller's own password.
type PasswordChange struct {
	Current  string `json:"current"`
	Password string `json:"password"`
}

// maxTokenDays bounds an API token's life: a forgotten token should die.
const maxTokenDays = 365

// checkTokenRequest validates a token request, with errors per field.
func checkTokenRequest(in *TokenRequest) (time.Duration, error) {
	var f problem.Fields
	in.Name = strings.TrimSpace(in.Name)
	switch {
	case in.Name == "":
		f.Add("name", "field.required")
	case !utf8.ValidString(in.Name) || strings.ContainsFunc(in.Name, func(c rune) bool { return c < ' ' || c == 0x7f }):
		f.Add("name", "field.plain_text")
	case utf8.RuneCountInString(in.Name) > 100:
		f.Add("name", "field.too_long", 100)
	}
	if in.Scope == "" {
		in.Scope = sqlstore.ScopeFull
	}
	if in.Scope != sqlstore.ScopeFull && in.Scope != sqlstore.ScopeRead {
		f.Add("scope", "field.one_of", "full, read")
	}
	if in.ExpiresInDays == 0 {
		in.ExpiresInDays = 30
	}
	if in.ExpiresInDays < 1 || in.ExpiresInDays > maxTokenDays {
		f.Add("expires_in_days", "field.token_days", maxTokenDays)
	}
	return time.Duration(in.ExpiresInDays) * 24 * time.Hour, f.Err()
}

func (s *Server) issueToken(r *http.Request, me *org.Person, in TokenRequest) (string, sqlstore.Credential, error) {
	ttl, err := checkTokenRequest(&in)
	if err != nil {
		return "", sqlstore.Credential{}, err
	}
	token, c, err := s.store.Issue(r.Context(), sqlstore.TokenSpec{PersonID: me.ID, Kind: sqlstore.TokenAPI, Name: in.Name, Scope: in.Scope, TTL: ttl, Address: s.clientAddr(r)})
	if err == nil {
		s.recordAccess(r, sqlstore.AuthEvent{Kind: sqlstore.EventTokenIssued, ActorID: me.ID, Subject: me.ID, Detail: c.ID + " " + c.Scope + " " + in.Name})
	}
	return token, c, err
}

func (s *Server) revokeCredential(r *http.Request, me *org.Person, id string) error {
	c, err := s.store.RevokeCredential(r.Context(), me.ID, id)
	if err == nil {
		s.recordAccess(r, sqlstore.AuthEvent{Kind: sqlstore.EventTokenRevoked, ActorID: me.ID, Subject: me.ID, Detail: c.ID + " " + c.Kind + " " + c.Name})
	}
	return err
}

func (s *Server) apiTokens(w http.ResponseWriter, r *http.Request, me *org.Person) {
	list, err := s.store.Credentials(r.Context(), me.ID)
	cur := credentialFrom(r.Context()).ID
	for i := range list {
		list[i].Current = list[i].ID == cur
	}
	reply(w, r, http.StatusOK, list, err)
}

func (s *Server) apiIssueToken(w http.ResponseWriter, r *http.Request, me *org.Person) {
	var in TokenRequest
	if err := decodeJSON(r, &in); err != nil {
		writeProblem(w, r, err)
		return
	}
	token, c, err := s.issueToken(r, me, in)
	reply(w, r, http.StatusCreated, TokenResponse{Token: token, Credential: c}, err)
}

func (s *Server) apiRevokeToken(w http.ResponseWriter, r *http.Request, me *org.Person) {
	if err := s.revokeCredential(r, me, r.PathValue("id")); err != nil {
		writeProblem(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// apiLogout ends the session or token the request was made with.
func (s *Server) apiLogout(w http.ResponseWriter, r *http.Request, me *org.Person) {
	if err := s.store.RevokeToken(r.Context(), presentedToken(r)); err != nil {
		writeProblem(w, r, err)
		return
	}
	s.recordAccess(r, sqlstore.AuthEvent{Kind: sqlstore.EventSignOut, ActorID: me.ID, Subject: me.ID, Detail: credentialFrom(r.Context()).Kind})
	if _, err := r.Cookie(sessionCookie); err == nil {
		http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: s.secureRequest(r), SameSite: http.SameSiteLaxMode})
	}
	w.WriteHeader(http.StatusNoContent)
}

// apiSignOutEverywhere ends every session and token of a person: oneself,
// or someone an administrator administers.
func (s *Server) apiSignOutEverywhere(w http.ResponseWriter, r *http.Request, me *org.Person) {
	n, err := s.store.SignOutEverywhere(r.Context(), me, s.clientAddr(r), r.PathValue("id"))
	reply(w, r, http.StatusOK, RevokedResponse{Revoked: n}, err)
}

// apiChangePassword changes the caller's password; every session and
// token ends with it, this one too.
func (s *Server) apiChangePassword(w http.ResponseWriter, r *http.Request, me *org.Person) {
	var in PasswordChange
	if err := decodeJSON(r, &in); err != nil {
		writeProblem(w, r, err)
		return
	}
	if err := s.changePassword(r, me, in); err != nil {
		setRetryAfter(w, err)
		writeProblem(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// changePassword checks the current password under the same gate and
// limit as a sign-in: it is a password check like any other.
func (s *Server) changePassword(r *http.Request, me *org.Person, in PasswordChange) error {
	if s.opts.NoPasswords {
		return problem.New(problem.Forbidden, "passwords_off")
	}
	keys := []limitKey{{"address:" + s.clientAddr(r), addressFreeAttempts}, {"account:" + strings.ToLower(me.Email), accountFreeAttempts}}
	if wait := s.limiter.begin(keys...); wait > 0 {
		return newTooMany(wait)
	}
	done := failed
	defer func() { s.limiter.end(done, keys) }()
	release, retry, err := s.hashes.enter(r.Context())
	if err != nil || release == nil {
		done = unchecked
		if err != nil {
			return err
		}
		return newTooMany(retry)
	}
	defer release()
	err = s.store.ChangePassword(r.Context(), me, s.clientAddr(r), in.Current, in.Password)
	if err == nil || !badCurrent(err) {
		done = unchecked // not a wrong guess: nothing to count against anyone
	}
	return err
}

func badCurrent(err error) bool {
	for _, f := range problem.As(err).Fields {
		if f.Field == "current" {
			return true
		}
	}
	return false
}

func (s *Server) apiAccessEvents(w http.ResponseWriter, r *http.Request, me *org.Person) {
	list, err := s.store.AuthEvents(r.Context(), me, 200)
	reply(w, r, http.StatusOK, list, err)
}
