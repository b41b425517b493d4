package server

import (
	"net/http"
	"net/url"
	"strconv"

	"damlam/internal/org"
	"damlam/internal/problem"
	"damlam/internal/sqlstore"
)

// accessPage shows administrators who signed in, failed to, issued or
// revoked tokens, changed passwords and signed others out in the units
// they administer, and lets them sign a person out everywhere.
func (s *Server) accessPage(w http.ResponseWriter, r *http.Request, me *org.Person) {
	v := s.newView(r, "admin", "web.access.title")
	if n := r.URL.Query().Get("revoked"); n != "" {
		if k, err := strconv.Atoi(n); err == nil {
			v.Notice = v.T("web.access.signed_out", r.URL.Query().Get("person"), k)
		}
	}
	s.showAccess(w, r, http.StatusOK, v, me)
}

func (s *Server) showAccess(w http.ResponseWriter, r *http.Request, status int, v *view, me *org.Person) {
	events, err := s.store.AuthEvents(r.Context(), me, 200)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	v.Data = events
	s.render(w, r, status, "access", v)
}

func (s *Server) accessSignOutPost(w http.ResponseWriter, r *http.Request, me *org.Person) {
	r.ParseForm()
	id := r.PostForm.Get("person")
	n, err := s.store.SignOutEverywhere(r.Context(), me, s.clientAddr(r), id)
	if err != nil {
		if k := problem.KindOf(err); k != problem.NotFound {
			s.pageError(w, r, err)
			return
		}
		var f problem.Fields
		f.Add("person", "field.unknown_person", id)
		v := s.newView(r, "admin", "web.access.title")
		v.URL = &url.URL{Path: "/admin/access"}
		v.withProblem(f.Err(), "signout", r.PostForm)
		s.showAccess(w, r, http.StatusUnprocessableEntity, v, me)
		return
	}
	seeOther(w, r, "/admin/access?person="+url.QueryEscape(id)+"&revoked="+strconv.FormatInt(n, 10))
}

// accessInvitePost issues an invitation or a reset for a person from the
// page: mailed when a mail server is configured (the notice says to
// whom), else shown in the notice to pass on.
func (s *Server) accessInvitePost(w http.ResponseWriter, r *http.Request, me *org.Person) {
	r.ParseForm()
	id := r.PostForm.Get("person")
	kind, ttl := sqlstore.LinkInvite, inviteTTL
	if r.PostForm.Get("kind") == sqlstore.LinkReset {
		kind, ttl = sqlstore.LinkReset, resetTTL
	}
	v := s.newView(r, "admin", "web.access.title")
	v.URL = &url.URL{Path: "/admin/access"}
	res, err := s.issueLink(r, me, id, kind, ttl)
	if err != nil {
		if problem.KindOf(err) != problem.NotFound {
			s.pageError(w, r, err)
			return
		}
		var f problem.Fields
		f.Add("person", "field.unknown_person", id)
		v.withProblem(f.Err(), "invite", r.PostForm)
		s.showAccess(w, r, http.StatusUnprocessableEntity, v, me)
		return
	}
	if res.URL != "" {
		v.Notice = v.T("web.access.invite_shown", res.Name, res.URL)
	} else {
		v.Notice = v.T("web.access.invite_sent", res.SentTo)
	}
	s.showAccess(w, r, http.StatusOK, v, me)
}
