package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"

	"damlam/internal/calendar"
	"damlam/internal/org"
	"damlam/internal/problem"
	"damlam/internal/workflow"
)

// The statuses the inspectors' list of corrections filters by.
const (
	CorrectionsOpen      = "open"      // not reported corrected
	CorrectionsOverdue   = "overdue"   // open and past the deadline
	CorrectionsCorrected = "corrected" // reported corrected
	CorrectionsAll       = "all"
)

// ValidCorrectionStatus reports whether s is a status the list filters by.
func ValidCorrectionStatus(s string) bool {
	return s == CorrectionsOpen || s == CorrectionsOverdue || s == CorrectionsCorrected || s == CorrectionsAll
}

// CorrectionItem is one violation an inspection found, with where its
// correction stands.
type CorrectionItem struct {
	ProposalID       string                `json:"proposal_id"`
	Title            string                `json:"title"`
	UnitID           string                `json:"unit_id"`
	State            workflow.State        `json:"state"`
	Violation        workflow.ViolationRef `json:"violation"`
	Description      string                `json:"description"`
	CorrectiveAction string                `json:"corrective_action"`
	Deadline         string                `json:"deadline"`
	CorrectedAt      string                `json:"corrected_at,omitempty"`
	EscalatedAt      string                `json:"escalated_at,omitempty"`
	Overdue          bool                  `json:"overdue"`
	// WorkingDaysLeft counts to the deadline from today while the
	// violation is open (negative once past).
	WorkingDaysLeft *int `json:"working_days_left,omitempty"`
}

// correctionsLimit bounds the list.
const correctionsLimit = 500

// Corrections lists the violations found in the cases of the units the
// reader inspects (an inspector's grant covers its unit's subtree), by
// status, soonest deadline first. Anyone else is refused: the list is the
// inspection's own follow-up.
func (s *Store) Corrections(ctx context.Context, actor *org.Person, status string) ([]CorrectionItem, error) {
	if !ValidCorrectionStatus(status) {
		return nil, problem.New(problem.Invalid, "api.corrections.bad_status")
	}
	var args sqlArgs
	var scopes []string
	for _, g := range actor.Grants {
		if g.Role == org.Inspector {
			scopes = append(scopes, "p.unit_path LIKE "+args.add(likePrefix(g.UnitPath))+" ESCAPE '\\'")
		}
	}
	if len(scopes) == 0 {
		return nil, problem.New(problem.Forbidden, "corrections_inspectors_only")
	}
	today := calendar.DateOf(s.now())
	where := "(" + strings.Join(scopes, " OR ") + ")"
	switch status {
	case CorrectionsOpen:
		where += " AND v.corrected_at = ''"
	case CorrectionsOverdue:
		where += " AND v.corrected_at = '' AND v.deadline < " + args.add(today.String())
	case CorrectionsCorrected:
		where += " AND v.corrected_at > ''"
	}
	cal, err := s.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	out := []CorrectionItem{}
	err = eachRow(ctx, s.db, `SELECT p.id, p.title, p.unit_id, p.state, v.inspection, v.violation, v.deadline, v.corrected_at, v.escalated_at, COALESCE(e.payload, '')
		FROM corrective_deadlines v JOIN proposals p ON p.id = v.proposal_id
		LEFT JOIN events e ON e.proposal_id = v.proposal_id AND e.seq = v.inspection
		WHERE `+where+` ORDER BY v.deadline, p.id, v.inspection, v.violation LIMIT `+args.add(correctionsLimit), func(r *sql.Rows) error {
		var it CorrectionItem
		var payload string
		if err := r.Scan(&it.ProposalID, &it.Title, &it.UnitID, &it.State, &it.Violation.Inspection, &it.Violation.Violation,
			&it.Deadline, &it.CorrectedAt, &it.EscalatedAt, &payload); err != nil {
			return err
		}
		var insp struct {
			Input workflow.InspectInput `json:"input"`
		}
		if json.Unmarshal([]byte(payload), &insp) == nil {
			if i := it.Violation.Violation - 1; i >= 0 && i < len(insp.Input.Violations) {
				it.Description, it.CorrectiveAction = insp.Input.Violations[i].Description, insp.Input.Violations[i].CorrectiveAction
			}
		}
		if it.CorrectedAt == "" {
			it.Overdue = it.Deadline < today.String()
			if due, err := calendar.ParseDate(it.Deadline); err == nil {
				left := cal.WorkingDaysBetween(today, due)
				it.WorkingDaysLeft = &left
			}
		}
		out = append(out, it)
		return nil
	}, args...)
	return out, err
}
