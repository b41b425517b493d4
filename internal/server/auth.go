package server

import (
	"net/http"
	"strings"
	"sync"
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

// authenticate finds the caller from a bearer token or a session cookie.
func (s *Server) authenticate(r *http.Request) (*org.Person, error) {
	token := ""
	if h := r.Header.Get("Authorization"); strings.HasPrefix(h, "Bearer ") {
		token = strings.TrimSpace(strings.TrimPrefix(h, "Bearer "))
	} else if c, err := r.Cookie(sessionCookie); err == nil {
		token = c.Value
	}
	if token == "" {
		return nil, problem.New(problem.Unauthenticated, "unauthenticated")
	}
	return s.store.Authenticate(r.Context(), token)
}

// authed wraps a handler that needs a signed-in caller.
func (s *Server) authed(h func(w http.ResponseWriter, r *http.Request, actor *org.Person)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		actor, err := s.authenticate(r)
		if err != nil {
			w.Header().Set("WWW-Authenticate", `Bearer realm="damlam"`)
			writeProblem(w, r, err)
			return
		}
		s.idempotent(w, r.WithContext(withActor(r.Context(), actor)), actor, h) // idempotency.go
	}
}

// loginLimiter refuses sign-ins after too many failures for one email or
// one address within a window, so that passwords cannot be guessed online.
type loginLimiter struct {
	mu     sync.Mutex
	max    int
	window time.Duration
	now    func() time.Time
	fails  map[string][]time.Time
}

func newLoginLimiter(max int, window time.Duration, now func() time.Time) *loginLimiter {
	return &loginLimiter{max: max, window: window, now: now, fails: map[string][]time.Time{}}
}

func (l *loginLimiter) recent(key string) []time.Time {
	cut := l.now().Add(-l.window)
	ts := l.fails[key]
	i := 0
	for i < len(ts) && ts[i].Before(cut) {
		i++
	}
	ts = ts[i:]
	if len(ts) == 0 {
		delete(l.fails, key)
	} else {
		l.fails[key] = ts
	}
	return ts
}

func (l *loginLimiter) allow(keys ...string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, k := range keys {
		if len(l.recent(k)) >= l.max {
			return false
		}
	}
	return true
}

func (l *loginLimiter) fail(keys ...string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, k := range keys {
		l.fails[k] = append(l.recent(k), l.now())
	}
	if len(l.fails) > 100000 { // bound memory under a spray of addresses
		l.fails = map[string][]time.Time{}
	}
}

func clientIP(r *http.Request) string {
	host := r.RemoteAddr
	if i := strings.LastIndexByte(host, ':'); i > 0 {
		host = host[:i]
	}
	return host
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

func (s *Server) login(w http.ResponseWriter, r *http.Request, email, password, kind string, ttl time.Duration) (string, *org.Person, error) {
	keys := []string{"ip:" + clientIP(r), "email:" + strings.ToLower(strings.TrimSpace(email))}
	if !s.limiter.allow(keys...) {
		return "", nil, problem.New(problem.TooMany, "too_many_attempts")
	}
	id, err := s.store.Login(r.Context(), email, password)
	if err != nil {
		s.limiter.fail(keys...)
		return "", nil, err
	}
	token, err := s.store.IssueToken(r.Context(), id, kind, ttl)
	if err != nil {
		return "", nil, err
	}
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
		writeProblem(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, LoginResponse{Token: token, ExpiresAt: s.store.Now().Add(tokenTTL), Person: p})
}
