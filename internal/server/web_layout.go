package server

import (
	"damlam/internal/i18n"
)

// chrome is what the layout around a page shows (templates/layout.html):
// the title, the reader, the navigation and its badge, the language link
// and the page's notice or problem. It is the layout's key: the head and
// the tail are kept by it (web_fragments.go), so a reader going back and
// forth between pages has the layout written once.
type chrome struct {
	Lang     i18n.Lang
	Title    string
	SignedIn bool
	Name     string
	InboxN   int
	// Unread counts the reader's unread notifications (the bell).
	Unread       int
	Nav          string
	OtherLangURL string
	Notice       string
	Problem      string
	// Errors says the problem has field errors, marked beside the fields.
	Errors            bool
	Oversees, IsAdmin bool
	// Summary is the error summary's links, as an optionList's List: each
	// control's id and its label and message (web_view.go errorSummary).
	Summary string
}

// SummaryItems are the error summary's entries.
func (c chrome) SummaryItems() []optionTag { return optionList{List: c.Summary}.Tags() }

// T is the catalogue entry key in the layout's language.
func (c chrome) T(key string, args ...any) string { return i18n.T(key, args...).In(c.Lang) }

// chrome is the view's layout.
func (v *view) chrome() chrome {
	c := chrome{Lang: v.Lang, Title: v.Title, InboxN: v.InboxN, Unread: v.Unread, Nav: v.Nav, Notice: v.Notice, Problem: v.Problem,
		Errors: len(v.Errors) > 0, Oversees: v.Oversees(), IsAdmin: v.IsAdmin()}
	if c.Errors {
		c.Summary = newOptionList(v.errorSummary(), "").List
	}
	if v.Me != nil {
		c.SignedIn, c.Name = true, v.Me.Name
	}
	if v.Lang == i18n.VI {
		c.OtherLangURL = v.LangURL("en")
	} else {
		c.OtherLangURL = v.LangURL("vi")
	}
	return c
}

var (
	layoutHeads = newMemo[chrome]("layout_head")
	layoutTails = newMemo[chrome]("layout_tail")
)

// layout returns the layout's head and tail for v.
func (v *view) layout() (head, tail fragment, err error) {
	c := v.chrome()
	if head, err = layoutHeads.get(c); err != nil {
		return
	}
	tail, err = layoutTails.get(chrome{Lang: c.Lang})
	return
}
