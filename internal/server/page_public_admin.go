package server

import (
	"net/http"
	"net/url"

	"damlam/internal/org"
	"damlam/internal/problem"
)

// The administrator's side of the public page: for each unit they
// administer, whether it publishes its approved pilots, and whether the
// proposers' names and the money are shown. Off until chosen.

func (s *Server) publicAdminRoutes(mux *http.ServeMux, post func(string, http.HandlerFunc)) {
	mux.HandleFunc("GET /admin/cong-khai", s.signedIn(s.publicAdminPage))
	post("/admin/cong-khai", s.signedIn(s.publicAdminPost))
}

// publicAdminData is the choice of one unit, with the units the reader may
// choose for.
type publicAdminData struct {
	Unit      string
	UnitName  string
	Units     []option
	Choice    org.Publication
	Published []option // units in the reader's scope that publish
}

func (s *Server) publicAdminPage(w http.ResponseWriter, r *http.Request, me *org.Person) {
	v := s.newView(r, "admin", "web.public.admin_title")
	if r.URL.Query().Get("done") != "" {
		v.Notice = v.T("web.public.admin_saved")
	}
	s.showPublicAdmin(w, r, http.StatusOK, v, me, r.URL.Query().Get("unit"))
}

func (s *Server) showPublicAdmin(w http.ResponseWriter, r *http.Request, status int, v *view, me *org.Person, unit string) {
	roots := adminRoots(me)
	if len(roots) == 0 {
		s.pageError(w, r, problem.New(problem.Forbidden, "forbidden"))
		return
	}
	d := publicAdminData{Unit: unit}
	inScope := map[string]string{}
	for _, root := range roots {
		units, err := s.store.Units(r.Context(), root)
		if err != nil {
			s.pageError(w, r, err)
			return
		}
		for _, u := range units {
			d.Units = append(d.Units, option{u.ID, indent(depthOf(u.Path)-2) + u.Name})
			inScope[u.ID] = u.Name
		}
	}
	if _, ok := inScope[d.Unit]; !ok && len(d.Units) > 0 {
		d.Unit = d.Units[0].Value
	}
	d.UnitName = inScope[d.Unit]
	choice, err := s.store.Publication(r.Context(), d.Unit)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	d.Choice = choice
	published, err := s.store.PublicUnits(r.Context())
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	for _, u := range published {
		if _, ok := inScope[u.ID]; ok {
			d.Published = append(d.Published, option{u.ID, u.Name})
		}
	}
	v.Data = d
	s.render(w, r, status, "public_admin", v)
}

func (s *Server) publicAdminPost(w http.ResponseWriter, r *http.Request, me *org.Person) {
	r.ParseForm()
	f := r.PostForm
	unit := f.Get("unit_id")
	in := org.PublicationInput{Published: f.Get("published") == "1", Names: f.Get("names") == "1", Money: f.Get("money") == "1"}
	if _, err := s.cases.SetPublication(r.Context(), me, unit, in); err != nil {
		if problem.KindOf(err) != problem.Invalid {
			s.pageError(w, r, err)
			return
		}
		v := s.newView(r, "admin", "web.public.admin_title")
		v.withProblem(err, "publication", f)
		v.URL = &url.URL{Path: "/admin/cong-khai"}
		s.showPublicAdmin(w, r, statusOf(problem.KindOf(err)), v, me, "")
		return
	}
	seeOther(w, r, "/admin/cong-khai?unit="+url.QueryEscape(unit)+"&done=1")
}

func (s *Server) apiPublication(w http.ResponseWriter, r *http.Request, actor *org.Person) {
	if err := org.Administrator(actor)(nil); err != nil {
		writeProblem(w, r, err)
		return
	}
	p, err := s.store.Publication(r.Context(), r.PathValue("id"))
	reply(w, r, http.StatusOK, p, err)
}

func (s *Server) apiSetPublication(w http.ResponseWriter, r *http.Request, actor *org.Person) {
	var in org.PublicationInput
	if err := decodeJSON(r, &in); err != nil {
		writeProblem(w, r, err)
		return
	}
	p, err := s.cases.SetPublication(r.Context(), actor, r.PathValue("id"), in)
	reply(w, r, http.StatusOK, p, err)
}
