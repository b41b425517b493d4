package server

import (
	"net/http"
	"net/url"
	"strconv"

	"damlam/internal/org"
	"damlam/internal/problem"
	"damlam/internal/sqlstore"
)

// adminData is the administration page: the organisation tree, the people
// with their positions and roles, and the forms that change them.
type adminData struct {
	Unit      string
	Units     []adminUnit
	UnitOpts  []option
	People    []sqlstore.DirectoryEntry
	Kinds     []option
	Positions []option
	Roles     []option
}

type adminUnit struct {
	org.Unit
	Depth int
}

// adminRoots are the unit paths the reader administers.
func adminRoots(me *org.Person) []string {
	var out []string
	for _, g := range me.Grants {
		if g.Role == org.Admin {
			out = append(out, g.UnitPath)
		}
	}
	return out
}

func (s *Server) adminPage(w http.ResponseWriter, r *http.Request, me *org.Person) {
	v := s.newView(r, "admin", "web.admin.title")
	s.showAdmin(w, r, http.StatusOK, v, me)
}

func (s *Server) showAdmin(w http.ResponseWriter, r *http.Request, status int, v *view, me *org.Person) {
	roots := adminRoots(me)
	if len(roots) == 0 {
		if hasRole(me, org.Secretariat) {
			seeOther(w, r, "/admin/calendar")
			return
		}
		s.pageError(w, r, problem.New(problem.Forbidden, "forbidden"))
		return
	}
	d := adminData{Unit: r.URL.Query().Get("unit")}
	if q := r.URL.Query(); q.Get("done") == "import" {
		n, _ := strconv.Atoi(q.Get("imported"))
		v.Notice = v.T("web.import.done", n)
	}
	for _, root := range roots {
		units, err := s.store.Units(r.Context(), root)
		if err != nil {
			s.pageError(w, r, err)
			return
		}
		for _, u := range units {
			d.Units = append(d.Units, adminUnit{u, depthOf(u.Path) - 2})
			d.UnitOpts = append(d.UnitOpts, option{u.ID, indent(depthOf(u.Path)-2) + u.Name})
		}
	}
	under := roots[0]
	if d.Unit != "" {
		if u, err := s.store.Unit(r.Context(), d.Unit); err == nil && me.Has(org.Admin, u.Path) {
			under = u.Path
		}
	}
	people, err := s.store.Directory(r.Context(), under, 300)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	d.People = people
	for _, k := range org.UnitKinds {
		d.Kinds = append(d.Kinds, option{k, v.T("web.kind." + k)})
	}
	d.Positions = opts(v, "web.position.", "head", "deputy", "staff")
	for _, r := range org.Roles {
		d.Roles = append(d.Roles, option{string(r), v.T("web.role." + string(r))})
	}
	v.Data = d
	s.render(w, r, status, "admin", v)
}

// adminRefused shows the administration page again with the form's errors.
func (s *Server) adminRefused(w http.ResponseWriter, r *http.Request, me *org.Person, form string, err error) {
	switch problem.KindOf(err) {
	case problem.Invalid, problem.Conflict:
	default:
		s.pageError(w, r, err)
		return
	}
	v := s.newView(r, "admin", "web.admin.title")
	v.withProblem(err, form, r.PostForm)
	v.URL = &url.URL{Path: "/admin"}
	s.showAdmin(w, r, statusOf(problem.KindOf(err)), v, me)
}

func (s *Server) adminUnitPost(w http.ResponseWriter, r *http.Request, me *org.Person) {
	r.ParseForm()
	in := sqlstore.UnitInput{ID: r.PostForm.Get("id"), ParentID: r.PostForm.Get("parent_id"), Name: r.PostForm.Get("name"),
		Kind: r.PostForm.Get("kind"), PartyCommittee: r.PostForm.Get("party_committee")}
	if in.ParentID == "" {
		// Roots come from the command line only; say so beside the field.
		var f problem.Fields
		f.Add("parent_id", "field.required")
		s.adminRefused(w, r, me, "unit", f.Err())
		return
	}
	if _, err := s.cases.CreateUnit(r.Context(), me, in); err != nil {
		s.adminRefused(w, r, me, "unit", err)
		return
	}
	seeOther(w, r, "/admin?unit="+url.QueryEscape(in.ID)+"&done=unit")
}

func (s *Server) adminPersonPost(w http.ResponseWriter, r *http.Request, me *org.Person) {
	r.ParseForm()
	f := r.PostForm
	in := sqlstore.PersonInput{ID: f.Get("id"), Name: f.Get("name"), Email: f.Get("email"), Password: f.Get("password")}
	if unit := f.Get("seats[0].unit_id"); unit != "" {
		in.Seats = []sqlstore.SeatInput{{UnitID: unit, Position: org.Position(f.Get("seats[0].position"))}}
		for _, role := range f["roles"] {
			in.Grants = append(in.Grants, sqlstore.GrantInput{Role: org.Role(role), UnitID: unit})
		}
	}
	if _, err := s.cases.CreatePerson(r.Context(), me, in); err != nil {
		s.adminRefused(w, r, me, "person", err)
		return
	}
	seeOther(w, r, "/admin?unit="+url.QueryEscape(f.Get("seats[0].unit_id"))+"&done=person")
}

func (s *Server) adminGrantPost(w http.ResponseWriter, r *http.Request, me *org.Person) {
	r.ParseForm()
	f := r.PostForm
	var seat *sqlstore.SeatInput
	var grant *sqlstore.GrantInput
	switch what := f.Get("role"); {
	case what == "head" || what == "deputy" || what == "staff":
		seat = &sqlstore.SeatInput{UnitID: f.Get("unit_id"), Position: org.Position(what)}
	case what != "":
		grant = &sqlstore.GrantInput{UnitID: f.Get("unit_id"), Role: org.Role(what)}
	}
	if err := s.cases.Give(s.fromHere(r), me, f.Get("person_id"), seat, grant); err != nil {
		s.adminRefused(w, r, me, "grant", err)
		return
	}
	seeOther(w, r, "/admin?unit="+url.QueryEscape(f.Get("unit_id"))+"&done=grant")
}

// adminRevokePost removes a post or a role shown in the people table.
func (s *Server) adminRevokePost(w http.ResponseWriter, r *http.Request, me *org.Person) {
	r.ParseForm()
	f := r.PostForm
	var err error
	switch what := f.Get("role"); what {
	case "head", "deputy", "staff":
		err = s.cases.RemoveSeat(s.fromHere(r), me, f.Get("person_id"), f.Get("unit_id"))
	default:
		err = s.cases.RemoveGrant(s.fromHere(r), me, f.Get("person_id"), org.Role(what), f.Get("unit_id"))
	}
	if err != nil {
		s.adminRefused(w, r, me, "grant", err)
		return
	}
	seeOther(w, r, "/admin?unit="+url.QueryEscape(f.Get("unit_id"))+"&done=grant")
}
