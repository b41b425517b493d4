package server

import (
	"net/http"

	"damlam/internal/org"
	"damlam/internal/sqlstore"
)

// People change posts and roles without becoming new people; these
// endpoints give and take them, each checked against the caller's
// administration of the unit.

func (s *Server) personAfter(w http.ResponseWriter, r *http.Request, err error) {
	if err != nil {
		writeProblem(w, r, err)
		return
	}
	p, err := s.store.Person(r.Context(), r.PathValue("id"))
	reply(w, r, http.StatusOK, p, err)
}

func (s *Server) apiAddSeat(w http.ResponseWriter, r *http.Request, actor *org.Person) {
	var in sqlstore.SeatInput
	if err := decodeJSON(r, &in); err != nil {
		writeProblem(w, r, err)
		return
	}
	s.personAfter(w, r,
		s.cases.Give(s.fromHere(r), actor, r.PathValue("id"), &in, nil))
}

func (s *Server) apiRemoveSeat(w http.ResponseWriter, r *http.Request, actor *org.Person) {
	s.personAfter(w, r,
		s.cases.RemoveSeat(s.fromHere(r), actor, r.PathValue("id"), r.PathValue("unit")))
}

func (s *Server) apiAddGrant(w http.ResponseWriter, r *http.Request, actor *org.Person) {
	var in sqlstore.GrantInput
	if err := decodeJSON(r, &in); err != nil {
		writeProblem(w, r, err)
		return
	}
	s.personAfter(w, r,
		s.cases.Give(s.fromHere(r), actor, r.PathValue("id"), nil, &in))
}

func (s *Server) apiRemoveGrant(w http.ResponseWriter, r *http.Request, actor *org.Person) {
	s.personAfter(w, r,
		s.cases.RemoveGrant(s.fromHere(r), actor, r.PathValue("id"), org.Role(r.PathValue("role")), r.PathValue("unit")))
}
