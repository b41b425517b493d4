package casework

import (
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
func unitsKnown(a workflow.Action, in workflow.Input, f workflow.Facts, ask func(workflow.Need) (workflow.Facts, error)) error {
	switch a {
	case workflow.Approve, workflow.ApprovePilot, workflow.ApproveOverride:
		if sc := givenScope(in); sc != nil {
			return workflow.UnitsKnown("scope.units", sc.Units, f.UnknownUnits)
		}
		if f.Content.Pilot == nil || len(f.Content.Pilot.Units) == 0 {
			return nil
		}
		g, err := ask(workflow.Need{Units: f.Content.Pilot.Units})
		if err != nil {
			return err
		}
		return workflow.UnitsKnown("pilot.units", f.Content.Pilot.Units, g.UnknownUnits)
	case workflow.Adjust:
		return workflow.UnitsKnown("scope.units", in.(*workflow.AdjustInput).Scope.Units, f.UnknownUnits)
	case workflow.ReportProgress:
		return workflow.UnitsKnown("unit", []string{in.(*workflow.ProgressInput).Unit}, f.UnknownUnits)
	}
	return nil
}
