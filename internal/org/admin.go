package org

import (
	"strings"

	"damlam/internal/problem"
)

// UnitInput is a unit to create.
type UnitInput struct {
	ID             string `json:"id"`
	ParentID       string `json:"parent_id,omitempty"`
	Name           string `json:"name"`
	Kind           string `json:"kind"`
	PartyCommittee string `json:"party_committee,omitempty"`
}

// PersonInput is a person to create.
type PersonInput struct {
	ID       string       `json:"id"`
	Name     string       `json:"name"`
	Email    string       `json:"email"`
	Password string       `json:"password,omitempty"`
	Seats    []SeatInput  `json:"seats,omitempty"`
	Grants   []GrantInput `json:"grants,omitempty"`
}

// SeatInput places a person in a unit.
type SeatInput struct {
	UnitID   string   `json:"unit_id"`
	Position Position `json:"position"`
}

// GrantInput gives a person a role over a unit.
type GrantInput struct {
	Role   Role   `json:"role"`
	UnitID string `json:"unit_id"`
}

// AdminCheck decides whether a change to the organisation may be made.
// The store calls it inside the change's transaction, once the input has
// been found well formed, with the paths of the units the change names:
// the parent of a new unit (a new root names its own path), every unit a
// new person is seated in or given a role over, the unit a seat or role
// is given in or taken from. A refusal writes nothing.
//
// The rule is the caller's, so that who may change the organisation is
// decided by the use cases and read from this package, never by the
// adapter that stores the change.
type AdminCheck func(paths []string) error

// Operator is the check of the operator at the machine (the command line,
// loading demo or generated data): they may change anything, and are the
// only ones who may create a root unit, since a national tree has one.
func Operator([]string) error { return nil }

// Administrator is the check of changes made by p: every unit the change
// names must lie within a unit p administers. A change that names no unit
// (a person with no post yet) needs p to administer some unit.
func Administrator(p *Person) AdminCheck {
	return func(paths []string) error {
		if len(paths) == 0 && !p.administersAny() {
			return problem.New(problem.Forbidden, "forbidden")
		}
		for _, path := range paths {
			if !p.Has(Admin, path) {
				return problem.New(problem.Forbidden, "forbidden")
			}
		}
		return nil
	}
}

func (p *Person) administersAny() bool {
	for _, g := range p.Grants {
		if g.Role == Admin {
			return true
		}
	}
	return false
}

// CalendarManager is the check of announcing days off and swapped working
// days for p: deadlines are national, so only an administrator or the
// secretariat of a root unit may. The paths are not read.
func CalendarManager(p *Person) AdminCheck {
	return func([]string) error {
		for _, g := range p.Grants {
			if (g.Role == Admin || g.Role == Secretariat) && strings.Count(g.UnitPath, "/") == 2 {
				return nil
			}
		}
		return problem.New(problem.Forbidden, "forbidden")
	}
}

// MayTakeAway refuses an administrator taking away their own
// administration: someone else must, so that a unit is never left without
// one by a slip.
func MayTakeAway(p *Person, personID string, role Role) error {
	if p != nil && p.ID == personID && role == Admin {
		return problem.New(problem.Conflict, "own_admin")
	}
	return nil
}
