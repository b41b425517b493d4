package server

import (
	"bytes"
	"net/http"
	"net/url"
	"runtime"
	"sync"

	"damlam/internal/demo"
	"damlam/internal/org"
	"damlam/internal/problem"
	"damlam/internal/sqlstore"
)

// page wraps a public page: it remembers a language choice.
func (s *Server) page(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		rememberLang(w, r)
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			h(w, r)
			return
		}
		select {
		case s.pageSlots <- struct{}{}:
		case <-r.Context().Done():
			return // the reader left while waiting
		}
		// The page is made into a buffer and the slot given back before
		// it is sent: a slow reader's connection holds no slot.
		b := heldPages.Get().(*heldPage)
		b.w, b.status = w, 0
		func() {
			defer func() { <-s.pageSlots }()
			h(b, r)
		}()
		if b.status != 0 {
			w.WriteHeader(b.status)
		}
		if b.buf.Len() > 0 {
			w.Write(b.buf.Bytes())
		}
		b.w = nil
		b.buf.Reset()
		heldPages.Put(b)
	}
}

// pageConcurrency is how many page reads are made at once: one per core.
// A page is CPU work once its rows are in the cache, so more at once only
// share the cores, each taking longer, and the slowest longest: one per
// core gave every page the lowest tail latency of the settings measured
// (docs/performance.md).
// Form posts are not held (they write through the group commit, which
// gains from company), nor are downloads (signedInDownload).
func pageConcurrency() int { return runtime.GOMAXPROCS(0) }

// heldPage is a response kept until the page is made.
type heldPage struct {
	w      http.ResponseWriter
	status int
	buf    bytes.Buffer
}

var heldPages = sync.Pool{New: func() any { return new(heldPage) }}

func (b *heldPage) Header() http.Header { return b.w.Header() }

func (b *heldPage) WriteHeader(code int) {
	if b.status == 0 {
		b.status = code
	}
}

func (b *heldPage) Write(p []byte) (int, error) {
	if b.status == 0 {
		b.status = http.StatusOK
	}
	return b.buf.Write(p)
}

// signedIn wraps a page that needs a signed-in reader; a visitor without a
// live session is sent to the sign-in page and brought back afterwards.
func (s *Server) signedIn(h func(w http.ResponseWriter, r *http.Request, me *org.Person)) http.HandlerFunc {
	return s.page(s.reader(h))
}

// signedInDownload is signedIn for a file sent as it is read (a dossier,
// an attachment): it takes no page slot, so a large file to a slow reader
// keeps no page waiting.
func (s *Server) signedInDownload(h func(w http.ResponseWriter, r *http.Request, me *org.Person)) http.HandlerFunc {
	read := s.reader(h)
	return func(w http.ResponseWriter, r *http.Request) {
		rememberLang(w, r)
		read(w, r)
	}
}

// reader runs h for the signed-in reader, or sends the visitor to sign in.
func (s *Server) reader(h func(w http.ResponseWriter, r *http.Request, me *org.Person)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
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
	}
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
	// SSO offers the OpenID Connect provider; Passwords the local form.
	SSO, Passwords bool
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
	switch r.URL.Query().Get("done") {
	case "password", "everywhere", "invited":
		v.Notice = v.T("web.login.done." + r.URL.Query().Get("done"))
	}
	d := loginData{Email: email, Next: localPath(next, ""), SSO: s.rp != nil, Passwords: !s.opts.NoPasswords}
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
		setRetryAfter(w, err)
		s.showLogin(w, r, status, next, email, err)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: token, Path: "/", MaxAge: int(sessionTTL.Seconds()),
		HttpOnly: true, Secure: s.secureRequest(r), SameSite: http.SameSiteLaxMode})
	seeOther(w, r, localPath(next, "/inbox"))
}

func (s *Server) logoutPost(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(sessionCookie); err == nil {
		if me, _ := s.store.Authenticate(r.Context(), c.Value); me != nil {
			s.recordAccess(r, sqlstore.AuthEvent{Kind: sqlstore.EventSignOut, ActorID: me.ID, Subject: me.ID, Detail: sqlstore.TokenSession})
		}
		if err := s.store.RevokeToken(r.Context(), c.Value); err != nil {
			s.log.Error("sign-out", "err", err)
		}
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: s.secureRequest(r), SameSite: http.SameSiteLaxMode})
	seeOther(w, r, "/login")
}
