package casework

import (
	"damlam/internal/org"
	"damlam/internal/proof"
	"damlam/internal/workflow"
)

// givenScope is the scope an approval's input names, nil if it takes the
// proposal's pilot bounds.
func givenScope(in workflow.Input) *proof.Scope {
	switch v := in.(type) {
	case *workflow.ApproveInput:
		return v.Scope
	case *workflow.ApprovePilotInput:
		return v.Scope
	case *workflow.OverrideInput:
		return v.Scope
	}
	return nil
}

// unitsKnown refuses a step whose input names a unit that does not exist:
// a scope's units (given, or the proposal's pilot bounds an approval
// takes) and the unit an action took place in. f answered the step's
// Need.Units; the proposal's bounds are asked about here.
//
// A unit that exists must also be in the actor's view
// (workflow.UnitInView): a scope over units the approver neither reads nor
// decides for is refused as a unit unknown is.
func unitsKnown(actor *org.Person, p *workflow.Proposal, a workflow.Action, in workflow.Input, f workflow.Facts, ask func(workflow.Need) (workflow.Facts, error)) error {
	check := func(field string, units []string, f workflow.Facts) error {
		if err := workflow.UnitsKnown(field, units, f.UnknownUnits); err != nil {
			return err
		}
		return workflow.UnitsInView(actor, p, field, units, f.UnitPaths)
	}
	switch a {
	case workflow.Approve, workflow.ApprovePilot, workflow.ApproveOverride:
		if sc := givenScope(in); sc != nil {
			return check("scope.units", sc.Units, f)
		}
		if f.Content.Pilot == nil || len(f.Content.Pilot.Units) == 0 {
			return nil
		}
		g, err := ask(workflow.Need{Units: f.Content.Pilot.Units})
		if err != nil {
			return err
		}
		return check("pilot.units", f.Content.Pilot.Units, g)
	case workflow.Adjust:
		return check("scope.units", in.(*workflow.AdjustInput).Scope.Units, f)
	case workflow.ReportProgress:
		return check("unit", []string{in.(*workflow.ProgressInput).Unit}, f)
	}
	return nil
}
