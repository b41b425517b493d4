package server

import (
	"html/template"
	"strings"

	"damlam/internal/sqlstore"
)

// The two longest lists of the pages — a search's results and an inbox's
// rows (up to 500) — are written here rather than by a template range.
// Through the template engine each row cost about 40 us: every field is
// found by reflection (through the embedded summary, a search of the
// struct per field), every method called by reflection, every value sent
// through an escaper by reflection; that was most of the list page's
// rendering. The markup is the templates' as it was, byte for byte (the
// golden pages check it), and values are escaped as html/template escapes
// them (writeEscaped).

// rows builds a list's markup.
type rows struct{ strings.Builder }

// text writes s escaped, as {{s}} in text or in a quoted attribute.
func (b *rows) text(s string) { writeEscaped(&b.Builder, s) }

// caseURL writes the path of a case's page. Case ids are letters, digits,
// dots and dashes; anything else is percent-encoded, never passed through.
func (b *rows) caseURL(id string) { writeCaseURL(&b.Builder, id) }

func writeCaseURL(b stringWriter, id string) {
	b.WriteString("/proposals/")
	last := 0
	for i := 0; i < len(id); i++ {
		c := id[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~' {
			continue
		}
		b.WriteString(id[last:i])
		b.WriteString("%" + hexDigits[c>>4:c>>4+1] + hexDigits[c&15:c&15+1])
		last = i + 1
	}
	b.WriteString(id[last:])
}

const hexDigits = "0123456789ABCDEF"

// searchItems writes the <li> of each result of the search page.
func searchItems(v *view, results []searchResult) template.HTML {
	var b strings.Builder
	b.Grow(len(results) * 700)
	writeSearchItems(&b, v, results)
	return template.HTML(b.String())
}

// writeSearchItems writes the <li> of each result onto b.
func writeSearchItems(w stringWriter, v *view, results []searchResult) {
	b := itemWriter{w}
	due, overdue := v.T("web.col.due"), v.T("web.overdue")
	for i := range results {
		r := &results[i]
		b.WriteString("<li")
		if r.Overdue {
			b.WriteString(` class="overdue"`)
		}
		b.WriteString(">\n<p class=\"r-title\"><a href=\"")
		b.caseURL(r.ID)
		b.WriteString(`">`)
		b.WriteString(string(r.TitleHTML))
		b.WriteString(`</a> <span class="muted">`)
		b.text(r.ID)
		b.WriteString("</span></p>\n<p class=\"r-meta\"><span class=\"state state-")
		b.text(string(r.State))
		b.WriteString(`">`)
		b.text(v.M(r.StateLabel))
		b.WriteString("</span> · ")
		b.text(r.UnitName)
		b.WriteString(" · ")
		b.text(r.Field)
		b.WriteString(" · ")
		b.text(r.Proposer)
		if r.DueDate != "" {
			b.WriteString(" · ")
			b.text(due)
			b.WriteString(" ")
			b.text(v.Day(r.DueDate))
			if r.Overdue {
				b.WriteString(` <strong class="flag">`)
				b.text(overdue)
				b.WriteString("</strong>")
			}
		}
		b.WriteString("</p>\n")
		if r.ExcerptHTML != "" {
			b.WriteString(`<p class="r-excerpt">`)
			b.WriteString(string(r.ExcerptHTML))
			b.WriteString("</p>")
		}
		b.WriteString("\n</li>\n")
	}
}

// itemWriter writes a list's markup onto a page.
type itemWriter struct{ stringWriter }

func (b itemWriter) text(s string) { writeEscaped(b.stringWriter, s) }

func (b itemWriter) caseURL(id string) { writeCaseURL(b.stringWriter, id) }

// InboxRows is inboxRows for the inbox template.
func (v *view) InboxRows(items []sqlstore.InboxItem, withDue bool) template.HTML {
	return inboxRows(v, items, withDue)
}

// inboxRows writes the <tr> of each waiting case of an inbox table; withDue
// adds the due date and the working days left.
func inboxRows(v *view, items []sqlstore.InboxItem, withDue bool) template.HTML {
	var b rows
	b.Grow(len(items) * 500)
	for i := range items {
		it := &items[i]
		b.WriteString("<tr")
		if it.Overdue {
			b.WriteString(` class="overdue"`)
		}
		b.WriteString(">\n")
		if withDue {
			b.WriteString("<td>")
			if it.DueDate != "" {
				b.text(v.Day(it.DueDate))
			} else {
				b.WriteString("—")
			}
			b.WriteString("</td>\n<td>")
			b.text(v.Left(it.WorkingDaysLeft, it.Overdue))
			b.WriteString("</td>\n")
		}
		b.WriteString(`<td><a href="`)
		b.caseURL(it.ID)
		b.WriteString(`">`)
		b.text(it.Title)
		b.WriteString(`</a><br><span class="muted">`)
		b.text(it.ID)
		b.WriteString("</span></td>\n<td>")
		b.text(it.UnitName)
		b.WriteString("</td>\n<td><span class=\"state state-")
		b.text(string(it.State))
		b.WriteString(`">`)
		b.text(v.M(it.StateLabel))
		b.WriteString("</span></td>\n<td>")
		b.text(v.M(it.As.Label()))
		b.WriteString("</td>\n</tr>\n")
	}
	return template.HTML(b.String())
}
