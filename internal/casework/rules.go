package casework

import (
	"context"

	"damlam/internal/org"
	"damlam/internal/workflow"
)

// Rules is what the rule-set use cases need of persistence: issuing a
// version of a locality's set (validated, checked with may against the
// unit's path, logged in the same transaction) and reading them back.
type Rules interface {
	IssueRules(ctx context.Context, by *org.Person, in workflow.RuleSet, may org.AdminCheck) (workflow.IssuedRules, error)
	RuleSets(ctx context.Context) ([]workflow.IssuedRules, error)
	RulesFor(ctx context.Context, unitID string) (*workflow.RuleSet, error)
}

// IssueRules issues a new version of the rule set of the unit in.UnitID:
// the working days per waiting state, the reminder days and the vote
// threshold its subtree follows from now on. Cases submitted before keep
// the version they were submitted under. Refusals: a malformed set or an
// unknown unit (422), actor does not administer the unit (403), the unit
// has another set or the id belongs to another unit (422).
func (s *Service) IssueRules(ctx context.Context, actor *org.Person, in workflow.RuleSet) (workflow.IssuedRules, error) {
	return s.store.IssueRules(ctx, actor, in, administers(actor))
}

// RuleSets lists every version of every locality's set; the national set
// is workflow.National.
func (s *Service) RuleSets(ctx context.Context) ([]workflow.IssuedRules, error) {
	return s.store.RuleSets(ctx)
}

// RulesFor is the set a case first submitted in unit now would follow.
func (s *Service) RulesFor(ctx context.Context, unitID string) (*workflow.RuleSet, error) {
	return s.store.RulesFor(ctx, unitID)
}

// Instruments is what the legal-basis use cases need of persistence.
type Instruments interface {
	Instruments(ctx context.Context) ([]workflow.Instrument, error)
	AddInstrument(ctx context.Context, by *org.Person, in workflow.Instrument, may org.AdminCheck) (workflow.Instrument, error)
}

// Instruments lists the instruments a case's legal basis may name.
func (s *Service) Instruments(ctx context.Context) ([]workflow.Instrument, error) {
	return s.store.Instruments(ctx)
}

// AddInstrument adds one to the list. Refusals: a malformed instrument or
// an id in use (422), actor administers no unit (403).
func (s *Service) AddInstrument(ctx context.Context, actor *org.Person, in workflow.Instrument) (workflow.Instrument, error) {
	return s.store.AddInstrument(ctx, actor, in, administers(actor))
}
