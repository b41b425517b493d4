package workflow

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"

	"damlam/internal/problem"
)

// RuleSet is the procedure's parameters as a locality issues them: the
// working days each waiting state allows, how many working days before a
// due date the first reminder goes out, and the share of the eligible
// members a vote needs. The national set (Decree 73) applies wherever no
// locality has issued its own. A case keeps the set that applied when it
// was first submitted: its submission logs the whole set, every later leaf
// of the case carries its digest, and the fold reads the case's limits and
// threshold from it alone.
type RuleSet struct {
	// The fields are declared in the order of their JSON keys, so that the
	// set marshals to the bytes a sorted-key encoder writes and a verifier
	// can recompute its digest from a record without this type.
	//
	// ID names the set ("nd73", or a locality's own), Version counts its
	// issues: a change is a new version, the old one stays what it was.
	ID string `json:"id"`
	// Instrument is the document that issued the set (cited with the
	// protection's basis when it is not the decree itself), Name what a
	// dossier calls the set.
	Instrument string `json:"instrument"`
	Name       string `json:"name"`
	// ReminderDays is how many working days before a due date the first
	// reminder goes out.
	ReminderDays int `json:"reminder_days"`
	// UnitID is the locality: the unit whose subtree the set applies to
	// ("" for the national set).
	UnitID  string `json:"unit_id,omitempty"`
	Version int    `json:"version"`
	// VotePercent is the share of the eligible members that must vote in
	// favour: more than VotePercent % passes, exactly VotePercent % is a
	// tie the head's vote decides. Decree 73: 50.
	VotePercent int `json:"vote_percent"`
	// Days are the working days per waiting state (a stored set names
	// every waiting state; Complete fills those an input leaves out).
	Days map[State]int `json:"working_days"`
}

// NationalRulesID is the id of the national set.
const NationalRulesID = "nd73"

// National is the set every case follows unless its locality issued its own.
var National = RuleSet{
	ID: NationalRulesID, Version: 1,
	Name:         "Quy định chung theo Nghị định 73/2023/NĐ-CP",
	Instrument:   "Nghị định 73/2023/NĐ-CP",
	Days:         nationalDays(),
	ReminderDays: DefaultReminderDays,
	VotePercent:  50,
}

func nationalDays() map[State]int {
	out := map[State]int{}
	for s, r := range Deadlines {
		out[s] = r.Days
	}
	return out
}

// RulesRef is how a leaf names a case's set: its id, version and digest.
type RulesRef struct {
	ID      string `json:"id"`
	Version int    `json:"version"`
	SHA256  string `json:"sha256"`
}

// String is the set as a dossier names it: "nd73 v1".
func (r RulesRef) String() string { return fmt.Sprintf("%s v%d", r.ID, r.Version) }

// Canonical is the set's one JSON encoding (map keys sorted, as
// encoding/json writes them).
func (rs RuleSet) Canonical() []byte {
	b, _ := json.Marshal(rs)
	return b
}

// Digest is the SHA-256 of the canonical encoding, in hex.
func (rs RuleSet) Digest() string {
	sum := sha256.Sum256(rs.Canonical())
	return hex.EncodeToString(sum[:])
}

// Ref names the set.
func (rs RuleSet) Ref() RulesRef {
	return RulesRef{ID: rs.ID, Version: rs.Version, SHA256: rs.Digest()}
}

// RulesOf is the set a record follows: its own, or the national set for
// a case submitted before cases logged theirs.
func RulesOf(rs *RuleSet) *RuleSet {
	if rs == nil {
		return &National
	}
	return rs
}

// Rule is state s's deadline under the set: the national rule with the
// set's number of days, and the set's instrument as its basis where the
// days differ.
func (rs *RuleSet) Rule(s State) (DeadlineRule, bool) {
	rule, ok := Deadlines[s]
	if !ok {
		return rule, false
	}
	if rs == nil {
		return rule, true
	}
	if d, ok := rs.Days[s]; ok && d != rule.Days {
		rule.Days = d
		rule.Basis = fmt.Sprintf("%s: %d ngày làm việc", rs.Instrument, d)
	}
	return rule, true
}

// passes applies the threshold to a tally: whether it passes, and whether
// it is the tie the head's vote decides.
func (rs *RuleSet) passes(yes, eligible int) (passed, tie bool) {
	p := 50
	if rs != nil && rs.VotePercent > 0 {
		p = rs.VotePercent
	}
	switch {
	case eligible == 0:
		return false, false
	case 100*yes > p*eligible:
		return true, false
	case 100*yes == p*eligible:
		return false, true
	}
	return false, false
}

// ProtectionBasis is the legal basis the protection rule cites under the
// set: the decree's articles, and the locality's instrument beside them.
func (rs *RuleSet) ProtectionBasis(basis string) string {
	if rs == nil || rs.ID == NationalRulesID || rs.Instrument == "" {
		return basis
	}
	return basis + "; " + rs.Instrument
}

// Validate checks a set an administrator issues, one field error per bad
// field: an id, a name and an instrument, a number of days for waiting
// states only (1 to 60), reminders 0 to 10 days ahead, a threshold from
// 50 % to 100 %.
func (rs *RuleSet) Validate(f *problem.Fields) {
	text := func(field, v string, max int) {
		switch {
		case strings.TrimSpace(v) == "":
			f.Add(field, "field.required")
		case !utf8.ValidString(v) || utf8.RuneCountInString(v) > max:
			f.Add(field, "field.too_long", max)
		}
	}
	if rs.ID == "" || len(rs.ID) > 40 || strings.Trim(rs.ID, "abcdefghijklmnopqrstuvwxyz0123456789-") != "" {
		f.Add("id", "field.rules_id")
	}
	if rs.ID == NationalRulesID {
		f.Add("id", "field.rules_national")
	}
	text("name", rs.Name, 200)
	text("instrument", rs.Instrument, 200)
	if strings.TrimSpace(rs.UnitID) == "" {
		f.Add("unit_id", "field.required")
	}
	for _, s := range slices.Sorted(maps.Keys(rs.Days)) {
		d := rs.Days[s]
		if _, ok := Deadlines[s]; !ok {
			f.Add("working_days."+string(s), "field.rules_not_waiting")
		} else if d < 1 || d > 60 {
			f.Add("working_days."+string(s), "field.between", 1, 60)
		}
	}
	if rs.ReminderDays < 0 || rs.ReminderDays > 10 {
		f.Add("reminder_days", "field.between", 0, 10)
	}
	if rs.VotePercent < 50 || rs.VotePercent > 100 {
		f.Add("vote_percent", "field.between", 50, 100)
	}
}

// Complete fills the states a set leaves out with the national limits, so
// that a stored set says every limit itself.
func (rs *RuleSet) Complete() {
	days := nationalDays()
	maps.Copy(days, rs.Days)
	rs.Days = days
}

// IssuedRules is one version of a locality's rule set as stored: the set,
// the unit it applies under (with its path and name), when and by whom it
// was issued.
type IssuedRules struct {
	RuleSet
	SHA256    string `json:"sha256"`
	UnitPath  string `json:"unit_path"`
	UnitName  string `json:"unit_name"`
	CreatedAt string `json:"created_at"`
	CreatedBy string `json:"created_by"`
}
