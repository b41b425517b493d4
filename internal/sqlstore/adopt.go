package sqlstore

import (
	"context"
	"database/sql"
	"slices"

	"damlam/internal/org"
	"damlam/internal/problem"
	"damlam/internal/workflow"
)

// Adopt starts a case in unitID that takes over the model sourceID ("adopt
// in my unit"). Replication pushed by the source's head is the replicate
// action; this is the pull from the other side: the head of the adopting
// unit starts a draft from the model, as its proposer, and the new case's
// first leaf names its source. The source case is left as it is.
func (s *Store) Adopt(ctx context.Context, actor *org.Person, sourceID, unitID string) (string, error) {
	if actor == nil || !actor.HeadOf(unitID) {
		return "", problem.New(problem.Forbidden, "forbidden")
	}
	var id string
	err := s.db.inTx(ctx, func(tx *sql.Tx) error {
		src, err := s.loadCase(ctx, tx, sourceID, false)
		if err != nil {
			return err
		}
		if (src.Result != workflow.Completed && src.Result != workflow.PartlyCompleted) || !slices.Contains(modelStates, src.State) {
			return problem.New(problem.Conflict, "replication_needs_good_result")
		}
		if src.UnitID == unitID {
			return invalidField("unit_id", "field.same_unit")
		}
		path, err := unitPath(ctx, tx, unitID)
		if err != nil {
			return err
		}
		content := src.Content
		content.Pilot, content.Implementers, content.Tasks = nil, nil, nil
		if id, err = s.nextProposalID(ctx, tx); err != nil {
			return err
		}
		if err := s.insertProposal(ctx, tx, id, unitID, path, actor.ID, content, src.ID); err != nil {
			return err
		}
		nc, err := s.loadCase(ctx, tx, id, true)
		if err != nil {
			return err
		}
		row := workflow.Transition{From: workflow.Draft, Action: workflow.Replicate, To: workflow.Draft, Event: "proposal.adopted_from"}
		_, err = s.record(ctx, tx, nc, actor, row, &applied{payload: eventPayload{Details: map[string]any{
			"source_id": src.ID, "source_unit_id": src.UnitID, "adopted_by": "head_of_unit"}}})
		return err
	})
	if err != nil {
		return "", err
	}
	// The receipt is signed now, so the adoption is covered by a checkpoint
	// as soon as the page shows it.
	if _, err := s.log.Checkpoint(ctx); err != nil {
		return "", err
	}
	return id, nil
}
