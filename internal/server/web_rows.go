package server

import (
	"html/template"

	"damlam/internal/i18n"
	"damlam/internal/sqlstore"
)

// The two longest lists of the pages — a search's results and an inbox's
// rows (up to 500) — are fragments (web_fragments.go): each row is a flat
// value holding what it shows, every text already in the reader's
// language, written by its template once and kept by that value. Through
// a template range every row's fields were found and its methods called
// by reflection on every request.

// resultRow is one result of the search page ("search_row").
type resultRow struct {
	Lang                                         i18n.Lang
	ID, State, StateLabel, Unit, Field, Proposer string
	// Due is the due date as the reader reads it, or "".
	Due     string
	Overdue bool
	Title   marked
	Excerpt marked
}

// T is the catalogue entry key in the row's language.
func (r resultRow) T(key string, args ...any) string { return i18n.T(key, args...).In(r.Lang) }

var searchRows = newMemo[resultRow]("search_row")

// searchItems are the <li> of each result of the search page.
func searchItems(v *view, results []searchResult) ([]fragment, error) {
	fs := make([]fragment, len(results))
	for i := range results {
		r := &results[i]
		k := resultRow{Lang: v.Lang, ID: r.ID, State: string(r.State), StateLabel: v.M(r.StateLabel), Unit: r.UnitName,
			Field: r.Field, Proposer: r.Proposer, Overdue: r.Overdue, Title: r.Marked, Excerpt: r.Excerpt}
		if r.DueDate != "" {
			k.Due = v.Day(r.DueDate)
		}
		var err error
		if fs[i], err = searchRows.get(k); err != nil {
			return nil, err
		}
	}
	return fs, nil
}

// inboxRow is one waiting case of an inbox table ("inbox_row").
type inboxRow struct {
	WithDue bool
	// Due is the due date as the reader reads it, or ""; Left the working
	// days left.
	Due, Left                              string
	ID, Title, Unit, State, StateLabel, As string
	Overdue                                bool
	// Correction names the violation the item's deadline is for, or "".
	Correction string
}

var inboxRowMemo = newMemo[inboxRow]("inbox_row")

// InboxRows writes the <tr> of each waiting case of an inbox table; withDue
// adds the due date and the working days left.
func (v *view) InboxRows(items []sqlstore.InboxItem, withDue bool) (template.HTML, error) {
	keys := make([]inboxRow, len(items))
	for i := range items {
		it := &items[i]
		k := inboxRow{WithDue: withDue, ID: it.ID, Title: it.Title, Unit: it.UnitName, State: string(it.State),
			StateLabel: v.M(it.StateLabel), As: v.M(it.As.Label()), Overdue: it.Overdue}
		if c := it.Correction; c != nil {
			k.Correction = v.T("web.inbox.correction", c.Inspection, c.Violation)
		}
		if withDue {
			if it.DueDate != "" {
				k.Due = v.Day(it.DueDate)
			}
			k.Left = v.Left(it.WorkingDaysLeft, it.Overdue)
		}
		keys[i] = k
	}
	rows, err := inboxRowMemo.each(keys)
	return joinFragments(rows), err
}
