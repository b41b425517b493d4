package proof

import (
	"encoding/json"
	"slices"
	"strings"
)

// Authority leaves record who holds which seat and role, and the units and
// announced days deadlines are counted over. They share the log with the
// cases' leaves, so "the head was seated at index 12, the approval is at
// index 40" is an order the tree itself proves.
//
// Each fact belongs to a chain, as a case's leaves do, chosen so that the
// evidence a dossier needs is one short chain: everything that ever changed
// what one person may do in one unit (seated, unseated, granted, revoked)
// is the chain AuthorityChain(unit, pseudonym), usually one to three
// leaves. A dossier carries that whole chain, so a verifier sees the
// seating and every later change up to the dossier's checkpoint, and a
// leaf left out shows as a gap in seq. Every chain id holds a ':', which a
// case id never does, so the two can never share a chain.
const (
	TypeUnitCreated      = "org.unit_created"
	TypePersonCreated    = "org.person_created"
	TypeSeated           = "org.seated"   // holds a position from now on (a new post or a change of post)
	TypeUnseated         = "org.unseated" // no longer holds any post in the unit
	TypeGranted          = "org.granted"
	TypeRevoked          = "org.revoked"
	TypeDaySet           = "calendar.day_set"
	TypeDayCleared       = "calendar.day_cleared"
	TypeRecordingStarted = "org.recording_started"
	// TypeRulesIssued: a version of a locality's rule set (time limits,
	// reminders, vote threshold) was issued; its leaf binds the body.
	TypeRulesIssued = "org.rules_issued"
)

// Field keys of authority leaves. Names, e-mail addresses and notes go in
// as SHA-256 digests: the leaf proves which text was recorded without
// publishing it.
const (
	FieldUnit       = "unit"          // unit id
	FieldUnitParent = "unit.parent"   // parent unit id (absent for a root)
	FieldUnitKind   = "unit.kind"     // nation, province, ward, …
	FieldUnitPath   = "unit.path"     // "/VN/HCM/HCM-BTH/"
	FieldName       = "name.sha256"   // a unit's or a person's name
	FieldParty      = "party.sha256"  // the name of a unit's Party committee
	FieldPerson     = "person"        // a person's pseudonym, as leaves name actors
	FieldEmail      = "email.sha256"  // a person's e-mail address
	FieldPosition   = "position"      // head, deputy, staff
	FieldRole       = "role"          // party_committee, inspector, …
	FieldDay        = "day"           // YYYY-MM-DD
	FieldDayKind    = "day.kind"      // off, work
	FieldNote       = "note.sha256"   // the announcement of a day
	FieldRecorded   = "recorded.rows" // on org.recording_started: rows recorded at once
	FieldRules      = "rules"         // a rule set's id
	FieldRulesVer   = "rules.version" // its version
	FieldRulesSHA   = "rules.sha256"  // the digest of its canonical body
	// FieldCaseRules is on a case's leaves: the rule set the case follows,
	// "id@version", beside its digest (FieldRulesSHA).
	FieldCaseRules = "rules.set"
)

// Chains of authority leaves.
const (
	CalendarChain  = "calendar:days"
	RecordingChain = "org:recording"
)

// RulesChain is the chain of the versions of one rule set.
func RulesChain(id string) string { return "org:rules:" + id }

// UnitChain is the chain of a unit's own facts.
func UnitChain(unit string) string { return "unit:" + unit }

// PersonChain is the chain of a person's own facts.
func PersonChain(pseudonym string) string { return "person:" + pseudonym }

// AuthorityChain is the chain of what the person with pseudonym may do in
// unit: every seat and role they were given or lost there.
func AuthorityChain(unit, pseudonym string) string { return "auth:" + unit + ":" + pseudonym }

// IsAuthorityType reports whether t is the type of an authority leaf.
func IsAuthorityType(t string) bool {
	return strings.HasPrefix(t, "org.") || strings.HasPrefix(t, "calendar.")
}

// AuthorityChainPrefixes are how every authority chain id begins.
var AuthorityChainPrefixes = []string{"unit:", "person:", "auth:", "calendar:", "org:"}

// IsAuthorityChain reports whether a chain id is an authority chain's.
func IsAuthorityChain(id string) bool {
	for _, p := range AuthorityChainPrefixes {
		if strings.HasPrefix(id, p) {
			return true
		}
	}
	return false
}

// Needs: what a decision's actor must hold in the deciding unit.
const (
	NeedHead   = "head"            // the head's seat
	NeedMember = "head_or_deputy"  // a seat in the collective
	NeedParty  = "party_committee" // the same-level Party committee's role
)

// authorityNeeds maps the leaf types of decisions to what their actor must
// hold in the unit that decides the case (Decree 73 Art. 7 and 11: the
// head convenes and decides, the collective of head and deputies votes,
// the same-level Party committee gives its opinion).
var authorityNeeds = map[string]string{
	"proposal.convened":               NeedHead,
	"collective.vote":                 NeedMember,
	"proposal.approved":               NeedHead,
	"proposal.approved_pilot":         NeedHead,
	"proposal.approved_override":      NeedHead,
	"proposal.returned":               NeedHead,
	"proposal.rejected":               NeedHead,
	"proposal.evaluated":              NeedHead,
	"protection.determined":           NeedHead,
	"party.opinion_before_approval":   NeedParty,
	"party.opinion_before_evaluation": NeedParty,
}

// AuthorityNeed is one decision whose actor had to hold a seat or role.
type AuthorityNeed struct {
	Index uint64 // the decision's leaf
	Type  string
	Actor string // pseudonym
	Need  string // NeedHead, NeedMember or NeedParty
	// Unit is the deciding unit, as the case's latest submission before
	// the decision logged it; "" if no readable submission record precedes
	// it (Submission is then its leaf, or 0 if there is none).
	Unit       string
	Submission uint64
	Found      bool // a submission leaf precedes the decision
}

// SubmittedType is the leaf type whose record names the deciding unit.
const SubmittedType = "proposal.submitted"

// AuthorityNeeds lists, in index order, the decisions among a case's
// entries that need a seat or role, each with its deciding unit read from
// the record (payload JSON) of the latest submission before it: routing
// happens at submission, and a resubmission may route again. A record
// counts only if it matches its leaf's payload.sha256.
func AuthorityNeeds(entries map[uint64]Entry, records map[uint64][]byte) []AuthorityNeed {
	idx := make([]uint64, 0, len(entries))
	for i := range entries {
		idx = append(idx, i)
	}
	slices.Sort(idx)
	var out []AuthorityNeed
	unit, sub, found := "", uint64(0), false
	for _, i := range idx {
		e := entries[i]
		if e.Type == SubmittedType {
			unit, sub, found = deciderUnit(e, records[i]), i, true
			continue
		}
		need, ok := authorityNeeds[e.Type]
		if !ok {
			continue
		}
		out = append(out, AuthorityNeed{Index: i, Type: e.Type, Actor: e.Actor, Need: need, Unit: unit, Submission: sub, Found: found})
	}
	return out
}

// deciderUnit reads details.decider_unit_id from a submission's record, if
// the record is the one its leaf commits to.
func deciderUnit(e Entry, record []byte) string {
	want, ok := e.Get(FieldPayload)
	if !ok || record == nil || sha256Hex(record) != want {
		return ""
	}
	var r struct {
		Details struct {
			DeciderUnitID string `json:"decider_unit_id"`
		} `json:"details"`
	}
	if json.Unmarshal(record, &r) != nil {
		return ""
	}
	return r.Details.DeciderUnitID
}

// Holding is what one person held in one unit after a chain of authority
// leaves: a position ("" for none) and roles.
type Holding struct {
	Position string
	Roles    map[string]bool
	// Since is the leaf that gave the position, and RoleSince the leaf
	// that gave each role.
	Since     uint64
	RoleSince map[string]uint64
}

// Apply folds one authority leaf of the chain into h.
func (h *Holding) Apply(i uint64, e Entry) {
	if h.Roles == nil {
		h.Roles, h.RoleSince = map[string]bool{}, map[string]uint64{}
	}
	switch e.Type {
	case TypeSeated:
		p, _ := e.Get(FieldPosition)
		if p != h.Position {
			h.Position, h.Since = p, i
		}
	case TypeUnseated:
		h.Position = ""
	case TypeGranted:
		r, _ := e.Get(FieldRole)
		if !h.Roles[r] {
			h.Roles[r], h.RoleSince[r] = true, i
		}
	case TypeRevoked:
		r, _ := e.Get(FieldRole)
		delete(h.Roles, r)
	}
}

// Meets reports whether h satisfies need, and the leaf that established it.
func (h *Holding) Meets(need string) (uint64, bool) {
	switch need {
	case NeedHead:
		return h.Since, h.Position == "head"
	case NeedMember:
		return h.Since, h.Position == "head" || h.Position == "deputy"
	case NeedParty:
		i, ok := h.RoleSince["party_committee"]
		return i, ok && h.Roles["party_committee"]
	}
	return 0, false
}
