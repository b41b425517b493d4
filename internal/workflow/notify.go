package workflow

import (
	"damlam/internal/calendar"
	"damlam/internal/i18n"
)

// Audience is a group of people an event concerns, named relative to the
// case; the store resolves each to people through the organisation's
// tables as they stand when the event is written.
type Audience string

const (
	ToProposer     Audience = "proposer"        // the cadre who wrote it
	ToImplementers Audience = "implementers"    // the named implementers
	ToHead         Audience = "head"            // head of the deciding unit
	ToMembers      Audience = "members"         // the collective convened (seated head and deputies if none was), less recused members
	ToParty        Audience = "party_committee" // the deciding unit's Party committee
	ToSuperior     Audience = "superior_head"   // heads of the unit above the deciding unit
	ToInspectors   Audience = "inspectors"      // inspection over the proposal's unit
	ToReward       Audience = "reward_officers" // emulation and reward over either unit
)

// Page is where a notice leads: the page on which its reader takes the
// next step ("" is the case's own page).
type Page string

const (
	PageCase       Page = ""
	PageEdit       Page = "edit"
	PageMeeting    Page = "meeting"
	PagePilot      Page = "pilot"
	PageEvaluation Page = "evaluation"
)

// Notice says who is told of an event, in which words, and how: Key names
// the message (catalogue "notify.<Key>", formatted with the case's number,
// its title and its due date); Urgent notices are mailed to everyone, even
// to those who asked for a digest or for no mail.
type Notice struct {
	To     []Audience
	Key    string
	Urgent bool
	Page   Page
}

// Link is the path of the page n leads to for case id.
func (n Notice) Link(id string) string {
	if n.Page == PageCase {
		return "/proposals/" + id
	}
	return "/proposals/" + id + "/" + string(n.Page)
}

// Message is the notice's text for case id with its title and due date
// (dd/mm/yyyy, "" if none).
func NoticeMessage(key, id, title, due string) i18n.Message {
	return i18n.T("notify."+key, id, title, due)
}

func to(a ...Audience) []Audience { return a }

// Notices is the table of who is told what, beside the transition table:
// one row per event type the table writes. A ballot tells nobody: it is
// the member's own act, and the round's result reaches the proposer with
// the decision.
var Notices = map[string]Notice{
	"proposal.submitted":              {to(ToHead), "submitted", false, PageCase},
	"proposal.withdrawn":              {to(ToHead), "withdrawn", false, PageCase},
	"proposal.convened":               {to(ToParty, ToProposer), "convened", false, PageCase},
	"party.opinion_before_approval":   {to(ToMembers), "vote_open", true, PageMeeting},
	"collective.vote":                 {nil, "vote_cast", false, PageMeeting},
	"proposal.approved":               {to(ToProposer, ToImplementers), "approved", false, PagePilot},
	"proposal.approved_pilot":         {to(ToProposer, ToImplementers, ToInspectors), "approved_pilot", false, PagePilot},
	"proposal.approved_override":      {to(ToProposer, ToImplementers, ToSuperior, ToInspectors), "approved_override", false, PagePilot},
	"proposal.returned":               {to(ToProposer), "returned", false, PageEdit},
	"proposal.rejected":               {to(ToProposer), "rejected", false, PageCase},
	"pilot.resources_allocated":       {to(ToProposer, ToImplementers), "resources_allocated", false, PagePilot},
	"pilot.progress_reported":         {to(ToHead), "progress_reported", false, PagePilot},
	"pilot.obstacle_raised":           {to(ToHead), "obstacle_raised", false, PagePilot},
	"pilot.obstacle_resolved":         {to(ToProposer, ToImplementers), "obstacle_resolved", false, PagePilot},
	"pilot.inspected":                 {to(ToProposer, ToImplementers, ToHead), "inspected", true, PagePilot},
	"pilot.violation_corrected":       {to(ToInspectors, ToHead), "violation_corrected", false, PagePilot},
	"pilot.adjusted":                  {to(ToProposer, ToImplementers, ToInspectors), "adjusted", false, PagePilot},
	"pilot.suspended":                 {to(ToProposer, ToImplementers), "suspended", true, PagePilot},
	"pilot.resumed":                   {to(ToProposer, ToImplementers), "resumed", false, PagePilot},
	"pilot.stopped":                   {to(ToProposer, ToImplementers, ToInspectors), "stopped", true, PagePilot},
	"pilot.completion_reported":       {to(ToHead, ToParty), "completion_reported", false, PageCase},
	"party.opinion_before_evaluation": {to(ToHead), "evaluation_open", false, PageEvaluation},
	"proposal.evaluated":              {to(ToProposer, ToImplementers), "evaluated", false, PageEvaluation},
	"protection.determined":           {to(ToProposer, ToImplementers, ToReward, ToInspectors), "protection_determined", false, PageEvaluation},
	"protection.liability_recorded":   {to(ToProposer), "liability_recorded", false, PageEvaluation},
	"proposal.rewarded":               {to(ToProposer, ToImplementers), "rewarded", false, PageCase},
	"proposal.replicated":             {to(ToProposer), "replicated", false, PageCase},
	"proposal.institutionalised":      {to(ToProposer), "institutionalised", false, PageCase},
	"proposal.closed":                 {to(ToProposer), "closed", false, PageCase},
	"deadline.escalated":              {to(ToSuperior), "escalation", true, PageCase},
	"violation.escalated":             {to(ToSuperior, ToHead, ToProposer, ToImplementers), "correction_escalation", true, PagePilot},
}

// StopNotice tells the head that a report crossed a stop condition of the
// approved scope: the head decides whether to suspend or stop.
var StopNotice = Notice{To: to(ToHead), Key: "stop_crossed", Urgent: true, Page: PagePilot}

// ProposerKeys are the proposer's own messages for events whose notice
// asks someone else for a step: the proposer is only told where the case
// stands.
var ProposerKeys = map[string]string{
	"proposal.convened": "convened_proposer",
}

// NoticeOf returns the notice for an event type.
func NoticeOf(eventType string) (Notice, bool) {
	n, ok := Notices[eventType]
	return n, ok
}

// Reminder kinds: two working days before a due date, and on the day.
const (
	RemindBefore = "before"
	RemindDueDay = "due_day"
)

// DefaultReminderDays is how many working days before a due date the
// first reminder goes out unless a deployment says otherwise (the second
// goes on the day itself).
const DefaultReminderDays = 2

// waitingOn maps who takes a waiting state's next step to whom a reminder
// goes.
var waitingOn = map[Who]Audience{
	WhoHead: ToHead, WhoMember: ToMembers, WhoParty: ToParty, WhoImplementer: ToImplementers,
	WhoInspector: ToInspectors, WhoReward: ToReward,
}

// WaitingOn lists whom a case in state s waits on: the people who take
// the steps that move it on, read from the transition table (withdrawal,
// a ballot and the system's own steps aside; implementers include the
// proposer; a vote waits on the members' ballots). Reminders go to them.
func WaitingOn(s State) []Audience {
	seen := map[Audience]bool{}
	var out []Audience
	for _, t := range ActionsFrom(s) {
		if (t.To == t.From && t.Action != CastVote) || t.Action == Withdraw {
			continue
		}
		a, ok := waitingOn[t.Who]
		if !ok || seen[a] {
			continue
		}
		seen[a] = true
		out = append(out, a)
		if a == ToImplementers && !seen[ToProposer] {
			seen[ToProposer] = true
			out = append(out, ToProposer)
		}
	}
	return out
}

// ReminderDue says which reminder a case due on due is owed on day today:
// RemindDueDay on the day itself, RemindBefore from days working
// days before it until the day before (so a reminder missed while the
// server was down still goes out), "" otherwise. Each is sent once per
// waiting spell; the store keeps the key.
func ReminderDue(cal *calendar.Calendar, today, due calendar.Date, days int) string {
	switch {
	case due.IsZero() || due.Before(today):
		return ""
	case due == today:
		return RemindDueDay
	case cal.WorkingDaysBetween(today, due) <= days:
		return RemindBefore
	}
	return ""
}

// ReminderWindow is the last due date a reminder may be owed for on today,
// with the first reminder days working days before it.
func ReminderWindow(cal *calendar.Calendar, today calendar.Date, days int) calendar.Date {
	return cal.AddWorkingDays(today, days)
}
