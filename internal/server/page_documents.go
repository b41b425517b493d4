package server

import (
	"net/http"

	"damlam/internal/org"
	"damlam/internal/sqlstore"
)

// documentPageRoutes are the pages of official documents: a document's
// PDF from the case page's "Văn bản" section, and a unit's register.
func (s *Server) documentPageRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /proposals/{id}/documents/{number}", s.signedInDownload(s.documentDownload))
	mux.HandleFunc("GET /units/{id}/documents", s.signedIn(s.registerPage))
}

func (s *Server) documentDownload(w http.ResponseWriter, r *http.Request, me *org.Person) {
	s.sendDocument(w, r, me, func(err error) { s.pageError(w, r, err) })
}

// caseDocuments are the documents the case page lists; a failure to read
// them leaves the section empty rather than the page unreadable.
func (s *Server) caseDocuments(r *http.Request, me *org.Person, id string) []sqlstore.OfficialDocument {
	docs, err := s.store.CaseDocuments(r.Context(), me, id)
	if err != nil {
		s.log.Error("case documents", "proposal", id, "err", err)
		return nil
	}
	return docs
}

// registerData is a unit's register for a year.
type registerData struct {
	Unit  string
	Name  string
	Year  int
	Q     string
	Years []int
	Docs  []sqlstore.OfficialDocument
}

func (s *Server) registerPage(w http.ResponseWriter, r *http.Request, me *org.Person) {
	q, err := s.registerQuery(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	docs, err := s.store.Register(r.Context(), me, q)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	u, err := s.store.Unit(r.Context(), q.Unit)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	v := s.newView(r, "", "web.register.title", u.Name, q.Year)
	d := &registerData{Unit: q.Unit, Name: u.Name, Year: q.Year, Q: q.Text, Docs: docs}
	this := s.store.Now().Year()
	for y := this; y >= this-5; y-- {
		d.Years = append(d.Years, y)
	}
	v.Data = d
	s.render(w, r, http.StatusOK, "register", v)
}
