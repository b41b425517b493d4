package sqlstore

import (
	"context"
	"encoding/json"
	"time"

	"damlam/internal/org"
	"damlam/internal/workflow"
)

// RewardView is one reward a person received, with the case it was for:
// what an evaluation of the person over a period cites (Quy định
// 366-QĐ/TW), each line provable by its log index.
type RewardView struct {
	CaseID    string               `json:"case_id"`
	CaseTitle string               `json:"case_title"`
	Seq       int                  `json:"seq"`
	LogIndex  int64                `json:"log_index"`
	At        time.Time            `json:"at"`
	By        string               `json:"by"`
	Reward    workflow.RewardInput `json:"reward"`
}

// Rewards lists the rewards personID received, oldest first, on the cases
// actor may read (all of them when actor is the person). Only the
// proposer and the implementers a plan names can be rewarded
// (workflow.RewardRecipient), so their cases are found through the
// proposer index and proposal_implementers, not by reading every event.
func (s *Store) Rewards(ctx context.Context, actor *org.Person, personID string) ([]RewardView, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT e.proposal_id, p.title, p.unit_path, e.seq, e.log_index, e.at, e.actor_id, e.payload
		FROM events e JOIN proposals p ON p.id = e.proposal_id
		WHERE e.type = 'proposal.rewarded' AND e.proposal_id IN (
			SELECT id FROM proposals WHERE proposer_id = $1
			UNION SELECT proposal_id FROM proposal_implementers WHERE person_id = $1)
		ORDER BY e.at, e.proposal_id, e.seq`, personID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []RewardView{}
	for rows.Next() {
		var v RewardView
		var path, at, payload string
		if err := rows.Scan(&v.CaseID, &v.CaseTitle, &path, &v.Seq, &v.LogIndex, &at, &v.By, &payload); err != nil {
			return nil, err
		}
		var p struct {
			Input workflow.RewardInput `json:"input"`
		}
		if err := json.Unmarshal([]byte(payload), &p); err != nil || p.Input.Recipient != personID {
			continue // a reward to someone else on the same case
		}
		if actor.ID != personID && !actor.CanRead(path) {
			continue
		}
		v.Reward, v.At = p.Input, parseTime(at)
		out = append(out, v)
	}
	return out, rows.Err()
}
