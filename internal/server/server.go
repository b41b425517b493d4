// Package server serves damlam's JSON API and pages behind one router;
// routes.go lists every URL.
package server

import (
	"context"
	"damlam/internal/casework"
	"log/slog"
	"net/http"
	"net/netip"

	"damlam/internal/org"
	"damlam/internal/sqlstore"
	"damlam/internal/workflow"
)

// Options configure a server.
type Options struct {
	Logger *slog.Logger
	// Demo shows the demo users on the sign-in page.
	Demo bool
	// Version is shown in the API document.
	Version string
	// TrustedProxies are the reverse proxies whose X-Forwarded-For and
	// X-Forwarded-Proto are believed (client_addr.go).
	TrustedProxies []netip.Prefix
	// PublicURL is the address users reach the server at; an https one
	// makes every cookie Secure.
	PublicURL string
	// Quota bounds attachments per person and per unit; nil is
	// workflow.DefaultQuota.
	Quota *workflow.Quota
	// OIDC, if set, adds sign-in through an OpenID Connect provider.
	OIDC *OIDC
	// Links delivers invitations and password resets; nil shows each
	// link to whoever issued it (invitations.go).
	Links LinkSender
	// NoPasswords turns local passwords off: people sign in only through
	// the provider (or with API tokens issued to them).
	NoPasswords bool
	// Mail says whether an SMTP server delivers the outbox; SMTP is its
	// address without the password (page_outbox.go).
	Mail bool
	SMTP string
}

// Server holds the dependencies of the handlers.
type Server struct {
	store   *sqlstore.Store
	cases   *casework.Service
	log     *slog.Logger
	opts    Options
	limiter attemptLimiter
	// hashes admits a few password checks at once (signin_gate.go).
	hashes *hashGate
	// rp signs people in through the OpenID Connect provider (oidc.go).
	rp  *relyingParty
	api []apiRoute
	// unitChoices keeps the unit filter's options (web_units.go).
	unitChoices unitChoiceCache
	// unitPicks keeps every unit labelled with its place in the tree, for
	// the forms' unit pickers (web_pickers.go).
	unitPicks unitPickCache
	// pageSlots admits page reads a few at a time (web_session.go).
	pageSlots chan struct{}
}

// New returns the whole URL surface of damlam as one handler.
func New(store *sqlstore.Store, opts Options) http.Handler {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	s := &Server{store: store, cases: casework.New(store), log: opts.Logger, opts: opts, limiter: newLimiter(store, opts.Logger),
		hashes:    newHashGate(0, hashQueue, hashWait),
		pageSlots: make(chan struct{}, pageConcurrency())}
	if opts.OIDC != nil {
		s.rp = &relyingParty{cfg: *opts.OIDC}
	}
	if opts.Quota != nil {
		s.cases.WithQuota(*opts.Quota)
	}
	mux := http.NewServeMux()
	s.routes(mux)
	// The API accepts the pages' session cookie too, so every unsafe
	// request goes through CrossOriginProtection: another site cannot make
	// a signed-in browser take an action. Clients that send no browser
	// headers (scripts with a bearer token) are not affected.
	cop := http.NewCrossOriginProtection()
	return s.recoverPanics(s.securityHeaders(cop.Handler(mux)))
}

type ctxKey int

const actorKey ctxKey = 1

func withActor(ctx context.Context, p *org.Person) context.Context {
	return context.WithValue(ctx, actorKey, p)
}

// actorFrom returns the signed-in person, or nil.
func actorFrom(ctx context.Context) *org.Person {
	p, _ := ctx.Value(actorKey).(*org.Person)
	return p
}

func (s *Server) securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		// Everything is served from here; nothing from a CDN, no inline script.
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		next.ServeHTTP(w, r)
	})
}

func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("panic", "method", r.Method, "path", r.URL.Path, "panic", v)
				writeProblem(w, r, errInternal)
			}
		}()
		next.ServeHTTP(w, r)
	})
}
