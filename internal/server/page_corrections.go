package server

import (
	"net/http"

	"damlam/internal/org"
	"damlam/internal/sqlstore"
)

// correctionsData is the inspectors' follow-up of the violations their
// inspections found: open, overdue, corrected or all, soonest deadline
// first, every date and count already in the reader's words.
type correctionsData struct {
	Status   string
	Statuses []string
	Items    []correctionLine
}

// correctionLine is one violation of the list.
type correctionLine struct {
	ProposalID, Title, Unit, Ref     string
	Description, CorrectiveAction    string
	Deadline, Left, Corrected, Escal string
	Overdue                          bool
}

// correctionStatus is the list's status from the query, open by default.
func correctionStatus(r *http.Request) string {
	if st := r.URL.Query().Get("status"); st != "" {
		return st
	}
	return sqlstore.CorrectionsOpen
}

func (s *Server) correctionsPage(w http.ResponseWriter, r *http.Request, me *org.Person) {
	v := s.newView(r, "inbox", "web.corrections.title")
	status := correctionStatus(r)
	items, err := s.store.Corrections(r.Context(), me, status)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	d := correctionsData{Status: status, Statuses: []string{sqlstore.CorrectionsOpen, sqlstore.CorrectionsOverdue, sqlstore.CorrectionsCorrected, sqlstore.CorrectionsAll}}
	for _, it := range items {
		l := correctionLine{ProposalID: it.ProposalID, Title: it.Title, Unit: it.UnitID,
			Ref:         v.T("web.corrections.ref", it.Violation.Inspection, it.Violation.Violation),
			Description: it.Description, CorrectiveAction: it.CorrectiveAction,
			Deadline: v.Day(it.Deadline), Overdue: it.Overdue}
		if it.CorrectedAt != "" {
			l.Corrected = v.T("web.corrections.corrected_on", v.Stamp(it.CorrectedAt))
		} else {
			l.Left = v.Left(it.WorkingDaysLeft, it.Overdue)
		}
		if it.EscalatedAt != "" {
			l.Escal = v.T("web.corrections.escalated", v.Stamp(it.EscalatedAt))
		}
		d.Items = append(d.Items, l)
	}
	v.Data = d
	s.render(w, r, http.StatusOK, "corrections", v)
}

func (s *Server) apiCorrections(w http.ResponseWriter, r *http.Request, actor *org.Person) {
	items, err := s.store.Corrections(r.Context(), actor, correctionStatus(r))
	reply(w, r, http.StatusOK, items, err)
}
