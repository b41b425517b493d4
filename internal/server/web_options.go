package server

import (
	"html/template"
	"strconv"
	"strings"
)

// A select's options are fragments (web_fragments.go): a province's unit
// filter has two hundred options and the country's thousands, and through
// a template range each option is an eq and two escapers by reflection.
// The options of a select are kept by their list and the selected value;
// the unit filter's options are kept per read scope (web_units.go).

// optionTag is one option of a select ("option").
type optionTag struct {
	Value, Label string
	Selected     bool
}

// optionList is a select's options and the selected value ("options"):
// List holds the options one after another, each value and label as its
// length in decimal, a colon and its bytes, so that it is a comparable
// key for any texts.
type optionList struct {
	List     string
	Selected string
}

func newOptionList(opts []option, selected string) optionList {
	n := 0
	for _, o := range opts {
		n += len(o.Value) + len(o.Label) + 8
	}
	var b strings.Builder
	b.Grow(n)
	for _, o := range opts {
		for _, s := range [2]string{o.Value, o.Label} {
			b.WriteString(strconv.Itoa(len(s)))
			b.WriteByte(':')
			b.WriteString(s)
		}
	}
	return optionList{List: b.String(), Selected: selected}
}

// Tags are the options' tags, the selected one marked.
func (l optionList) Tags() []optionTag {
	var out []optionTag
	next := func(s string) (string, string) {
		i := strings.IndexByte(s, ':')
		n, _ := strconv.Atoi(s[:i])
		return s[i+1 : i+1+n], s[i+1+n:]
	}
	for rest := l.List; rest != ""; {
		var t optionTag
		t.Value, rest = next(rest)
		t.Label, rest = next(rest)
		t.Selected = t.Value == l.Selected
		out = append(out, t)
	}
	return out
}

// options are the list's options.
func (l optionList) options() []option {
	tags := l.Tags()
	out := make([]option, len(tags))
	for i, t := range tags {
		out[i] = option{t.Value, t.Label}
	}
	return out
}

var (
	optionLists = newMemo[optionList]("options")
	optionTags  = newMemo[optionTag]("option")
)

// OptionTags writes a select's options, then the kept unit options if the
// field has them.
func (f field) OptionTags() (template.HTML, error) {
	if f.Multiple {
		return f.manyOptionTags(), nil
	}
	var opts fragment
	if len(f.Options) > 0 {
		var err error
		if opts, err = optionLists.get(newOptionList(f.Options, f.Value)); err != nil {
			return "", err
		}
	}
	if f.units == nil {
		return opts.HTML(), nil
	}
	units, err := f.units.tags(f.Value)
	if err != nil {
		return "", err
	}
	return joinFragments(append([]fragment{opts}, units...)), nil
}

// Units adds the kept unit options after the field's options.
func (f field) Units(c *unitChoices) field { f.units = c; return f }
