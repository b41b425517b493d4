package sqlstore

import (
	"context"

	"damlam/internal/org"
	"damlam/internal/workflow"
)

// May says whether actor may take action a on case id now, with the same
// refusal Do would give (unknown case, 403, 409), without writing anything.
// Pages ask it before showing a form's own field errors, so that someone
// who may not act learns that first, as with the API.
func (s *Store) May(ctx context.Context, actor *org.Person, id string, a workflow.Action) error {
	c, err := s.loadCase(ctx, s.db, id, false)
	if err != nil {
		return err
	}
	return s.authorize(actor, c, a)
}
