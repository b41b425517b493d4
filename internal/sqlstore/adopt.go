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
		if rec := src.record(); !rec.GoodResult() || !slices.Contains(modelStates, src.State) {
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
		if path == "" {
			return invalidField("unit_id", "field.unknown_unit", unitID)
		}
		if id, err = s.nextProposalID(ctx, tx); err != nil {
			return err
		}
		ad, err := workflow.Adopt(&src.Proposal, actor.ID, id, unitID, actor.ID, content, "head_of_unit", stored(s.now()))
		if err != nil {
			return err
		}
		return s.writeAdoption(ctx, tx, actor, ad)
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
