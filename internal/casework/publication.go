package casework

import (
	"context"

	"damlam/internal/org"
)

// Publishing is what the public page's use case needs of persistence.
// SetPublication reads the unit inside its transaction, asks may with its
// path, and writes the choice only when may allows it.
type Publishing interface {
	SetPublication(ctx context.Context, by *org.Person, unitID string, in org.PublicationInput, may org.AdminCheck) (org.Publication, error)
}

// SetPublication records what a unit shows the public about its approved
// pilots: whether it publishes at all, and whether names and money are
// shown. Refusals: an unknown unit (422), actor does not administer the
// unit (403). Only the unit's administrators (or the operator) choose:
// publishing is the unit's decision, not its cadres'.
func (s *Service) SetPublication(ctx context.Context, actor *org.Person, unitID string, in org.PublicationInput) (org.Publication, error) {
	return s.store.SetPublication(ctx, actor, unitID, in, administers(actor))
}
