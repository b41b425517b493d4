package workflow

import (
	"strconv"
	"strings"

	"damlam/internal/org"
	"damlam/internal/problem"
)

// Ids named in an input must not only exist but lie in the caller's view:
// a head cannot approve a pilot over another province's wards, nor a
// proposer name as implementer another province's cadre. A unit or person
// out of view is refused (422) like an unknown one, naming the field.

// UnitInView says whether the unit at path, named in an action on case p,
// is in actor's view: a unit actor reads, or one beside the case's own or
// deciding unit, under the same superior (a ward's pilot may reach the
// neighbouring wards of its province, never another province's).
func UnitInView(actor *org.Person, p *Proposal, path string) bool {
	if actor != nil && actor.CanRead(path) {
		return true
	}
	return p != nil && (org.Within(path, parentPath(p.UnitPath)) || org.Within(path, parentPath(p.DeciderPath)))
}

// parentPath is the path of the unit above the one at path ("/VN/HCM/X/"
// gives "/VN/HCM/"); a root is its own.
func parentPath(path string) string {
	trimmed := strings.TrimSuffix(path, "/")
	i := strings.LastIndex(trimmed, "/")
	if i <= 0 {
		return path
	}
	return trimmed[:i+1]
}

// UnitsInView refuses (422) a step whose input names units that exist
// but are outside actor's view. paths holds the path of each known unit;
// field names the list as UnitsKnown does.
func UnitsInView(actor *org.Person, p *Proposal, field string, units []string, paths map[string]string) error {
	var f problem.Fields
	for i, u := range units {
		path, ok := paths[u]
		if !ok || path == "" || UnitInView(actor, p, path) {
			continue
		}
		name := field
		if len(units) > 1 || strings.HasSuffix(field, "units") {
			name = field + "[" + strconv.Itoa(i) + "]"
		}
		f.Add(name, "field.unit_not_visible", u)
	}
	return f.Err()
}

// PersonInView says whether the person seated at seatPaths is in view of
// actor writing a draft of the unit at unitPath: actor themself, someone
// seated in a unit actor reads, or in a unit beside the draft's under the
// same superior (as UnitInView: a ward's cadre may name a neighbouring
// ward's, never another province's).
func PersonInView(actor *org.Person, unitPath, id string, seatPaths []string) bool {
	if actor == nil {
		return false
	}
	if id == actor.ID {
		return true
	}
	for _, p := range seatPaths {
		if actor.CanRead(p) || unitPath != "" && org.Within(p, parentPath(unitPath)) {
			return true
		}
	}
	return false
}
