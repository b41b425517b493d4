package casework

import (
	"context"

	"damlam/internal/org"
	"damlam/internal/problem"
	"damlam/internal/workflow"
)

// Adopt starts a case in unitID that takes over the model sourceID ("adopt
// in my unit"). Replication pushed by the source's head is the replicate
// action; this is the pull from the other side: the head of the adopting
// unit starts a draft from the model, as its proposer, and the new case's
// first leaf names its source. The source case is left as it is.
func (s *Service) Adopt(ctx context.Context, actor *org.Person, sourceID, unitID string) (string, error) {
	if actor == nil || !actor.HeadOf(unitID) {
		return "", problem.New(problem.Forbidden, "forbidden")
	}
	return s.store.Start(ctx, actor, sourceID, func(p *workflow.Proposal, r workflow.Record, ask func(workflow.Need) (workflow.Facts, error)) (workflow.Adoption, error) {
		if !r.Adoptable() {
			return workflow.Adoption{}, problem.New(problem.Conflict, "replication_needs_good_result")
		}
		if p.UnitID == unitID {
			return workflow.Adoption{}, fieldError("unit_id", "field.same_unit")
		}
		f, err := ask(workflow.Need{Content: true, Targets: []string{unitID}})
		if err != nil {
			return workflow.Adoption{}, err
		}
		if tg := f.Targets[0]; !tg.Known || tg.NewID == "" {
			return workflow.Adoption{}, fieldError("unit_id", "field.unknown_unit", unitID)
		}
		content := f.Content
		content.Pilot, content.Implementers, content.Tasks = nil, nil, nil
		return workflow.Adopt(p, actor.ID, f.Targets[0].NewID, unitID, actor.ID, content, "head_of_unit", f.Now)
	})
}

func fieldError(field, code string, args ...any) error {
	var f problem.Fields
	f.Add(field, code, args...)
	return f.Err()
}
