package workflow

import "damlam/internal/i18n"

// Result is the evaluation's verdict on the plan (Art. 11).
type Result string

const (
	Completed       Result = "completed"        // hoàn thành
	PartlyCompleted Result = "partly_completed" // hoàn thành một phần
	NotCompleted    Result = "not_completed"    // không hoàn thành
)

// ValidResult reports whether r is a known verdict.
func ValidResult(r Result) bool { return r == Completed || r == PartlyCompleted || r == NotCompleted }

// Outcome is the protection determination (DOMAIN.md §5).
type Outcome string

const (
	NotCovered         Outcome = "NOT_COVERED"
	NoLiability        Outcome = "NO_LIABILITY"
	LiabilityExcluded  Outcome = "LIABILITY_EXCLUDED"
	ConsiderMitigation Outcome = "CONSIDER_EXCLUDE_EXEMPT_OR_MITIGATE"
	NotProtected       Outcome = "NOT_PROTECTED"
)

// ProtectionFacts are what the rule looks at: the procedure the record shows
// and the agency's findings at evaluation.
type ProtectionFacts struct {
	// From the record.
	WentThroughProcedure bool // an approval (vote or written override) precedes the work
	OutsideScopeActions  int  // actions the record flags outside the approved scope
	// From the employing agency's findings (Art. 11).
	WithinCompetence bool // decided by the employing agency within its competence
	NoContravention  bool // contravenes no Party rule, law, superior document or treaty
	Result           Result
	FollowedPlan     bool
	HonestMotive     bool
	CommonGood       bool
	SelfInterest     bool
	Damage           bool
}

// Determination is the rule's answer with the reason and its legal basis.
type Determination struct {
	Outcome Outcome      `json:"outcome"`
	Basis   string       `json:"basis"`
	Reason  i18n.Message `json:"reason"`
	Label   i18n.Message `json:"label"`
}

// Legal bases cited by the rule; kept together so a lawyer can check them.
const (
	basisScope      = "Điều 2, Điều 5 Nghị định 73/2023/NĐ-CP"
	basisCompleted  = "Điều 11 khoản 1 Nghị định 73/2023/NĐ-CP; Kết luận 14-KL/TW"
	basisExcluded   = "Điều 11 khoản 2 Nghị định 73/2023/NĐ-CP"
	basisMitigation = "Điều 11 khoản 3 Nghị định 73/2023/NĐ-CP"
	basisOrdinary   = "Điều 4, Điều 11 Nghị định 73/2023/NĐ-CP; quy định về xử lý kỷ luật"
)

// DetermineUnder is Determine under a case's rule set: the basis cites
// the locality's instrument beside the decree's articles.
func DetermineUnder(rs *RuleSet, f ProtectionFacts) Determination {
	d := Determine(f)
	d.Basis = rs.ProtectionBasis(d.Basis)
	return d
}

// Determine applies the protection rule. It is a pure function of
// the facts so that every branch is tested and any outcome can be explained
// years later from the same facts.
func Determine(f ProtectionFacts) Determination {
	d := func(o Outcome, basis, reason string) Determination {
		return Determination{Outcome: o, Basis: basis, Reason: i18n.T(reason), Label: i18n.T("outcome." + string(o))}
	}
	if !f.WentThroughProcedure || !f.WithinCompetence || !f.NoContravention {
		return d(NotCovered, basisScope, "protection.reason.not_covered")
	}
	if f.Result == Completed {
		return d(NoLiability, basisCompleted, "protection.reason.completed")
	}
	protectedConduct := f.FollowedPlan && f.OutsideScopeActions == 0 && f.HonestMotive && f.CommonGood && !f.SelfInterest
	if !protectedConduct {
		if f.OutsideScopeActions > 0 {
			return d(NotProtected, basisOrdinary, "protection.reason.outside_scope")
		}
		return d(NotProtected, basisOrdinary, "protection.reason.conduct")
	}
	if !f.Damage {
		return d(LiabilityExcluded, basisExcluded, "protection.reason.no_damage")
	}
	return d(ConsiderMitigation, basisMitigation, "protection.reason.damage")
}
