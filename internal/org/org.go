// Package org models the administration: a tree of units of any depth,
// people with positions in units, and roles granted over a unit or its
// subtree. The tree's levels are data, never code: the 2025 reform removed a
// whole tier, and the next reform may change it again.
package org

import (
	"strings"
)

// Unit is an agency, a commune or ward, a department, a public service unit…
type Unit struct {
	ID             string `json:"id"`
	ParentID       string `json:"parent_id,omitempty"`
	Name           string `json:"name"`
	Kind           string `json:"kind"`
	PartyCommittee string `json:"party_committee,omitempty"`
	// Path is the chain of ids from the root, "/VN/HCM/HCM-BT/", so that
	// "is X inside Y's subtree" is one prefix test in Go and in SQL.
	Path string `json:"path"`
}

// Kinds of unit we know names for; others are accepted as given.
var UnitKinds = []string{"nation", "ministry", "province", "department", "commune", "ward", "special_zone", "public_service_unit", "agency"}

// PathFor builds a unit's path below its parent's.
func PathFor(parentPath, id string) string {
	if parentPath == "" {
		return "/" + id + "/"
	}
	return parentPath + id + "/"
}

// Within reports whether path lies in the subtree rooted at ancestorPath
// (a unit is within its own subtree).
func Within(path, ancestorPath string) bool {
	return ancestorPath != "" && strings.HasPrefix(path, ancestorPath)
}

// Position is a person's post in a unit.
type Position string

const (
	Head   Position = "head"   // người đứng đầu
	Deputy Position = "deputy" // cấp phó
	Staff  Position = "staff"  // cán bộ, công chức
)

// ValidPosition reports whether p is one we know.
func ValidPosition(p Position) bool { return p == Head || p == Deputy || p == Staff }

// Role is a function granted to a person over a unit (DOMAIN.md §2).
// Proposer and implementer are not granted: they follow from a proposal.
type Role string

const (
	PartyCommittee Role = "party_committee" // cấp ủy cùng cấp: opinions for its own unit
	Inspector      Role = "inspector"       // kiểm tra, giám sát: reads the subtree, records inspections
	RewardOfficer  Role = "reward_officer"  // thi đua – khen thưởng
	Disciplinary   Role = "disciplinary"    // cơ quan xử lý kỷ luật
	Secretariat    Role = "secretariat"     // văn phòng: dossiers, calendar
	Admin          Role = "admin"           // quản trị: units, people, roles
)

// Roles lists every grantable role.
var Roles = []Role{PartyCommittee, Inspector, RewardOfficer, Disciplinary, Secretariat, Admin}

// ValidRole reports whether r is grantable.
func ValidRole(r Role) bool {
	for _, x := range Roles {
		if x == r {
			return true
		}
	}
	return false
}

// coversSubtree says whether a grant reaches below its unit. A Party
// committee speaks for its own level only; oversight roles reach down.
func (r Role) coversSubtree() bool { return r != PartyCommittee && r != Secretariat }

// Seat is a position held in a unit.
type Seat struct {
	UnitID   string   `json:"unit_id"`
	UnitPath string   `json:"unit_path"`
	Position Position `json:"position"`
}

// Grant is a role held over a unit.
type Grant struct {
	Role     Role   `json:"role"`
	UnitID   string `json:"unit_id"`
	UnitPath string `json:"unit_path"`
}

// Person is someone who uses damlam.
type Person struct {
	ID        string  `json:"id"`
	Name      string  `json:"name"`
	Email     string  `json:"email"`
	Pseudonym string  `json:"-"`
	Seats     []Seat  `json:"seats"`
	Grants    []Grant `json:"grants"`
}

// Actor is the caller of an action: a person with their seats and grants,
// as loaded at the start of the action's transaction.
type Actor = Person

// HeadOf reports whether p heads unit.
func (p *Person) HeadOf(unitID string) bool { return p.holds(unitID, Head) }

// DeputyOf reports whether p is a deputy in unit.
func (p *Person) DeputyOf(unitID string) bool { return p.holds(unitID, Deputy) }

// MemberOf reports whether p sits in unit in any position.
func (p *Person) MemberOf(unitID string) bool {
	for _, s := range p.Seats {
		if s.UnitID == unitID {
			return true
		}
	}
	return false
}

func (p *Person) holds(unitID string, pos Position) bool {
	for _, s := range p.Seats {
		if s.UnitID == unitID && s.Position == pos {
			return true
		}
	}
	return false
}

// HeadAbove reports whether p heads unitPath's unit or one of its ancestors.
func (p *Person) HeadAbove(unitPath string) bool {
	for _, s := range p.Seats {
		if s.Position == Head && Within(unitPath, s.UnitPath) {
			return true
		}
	}
	return false
}

// Has reports whether p holds role over the unit at unitPath (exact unit
// for same-level roles, the subtree for oversight roles).
func (p *Person) Has(role Role, unitPath string) bool {
	for _, g := range p.Grants {
		if g.Role != role {
			continue
		}
		if g.UnitPath == unitPath || (role.coversSubtree() && Within(unitPath, g.UnitPath)) {
			return true
		}
	}
	return false
}

// CanRead reports whether p may read records of the unit at unitPath: its
// members read their unit, heads and oversight roles read their subtree.
func (p *Person) CanRead(unitPath string) bool {
	for _, s := range p.Seats {
		if s.UnitPath == unitPath || (s.Position != Staff && Within(unitPath, s.UnitPath)) {
			return true
		}
	}
	for _, g := range p.Grants {
		if g.UnitPath == unitPath || (g.Role.coversSubtree() && Within(unitPath, g.UnitPath)) {
			return true
		}
	}
	return false
}

// ReadScopes lists the unit paths whose subtrees p may read, for queries.
func (p *Person) ReadScopes() (subtrees, exact []string) {
	for _, s := range p.Seats {
		if s.Position == Staff {
			exact = append(exact, s.UnitPath)
		} else {
			subtrees = append(subtrees, s.UnitPath)
		}
	}
	for _, g := range p.Grants {
		if g.Role.coversSubtree() {
			subtrees = append(subtrees, g.UnitPath)
		} else {
			exact = append(exact, g.UnitPath)
		}
	}
	return subtrees, exact
}
