package server

import (
	"bytes"
	"embed"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"damlam/internal/i18n"
	"damlam/internal/org"
	"damlam/internal/problem"
)

//go:embed templates
var templateFiles embed.FS

// pages holds one template set per page: the shared partials and the
// page's own "content" (the layout is a fragment, web_layout.go). Parsed once at start-up so a
// broken template fails the first test, not the first user.
var pages = parsePages()

func parsePages() map[string]*template.Template {
	base := template.Must(template.New("").Funcs(templateFuncs).ParseFS(templateFiles, "templates/part_*.html"))
	names, err := fs.Glob(templateFiles, "templates/page_*.html")
	if err != nil {
		panic(err)
	}
	out := map[string]*template.Template{}
	for _, n := range names {
		t := template.Must(template.Must(base.Clone()).ParseFS(templateFiles, n))
		out[strings.TrimSuffix(strings.TrimPrefix(n, "templates/page_"), ".html")] = t
	}
	return out
}

// view is what every page template receives: who is reading, in which
// language, the navigation counts, the posted form and its errors, and the
// page's own data.
type view struct {
	Lang  i18n.Lang
	Title string
	Me    *org.Person
	// InboxN counts what waits on the reader, shown in the navigation.
	InboxN int
	// Unread counts the reader's unread notifications (the bell).
	Unread int
	Demo   bool
	// Nav names the active navigation item.
	Nav string
	// URL is the current request's path and query, for the language switch.
	URL    *url.URL
	Notice string
	// Problem is the top-level message of a refused request.
	Problem string
	// Errors maps a field name to its message in the reader's language.
	Errors map[string]string
	// Form holds the values posted by FormAction, so a refused form comes
	// back as the reader left it.
	Form       url.Values
	FormAction string
	Now        time.Time
	Data       any
	// errOrder lists the fields in error in the order the service named
	// them; drawn records, for each one a form drew, its control's id and
	// label, for the error summary.
	errOrder []string
	drawn    map[string]option
	// srv and req read, when a page first asks, the forms' choices of
	// units and people (pk) and whether the reader may open a case linked
	// from the page (opens) (web_pickers.go).
	srv   *Server
	req   *http.Request
	pk    *picks
	opens map[string]bool
}

// newView starts a page for the request's reader.
func (s *Server) newView(r *http.Request, nav, titleKey string, args ...any) *view {
	v := &view{Lang: pageLang(r), Me: actorFrom(r.Context()), Demo: s.opts.Demo, Nav: nav, URL: r.URL, Now: s.store.Now()}
	v.Title = v.T(titleKey, args...)
	v.srv, v.req = s, r
	// The inbox page counts its own items; every other page asks here.
	// Counting reads ids only: the items cost more than most pages.
	if v.Me != nil {
		if n, err := s.store.UnreadCount(r.Context(), v.Me.ID); err == nil {
			v.Unread = n
		}
	}
	if v.Me != nil && nav != "inbox" {
		if n, err := s.store.InboxCount(r.Context(), v.Me); err == nil {
			v.InboxN = n
		}
		if hasRole(v.Me, oversightRoles...) {
			if n, err := s.store.OversightCount(r.Context(), v.Me); err == nil {
				v.InboxN += n
			}
		}
	}
	return v
}

// pageMessages replace, beside a form's field, the messages written for
// the API's callers, which name values as the API spells them: a page
// offers the choices by name and writes dates dd/mm/yyyy.
var pageMessages = map[string]string{
	"field.one_of":    "field.choose_listed",
	"field.bad_date":  "field.bad_day",
	"field.bad_scope": "field.bad_scope_page",
}

// withProblem records a refused request's message and field errors.
func (v *view) withProblem(err error, action string, form url.Values) *view {
	pe := problem.As(err)
	v.Problem = pe.Message.In(v.Lang)
	v.FormAction, v.Form = action, form
	if len(pe.Fields) > 0 {
		v.Errors = map[string]string{}
		for _, f := range pe.Fields {
			if _, dup := v.Errors[f.Field]; !dup {
				msg := f.Message
				if key, ok := pageMessages[f.Code]; ok {
					msg = i18n.T(key)
				}
				v.Errors[f.Field] = msg.In(v.Lang)
				v.errOrder = append(v.errOrder, f.Field)
			}
		}
	}
	return v
}

// render writes the page with status: the layout's head, the page's
// "content" template, the layout's tail. Rendering goes to a buffer first
// so that a template error becomes a clean 500, not half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, v *view) {
	t, ok := pages[name]
	if !ok {
		panic("no page template " + name)
	}
	buf := pageBuffers.Get().(*bytes.Buffer)
	defer putPageBuffer(buf)
	buf.Reset()
	var head, tail fragment
	var err error
	if len(v.Errors) > 0 {
		// The error summary at the top names the fields the content drew
		// with their errors: draw the content first.
		content := pageBuffers.Get().(*bytes.Buffer)
		defer putPageBuffer(content)
		content.Reset()
		if err = t.ExecuteTemplate(content, "content", v); err == nil {
			if head, tail, err = v.layout(); err == nil {
				buf.WriteString(head.markup)
				buf.Write(content.Bytes())
			}
		}
	} else if head, tail, err = v.layout(); err == nil {
		buf.WriteString(head.markup)
		err = t.ExecuteTemplate(buf, "content", v)
	}
	if err != nil {
		s.log.Error("render", "page", name, "err", err)
		http.Error(w, errInternal.Message.In(v.Lang), http.StatusInternalServerError)
		return
	}
	buf.WriteString(tail.markup)
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Language", string(v.Lang))
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// renderFragments writes a page whose content is fragments only
// (web_fragments.go) inside the layout.
func (s *Server) renderFragments(w http.ResponseWriter, status int, v *view, content []fragment) {
	head, tail, err := v.layout()
	if err != nil {
		s.log.Error("render", "err", err)
		http.Error(w, errInternal.Message.In(v.Lang), http.StatusInternalServerError)
		return
	}
	buf := pageBuffers.Get().(*bytes.Buffer)
	defer putPageBuffer(buf)
	buf.Reset()
	buf.WriteString(head.markup)
	for _, f := range content {
		buf.WriteString(f.markup)
	}
	buf.WriteString(tail.markup)
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Language", string(v.Lang))
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// pageBuffers keeps page buffers between requests: a page is tens of
// kilobytes, and growing a new buffer to that size for every request was
// a good part of the garbage the list and search pages made.
var pageBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// putPageBuffer returns a buffer to the pool unless it grew unusually large
// (a long page should not pin its memory).
func putPageBuffer(b *bytes.Buffer) {
	if b.Cap() <= 1<<20 {
		pageBuffers.Put(b)
	}
}

// pageError shows a refusal or a failure as a page in the reader's language.
func (s *Server) pageError(w http.ResponseWriter, r *http.Request, err error) {
	pe := problem.As(err)
	status := statusOf(pe.Kind)
	if serverFault(pe.Kind) {
		s.log.Error("page", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	if pe.Kind == problem.Unauthenticated {
		redirectToLogin(w, r)
		return
	}
	v := s.newView(r, "", "web.error.title")
	v.Problem = pe.Message.In(v.Lang)
	v.Data = status
	s.render(w, r, status, "error", v)
}

// pageLang is the reader's language: ?lang= (remembered in a cookie), the
// cookie, or Vietnamese. Unlike the API, pages ignore Accept-Language: the
// users are Vietnamese officials whose browsers often say English.
func pageLang(r *http.Request) i18n.Lang {
	if l := r.URL.Query().Get("lang"); l != "" {
		return i18n.ParseLang(l)
	}
	if c, err := r.Cookie("lang"); err == nil {
		return i18n.ParseLang(c.Value)
	}
	return i18n.VI
}

// rememberLang keeps an explicit ?lang= choice for the next pages.
func rememberLang(w http.ResponseWriter, r *http.Request) {
	if l := r.URL.Query().Get("lang"); l != "" {
		http.SetCookie(w, &http.Cookie{Name: "lang", Value: string(i18n.ParseLang(l)), Path: "/", MaxAge: 365 * 24 * 3600,
			HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: r.TLS != nil})
	}
}

// seeOther redirects after a successful form post (Post/Redirect/Get).
func seeOther(w http.ResponseWriter, r *http.Request, to string) {
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// localPath accepts only a path on this site as a redirect target, so
// that ?next= cannot send a signed-in user elsewhere.
func localPath(p, fallback string) string {
	if !sameOriginPath(p) {
		return fallback
	}
	return p
}
