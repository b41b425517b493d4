package server

import (
	"bytes"
	"strconv"
)

// The search page's content (the proposal list is the same page with a
// unit filter) is written here rather than by templates/page_search.html:
// after the layout, the template's form — four fields through the "field"
// template, each a dozen conditions and method calls by reflection — was
// most of what was left of the page's rendering. The template stays as
// the definition: a test writes both over hostile values and requires the
// same bytes.

// writeSearchContent writes what page_search.html's "content" writes.
func writeSearchContent(b *bytes.Buffer, v *view, d *searchData) {
	b.WriteString("\n<h1>")
	escapeTo(b, v.T("web.search.title"))
	b.WriteString("</h1>\n<form method=\"get\" action=\"/search\" class=\"search-form\" role=\"search\">\n<div class=\"field\">\n<label for=\"f-q\">")
	escapeTo(b, v.T("web.search.q"))
	b.WriteString("</label>\n<p class=\"hint\" id=\"f-q-hint\">")
	escapeTo(b, v.T("web.search.hint"))
	b.WriteString("</p>\n<input type=\"search\" id=\"f-q\" name=\"q\" value=\"")
	escapeTo(b, d.Q)
	b.WriteString("\" aria-describedby=\"f-q-hint\">\n</div>\n<div class=\"filters\">\n")
	writeField(b, v.F("state", "web.col.state", d.State).Opts(d.States))
	b.WriteByte('\n')
	writeField(b, v.F("field", "web.f.field", d.Field).Opts(d.Fields))
	b.WriteByte('\n')
	unit := v.F("unit", "web.col.unit", d.Unit).Opts(d.Units)
	unit.units = d.units
	writeField(b, unit)
	b.WriteByte('\n')
	writeField(b, v.F("overdue", "web.search.overdue", d.Overdue).Typ("checkbox"))
	b.WriteString("\n</div>\n<button type=\"submit\" class=\"primary\">")
	escapeTo(b, v.T("web.search.submit"))
	b.WriteString("</button>\n</form>\n")
	if d.Searched {
		b.WriteString("\n<h2 id=\"results-h\">")
		escapeTo(b, v.T("web.search.results", len(d.Results)))
		b.WriteString("</h2>\n")
		if len(d.Results) > 0 {
			b.WriteString("<ol class=\"results\" aria-labelledby=\"results-h\">\n")
			if d.Items != "" {
				b.WriteString(string(d.Items))
			} else {
				writeSearchItems(b, v, d.Results)
			}
			b.WriteString("</ol>\n")
			if d.Next != "" {
				b.WriteString(`<p><a href="`)
				urlAttrTo(b, d.Next)
				b.WriteString(`">`)
				escapeTo(b, v.T("web.search.more"))
				b.WriteString(`</a></p>`)
			}
			b.WriteByte('\n')
		} else {
			b.WriteString("<p>")
			escapeTo(b, v.T("web.search.none"))
			b.WriteString("</p>")
		}
		b.WriteByte('\n')
	}
	b.WriteByte('\n')
}

// writeField writes a select or a checkbox as the "field" template
// (templates/part_fields.html) does; other types stay with the template.
func writeField(b *bytes.Buffer, f field) {
	attr := func(name, value string) {
		b.WriteString(name)
		b.WriteString(`="`)
		escapeTo(b, value)
		b.WriteByte('"')
	}
	describedby := func() {
		if d := f.Describedby(); d != "" {
			attr(" aria-describedby", d)
		}
		if f.Error != "" {
			b.WriteString(` aria-invalid="true"`)
		}
	}
	// note writes a hint or an error paragraph, if there is text for it.
	note := func(class, id, text string) {
		if text != "" {
			b.WriteString(`<p class="` + class + `" `)
			attr("id", id)
			b.WriteByte('>')
			escapeTo(b, text)
			b.WriteString("</p>")
		}
	}
	notes := func() {
		note("hint", f.HintID(), f.Hint)
		b.WriteByte('\n')
	}
	errorNote := func() { note("error", f.ErrID(), f.Error) }
	switch f.Type {
	case "checkbox":
		b.WriteString(`<div class="field check`)
		if f.Error != "" {
			b.WriteString(" has-error")
		}
		b.WriteString("\">\n<input type=\"checkbox\" ")
		attr("id", f.ID)
		attr(" name", f.Name)
		attr(" value", f.Value)
		if f.Checked {
			b.WriteString(" checked")
		}
		describedby()
		b.WriteString(">\n<label ")
		attr("for", f.ID)
		b.WriteByte('>')
		escapeTo(b, f.Label)
		b.WriteString("</label>\n")
		notes()
		errorNote()
		b.WriteString("\n</div>")
	case "select":
		b.WriteString(`<div class="field`)
		if f.Error != "" {
			b.WriteString(" has-error")
		}
		b.WriteString("\">\n<label ")
		attr("for", f.ID)
		b.WriteByte('>')
		escapeTo(b, f.Label)
		if f.Required {
			b.WriteString(` <span class="req">*</span>`)
		}
		b.WriteString("</label>\n")
		notes()
		b.WriteString("<select ")
		attr("id", f.ID)
		attr(" name", f.Name)
		if f.Required {
			b.WriteString(` aria-required="true"`)
		}
		describedby()
		b.WriteString(">\n")
		f.writeOptions(b)
		b.WriteString("</select>\n")
		errorNote()
		b.WriteString("\n</div>")
	default:
		panic("writeField: no " + strconv.Quote(f.Type))
	}
}
