package server

import (
	"net/http"
	"net/url"

	"damlam/internal/demo"
	"damlam/internal/org"
	"damlam/internal/problem"
	"damlam/internal/sqlstore"
)

// page wraps a public page: it remembers a language choice.
func (s *Server) page(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		rememberLang(w, r)
		h(w, r)
	}
}

// signedIn wraps a page that needs a signed-in reader; a visitor without a
// live session is sent to the sign-in page and brought back afterwards.
func (s *Server) signedIn(h func(w http.ResponseWriter, r *http.Request, me *org.Person)) http.HandlerFunc {
	return s.page(func(w http.ResponseWriter, r *http.Request) {
		me, err := s.authenticate(r)
		if err != nil {
			if problem.KindOf(err) != problem.Unauthenticated {
				s.pageError(w, r, err)
				return
			}
			redirectToLogin(w, r)
			return
		}
		h(w, r.WithContext(withActor(r.Context(), me)), me)
	})
}

func redirectToLogin(w http.ResponseWriter, r *http.Request) {
	next := r.URL.Path
	if r.Method != http.MethodGet {
		next = "/inbox"
	} else if r.URL.RawQuery != "" {
		next += "?" + r.URL.RawQuery
	}
	seeOther(w, r, "/login?next="+url.QueryEscape(next))
}

// loginData is what the sign-in page shows.
type loginData struct {
	Email, Next string
	// DemoUsers lists who to sign in as, in demo mode only.
	DemoUsers []sqlstore.DirectoryEntry
	Password  string
}

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) {
	if me, err := s.authenticate(r); err == nil && me != nil {
		seeOther(w, r, localPath(r.URL.Query().Get("next"), "/inbox"))
		return
	}
	s.showLogin(w, r, http.StatusOK, r.URL.Query().Get("next"), "", nil)
}

func (s *Server) showLogin(w http.ResponseWriter, r *http.Request, status int, next, email string, err error) {
	v := s.newView(r, "login", "web.login.title")
	d := loginData{Email: email, Next: localPath(next, "")}
	if s.opts.Demo {
		// The demo's whole point is trying each role; a real deployment
		// never lists its users to strangers.
		d.DemoUsers, _ = s.store.Directory(r.Context(), "", 200)
		d.Password = demo.Password
	}
	v.Data = d
	if err != nil {
		v.withProblem(err, "login", nil)
	}
	s.render(w, r, status, "login", v)
}

func (s *Server) loginPost(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.pageError(w, r, problem.New(problem.Malformed, "malformed_json", "form"))
		return
	}
	email, next := r.PostForm.Get("email"), r.PostForm.Get("next")
	token, _, err := s.login(w, r, email, r.PostForm.Get("password"), sqlstore.TokenSession, sessionTTL)
	if err != nil {
		status := statusOf(problem.KindOf(err))
		if problem.KindOf(err) == problem.Internal {
			s.log.Error("sign-in", "err", err)
		}
		s.showLogin(w, r, status, next, email, err)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: token, Path: "/", MaxAge: int(sessionTTL.Seconds()),
		HttpOnly: true, Secure: r.TLS != nil, SameSite: http.SameSiteLaxMode})
	seeOther(w, r, localPath(next, "/inbox"))
}

func (s *Server) logoutPost(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(sessionCookie); err == nil {
		if err := s.store.RevokeToken(r.Context(), c.Value); err != nil {
			s.log.Error("sign-out", "err", err)
		}
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: r.TLS != nil, SameSite: http.SameSiteLaxMode})
	seeOther(w, r, "/login")
}
