package server

import (
	"errors"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"damlam/internal/org"
	"damlam/internal/problem"
	"damlam/internal/sqlstore"
)

// sessionCookie carries a browser session's token.
const sessionCookie = "damlam_session"

// tokenTTL and sessionTTL bound how long credentials live.
const (
	tokenTTL   = 30 * 24 * time.Hour
	sessionTTL = 12 * time.Hour
)

// presentedToken is the credential a request carries: a bearer token, or
// the pages' session cookie.
func presentedToken(r *http.Request) string {
	if h := r.Header.Get("Authorization"); strings.HasPrefix(h, "Bearer ") {
		return strings.TrimSpace(strings.TrimPrefix(h, "Bearer "))
	}
	if c, err := r.Cookie(sessionCookie); err == nil {
		return c.Value
	}
	return ""
}

// authenticate finds the caller from a bearer token or a session cookie.
// A read-only token may only read.
func (s *Server) authenticate(r *http.Request) (*org.Person, error) {
	p, _, err := s.authenticateWith(r)
	return p, err
}

func (s *Server) authenticateWith(r *http.Request) (*org.Person, sqlstore.Credential, error) {
	token := presentedToken(r)
	if token == "" {
		return nil, sqlstore.Credential{}, problem.New(problem.Unauthenticated, "unauthenticated")
	}
	p, c, err := s.store.AuthenticateWith(r.Context(), token)
	if err != nil {
		return nil, c, err
	}
	if c.Scope == sqlstore.ScopeRead && r.Method != http.MethodGet && r.Method != http.MethodHead {
		return nil, c, problem.New(problem.Forbidden, "token_read_only")
	}
	return p, c, nil
}

// authed wraps a handler that needs a signed-in caller.
func (s *Server) authed(h func(w http.ResponseWriter, r *http.Request, actor *org.Person)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		actor, cred, err := s.authenticateWith(r)
		if err != nil {
			w.Header().Set("WWW-Authenticate", `Bearer realm="damlam"`)
			writeProblem(w, r, err)
			return
		}
		s.idempotent(w, r.WithContext(withCredential(withActor(r.Context(), actor), cred)), actor, h) // idempotency.go
	}
}

// LoginRequest signs a person in.
type LoginRequest struct {
	Email    string `json:"email"`
	Password string `json:"password"`
}

// LoginResponse carries the bearer token.
type LoginResponse struct {
	Token     string      `json:"token"`
	ExpiresAt time.Time   `json:"expires_at"`
	Person    *org.Person `json:"person"`
}

// Sign-in limits: an account allows a few attempts before each further
// one waits a doubling delay (from one second to five minutes); an
// address, which a whole office behind one router may share, allows more.
const (
	accountFreeAttempts = 5
	addressFreeAttempts = 20
	signinFirstDelay    = time.Second
	signinLongestDelay  = 5 * time.Minute
)

// tooMany is a refusal with the time after which trying again may work.
type tooMany struct {
	err   *problem.Error
	retry time.Duration
}

func (e tooMany) Error() string { return e.err.Error() }
func (e tooMany) Unwrap() error { return e.err }

func newTooMany(retry time.Duration) error {
	return tooMany{problem.New(problem.TooMany, "too_many_attempts"), retry}
}

// setRetryAfter tells the client when to come back after a refusal for
// load or for too many attempts (RFC 9110 §10.2.3, whole seconds).
func setRetryAfter(w http.ResponseWriter, err error) {
	var tm tooMany
	if errors.As(err, &tm) {
		w.Header().Set("Retry-After", strconv.Itoa(max(1, int(math.Ceil(tm.retry.Seconds())))))
	}
}

func (s *Server) login(w http.ResponseWriter, r *http.Request, email, password, kind string, ttl time.Duration) (string, *org.Person, error) {
	if s.opts.NoPasswords {
		return "", nil, problem.New(problem.Forbidden, "passwords_off")
	}
	account := strings.ToLower(strings.TrimSpace(email))
	keys := []limitKey{{"address:" + s.clientAddr(r), addressFreeAttempts}, {"account:" + account, accountFreeAttempts}}
	if wait := s.limiter.begin(keys...); wait > 0 {
		return "", nil, newTooMany(wait)
	}
	done := failed
	defer func() { s.limiter.end(done, keys, keys[1].name) }()
	release, retry, err := s.hashes.enter(r.Context())
	if err != nil {
		done = unchecked // the client left before any check
		return "", nil, err
	}
	if release == nil {
		done = unchecked // turned away unchecked: not a guess
		return "", nil, newTooMany(retry)
	}
	id, err := s.store.Login(r.Context(), email, password)
	release()
	address := s.clientAddr(r)
	if err != nil {
		if problem.KindOf(err) == problem.Unauthenticated {
			s.recordAccess(r, sqlstore.AuthEvent{Kind: sqlstore.EventSignInFailed, Subject: s.subjectOf(r, account), Address: address, Detail: kind})
		} else {
			done = unchecked // an outage, not a wrong password
		}
		return "", nil, err
	}
	done = succeeded
	token, _, err := s.store.Issue(r.Context(), sqlstore.TokenSpec{PersonID: id, Kind: kind, TTL: ttl, Address: address,
		Name: clientName(r)})
	if err != nil {
		return "", nil, err
	}
	s.recordAccess(r, sqlstore.AuthEvent{Kind: sqlstore.EventSignIn, ActorID: id, Subject: id, Address: address, Detail: kind})
	p, err := s.store.Person(r.Context(), id)
	return token, p, err
}

func (s *Server) apiLogin(w http.ResponseWriter, r *http.Request) {
	var in LoginRequest
	if err := decodeJSON(r, &in); err != nil {
		writeProblem(w, r, err)
		return
	}
	token, p, err := s.login(w, r, in.Email, in.Password, sqlstore.TokenAPI, tokenTTL)
	if err != nil {
		setRetryAfter(w, err)
		writeProblem(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, LoginResponse{Token: token, ExpiresAt: s.store.Now().Add(tokenTTL), Person: p})
}
