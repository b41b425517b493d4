package server

import (
	"net/http"
	"strconv"

	"damlam/internal/org"
	"damlam/internal/sqlstore"
	"damlam/internal/workflow"
)

// proposalData is the case page: where it stands, what is due, what the
// reader may do now, and everything that happened, each with its log index.
type proposalData struct {
	P        *sqlstore.ProposalView
	Tab      string
	Path     []pathStep
	Actions  []actionForm
	Timeline []timelineEntry
	// Older are the events before the recentHistory latest, drawn folded
	// so that a long case's page stays readable.
	Older    []timelineEntry
	Versions []versionDiff
	Deadline *workflow.DeadlineRule
	// Just is the event the reader just recorded, for the notice.
	Just *sqlstore.EventView
	// Documents are the case's official documents (page_documents.go).
	Documents []sqlstore.OfficialDocument
}

// recentHistory is how many of the latest events a case's page shows
// unfolded.
const recentHistory = 12

// timelineEntry is one event as the timeline draws it.
type timelineEntry struct {
	sqlstore.EventView
	Summary string
	Outside bool
}

// loadCase reads a case for the page's reader; it answers 404 for a case
// the reader may not see, like the API.
func (s *Server) loadCase(w http.ResponseWriter, r *http.Request, me *org.Person) (*sqlstore.ProposalView, bool) {
	p, err := s.store.Proposal(r.Context(), me, r.PathValue("id"))
	if err != nil {
		s.pageError(w, r, err)
		return nil, false
	}
	return p, true
}

// proposalData is what every tab of a case shows; the tab's forms are its
// stage's steps (all of them on the overview, stage 0).
func (s *Server) proposalData(r *http.Request, v *view, p *sqlstore.ProposalView, tab string, stage workflow.Stage) *proposalData {
	d := &proposalData{P: p, Tab: tab, Path: lifecyclePath(p)}
	var actx actionContext
	for _, a := range p.AllowedActions {
		if a.Action == workflow.Replicate {
			actx.Siblings = s.siblingUnits(r, p.UnitID)
		}
		if a.Action == workflow.Reward {
			actx.People, _ = s.store.PersonNames(r.Context(), p.Content.Implementers) // an unknown name shows its id
		}
	}
	d.Actions = actionForms(v, p, actx, stage)
	if rule, ok := p.Rules.Rule(p.State); ok && p.DueDate != "" { // the case's own set's limit

		d.Deadline = &rule
	}
	switch {
	case r.URL.Query().Get("saved") != "":
		v.Notice = v.T("web.notice.saved")
	case r.URL.Query().Get("adopted") != "":
		v.Notice = v.T("web.notice.adopted")
	}
	if seq, err := strconv.Atoi(r.URL.Query().Get("done")); err == nil {
		for i := range p.History {
			if p.History[i].Seq == seq {
				d.Just = &p.History[i]
				v.Notice = v.T("web.notice.recorded", v.M(p.History[i].Label), p.History[i].LogIndex)
			}
		}
	}
	return d
}

func (s *Server) proposalPage(w http.ResponseWriter, r *http.Request, me *org.Person) {
	p, ok := s.loadCase(w, r, me)
	if !ok {
		return
	}
	v := s.newView(r, "", "web.proposal.title", p.ID)
	v.Title = p.Title + " (" + p.ID + ")"
	s.showProposal(w, r, http.StatusOK, v, p)
}

func (s *Server) showProposal(w http.ResponseWriter, r *http.Request, status int, v *view, p *sqlstore.ProposalView) {
	d := s.proposalData(r, v, p, "overview", 0)
	for i := len(p.History) - 1; i >= 0; i-- {
		ev := p.History[i]
		e := timelineEntry{EventView: ev, Summary: eventSummary(ev, v.Lang), Outside: len(parsePayload(ev).Outside) > 0}
		if len(d.Timeline) < recentHistory {
			d.Timeline = append(d.Timeline, e)
		} else {
			d.Older = append(d.Older, e)
		}
	}
	d.Versions = versionDiffs(p.Versions, v.Lang)
	newest := 0
	for _, ver := range d.Versions {
		newest = max(newest, ver.Version)
	}
	for i := range d.Versions {
		d.Versions[i].Old = d.Versions[i].Version < newest
	}
	d.Documents = s.caseDocuments(r, v.Me, p.ID)
	v.Data = d
	s.render(w, r, status, "proposal", v)
}

// siblingUnits are the units beside unit (same parent): the usual
// candidates to replicate a model into.
func (s *Server) siblingUnits(r *http.Request, unitID string) []org.Unit {
	u, err := s.store.Unit(r.Context(), unitID)
	if err != nil || u.ParentID == "" {
		return nil
	}
	parent, err := s.store.Unit(r.Context(), u.ParentID)
	if err != nil {
		return nil
	}
	all, err := s.store.Units(r.Context(), parent.Path)
	if err != nil {
		return nil
	}
	var out []org.Unit
	for _, x := range all {
		if x.ParentID == parent.ID && x.ID != unitID {
			out = append(out, x)
		}
	}
	return out
}
