package server

import (
	"net/http"
	"net/url"
	"strconv"

	"damlam/internal/i18n"
	"damlam/internal/org"
	"damlam/internal/problem"
	"damlam/internal/sqlstore"
)

// documentRoutes are the official documents' endpoints: a case's
// documents, one as its PDF, and a unit's register.
func (s *Server) documentRoutes() []apiRoute {
	return []apiRoute{
		{method: "GET", path: "/api/v1/proposals/{id}/documents", summary: "The official documents a case issued (Decree 30/2020), numbered in their units' registers", tag: "documents", out: []sqlstore.OfficialDocument{}, handler: s.authed(s.apiCaseDocuments)},
		{method: "GET", path: "/api/v1/proposals/{id}/documents/{number}", summary: "One official document as its PDF: by number (12), reference (12/QĐ-UBND, escaped) or UNIT-YEAR-NUMBER", tag: "documents", handler: s.authed(s.apiCaseDocument)},
		{method: "GET", path: "/api/v1/units/{id}/documents", summary: "A unit's document register for a year, newest first", tag: "documents", out: []sqlstore.OfficialDocument{},
			query: []queryParam{{"year", "calendar year (default: this year)"}, {"q", "words of the subject or the case id, without diacritics"}}, handler: s.authed(s.apiRegister)},
	}
}

func (s *Server) apiCaseDocuments(w http.ResponseWriter, r *http.Request, actor *org.Person) {
	docs, err := s.store.CaseDocuments(r.Context(), actor, r.PathValue("id"))
	if err != nil {
		writeProblem(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, docs)
}

func (s *Server) apiCaseDocument(w http.ResponseWriter, r *http.Request, actor *org.Person) {
	s.sendDocument(w, r, actor, func(err error) { writeProblem(w, r, err) })
}

// sendDocument answers a document's PDF, named by its reference, with its
// digest in a header so that a client can check it against the log.
func (s *Server) sendDocument(w http.ResponseWriter, r *http.Request, actor *org.Person, fail func(error)) {
	d, pdf, err := s.store.CaseDocument(r.Context(), actor, r.PathValue("id"), r.PathValue("number"))
	if err != nil {
		fail(err)
		return
	}
	name := documentFileName(d)
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="`+safeName(name)+`"; filename*=UTF-8''`+url.PathEscape(name))
	w.Header().Set("Digest-SHA256", d.SHA256)
	w.Header().Set("Content-Length", strconv.Itoa(len(pdf)))
	w.Write(pdf)
}

// documentFileName is "DX-2026-000001_12-QĐ-UBND.pdf".
func documentFileName(d sqlstore.OfficialDocument) string {
	return d.Case + "_" + strconv.Itoa(d.Number) + "-" + d.Symbol + ".pdf"
}

func (s *Server) apiRegister(w http.ResponseWriter, r *http.Request, actor *org.Person) {
	q, err := s.registerQuery(r)
	if err != nil {
		writeProblem(w, r, err)
		return
	}
	docs, err := s.store.Register(r.Context(), actor, q)
	if err != nil {
		writeProblem(w, r, err)
		return
	}
	setTotal(w, len(docs)) // a year's register is one page
	writeJSON(w, http.StatusOK, docs)
}

// registerQuery reads ?year= and ?q= for unit {id}.
func (s *Server) registerQuery(r *http.Request) (sqlstore.RegisterQuery, error) {
	q := sqlstore.RegisterQuery{Unit: r.PathValue("id"), Year: s.store.Now().In(i18n.VietnamZone).Year(), Text: r.URL.Query().Get("q")}
	if y := r.URL.Query().Get("year"); y != "" {
		n, err := strconv.Atoi(y)
		if err != nil || n < 2000 || n > 2200 {
			var f problem.Fields
			f.Add("year", "field.bad_year")
			return q, f.Err()
		}
		q.Year = n
	}
	return q, nil
}
