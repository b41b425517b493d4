package server

import (
	"html/template"
	"strings"
)

// OptionTags writes a select's options as the "field" template did with a
// range over them. A province's unit filter has two hundred options and
// the country's thousands: through the template engine (reflection, an
// eq per option, the escaper per value) they were most of the list page's
// rendering; written here they cost a few microseconds.
func (f field) OptionTags() template.HTML {
	var b strings.Builder
	n := 0
	for _, o := range f.Options {
		n += len(o.Value) + len(o.Label) + 40
	}
	b.Grow(n)
	f.writeOptions(&b)
	return template.HTML(b.String())
}

// writeOptions writes the options onto b.
func (f field) writeOptions(b stringWriter) {
	for _, o := range f.Options {
		writeOption(b, o, o.Value == f.Value)
	}
	if f.units != nil {
		f.units.write(b, f.Value)
	}
}

// writeOption writes one option's tag.
func writeOption(b stringWriter, o option, selected bool) {
	b.WriteString(`<option value="`)
	writeEscaped(b, o.Value)
	b.WriteString(`"`)
	if selected {
		b.WriteString(" selected")
	}
	b.WriteString(">")
	writeEscaped(b, o.Label)
	b.WriteString("</option>\n")
}

// stringWriter is a strings.Builder or a bytes.Buffer.
type stringWriter interface {
	WriteString(string) (int, error)
}

// writeEscaped escapes s as html/template escapes plain text in element
// content and in a quoted attribute value (its htmlReplacementTable), so
// that pages written here and by templates are byte for byte the same.
func writeEscaped(b stringWriter, s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		var rep string
		switch s[i] {
		case 0:
			rep = "\uFFFD"
		case '"':
			rep = "&#34;"
		case '&':
			rep = "&amp;"
		case '\'':
			rep = "&#39;"
		case '+':
			rep = "&#43;"
		case '<':
			rep = "&lt;"
		case '>':
			rep = "&gt;"
		default:
			continue
		}
		b.WriteString(s[last:i])
		b.WriteString(rep)
		last = i + 1
	}
	b.WriteString(s[last:])
}
