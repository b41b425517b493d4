package sqlstore

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"damlam/internal/org"
	"damlam/internal/problem"
	"damlam/internal/workflow"
)

// Per-cadre evidence for an evaluation period (Quy định 366-QĐ/TW): what a
// person proposed, implemented and decided in the period, with each
// decision's log index, the results, protection and rewards of their own
// proposals, replications of their models, and the items that went
// overdue where they head the deciding unit.

// EvidenceEvent is one event of the period on a case of the evidence.
type EvidenceEvent struct {
	Action   workflow.Action `json:"action"`
	At       time.Time       `json:"at"`
	LogIndex int64           `json:"log_index"`
	// Mine is true when the person took the step.
	Mine bool `json:"mine"`
	// Detail is the step's outcome where it has one: the evaluation's
	// result, the protection outcome, the reward's kind, the units a model
	// went to.
	Detail string `json:"detail,omitempty"`
}

// EvidenceCase is one case with the person's roles in it.
type EvidenceCase struct {
	ID     string          `json:"id"`
	Title  string          `json:"title"`
	State  workflow.State  `json:"state"`
	Result workflow.Result `json:"result,omitempty"`
	// Roles: proposer, implementer, decider, member (voted), rewarded, overdue.
	Roles  []string        `json:"roles"`
	Events []EvidenceEvent `json:"events"`
}

// EvidenceTotals are the period's counts.
type EvidenceTotals struct {
	Proposed     int `json:"proposed"` // own cases submitted in the period
	Approved     int `json:"approved"` // own cases approved in the period
	Completed    int `json:"completed"`
	Evaluated    int `json:"evaluated"`
	Protected    int `json:"protected"` // own cases with a protection outcome
	Rewards      int `json:"rewards"`
	Replications int `json:"replications"`
	Implemented  int `json:"implemented"` // others' cases they reported on
	Decided      int `json:"decided"`     // decisions they took as head
	Overdue      int `json:"overdue"`     // escalations where they head the decider
}

// Evidence is a person's record for a period.
type Evidence struct {
	Person *org.Person     `json:"person"`
	Period workflow.Period `json:"-"`
	Totals EvidenceTotals  `json:"totals"`
	Cases  []EvidenceCase  `json:"cases"`
}

var decidingActions = map[workflow.Action]bool{workflow.Approve: true, workflow.ApprovePilot: true, workflow.ApproveOverride: true,
	workflow.Reject: true, workflow.Return: true, workflow.Evaluate: true, workflow.Adjust: true, workflow.Suspend: true, workflow.Stop: true,
	workflow.AllocateResources: true, workflow.ResolveObstacle: true}

// Evidence reads personID's record for period, for reader
// (workflow.ReadsEvidence, else 403).
func (s *Store) Evidence(ctx context.Context, reader *org.Person, personID string, period workflow.Period) (*Evidence, error) {
	subject, err := s.Person(ctx, personID)
	if err != nil {
		return nil, err
	}
	if !workflow.ReadsEvidence(reader, subject) {
		return nil, problem.New(problem.Forbidden, "forbidden")
	}
	var args sqlArgs
	pid := args.add(personID)
	heads := []string{}
	for _, st := range subject.Seats {
		if st.Position == org.Head {
			heads = append(heads, args.add(st.UnitID))
		}
	}
	overdue := "FALSE"
	if len(heads) > 0 {
		overdue = "(e.action = 'escalate' AND p.decider_id IN (" + strings.Join(heads, ",") + "))"
	}
	q := `SELECT p.id, p.title, p.state, p.result, p.proposer_id, p.unit_path, p.decider_path,
		e.action, e.actor_id, e.at, e.log_index, e.payload
		FROM events e JOIN proposals p ON p.id = e.proposal_id
		WHERE e.at >= ` + args.add(fmtTime(period.Start())) + ` AND e.at < ` + args.add(fmtTime(period.End())) + `
		AND (p.proposer_id = ` + pid + ` OR e.actor_id = ` + pid + ` OR e.action = 'reward' OR ` + overdue + `)
		ORDER BY p.id, e.seq`
	unitNames, err := s.unitNamesByID(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	ev := &Evidence{Person: subject, Period: period, Cases: []EvidenceCase{}}
	index := map[string]int{}
	self := reader.ID == personID
	for rows.Next() {
		var id, title, state, result, proposer, unitPath, deciderPath, action, actor, at, payload string
		var idx int64
		if err := rows.Scan(&id, &title, &state, &result, &proposer, &unitPath, &deciderPath, &action, &actor, &at, &idx, &payload); err != nil {
			return nil, err
		}
		// A reader other than the person sees only the cases in their own
		// scope, as everywhere else.
		if !self && !workflow.ReadsReport(reader, unitPath) && !workflow.ReadsReport(reader, deciderPath) {
			continue
		}
		a := workflow.Action(action)
		own, mine := proposer == personID, actor == personID
		var pl workflow.Payload
		_ = json.Unmarshal([]byte(payload), &pl)
		role, detail := "", ""
		switch {
		case a == workflow.Reward:
			var in workflow.RewardInput
			_ = json.Unmarshal(pl.Input, &in)
			if in.Recipient == personID {
				role, detail = "rewarded", in.Kind
				ev.Totals.Rewards++
			} else if !own && !mine {
				continue // someone else's reward on someone else's case
			}
		case a == workflow.Escalate && !own:
			role = "overdue"
			ev.Totals.Overdue++
		case mine && !own && (a == workflow.ReportProgress || a == workflow.ReportCompletion):
			role = "implementer"
		case mine && decidingActions[a]:
			role = "decider"
			ev.Totals.Decided++
		case mine && a == workflow.CastVote:
			role = "member"
		case own:
			role = "proposer"
		case !mine:
			continue
		}
		if own {
			switch a {
			case workflow.Submit:
				ev.Totals.Proposed++
			case workflow.Approve, workflow.ApprovePilot, workflow.ApproveOverride:
				ev.Totals.Approved++
			case workflow.ReportCompletion:
				ev.Totals.Completed++
			case workflow.Evaluate:
				var in workflow.EvaluationInput
				_ = json.Unmarshal(pl.Input, &in)
				detail = string(in.Result)
				ev.Totals.Evaluated++
			case workflow.DetermineProtection:
				var d workflow.ProtectionDetails
				_ = json.Unmarshal(pl.Details, &d)
				detail = string(d.Determination.Outcome)
				ev.Totals.Protected++
			case workflow.Replicate:
				var in workflow.ReplicateInput
				_ = json.Unmarshal(pl.Input, &in)
				names := make([]string, len(in.Units))
				for i, u := range in.Units {
					names[i] = u
					if n, ok := unitNames[u]; ok {
						names[i] = n
					}
				}
				detail = strings.Join(names, ", ")
				ev.Totals.Replications += len(in.Units)
			}
		}
		i, ok := index[id]
		if !ok {
			i = len(ev.Cases)
			index[id] = i
			ev.Cases = append(ev.Cases, EvidenceCase{ID: id, Title: title, State: workflow.State(state), Result: workflow.Result(result), Roles: []string{}, Events: []EvidenceEvent{}})
			if own {
				ev.Cases[i].Roles = append(ev.Cases[i].Roles, "proposer")
			}
		}
		c := &ev.Cases[i]
		if role != "" && !contains(c.Roles, role) {
			c.Roles = append(c.Roles, role)
		}
		c.Events = append(c.Events, EvidenceEvent{Action: a, At: parseTime(at), LogIndex: idx, Mine: mine, Detail: detail})
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, c := range ev.Cases {
		if contains(c.Roles, "implementer") {
			ev.Totals.Implemented++
		}
	}
	return ev, nil
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
