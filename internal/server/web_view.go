package server

import (
	"fmt"
	"html/template"
	"strconv"
	"strings"
	"time"

	"damlam/internal/calendar"
	"damlam/internal/i18n"
	"damlam/internal/org"
)

// The methods below are what templates call on the view: text in the
// reader's language, dates and money the Vietnamese way, and form fields.

// T is the catalogue entry key in the reader's language.
func (v *view) T(key string, args ...any) string { return i18n.T(key, args...).In(v.Lang) }

// M is a message in the reader's language.
func (v *view) M(m i18n.Message) string { return m.In(v.Lang) }

// Date writes a time as dd/mm/yyyy in Vietnam's zone.
func (v *view) Date(t time.Time) string { return i18n.FormatDate(t) }

// DateTime writes a time as dd/mm/yyyy hh:mm in Vietnam's zone.
func (v *view) DateTime(t time.Time) string { return i18n.FormatDateTime(t) }

// Day writes a stored yyyy-mm-dd date as dd/mm/yyyy.
func (v *view) Day(s string) string {
	d, err := calendar.ParseDate(s)
	if err != nil {
		return s
	}
	if d.Year < 0 || d.Year > 9999 {
		return fmt.Sprintf("%02d/%02d/%04d", d.Day, int(d.Month), d.Year)
	}
	// Written by hand: fmt was a tenth of a list page's rows.
	m, y := int(d.Month), d.Year
	b := [10]byte{byte('0' + d.Day/10), byte('0' + d.Day%10), '/', byte('0' + m/10), byte('0' + m%10), '/',
		byte('0' + y/1000), byte('0' + y/100%10), byte('0' + y/10%10), byte('0' + y%10)}
	return string(b[:])
}

// VND writes an amount the way official documents do.
func (v *view) VND(n int64) string { return i18n.FormatVND(n, v.Lang) }

// Num writes a measured value with the reader's decimal mark.
func (v *view) Num(f float64) string {
	s := strconv.FormatFloat(f, 'f', -1, 64)
	if v.Lang == i18n.VI {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// Int writes a whole number with thousands separators.
func (v *view) Int(n int) string { return i18n.FormatInt(int64(n), v.Lang) }

// LangURL is the current page in the other language.
func (v *view) LangURL(lang string) string {
	if v.URL == nil {
		return "/?lang=" + lang
	}
	q := v.URL.Query()
	q.Set("lang", lang)
	return v.URL.Path + "?" + q.Encode()
}

// Err is the error message for a field, or "".
func (v *view) Err(name string) string { return v.Errors[name] }

// IsAdmin reports whether the reader administers some unit.
func (v *view) IsAdmin() bool { return v.Me != nil && hasRole(v.Me, org.Admin, org.Secretariat) }

// Oversees reports whether the reader reads more than their own unit
// (heads, deputies and oversight roles): they get the dashboard.
func (v *view) Oversees() bool { return v.Me != nil && oversees(v.Me) }

func hasRole(p *org.Person, roles ...org.Role) bool {
	for _, g := range p.Grants {
		for _, r := range roles {
			if g.Role == r {
				return true
			}
		}
	}
	return false
}

func oversees(p *org.Person) bool {
	subtrees, _ := p.ReadScopes()
	return len(subtrees) > 0
}

// field is one form control as a template draws it: label, value, the
// error beside it, and the ids that tie them together for screen readers.
type field struct {
	ID, Name, Label, Value, Error, Hint, Type string
	Required, Checked                         bool
	Options                                   []option
	Rows                                      int
	Extra                                     template.HTMLAttr
	// units, if set, are more options after Options, kept with their
	// markup (web_units.go).
	units *unitChoices
	// Picker marks a select that app.js gives a search box; Multiple one
	// that chooses several, Values (web_pickers.go).
	Picker, Multiple bool
	Values           []string
	// Money marks an amount in đồng, spelled out in words below it.
	Money bool
	lang  i18n.Lang
	// choose is the empty choice's label.
	choose string
}

// option is one choice of a select or a radio group.
type option struct{ Value, Label string }

// F builds a field of a page-level form (the proposal form, the
// administration forms): its value is what was posted, else def.
func (v *view) F(name, labelKey string, def ...any) field {
	return v.field("", "f-", name, labelKey, def)
}

// AF builds a field of the form of action: ids are prefixed with the
// action so that several action forms can share one page.
func (v *view) AF(action, name, labelKey string, def ...any) field {
	return v.field(action, "a-"+action+"-", name, labelKey, def)
}

func (v *view) field(action, prefix, name, labelKey string, def []any) field {
	f := field{ID: prefix + htmlID(name), Name: name, Label: v.T(labelKey), Type: "text", lang: v.Lang, choose: v.T("web.choose")}
	if len(def) > 0 && def[0] != nil {
		switch d := def[0].(type) {
		case bool:
			f.Checked = d
			f.Value = "true"
		case int64:
			if d != 0 {
				f.Value = strconv.FormatInt(d, 10)
			}
		case int:
			f.Value = strconv.Itoa(d)
		case float64:
			f.Value = strconv.FormatFloat(d, 'f', -1, 64)
		default:
			f.Value = fmt.Sprint(d)
		}
	}
	if v.Form != nil && v.FormAction == action {
		if _, isBool := firstBool(def); isBool {
			f.Checked = v.Form.Get(name) != ""
		} else {
			f.Value = v.Form.Get(name)
		}
		f.Error = v.Errors[name]
		if f.Error != "" {
			v.noteDrawn(name, f.ID, f.Label)
		}
	}
	return f
}

// noteDrawn records that the control of field name, in error, is on the
// page, for the error summary to link to.
func (v *view) noteDrawn(name, id, label string) {
	if v.drawn == nil {
		v.drawn = map[string]option{}
	}
	if _, ok := v.drawn[name]; !ok {
		v.drawn[name] = option{id, label}
	}
}

// errorSummary lists the errors as the summary at the top shows them: a
// link to each control drawn with its error, its label and message, in the
// order the service named them; errors of no drawn control are listed
// without a link.
func (v *view) errorSummary() []option {
	var out []option
	for _, name := range v.errOrder {
		msg := v.Errors[name]
		if d, ok := v.drawn[name]; ok {
			label := strings.TrimSpace(d.Label)
			if label != "" {
				msg = label + ": " + msg
			}
			out = append(out, option{d.Value, msg})
		} else {
			out = append(out, option{"", msg})
		}
	}
	return out
}

func firstBool(def []any) (bool, bool) {
	if len(def) == 0 {
		return false, false
	}
	b, ok := def[0].(bool)
	return b, ok
}

// Field options, chained in templates: (($.F "x" "key").Req).Typ "date".

// Req marks the field required.
func (f field) Req() field { f.Required = true; return f }

// Typ sets the input type.
func (f field) Typ(t string) field { f.Type = t; return f }

// Area makes the field a textarea of n rows.
func (f field) Area(n int) field { f.Type = "textarea"; f.Rows = n; return f }

// Opts makes the field a select over opts.
func (f field) Opts(opts []option) field { f.Type = "select"; f.Options = opts; return f }

// Radio makes the field a radio group over opts.
func (f field) Radio(opts []option) field { f.Type = "radio"; f.Options = opts; return f }

// Hinted adds a hint below the label.
func (f field) Hinted(text string) field { f.Hint = text; return f }

// Attr adds raw attributes (autocomplete, min, step…) from trusted code.
func (f field) Attr(a string) field { f.Extra = template.HTMLAttr(a); return f }

// VND makes the field an amount in đồng: "1.500.000" or plain digits,
// spelled out in words below it (app.js keeps the words as one types).
func (f field) VND() field {
	f.Money = true
	if n, err := strconv.ParseInt(f.Value, 10, 64); err == nil {
		f.Value = i18n.FormatInt(n, f.lang)
	}
	f.Extra = template.HTMLAttr(`inputmode="numeric" autocomplete="off"`)
	return f
}

// Words spells the field's amount out, or "" if it is not one.
func (f field) Words() string {
	n, err := parseWhole(f.Value)
	if err != nil || strings.TrimSpace(f.Value) == "" {
		return ""
	}
	return i18n.VNDInWords(n, f.lang)
}

// WordsID is the id of the amount in words.
func (f field) WordsID() string { return f.ID + "-words" }

// DayValue is a date field's value as dd/mm/yyyy: a stored yyyy-mm-dd is
// rewritten, anything typed is kept as typed.
func (f field) DayValue() string {
	if len(f.Value) == 10 && f.Value[4] == '-' && f.Value[7] == '-' {
		return f.Value[8:10] + "/" + f.Value[5:7] + "/" + f.Value[0:4]
	}
	return f.Value
}

// DayHint is the hint of a date field.
func (f field) DayHint() string { return i18n.T("web.hint.day").In(f.lang) }

// PickHint is the hint of a picker's search box.
func (f field) PickHint() string {
	if f.Multiple {
		return i18n.T("web.pick.hint_many").In(f.lang)
	}
	return i18n.T("web.pick.hint").In(f.lang)
}

// HintID and ErrID are the ids aria-describedby points at.
func (f field) HintID() string { return f.ID + "-hint" }
func (f field) ErrID() string  { return f.ID + "-err" }

// Describedby lists the ids that describe the control.
func (f field) Describedby() string {
	var ids []string
	if f.Hint != "" || f.Type == "date" || f.Multiple {
		ids = append(ids, f.HintID())
	}
	if f.Money {
		ids = append(ids, f.WordsID())
	}
	if f.Error != "" {
		ids = append(ids, f.ErrID())
	}
	return strings.Join(ids, " ")
}

// htmlID turns a form name such as "tasks[0].description" into an id.
func htmlID(name string) string {
	var b strings.Builder
	for _, r := range name {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		} else if !strings.HasSuffix(b.String(), "-") {
			b.WriteByte('-')
		}
	}
	return strings.Trim(b.String(), "-")
}

// templateFuncs are the few helpers that are not about the reader.
var templateFuncs = template.FuncMap{
	"htmlID": htmlID,
	"add":    func(a, b int) int { return a + b },
	"list":   func(xs ...any) []any { return xs },
	"join":   strings.Join,
	"pct": func(n, d int64) int64 {
		if d <= 0 {
			return 0
		}
		return n * 100 / d
	},
}

// Stamp writes a stored timestamp (fixed-width UTC text) as dd/mm/yyyy hh:mm.
func (v *view) Stamp(s string) string {
	t, err := time.Parse("2006-01-02T15:04:05.000000000Z", s)
	if err != nil {
		return s
	}
	return i18n.FormatDateTime(t)
}

// Left says how long an item has: working days left, due today, or how
// many working days it is overdue by.
func (v *view) Left(left *int, overdue bool) string {
	switch {
	case left == nil:
		return "—"
	case overdue:
		n := -*left
		if n < 1 {
			n = 1
		}
		return v.T("web.overdue_by", n)
	case *left == 0:
		return v.T("web.due_today")
	}
	return v.T("web.days_left", *left)
}

// Bytes writes a file size for people.
func (v *view) Bytes(n int64) string {
	switch {
	case n >= 1<<20:
		return v.Num(float64(n*10>>20)/10) + " MB"
	case n >= 1<<10:
		return v.Num(float64(n*10>>10)/10) + " KB"
	}
	return strconv.FormatInt(n, 10) + " B"
}

// DocDate writes the date line of an official document (Decree 30/2020):
// "ngày 03 tháng 12 năm 2026".
func (v *view) DocDate(t time.Time) string {
	t = t.In(i18n.VietnamZone)
	if v.Lang == i18n.EN {
		return t.Format("2 January 2006")
	}
	return fmt.Sprintf("ngày %02d tháng %02d năm %d", t.Day(), int(t.Month()), t.Year())
}

// GrantOptions lists positions then roles in one select.
func (v *view) GrantOptions(positions, roles []option) []option {
	return append(append([]option{}, positions...), roles...)
}

// Choices builds options whose labels are catalogue entries prefix+value;
// the value "remove" stands for the empty value.
func (v *view) Choices(prefix string, values ...string) []option {
	out := opts(v, prefix, values...)
	for i := range out {
		if out[i].Value == "remove" {
			out[i].Value = ""
		}
	}
	return out
}
