package sqlstore

import (
	"context"
	"database/sql"

	"damlam/internal/org"
	"damlam/internal/workflow"
)

// Start starts a case from the model sourceID as decide decides, in one
// transaction: decide reads the model and asks for facts (the target
// unit, a new case number, the model's content), the store writes the new
// case's row and first event. It returns the new case's id once a signed
// checkpoint covers it, so that the adoption is proven as soon as a page
// shows it.
func (s *Store) Start(ctx context.Context, actor *org.Person, sourceID string, decide workflow.DecideAdoption) (string, error) {
	var id string
	err := s.db.inTx(ctx, func(tx *sql.Tx) error {
		src, err := s.loadCase(ctx, tx, sourceID, false)
		if err != nil {
			return err
		}
		ad, err := decide(&src.Proposal, src.record(), func(need workflow.Need) (workflow.Facts, error) {
			return s.facts(ctx, tx, src, need)
		})
		if err != nil {
			return err
		}
		id = ad.Step.Next.ID
		return s.writeAdoption(ctx, tx, actor, ad)
	})
	if err != nil {
		return "", err
	}
	if _, err := s.log.Checkpoint(ctx); err != nil {
		return "", err
	}
	return id, nil
}
