package server

import (
	"net/http"
	"time"

	"damlam/internal/org"
	"damlam/internal/sqlstore"
	"damlam/internal/workflow"
)

// meetingData is the collective meeting: who sat, who was recused, each
// ballot, the tie-break, the outcome, and the head's written decision. It
// prints as minutes in the layout of Decree 30/2020.
type meetingData struct {
	*proposalData
	Convened     *sqlstore.EventView
	PartyOpinion *opinionLine
	Minutes      *workflow.Minutes
	Votes        []voteLine
	Decision     *decisionLine
	Date         time.Time
}

type opinionLine struct {
	sqlstore.EventView
	In workflow.PartyOpinionInput
}

type voteLine struct {
	workflow.MemberVote
	Comment string
	At      time.Time
	Index   int64
	Seq     int
}

// decisionLine is what ended the meeting: an approval, the head's written
// override, a return or a rejection.
type decisionLine struct {
	sqlstore.EventView
	DocumentNumber string
	Text           string
	Pilot          bool
	Override       bool
	Minutes        *workflow.Minutes
}

func (s *Server) meetingPage(w http.ResponseWriter, r *http.Request, me *org.Person) {
	p, ok := s.loadCase(w, r, me)
	if !ok {
		return
	}
	v := s.newView(r, "", "web.tab.meeting")
	v.Title = s.caseTitle(v, "web.tab.meeting", p)
	s.showMeeting(w, r, http.StatusOK, v, p)
}

func (s *Server) caseTitle(v *view, key string, p *sqlstore.ProposalView) string {
	return v.T(key) + " — " + p.Title + " (" + p.ID + ")"
}

func (s *Server) showMeeting(w http.ResponseWriter, r *http.Request, status int, v *view, p *sqlstore.ProposalView) {
	d := &meetingData{proposalData: s.proposalData(r, v, p, "meeting", workflow.StageMeeting), Minutes: p.Minutes}
	if ev, ok := lastEvent(p, "proposal.convened"); ok {
		d.Convened = &ev
		d.Date = ev.At
	}
	if ev, ok := lastEvent(p, "party.opinion_before_approval"); ok {
		d.PartyOpinion = &opinionLine{ev, input[workflow.PartyOpinionInput](ev)}
	}
	// The latest ballot of each member in the current round, with its comment.
	last := map[string]sqlstore.EventView{}
	for _, ev := range eventsOf(p, "collective.vote") {
		if d.Convened == nil || ev.Seq > d.Convened.Seq {
			last[ev.Actor.ID] = ev
		}
	}
	if p.Minutes != nil {
		for _, m := range p.Minutes.Members {
			line := voteLine{MemberVote: m}
			if ev, ok := last[m.PersonID]; ok {
				line.Comment = input[workflow.VoteInput](ev).Comment
				line.At, line.Index, line.Seq = ev.At, ev.LogIndex, ev.Seq
			}
			d.Votes = append(d.Votes, line)
		}
	}
	for i := len(p.History) - 1; i >= 0; i-- {
		ev := p.History[i]
		var dl *decisionLine
		switch ev.Type {
		case "proposal.approved", "proposal.approved_pilot":
			in := input[workflow.ApproveInput](ev)
			dl = &decisionLine{EventView: ev, DocumentNumber: in.DocumentNumber, Text: in.Note, Pilot: ev.Type == "proposal.approved_pilot"}
		case "proposal.approved_override":
			in := input[workflow.OverrideInput](ev)
			dl = &decisionLine{EventView: ev, DocumentNumber: in.DocumentNumber, Text: in.Justification, Pilot: in.Pilot, Override: true}
		case "proposal.returned", "proposal.rejected":
			dl = &decisionLine{EventView: ev, Text: input[workflow.ReasonRequiredInput](ev).Reason}
		}
		if dl != nil {
			dl.Minutes = details[struct {
				Minutes *workflow.Minutes `json:"minutes"`
			}](ev).Minutes
			d.Decision = dl
			d.Date = ev.At
			break
		}
	}
	v.Data = d
	s.render(w, r, status, "meeting", v)
}
