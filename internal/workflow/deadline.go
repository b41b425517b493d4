package workflow

import (
	"time"

	"damlam/internal/calendar"
)

// Anchor is the moment a deadline counts from.
type Anchor string

const (
	FromSubmission Anchor = "submission"          // the day the head received the proposal
	FromEntry      Anchor = "entry"               // the day the case entered the waiting state
	FromPilotEnd   Anchor = "pilot_end"           // the approved scope's end date
	FromCompletion Anchor = "completion_reported" // the day the completion report arrived
)

// DeadlineRule says how many working days a waiting state allows.
type DeadlineRule struct {
	Days  int    `json:"working_days"`
	From  Anchor `json:"from"`
	Basis string `json:"basis"`
}

// Deadlines gives each waiting state its rule. The law's limits are 7
// working days to decide, 5 to report completion, 7 to evaluate; the others
// are our design, so that no step can sit unnoticed.
var Deadlines = map[State]DeadlineRule{
	Submitted:          {7, FromSubmission, "NĐ 73/2023 Điều 7: 7 ngày làm việc"},
	PartyOpinion:       {7, FromSubmission, "NĐ 73/2023 Điều 7: 7 ngày làm việc"},
	CollectiveReview:   {7, FromSubmission, "NĐ 73/2023 Điều 7: 7 ngày làm việc"},
	Approved:           {7, FromEntry, "thiết kế: bố trí nguồn lực"},
	ApprovedByOverride: {7, FromEntry, "thiết kế: bố trí nguồn lực"},
	InImplementation:   {5, FromPilotEnd, "NĐ 73/2023: báo cáo trong 5 ngày làm việc sau khi kết thúc"},
	Adjusted:           {5, FromPilotEnd, "NĐ 73/2023: báo cáo trong 5 ngày làm việc sau khi kết thúc"},
	Stopped:            {5, FromEntry, "NĐ 73/2023: báo cáo trong 5 ngày làm việc sau khi kết thúc"},
	CompletionReported: {7, FromCompletion, "NĐ 73/2023 Điều 11: 7 ngày làm việc"},
	Evaluation:         {7, FromCompletion, "NĐ 73/2023 Điều 11: 7 ngày làm việc"},
	Evaluated:          {7, FromEntry, "thiết kế: xác định việc bảo vệ"},
}

// Anchors are the dates a case's deadlines count from; zero values are unknown.
type Anchors struct {
	Submitted, Entered, PilotEnd, CompletionReported calendar.Date
}

// DueDate returns the due date for a case in state s, and false when the
// state waits on nobody (or the anchor is not known yet).
func DueDate(cal *calendar.Calendar, s State, a Anchors) (calendar.Date, bool) {
	return DueDateUnder(cal, nil, s, a)
}

// DueDateUnder is DueDate under a case's rule set (nil: the national one).
func DueDateUnder(cal *calendar.Calendar, rs *RuleSet, s State, a Anchors) (calendar.Date, bool) {
	rule, ok := rs.Rule(s)
	if !ok {
		return calendar.Date{}, false
	}
	var from calendar.Date
	switch rule.From {
	case FromSubmission:
		from = a.Submitted
	case FromEntry:
		from = a.Entered
	case FromPilotEnd:
		from = a.PilotEnd
	case FromCompletion:
		from = a.CompletionReported
	}
	if from.IsZero() {
		return calendar.Date{}, false
	}
	return cal.AddWorkingDays(from, rule.Days), true
}

// Overdue reports whether a due date has passed on day now.
func Overdue(due calendar.Date, now time.Time) bool {
	return !due.IsZero() && due.Before(calendar.DateOf(now))
}
