package workflow

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"damlam/internal/problem"
	"damlam/internal/proof"
)

// Content is everything the proposer writes (Decree 73, Art. 5 and 7;
// DOMAIN.md §3). Edits after submission create a new version of it.
type Content struct {
	Title string `json:"title"`
	Field string `json:"field"` // lĩnh vực: giao thông, môi trường, hành chính…
	// LegalBasis: "decree73", "party" (a Party regulation) or "local".
	LegalBasis string `json:"legal_basis"`
	// Basis names the instrument the plan rests on, chosen from the list
	// of instruments, and its article; the store copies the instrument's
	// number, date and issuing body in when the draft is saved, so that
	// the submitted version says them itself.
	Basis *BasisRef `json:"basis,omitempty"`

	Bottleneck Bottleneck `json:"bottleneck"`

	Necessity    string `json:"necessity"`
	Purpose      string `json:"purpose"`
	Requirements string `json:"requirements"`

	Contents  string `json:"contents"` // nội dung, nhiệm vụ, giải pháp
	ScopeText string `json:"scope_text"`
	Tasks     []Task `json:"tasks"`

	Timeline    string    `json:"timeline"`
	Resources   Resources `json:"resources"`
	Feasibility string    `json:"feasibility"`

	PositiveImpacts string `json:"positive_impacts"`
	NegativeImpacts string `json:"negative_impacts"`
	Effectiveness   string `json:"effectiveness"`

	Checklist Checklist `json:"checklist"`

	PilotRequested bool         `json:"pilot_requested"`
	Pilot          *proof.Scope `json:"pilot,omitempty"`

	Implementers []string `json:"implementers,omitempty"` // person ids
}

// Instrument is a document a case's legal basis may name: a Party
// conclusion, the decree, a locality's plan, or one an administrator adds.
type Instrument struct {
	ID       string `json:"id"`
	Kind     string `json:"kind"` // decree73 | party | local
	Number   string `json:"number"`
	IssuedOn string `json:"issued_on"` // yyyy-mm-dd, "" if not known
	Issuer   string `json:"issuer"`
	Title    string `json:"title"`
}

// BuiltinInstruments are the instruments every deployment lists: the
// Party's conclusion, the decree and Hồ Chí Minh City's plan (its date is
// not recorded here). Administrators add others.
var BuiltinInstruments = []Instrument{
	{ID: "kl14", Kind: "party", Number: "14-KL/TW", IssuedOn: "2021-09-22", Issuer: "Bộ Chính trị",
		Title: "Kết luận về chủ trương khuyến khích và bảo vệ cán bộ năng động, sáng tạo vì lợi ích chung"},
	{ID: "nd73", Kind: "decree73", Number: "73/2023/NĐ-CP", IssuedOn: "2023-09-29", Issuer: "Chính phủ",
		Title: "Nghị định quy định về khuyến khích, bảo vệ cán bộ năng động, sáng tạo, dám nghĩ, dám làm, dám đột phá, dám chịu trách nhiệm vì lợi ích chung"},
	{ID: "kh124-hcm", Kind: "local", Number: "124", Issuer: "Thành phố Hồ Chí Minh",
		Title: "Kế hoạch 124 thực hiện Nghị định 73/2023/NĐ-CP trên địa bàn Thành phố"},
}

// BuiltinInstrument is the built-in instrument id, if there is one.
func BuiltinInstrument(id string) (Instrument, bool) {
	for _, in := range BuiltinInstruments {
		if in.ID == id {
			return in, true
		}
	}
	return Instrument{}, false
}

// BasisRef is the instrument a case names, as it stood when the draft was
// saved, and the article relied on.
type BasisRef struct {
	Instrument string `json:"instrument"`
	Number     string `json:"number,omitempty"`
	IssuedOn   string `json:"issued_on,omitempty"`
	Issuer     string `json:"issuer,omitempty"`
	Title      string `json:"title,omitempty"`
	Article    string `json:"article,omitempty"`
}

// Validate checks an instrument an administrator adds.
func (in *Instrument) Validate(f *problem.Fields) {
	if in.ID == "" || len(in.ID) > 40 || strings.Trim(in.ID, "abcdefghijklmnopqrstuvwxyz0123456789-") != "" {
		f.Add("id", "field.rules_id")
	}
	if !oneOf(in.Kind, legalBases) {
		f.Add("kind", "field.one_of", strings.Join(legalBases, ", "))
	}
	for _, t := range []struct{ name, v string }{{"number", in.Number}, {"issuer", in.Issuer}, {"title", in.Title}} {
		switch {
		case strings.TrimSpace(t.v) == "":
			f.Add(t.name, "field.required")
		case !utf8.ValidString(t.v) || utf8.RuneCountInString(t.v) > 300:
			f.Add(t.name, "field.too_long", 300)
		}
	}
	if in.IssuedOn != "" {
		if _, err := time.Parse("2006-01-02", in.IssuedOn); err != nil {
			f.Add("issued_on", "field.bad_date")
		}
	}
}

// Bottleneck is the rule that is missing, unclear or outdated.
type Bottleneck struct {
	Kind  string `json:"kind"`  // missing | unclear | outdated
	Rule  string `json:"rule"`  // which rule, by number and date where there is one
	Level string `json:"level"` // government | prime_minister | ministry | locality
}

// Task is one piece of the work and who carries it out.
type Task struct {
	Description string `json:"description"`
	Assignee    string `json:"assignee"`
}

// Resources are what the plan needs guaranteed.
type Resources struct {
	MoneyVND  int64  `json:"money_vnd"`
	People    string `json:"people"`
	Equipment string `json:"equipment"`
}

// Checklist is Art. 5's conditions; the last one is optional.
type Checklist struct {
	RemovesBottleneck bool `json:"removes_bottleneck"`
	CommonGood        bool `json:"common_good"`
	UrgentNeed        bool `json:"urgent_need"`
	NoSecurityImpact  bool `json:"no_security_impact"`
	NoHarmToOthers    bool `json:"no_harm_to_others"`
	ReformAim         bool `json:"reform_aim"`
}

// Proposal is a case as the domain sees it.
type Proposal struct {
	ID           string       `json:"id"`
	UnitID       string       `json:"unit_id"`
	UnitPath     string       `json:"-"`
	DeciderID    string       `json:"decider_unit_id"`
	DeciderPath  string       `json:"-"`
	ProposerID   string       `json:"proposer_id"`
	State        State        `json:"state"`
	Version      int          `json:"version"`
	SourceID     string       `json:"source_id,omitempty"`
	Content      Content      `json:"content"`
	CreatedAt    time.Time    `json:"created_at"`
	SubmittedAt  time.Time    `json:"submitted_at,omitzero"`
	EnteredAt    time.Time    `json:"state_entered_at"`
	ReportedAt   time.Time    `json:"completion_reported_at,omitzero"`
	Scope        *proof.Scope `json:"approved_scope,omitempty"`
	ScopeIndex   int64        `json:"approved_scope_log_index"`
	Result       Result       `json:"result,omitempty"`
	Outcome      Outcome      `json:"protection,omitempty"`
	OutsideScope int          `json:"outside_scope_actions"`
}

var (
	bottleneckKinds  = []string{"missing", "unclear", "outdated"}
	bottleneckLevels = []string{"government", "prime_minister", "ministry", "locality"}
	legalBases       = []string{"decree73", "party", "local"}
)

func oneOf(s string, set []string) bool {
	for _, x := range set {
		if s == x {
			return true
		}
	}
	return false
}

// maxText bounds free text so that one form cannot fill the database.
const maxText = 20000

// ValidateDraft checks what even a draft must have: a title, sane sizes.
func (c *Content) ValidateDraft() error {
	var f problem.Fields
	c.check(&f, false)
	return f.Err()
}

// ValidateForSubmission checks everything Art. 5 and 7 require before a
// head may receive the proposal.
func (c *Content) ValidateForSubmission() error {
	var f problem.Fields
	c.check(&f, true)
	return f.Err()
}

func (c *Content) check(f *problem.Fields, full bool) {
	text := func(field, v string, required bool) {
		switch {
		case required && strings.TrimSpace(v) == "":
			f.Add(field, "field.required")
		case !utf8.ValidString(v):
			f.Add(field, "field.bad_text")
		case TextLen(v) > maxText:
			f.Add(field, "field.too_long", maxText)
		}
	}
	text("title", c.Title, true)
	if TextLen(c.Title) > 300 {
		f.Add("title", "field.too_long", 300)
	}
	text("field", c.Field, full)
	if c.LegalBasis != "" && !oneOf(c.LegalBasis, legalBases) {
		f.Add("legal_basis", "field.one_of", strings.Join(legalBases, ", "))
	}
	if c.Basis != nil && (!utf8.ValidString(c.Basis.Article) || utf8.RuneCountInString(c.Basis.Article) > 300) {
		f.Add("basis.article", "field.too_long", 300)
	}
	if c.Bottleneck.Kind != "" && !oneOf(c.Bottleneck.Kind, bottleneckKinds) || full && c.Bottleneck.Kind == "" {
		f.Add("bottleneck.kind", "field.one_of", strings.Join(bottleneckKinds, ", "))
	}
	if c.Bottleneck.Level != "" && !oneOf(c.Bottleneck.Level, bottleneckLevels) || full && c.Bottleneck.Level == "" {
		f.Add("bottleneck.level", "field.one_of", strings.Join(bottleneckLevels, ", "))
	}
	text("bottleneck.rule", c.Bottleneck.Rule, full)
	text("necessity", c.Necessity, full)
	text("purpose", c.Purpose, full)
	text("requirements", c.Requirements, false)
	text("contents", c.Contents, full)
	text("scope_text", c.ScopeText, false)
	text("timeline", c.Timeline, full)
	text("feasibility", c.Feasibility, false)
	text("positive_impacts", c.PositiveImpacts, full)
	text("negative_impacts", c.NegativeImpacts, false)
	text("effectiveness", c.Effectiveness, false)
	text("resources.people", c.Resources.People, false)
	text("resources.equipment", c.Resources.Equipment, false)
	if c.Resources.MoneyVND < 0 {
		f.Add("resources.money_vnd", "field.not_negative")
	}
	if len(c.Tasks) > 200 {
		f.Add("tasks", "field.too_many", 200)
	}
	for i, t := range c.Tasks {
		if strings.TrimSpace(t.Description) == "" {
			f.Add(fieldIndex("tasks", i, "description"), "field.required")
		}
	}
	if full {
		ck := c.Checklist
		for name, ok := range map[string]bool{
			"checklist.removes_bottleneck": ck.RemovesBottleneck,
			"checklist.common_good":        ck.CommonGood,
			"checklist.urgent_need":        ck.UrgentNeed,
			"checklist.no_security_impact": ck.NoSecurityImpact,
			"checklist.no_harm_to_others":  ck.NoHarmToOthers,
		} {
			if !ok {
				f.Add(name, "field.checklist_required")
			}
		}
	}
	if c.PilotRequested && c.Pilot == nil && full {
		f.Add("pilot", "field.required")
	}
	if c.Pilot != nil {
		ScopeFields(f, "pilot", c.Pilot)
	}
}

func fieldIndex(name string, i int, sub string) string {
	return name + "[" + strconv.Itoa(i) + "]." + sub
}
