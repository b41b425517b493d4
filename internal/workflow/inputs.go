package workflow

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"damlam/internal/calendar"
	"damlam/internal/problem"
	"damlam/internal/proof"
)

// Input is the body of an action. Each action has its own type so the API
// document shows exactly what it takes, and each validates itself.
type Input interface {
	Validate(f *problem.Fields)
}

// NewInput returns a fresh input value for action a, to decode a body into.
func NewInput(a Action) Input {
	switch a {
	case Submit, Convene, DetermineProtection, Escalate, EscalateCorrection, Edit:
		return &NoteInput{}
	case Withdraw, Suspend, Resume, Stop, Close:
		return &ReasonInput{}
	case Return, Reject:
		return &ReasonRequiredInput{}
	case GivePartyOpinion:
		return &PartyOpinionInput{}
	case CastVote:
		return &VoteInput{}
	case Approve:
		return &ApproveInput{}
	case ApprovePilot:
		return &ApprovePilotInput{}
	case ApproveOverride:
		return &OverrideInput{}
	case AllocateResources:
		return &ResourcesInput{}
	case ReportProgress:
		return &ProgressInput{}
	case RaiseObstacle:
		return &ObstacleInput{}
	case ResolveObstacle:
		return &ResolveObstacleInput{}
	case Inspect:
		return &InspectInput{}
	case CorrectViolation:
		return &CorrectionInput{}
	case Adjust:
		return &AdjustInput{}
	case ReportCompletion:
		return &CompletionInput{}
	case Evaluate:
		return &EvaluationInput{}
	case RecordLiability:
		return &LiabilityInput{}
	case Reward:
		return &RewardInput{}
	case Replicate:
		return &ReplicateInput{}
	case Institutionalise:
		return &InstitutionaliseInput{}
	}
	return &NoteInput{}
}

// unitID is the form of a unit id (as the organisation store accepts it).
var unitID = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)

func required(f *problem.Fields, field, v string) {
	if strings.TrimSpace(v) == "" {
		f.Add(field, "field.required")
	} else if TextLen(v) > maxText {
		f.Add(field, "field.too_long", maxText)
	}
}

func optional(f *problem.Fields, field, v string) {
	if TextLen(v) > maxText {
		f.Add(field, "field.too_long", maxText)
	}
}

func date(f *problem.Fields, field, v string, req bool) {
	if v == "" {
		if req {
			f.Add(field, "field.required")
		}
		return
	}
	if _, err := calendar.ParseDate(v); err != nil {
		f.Add(field, "field.bad_date")
	}
}

func scope(f *problem.Fields, field string, s *proof.Scope, req bool) {
	if s == nil {
		if req {
			f.Add(field, "field.required")
		}
		return
	}
	ScopeFields(f, field, s)
}

// ScopeFields marks every field of scope s (named prefix.units,
// prefix.start…) that keeps it from serving as an approved scope, each
// with its own message, so that a form marks them all at once.
func ScopeFields(f *problem.Fields, prefix string, s *proof.Scope) {
	before := len(*f)
	name := func(n string) string { return prefix + "." + n }
	if len(s.Units) == 0 {
		f.Add(name("units"), "field.scope_no_units")
	}
	seen := map[string]bool{}
	for _, u := range s.Units {
		switch {
		case !unitID.MatchString(u):
			f.Add(name("units"), "field.scope_unit_unknown", u)
		case seen[u]:
			f.Add(name("units"), "field.scope_unit_twice", u)
		}
		seen[u] = true
	}
	start, errStart := calendar.ParseDate(s.Start)
	end, errEnd := calendar.ParseDate(s.End)
	for _, d := range []struct {
		n, v string
		err  error
	}{{"start", s.Start, errStart}, {"end", s.End, errEnd}} {
		if d.v == "" {
			f.Add(name(d.n), "field.required")
		} else if d.err != nil {
			f.Add(name(d.n), "field.bad_day")
		}
	}
	if errStart == nil && errEnd == nil && end.Before(start) {
		f.Add(name("start"), "field.start_after_end")
		f.Add(name("end"), "field.end_before_start")
	}
	if s.BudgetVND < 0 {
		f.Add(name("budget_vnd"), "field.negative_amount")
	}
	for i, in := range s.Indicators {
		if in.Name == "" || len(in.Name) > maxText || !plainText(in.Name) || !plainText(in.Unit) {
			f.Add(fieldIndex(name("indicators"), i, "name"), "field.bad_indicator")
		}
		if math.IsNaN(in.Target) || math.IsInf(in.Target, 0) {
			f.Add(fieldIndex(name("indicators"), i, "target"), "field.not_number")
		}
	}
	for _, c := range s.StopConditions {
		if len(c) > maxText || !plainText(c) {
			f.Add(name("stop_conditions"), "field.bad_chars")
			break
		}
	}
	// Anything the scope's own check refuses that the fields above did
	// not name (it is the check approval relies on).
	if len(*f) == before {
		if err := s.Validate(); err != nil {
			f.Add(prefix, "field.bad_scope", err.Error())
		}
	}
}

// NoteInput is an optional remark.
type NoteInput struct {
	Note string `json:"note,omitempty"`
}

func (in *NoteInput) Validate(f *problem.Fields) { optional(f, "note", in.Note) }

// ReasonInput is an optional reason.
type ReasonInput struct {
	Reason string `json:"reason,omitempty"`
}

func (in *ReasonInput) Validate(f *problem.Fields) { optional(f, "reason", in.Reason) }

// ReasonRequiredInput must say why (returning or rejecting a proposal).
type ReasonRequiredInput struct {
	Reason string `json:"reason"`
}

func (in *ReasonRequiredInput) Validate(f *problem.Fields) { required(f, "reason", in.Reason) }

// PartyOpinionInput is the Party committee's written opinion.
type PartyOpinionInput struct {
	Opinion string `json:"opinion"` // agree | agree_with_conditions | disagree
	Text    string `json:"text"`
}

func (in *PartyOpinionInput) Validate(f *problem.Fields) {
	if !oneOf(in.Opinion, []string{"agree", "agree_with_conditions", "disagree"}) {
		f.Add("opinion", "field.one_of", "agree, agree_with_conditions, disagree")
	}
	required(f, "text", in.Text)
}

// VoteInput is one member's ballot.
type VoteInput struct {
	Ballot  Ballot `json:"ballot"`
	Comment string `json:"comment,omitempty"`
}

func (in *VoteInput) Validate(f *problem.Fields) {
	if !ValidBallot(in.Ballot) {
		f.Add("ballot", "field.one_of", "yes, no, abstain")
	}
	optional(f, "comment", in.Comment)
}

// ApproveInput approves the plan as written, after a passing vote.
type ApproveInput struct {
	DocumentNumber string `json:"document_number,omitempty"` // số/ký hiệu of the decision
	Note           string `json:"note,omitempty"`
	// Scope bounds the work even when it is not a pilot; by default the
	// proposal's own pilot bounds, if it has them.
	Scope *proof.Scope `json:"scope,omitempty"`
}

func (in *ApproveInput) Validate(f *problem.Fields) {
	optional(f, "note", in.Note)
	scope(f, "scope", in.Scope, false)
}

// ApprovePilotInput approves a bounded pilot.
type ApprovePilotInput struct {
	DocumentNumber string       `json:"document_number,omitempty"`
	Note           string       `json:"note,omitempty"`
	Scope          *proof.Scope `json:"scope,omitempty"` // default: the proposal's pilot bounds
}

func (in *ApprovePilotInput) Validate(f *problem.Fields) {
	optional(f, "note", in.Note)
	scope(f, "scope", in.Scope, false)
}

// OverrideInput is the head's written decision after a failed vote.
type OverrideInput struct {
	DocumentNumber string       `json:"document_number,omitempty"`
	Justification  string       `json:"justification"`
	Pilot          bool         `json:"pilot"`
	Scope          *proof.Scope `json:"scope,omitempty"`
}

func (in *OverrideInput) Validate(f *problem.Fields) {
	required(f, "justification", in.Justification)
	scope(f, "scope", in.Scope, false)
}

// ResourcesInput records what the head allocates (Art. 10).
type ResourcesInput struct {
	MoneyVND  int64  `json:"money_vnd"`
	Source    string `json:"source"` // ngân sách, xã hội hóa…
	People    string `json:"people,omitempty"`
	Equipment string `json:"equipment,omitempty"`
}

func (in *ResourcesInput) Validate(f *problem.Fields) {
	if in.MoneyVND < 0 {
		f.Add("money_vnd", "field.not_negative")
	}
	required(f, "source", in.Source)
	optional(f, "people", in.People)
	optional(f, "equipment", in.Equipment)
}

// ScopedAction is where, when and how much an action under an approved
// scope touched; the service checks it against the scope.
type ScopedAction struct {
	Unit      string `json:"unit"`
	Date      string `json:"date"` // yyyy-mm-dd
	AmountVND int64  `json:"amount_vnd"`
}

func (a *ScopedAction) validate(f *problem.Fields) {
	required(f, "unit", a.Unit)
	if a.Unit != "" && !unitID.MatchString(a.Unit) {
		f.Add("unit", "field.bad_id")
	}
	date(f, "date", a.Date, true)
	if a.AmountVND < 0 {
		f.Add("amount_vnd", "field.not_negative")
	}
}

// ProgressInput is a progress report.
type ProgressInput struct {
	ScopedAction
	Summary    string             `json:"summary"`
	Indicators map[string]float64 `json:"indicators,omitempty"`
}

func (in *ProgressInput) Validate(f *problem.Fields) {
	in.ScopedAction.validate(f)
	required(f, "summary", in.Summary)
}

// ObstacleInput raises a difficulty that needs the head (tháo gỡ vướng mắc).
type ObstacleInput struct {
	Description string `json:"description"`
}

func (in *ObstacleInput) Validate(f *problem.Fields) { required(f, "description", in.Description) }

// ResolveObstacleInput records how an obstacle was removed.
type ResolveObstacleInput struct {
	Obstacle   int    `json:"obstacle"` // the event number (seq) of the obstacle
	Resolution string `json:"resolution"`
}

func (in *ResolveObstacleInput) Validate(f *problem.Fields) {
	if in.Obstacle <= 0 {
		f.Add("obstacle", "field.required")
	}
	required(f, "resolution", in.Resolution)
}

// Violation is one breach an inspection found, with its correction.
type Violation struct {
	Description      string `json:"description"`
	CorrectiveAction string `json:"corrective_action"`
	Deadline         string `json:"deadline"` // yyyy-mm-dd
}

// InspectInput is an inspection and its findings.
type InspectInput struct {
	Date       string      `json:"date"`
	Findings   string      `json:"findings"`
	Violations []Violation `json:"violations,omitempty"`
}

func (in *InspectInput) Validate(f *problem.Fields) {
	date(f, "date", in.Date, true)
	required(f, "findings", in.Findings)
	for i, v := range in.Violations {
		required(f, fieldIndex("violations", i, "description"), v.Description)
		required(f, fieldIndex("violations", i, "corrective_action"), v.CorrectiveAction)
		date(f, fieldIndex("violations", i, "deadline"), v.Deadline, true)
	}
	in.consistentDeadlines(f) // findings.go
}

// CorrectionInput reports a violation corrected.
type CorrectionInput struct {
	// ViolationID is the violation's id as the case lists it
	// (ListedViolation); the step records its inspection and place too.
	ViolationID string `json:"violation_id,omitempty"`
	// Inspection (the inspection's event number) and Violation (1-based
	// within it) name the violation by place: deprecated, kept for the
	// clients that send them; violation_id is filled from them.
	Inspection int    `json:"inspection,omitempty"`
	Violation  int    `json:"violation,omitempty"`
	Correction string `json:"correction"`
	Date       string `json:"date"`
}

func (in *CorrectionInput) Validate(f *problem.Fields) {
	switch {
	case in.ViolationID != "":
		if seq := ViolationInspection(in.ViolationID); seq == 0 || in.Inspection != 0 && in.Inspection != seq {
			f.Add("violation_id", "field.unknown_violation", in.ViolationID)
		}
	default:
		if in.Inspection <= 0 {
			f.Add("inspection", "field.required")
		}
		if in.Violation <= 0 {
			f.Add("violation", "field.required")
		}
	}
	required(f, "correction", in.Correction)
	date(f, "date", in.Date, true)
}

// AdjustInput changes the plan; the new scope is approved anew.
type AdjustInput struct {
	Reason string      `json:"reason"`
	Scope  proof.Scope `json:"scope"`
}

func (in *AdjustInput) Validate(f *problem.Fields) {
	required(f, "reason", in.Reason)
	scope(f, "scope", &in.Scope, true)
}

// CompletionInput is the implementer's report at the end.
type CompletionInput struct {
	Summary    string             `json:"summary"`
	Date       string             `json:"date"`
	SpentVND   int64              `json:"spent_vnd"`
	Indicators map[string]float64 `json:"indicators,omitempty"`
}

func (in *CompletionInput) Validate(f *problem.Fields) {
	required(f, "summary", in.Summary)
	date(f, "date", in.Date, true)
	if in.SpentVND < 0 {
		f.Add("spent_vnd", "field.not_negative")
	}
}

// EvaluationInput is the collective's findings (Art. 11).
type EvaluationInput struct {
	Result           Result `json:"result"`
	FollowedPlan     bool   `json:"followed_plan"`
	HonestMotive     bool   `json:"honest_motive"`
	CommonGood       bool   `json:"common_good"`
	SelfInterest     bool   `json:"self_interest"`
	WithinCompetence bool   `json:"within_competence"`
	NoContravention  bool   `json:"no_contravention"`
	Damage           bool   `json:"damage"`
	DamageVND        int64  `json:"damage_vnd,omitempty"`
	DamageText       string `json:"damage_text,omitempty"`
	ObjectiveCauses  string `json:"objective_causes"`
	SubjectiveCauses string `json:"subjective_causes"`
	Summary          string `json:"summary"`
}

func (in *EvaluationInput) Validate(f *problem.Fields) {
	if !ValidResult(in.Result) {
		f.Add("result", "field.one_of", "completed, partly_completed, not_completed")
	}
	if in.DamageVND < 0 {
		f.Add("damage_vnd", "field.not_negative")
	}
	if in.Damage && strings.TrimSpace(in.DamageText) == "" {
		f.Add("damage_text", "field.required")
	}
	in.consistentDamage(f) // findings.go
	required(f, "summary", in.Summary)
	optional(f, "objective_causes", in.ObjectiveCauses)
	optional(f, "subjective_causes", in.SubjectiveCauses)
}

// LiabilityInput is the disciplinary authority's final outcome.
type LiabilityInput struct {
	Outcome  string `json:"outcome"` // none | excluded | exempted | mitigated | disciplined
	Decision string `json:"decision"`
	Note     string `json:"note,omitempty"`
}

func (in *LiabilityInput) Validate(f *problem.Fields) {
	if !oneOf(in.Outcome, []string{"none", "excluded", "exempted", "mitigated", "disciplined"}) {
		f.Add("outcome", "field.one_of", "none, excluded, exempted, mitigated, disciplined")
	}
	required(f, "decision", in.Decision)
}

// RewardInput records a reward (Art. 10).
type RewardInput struct {
	Kind string `json:"kind"` // praise | commendation | early_salary_step | appointment_priority
	// Recipient is the person rewarded: the case's proposer or one of the
	// implementers its plan names (RewardRecipient).
	Recipient string `json:"recipient"`
	// Decision is the reward decision's number and symbol
	// ("112/QĐ-UBND"), DecisionDate its date.
	Decision     string `json:"decision"`
	DecisionDate string `json:"decision_date,omitempty"`
	// Level is who awards a commendation (Luật Thi đua, khen thưởng 2022):
	// the chair of a commune- or province-level committee, a minister, or
	// the Prime Minister.
	Level string `json:"level,omitempty"`
	// An early salary step: the step the person reaches, from when, and
	// how many months early (at most 12).
	SalaryStep     int    `json:"salary_step,omitempty"`
	EffectiveDate  string `json:"effective_date,omitempty"`
	MonthsAdvanced int    `json:"months_advanced,omitempty"`
	// Position is what a priority in appointment or planning is for.
	Position string `json:"position,omitempty"`
	Note     string `json:"note,omitempty"`
}

// Reward kinds and commendation levels.
var (
	RewardKinds       = []string{"praise", "commendation", "early_salary_step", "appointment_priority"}
	CommendationLevel = []string{"commune", "province", "ministry", "prime_minister"}
)

// MaxMonthsAdvanced is how much earlier a salary step may come for an
// outstanding achievement (Nghị định 204/2004/NĐ-CP, Thông tư 08/2013/TT-BNV).
const MaxMonthsAdvanced = 12

// Validate checks the reward's own fields: what its kind needs, and
// nothing that belongs to another kind, so that a commendation is never
// recorded with a salary step nobody granted.
func (in *RewardInput) Validate(f *problem.Fields) {
	if !oneOf(in.Kind, RewardKinds) {
		f.Add("kind", "field.one_of", strings.Join(RewardKinds, ", "))
	}
	required(f, "recipient", in.Recipient)
	required(f, "decision", in.Decision)
	date(f, "decision_date", in.DecisionDate, true)
	optional(f, "note", in.Note)
	notFor := func(field string, set bool) {
		if set {
			f.Add(field, "field.not_for_kind")
		}
	}
	switch in.Kind {
	case "commendation":
		if !oneOf(in.Level, CommendationLevel) {
			f.Add("level", "field.one_of", strings.Join(CommendationLevel, ", "))
		}
	default:
		notFor("level", in.Level != "")
	}
	switch in.Kind {
	case "early_salary_step":
		if in.SalaryStep < 1 || in.SalaryStep > 20 {
			f.Add("salary_step", "field.between", 1, 20)
		}
		if in.MonthsAdvanced < 1 || in.MonthsAdvanced > MaxMonthsAdvanced {
			f.Add("months_advanced", "field.between", 1, MaxMonthsAdvanced)
		}
		date(f, "effective_date", in.EffectiveDate, true)
		eff, err1 := calendar.ParseDate(in.EffectiveDate)
		dec, err2 := calendar.ParseDate(in.DecisionDate)
		if err1 == nil && err2 == nil && eff.String() < dec.String() {
			f.Add("effective_date", "field.not_before", fmt.Sprintf("%02d/%02d/%04d", dec.Day, int(dec.Month), dec.Year))
		}
	default:
		notFor("salary_step", in.SalaryStep != 0)
		notFor("months_advanced", in.MonthsAdvanced != 0)
		notFor("effective_date", in.EffectiveDate != "")
	}
	if in.Kind == "appointment_priority" {
		required(f, "position", in.Position)
	} else {
		notFor("position", in.Position != "")
	}
}

// RewardRecipient refuses a reward for anyone but the people whose work
// the case is: its proposer and the implementers its plan names. It is
// checked when the reward is decided, against the case's content.
func RewardRecipient(p *Proposal, in *RewardInput) error {
	if in.Recipient == p.ProposerID || slices.Contains(p.Content.Implementers, in.Recipient) {
		return nil
	}
	var f problem.Fields
	f.Add("recipient", "field.not_recipient", in.Recipient)
	return f.Err()
}

// ReplicateInput names the units that adopt the model.
type ReplicateInput struct {
	Units []string `json:"units"`
	Note  string   `json:"note,omitempty"`
}

func (in *ReplicateInput) Validate(f *problem.Fields) {
	if len(in.Units) == 0 {
		f.Add("units", "field.required")
	}
	if len(in.Units) > 500 {
		f.Add("units", "field.too_many", 500)
	}
}

// InstitutionaliseInput starts a drafting track toward a legal document.
type InstitutionaliseInput struct {
	DocumentKind string `json:"document_kind"` // quyết định, quy chế, nghị quyết…
	Title        string `json:"title"`
	Level        string `json:"level"`
	Note         string `json:"note,omitempty"`
}

func (in *InstitutionaliseInput) Validate(f *problem.Fields) {
	required(f, "document_kind", in.DocumentKind)
	required(f, "title", in.Title)
	if !oneOf(in.Level, bottleneckLevels) {
		f.Add("level", "field.one_of", strings.Join(bottleneckLevels, ", "))
	}
}

// plainText says whether a value written into a scope has no control
// characters (a scope's values are lines of the log).
func plainText(s string) bool {
	for _, r := range s {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || r == '\uFEFF' {
			return false
		}
	}
	return utf8.ValidString(s)
}
