package server

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"damlam/internal/org"
	"damlam/internal/problem"
	"damlam/internal/sqlstore"
)

// OIDC configures sign-in through an OpenID Connect provider (the
// province's identity service).
type OIDC struct {
	Issuer, ClientID, ClientSecret string
	// EmailClaim, when set, also signs a provider account in as the
	// damlam person with the same e-mail, if the provider says it is
	// verified. Without it only accounts an administrator linked sign in.
	EmailClaim bool
	// Client talks to the provider (nil: the default client).
	Client *http.Client
}

// oidcCookie holds a sign-in's state, nonce and PKCE verifier between the
// redirect to the provider and its answer: in the browser, so that any
// instance behind the load balancer can take the answer.
const oidcCookie = "damlam_oidc"

type oidcFlow struct {
	State, Nonce, Verifier, Next string
}

// relyingParty is damlam as the provider's client. The provider's
// configuration is read at the first sign-in, not at start, so that a
// provider down at start does not keep damlam down.
type relyingParty struct {
	cfg      OIDC
	mu       sync.Mutex
	provider *oidc.Provider
}

func (rp *relyingParty) ctx(ctx context.Context) context.Context {
	if rp.cfg.Client != nil {
		return oidc.ClientContext(ctx, rp.cfg.Client)
	}
	return ctx
}

func (rp *relyingParty) get(ctx context.Context) (*oidc.Provider, error) {
	rp.mu.Lock()
	defer rp.mu.Unlock()
	if rp.provider != nil {
		return rp.provider, nil
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	p, err := oidc.NewProvider(rp.ctx(ctx), rp.cfg.Issuer)
	if err != nil {
		return nil, problem.Wrap(problem.Unavailable, "oidc_unavailable", err)
	}
	rp.provider = p
	return p, nil
}

func (rp *relyingParty) oauth(p *oidc.Provider, redirect string) *oauth2.Config {
	return &oauth2.Config{ClientID: rp.cfg.ClientID, ClientSecret: rp.cfg.ClientSecret, Endpoint: p.Endpoint(),
		RedirectURL: redirect, Scopes: []string{oidc.ScopeOpenID, "email", "profile"}}
}

// identity is what a verified ID token says of the person.
type identity struct {
	Subject       string
	Email         string
	EmailVerified bool
}

// verify checks an ID token: the provider's signature, issuer, audience
// (this client), expiry, and the nonce this sign-in sent.
func (rp *relyingParty) verify(ctx context.Context, p *oidc.Provider, raw, nonce string) (identity, error) {
	idt, err := p.Verifier(&oidc.Config{ClientID: rp.cfg.ClientID}).Verify(rp.ctx(ctx), raw)
	if err != nil {
		return identity{}, problem.Wrap(problem.Unauthenticated, "oidc_refused", err)
	}
	if subtle.ConstantTimeCompare([]byte(idt.Nonce), []byte(nonce)) != 1 || nonce == "" {
		return identity{}, problem.Wrap(problem.Unauthenticated, "oidc_refused", errors.New("nonce differs"))
	}
	var claims struct {
		Email         string `json:"email"`
		EmailVerified any    `json:"email_verified"`
	}
	if err := idt.Claims(&claims); err != nil {
		return identity{}, problem.Wrap(problem.Unauthenticated, "oidc_refused", err)
	}
	// Some providers send the flag as a string.
	verified := claims.EmailVerified == true || claims.EmailVerified == "true"
	return identity{Subject: idt.Subject, Email: strings.ToLower(strings.TrimSpace(claims.Email)), EmailVerified: verified}, nil
}

func randomText() string {
	var b [24]byte
	rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// redirectURL is where the provider sends the browser back: on the public
// address when one is configured, else on the address the browser used.
func (s *Server) redirectURL(r *http.Request) string {
	if s.opts.PublicURL != "" {
		return strings.TrimRight(s.opts.PublicURL, "/") + "/login/oidc/callback"
	}
	scheme := "http"
	if s.secureRequest(r) {
		scheme = "https"
	}
	return scheme + "://" + r.Host + "/login/oidc/callback"
}

// oidcStart sends the browser to the provider with a fresh state, nonce
// and PKCE challenge.
func (s *Server) oidcStart(w http.ResponseWriter, r *http.Request) {
	p, err := s.rp.get(r.Context())
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	f := oidcFlow{State: randomText(), Nonce: randomText(), Verifier: oauth2.GenerateVerifier(), Next: localPath(r.URL.Query().Get("next"), "")}
	b, _ := json.Marshal(f)
	http.SetCookie(w, &http.Cookie{Name: oidcCookie, Value: base64.RawURLEncoding.EncodeToString(b), Path: "/login/oidc", MaxAge: 600,
		HttpOnly: true, Secure: s.secureRequest(r), SameSite: http.SameSiteLaxMode})
	u := s.rp.oauth(p, s.redirectURL(r)).AuthCodeURL(f.State, oidc.Nonce(f.Nonce), oauth2.S256ChallengeOption(f.Verifier))
	http.Redirect(w, r, u, http.StatusFound)
}

// oidcCallback takes the provider's answer: the state must be this
// browser's, the code is exchanged with the PKCE verifier, the ID token
// verified with its nonce, and its subject (or verified e-mail) mapped to
// a person.
func (s *Server) oidcCallback(w http.ResponseWriter, r *http.Request) {
	flow, err := s.readFlow(r)
	http.SetCookie(w, &http.Cookie{Name: oidcCookie, Value: "", Path: "/login/oidc", MaxAge: -1, HttpOnly: true, Secure: s.secureRequest(r), SameSite: http.SameSiteLaxMode})
	if err == nil {
		err = s.oidcSignIn(w, r, flow)
	}
	if err != nil {
		pe := problem.As(err)
		if serverFault(pe.Kind) {
			s.log.Error("oidc sign-in", "err", err)
		} else if pe.Err != nil {
			s.log.Info("oidc sign-in refused", "why", pe.Err)
		}
		s.showLogin(w, r, statusOf(pe.Kind), flow.Next, "", err)
		return
	}
}

func (s *Server) readFlow(r *http.Request) (oidcFlow, error) {
	var f oidcFlow
	c, err := r.Cookie(oidcCookie)
	if err != nil {
		return f, problem.Wrap(problem.Unauthenticated, "oidc_refused", errors.New("no sign-in under way in this browser"))
	}
	b, err := base64.RawURLEncoding.DecodeString(c.Value)
	if err != nil || json.Unmarshal(b, &f) != nil {
		return oidcFlow{}, problem.Wrap(problem.Unauthenticated, "oidc_refused", errors.New("unreadable sign-in cookie"))
	}
	if q := r.URL.Query(); q.Get("error") != "" {
		return f, problem.Wrap(problem.Unauthenticated, "oidc_refused", errors.New("provider: "+q.Get("error")))
	}
	if st := r.URL.Query().Get("state"); f.State == "" || subtle.ConstantTimeCompare([]byte(st), []byte(f.State)) != 1 {
		return f, problem.Wrap(problem.Unauthenticated, "oidc_refused", errors.New("state differs"))
	}
	return f, nil
}

func (s *Server) oidcSignIn(w http.ResponseWriter, r *http.Request, f oidcFlow) error {
	p, err := s.rp.get(r.Context())
	if err != nil {
		return err
	}
	tok, err := s.rp.oauth(p, s.redirectURL(r)).Exchange(s.rp.ctx(r.Context()), r.URL.Query().Get("code"), oauth2.VerifierOption(f.Verifier))
	if err != nil {
		return problem.Wrap(problem.Unauthenticated, "oidc_refused", err)
	}
	raw, _ := tok.Extra("id_token").(string)
	if raw == "" {
		return problem.Wrap(problem.Unauthenticated, "oidc_refused", errors.New("no id_token"))
	}
	who, err := s.rp.verify(r.Context(), p, raw, f.Nonce)
	if err != nil {
		return err
	}
	id, err := s.personOf(r, who)
	if err != nil {
		s.recordAccess(r, sqlstore.AuthEvent{Kind: sqlstore.EventSignInFailed, Subject: who.Subject, Detail: "oidc " + who.Email})
		return err
	}
	token, _, err := s.store.Issue(r.Context(), sqlstore.TokenSpec{PersonID: id, Kind: sqlstore.TokenSession, TTL: sessionTTL,
		Address: s.clientAddr(r), Name: clientName(r)})
	if err != nil {
		return err
	}
	s.recordAccess(r, sqlstore.AuthEvent{Kind: sqlstore.EventSignIn, ActorID: id, Subject: id, Detail: "oidc " + who.Subject})
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: token, Path: "/", MaxAge: int(sessionTTL.Seconds()),
		HttpOnly: true, Secure: s.secureRequest(r), SameSite: http.SameSiteLaxMode})
	seeOther(w, r, localPath(f.Next, "/inbox"))
	return nil
}

// personOf maps a provider account to a person: a link an administrator
// made first, then (if configured) the verified e-mail.
func (s *Server) personOf(r *http.Request, who identity) (string, error) {
	id, err := s.store.PersonByIdentity(r.Context(), s.rp.cfg.Issuer, who.Subject)
	if err == nil {
		return id, nil
	}
	if problem.KindOf(err) != problem.NotFound {
		return "", err
	}
	if s.rp.cfg.EmailClaim && who.EmailVerified && who.Email != "" {
		if id, _, err := s.store.PersonByEmail(r.Context(), who.Email); err == nil {
			return id, nil
		}
	}
	return "", problem.New(problem.Forbidden, "oidc_unknown_person", who.Subject)
}

// IdentityLink links a provider account to a person.
type IdentityLink struct {
	// Subject is the provider's "sub" for the person.
	Subject string `json:"subject"`
}

func (s *Server) apiLinkIdentity(w http.ResponseWriter, r *http.Request, me *org.Person) {
	// A body that cannot be read is refused as such first, as every
	// route refuses it, whatever the server is configured to do.
	var in IdentityLink
	if err := decodeJSON(r, &in); err != nil {
		writeProblem(w, r, err)
		return
	}
	if s.rp == nil {
		writeProblem(w, r, problem.New(problem.NotFound, "oidc_off"))
		return
	}
	err := s.store.LinkIdentity(r.Context(), me, s.clientAddr(r), s.rp.cfg.Issuer, in.Subject, r.PathValue("id"))
	s.personAfter(w, r, err)
}

// apiIdentities lists the provider accounts linked to the people the
// caller administers.
func (s *Server) apiIdentities(w http.ResponseWriter, r *http.Request, me *org.Person) {
	list, err := s.store.IdentityLinks(r.Context(), me)
	reply(w, r, http.StatusOK, list, err)
}

// apiUnlinkIdentity removes the link of the configured provider's account
// {subject} to person {id}: "not found" unless that account is linked to
// that person and the caller administers them.
func (s *Server) apiUnlinkIdentity(w http.ResponseWriter, r *http.Request, me *org.Person) {
	if s.rp == nil {
		writeProblem(w, r, problem.New(problem.NotFound, "oidc_off"))
		return
	}
	id, err := s.store.PersonByIdentity(r.Context(), s.rp.cfg.Issuer, r.PathValue("subject"))
	if err == nil && id != r.PathValue("id") {
		err = problem.New(problem.NotFound, "not_found")
	}
	if err == nil {
		err = s.store.UnlinkIdentity(r.Context(), me, s.clientAddr(r), s.rp.cfg.Issuer, r.PathValue("subject"))
	}
	s.personAfter(w, r, err)
}
