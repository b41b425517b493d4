package server

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"damlam/internal/org"
	"damlam/internal/problem"
	"damlam/internal/sqlstore"
	"damlam/internal/workflow"
)

// tabs are the case's pages; an action form says which one it was on so
// that the reader comes back to it.
var tabs = map[string]string{"overview": "", "meeting": "/meeting", "pilot": "/pilot", "evaluation": "/evaluation"}

// showTab draws one of the case's pages again, with a refused form.
func (s *Server) showTab(w http.ResponseWriter, r *http.Request, status int, v *view, p *sqlstore.ProposalView, tab string) {
	v.Title = p.Title + " (" + p.ID + ")"
	switch tab {
	case "meeting":
		s.showMeeting(w, r, status, v, p)
	case "pilot":
		s.showPilot(w, r, status, v, p)
	case "evaluation":
		s.showEvaluation(w, r, status, v, p)
	default:
		s.showProposal(w, r, status, v, p)
	}
}

// actionPost takes one action of the lifecycle from a page's form, through
// the same service as the API. Refusals keep the API's order: a case the
// reader cannot see (404), an action not theirs (403), not now (409),
// fields at fault (422, shown beside the fields). Nothing is written
// unless the action succeeds.
func (s *Server) actionPost(w http.ResponseWriter, r *http.Request, me *org.Person) {
	id := r.PathValue("id")
	action := workflow.Action(r.PathValue("action"))
	if !workflow.Personal(action) {
		s.pageError(w, r, problem.New(problem.NotFound, "unknown_action", string(action)))
		return
	}
	if err := r.ParseForm(); err != nil {
		s.pageError(w, r, problem.New(problem.Malformed, "malformed_json", "form"))
		return
	}
	tab := r.PostForm.Get("back")
	if _, ok := tabs[tab]; !ok {
		tab = "overview"
	}
	in := workflow.NewInput(action)
	bindErr := bindForm(r.PostForm, in)
	if bindErr == nil {
		bindErr = s.unknownUnits(r, "scope", scopeOf(in))
	}
	if bindErr != nil {
		bindErr = withDomainErrors(bindErr, in.Validate)
		if err := s.cases.May(r.Context(), me, id, action); err != nil {
			s.refusedCase(w, r, me, id, tab, action, err)
			return
		}
		s.refusedCase(w, r, me, id, tab, action, bindErr)
		return
	}
	ctx := r.Context()
	claim := s.formClaim(r, me) // web_idempotency.go: a form sent twice is one step
	if claim != nil {
		ctx = sqlstore.WithClaim(ctx, claim)
		if seq, sent, err := s.formSent(r, claim); err != nil || sent {
			s.formAnswered(w, r, me, id, tab, action, seq, err)
			return
		}
	}
	res, err := s.cases.Do(ctx, me, id, action, in)
	if err != nil && claim != nil && claim.Taken() {
		seq, _, err := s.formSent(r, claim)
		s.formAnswered(w, r, me, id, tab, action, seq, err)
		return
	}
	if err != nil {
		s.refusedCase(w, r, me, id, tab, action, err)
		return
	}
	to := "/proposals/" + url.PathEscape(id) + tabs[tab] + "?done=" + strconv.Itoa(res.Event.Seq)
	seeOther(w, r, to)
}

// formAnswered answers a form sent again as its first sending was: the
// case's page after the step, or the refusal.
func (s *Server) formAnswered(w http.ResponseWriter, r *http.Request, me *org.Person, id, tab string, action workflow.Action, seq int, err error) {
	if err != nil {
		s.refusedCase(w, r, me, id, tab, action, err)
		return
	}
	seeOther(w, r, "/proposals/"+url.PathEscape(id)+tabs[tab]+"?done="+strconv.Itoa(seq))
}

// refusedCase answers a refusal on case id, reading the case again to draw
// the page when the refusal is the reader's to fix.
func (s *Server) refusedCase(w http.ResponseWriter, r *http.Request, me *org.Person, id, tab string, action workflow.Action, err error) {
	switch problem.KindOf(err) {
	case problem.Invalid, problem.Conflict:
		if p, perr := s.store.Proposal(r.Context(), me, id); perr == nil {
			s.refused(w, r, p, tab, action, err)
			return
		}
	}
	s.pageError(w, r, err)
}

func allowed(p *sqlstore.ProposalView, a workflow.Action) bool {
	return slices.ContainsFunc(p.AllowedActions, func(x sqlstore.ActionRef) bool { return x.Action == a })
}

// refused answers a refused action: forbidden and unknown as error pages,
// the rest as the page the form was on, with the message and the fields.
func (s *Server) refused(w http.ResponseWriter, r *http.Request, p *sqlstore.ProposalView, tab string, action workflow.Action, err error) {
	if err == nil {
		err = problem.New(problem.Internal, "internal")
	}
	switch problem.KindOf(err) {
	case problem.Forbidden, problem.NotFound, problem.Internal, problem.Unauthenticated:
		s.pageError(w, r, err)
		return
	}
	v := s.newView(r, "", "web.proposal.title", p.ID)
	v.withProblem(err, string(action), r.PostForm)
	// The language switch must lead to the page, not to the form's target.
	v.URL = &url.URL{Path: "/proposals/" + p.ID + tabs[tab]}
	s.showTab(w, r, statusOf(problem.KindOf(err)), v, p, tab)
}
