package server

import (
	"net/http"
	"net/url"

	"damlam/internal/org"
	"damlam/internal/problem"
	"damlam/internal/sqlstore"
)

// identitiesData is the page that links provider accounts to people.
type identitiesData struct {
	// Issuer is the configured provider's ("": none; links can then be
	// listed and removed, not added).
	Issuer string
	Links  []sqlstore.IdentityLinkRow
}

// identitiesPage lists the provider accounts linked to the people the
// administrator manages, with a form to link one and a button to remove
// each: what PUT /api/v1/people/{id}/identity does, checked the same way.
func (s *Server) identitiesPage(w http.ResponseWriter, r *http.Request, me *org.Person) {
	v := s.newView(r, "admin", "web.identities.title")
	switch r.URL.Query().Get("done") {
	case "added":
		v.Notice = v.T("web.identities.added")
	case "removed":
		v.Notice = v.T("web.identities.removed")
	}
	s.showIdentities(w, r, http.StatusOK, v, me)
}

func (s *Server) showIdentities(w http.ResponseWriter, r *http.Request, status int, v *view, me *org.Person) {
	links, err := s.store.IdentityLinks(r.Context(), me)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	d := identitiesData{Links: links}
	if s.rp != nil {
		d.Issuer = s.rp.cfg.Issuer
	}
	v.Data = d
	s.render(w, r, status, "identities", v)
}

func (s *Server) identitiesAddPost(w http.ResponseWriter, r *http.Request, me *org.Person) {
	r.ParseForm()
	if s.rp == nil {
		s.pageError(w, r, problem.New(problem.NotFound, "oidc_off"))
		return
	}
	id := r.PostForm.Get("person_id")
	err := s.store.LinkIdentity(r.Context(), me, s.clientAddr(r), s.rp.cfg.Issuer, r.PostForm.Get("subject"), id)
	if problem.KindOf(err) == problem.NotFound {
		var f problem.Fields
		f.Add("person_id", "field.unknown_person", id)
		err = f.Err()
	}
	if err != nil {
		if problem.KindOf(err) != problem.Invalid {
			s.pageError(w, r, err)
			return
		}
		v := s.newView(r, "admin", "web.identities.title")
		v.URL = &url.URL{Path: "/admin/identities"}
		v.withProblem(err, "link", r.PostForm)
		s.showIdentities(w, r, http.StatusUnprocessableEntity, v, me)
		return
	}
	seeOther(w, r, "/admin/identities?done=added")
}

func (s *Server) identitiesRemovePost(w http.ResponseWriter, r *http.Request, me *org.Person) {
	r.ParseForm()
	if err := s.store.UnlinkIdentity(r.Context(), me, s.clientAddr(r), r.PostForm.Get("issuer"), r.PostForm.Get("subject")); err != nil {
		s.pageError(w, r, err)
		return
	}
	seeOther(w, r, "/admin/identities?done=removed")
}
