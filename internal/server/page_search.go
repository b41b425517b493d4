package server

import (
	"errors"
	"net/http"

	"damlam/internal/i18n"
	"damlam/internal/org"
	"damlam/internal/sqlstore"
	"damlam/internal/workflow"
)

// searchData is the search page: the query, its filters, and the results
// with every match highlighted on the text as written.
type searchData struct {
	Q, State, Field, Unit string
	Overdue               bool
	States, Fields, Units []option
	// UnitChoices are the unit filter's options after Units, kept per
	// read scope (web_units.go).
	UnitChoices *unitChoices
	Results     []searchResult
	Searched    bool
	Next        string
}

// searchResult is a case found, its title and the passage around the first
// match with the matches marked.
type searchResult struct {
	sqlstore.ProposalSummary
	Marked, Excerpt marked
}

func (s *Server) searchPage(w http.ResponseWriter, r *http.Request, me *org.Person) {
	q := r.URL.Query()
	d := searchData{Q: q.Get("q"), State: q.Get("state"), Field: q.Get("field"), Unit: q.Get("unit"), Overdue: q.Get("overdue") != ""}
	v := s.newView(r, "search", "web.search.title")
	d.States = append([]option{{"", v.T("web.all")}}, stateOptions(v)...)
	fields, err := s.store.Fields(r.Context())
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	d.Fields = []option{{"", v.T("web.all")}}
	for _, f := range fields {
		d.Fields = append(d.Fields, option{f, f})
	}
	// The units follow the first option as kept markup (web_units.go).
	d.Units = []option{{"", v.T("web.all")}}
	d.UnitChoices = s.unitChoicesFor(r, me)
	if d.State != "" && !workflow.ValidState(workflow.State(d.State)) {
		d.State = ""
	}
	d.Searched = d.Q != "" || d.State != "" || d.Field != "" || d.Unit != "" || d.Overdue
	if d.Searched {
		words := i18n.FoldedWords(d.Q)
		// The passage around a match is cut from the text as written, read
		// with each row; a list without words has none to show.
		f := sqlstore.ListFilter{Q: d.Q, State: d.State, Field: d.Field, Unit: d.Unit, Overdue: d.Overdue, Limit: 50, After: q.Get("after"), Texts: len(words) > 0}
		items, err := s.store.List(r.Context(), me, f)
		if err != nil {
			s.pageError(w, r, err)
			return
		}
		d.Results = make([]searchResult, 0, len(items))
		for _, it := range items {
			res := searchResult{ProposalSummary: it, Marked: highlight(it.Title, words)}
			if len(words) > 0 {
				if ex, ok := excerpt(it.Text, words, 90); ok {
					res.Excerpt = highlight(ex, words)
				}
			}
			d.Results = append(d.Results, res)
		}
		if len(items) == f.Limit {
			nq := r.URL.Query()
			nq.Set("after", items[len(items)-1].ID)
			d.Next = "/search?" + nq.Encode()
		}
	}
	parts, err := d.parts(v)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	s.renderFragments(w, http.StatusOK, v, parts)
}

// parts is the page's content: it is fragments only, the form, the
// results' heading, each result, what follows them.
func (d *searchData) parts(v *view) ([]fragment, error) {
	res := searchResults{Lang: v.Lang, Searched: d.Searched, N: len(d.Results), Next: d.Next}
	form, err1 := searchForms.get(d.form(v.Lang))
	head, err2 := searchHeads.get(res)
	rows, err3 := searchItems(v, d.Results)
	tail, err4 := searchTails.get(res)
	if err := errors.Join(err1, err2, err3, err4); err != nil {
		return nil, err
	}
	return append(append([]fragment{form, head}, rows...), tail), nil
}

// searchForm is the search page's heading and form ("search_form"): the
// query and filters as asked, and the selects' options.
type searchForm struct {
	Lang                  i18n.Lang
	Q, State, Field, Unit string
	Overdue               bool
	// States, Fields and Units are the selects' options (optionList's
	// List), UnitChoices the unit options after Units.
	States, Fields, Units string
	UnitChoices           *unitChoices
}

// searchResults is what is around the results ("search_head", "search_tail").
type searchResults struct {
	Lang     i18n.Lang
	Searched bool
	N        int
	Next     string
}

// T is the catalogue entry key in the page's language.
func (r searchResults) T(key string, args ...any) string { return i18n.T(key, args...).In(r.Lang) }

var (
	searchForms = newMemo[searchForm]("search_form")
	searchHeads = newMemo[searchResults]("search_head")
	searchTails = newMemo[searchResults]("search_tail")
)

func (d *searchData) form(lang i18n.Lang) searchForm {
	return searchForm{Lang: lang, Q: d.Q, State: d.State, Field: d.Field, Unit: d.Unit, Overdue: d.Overdue,
		States: newOptionList(d.States, "").List, Fields: newOptionList(d.Fields, "").List, Units: newOptionList(d.Units, "").List,
		UnitChoices: d.UnitChoices}
}

// T is the catalogue entry key in the form's language.
func (f searchForm) T(key string, args ...any) string { return i18n.T(key, args...).In(f.Lang) }

func (f searchForm) view() *view { return &view{Lang: f.Lang} }

// The form's fields, for the "field" template.
func (f searchForm) StateField() field {
	return f.view().F("state", "web.col.state", f.State).Opts(optionList{List: f.States}.options())
}
func (f searchForm) FieldField() field {
	return f.view().F("field", "web.f.field", f.Field).Opts(optionList{List: f.Fields}.options())
}
func (f searchForm) UnitField() field {
	return f.view().F("unit", "web.col.unit", f.Unit).Opts(optionList{List: f.Units}.options()).Units(f.UnitChoices)
}
func (f searchForm) OverdueField() field {
	return f.view().F("overdue", "web.search.overdue", f.Overdue).Typ("checkbox")
}

func stateOptions(v *view) []option {
	out := make([]option, len(workflow.States))
	for i, st := range workflow.States {
		out[i] = option{string(st), v.M(st.Label())}
	}
	return out
}

func depthOf(path string) int {
	n := 0
	for _, c := range path {
		if c == '/' {
			n++
		}
	}
	return n
}

func indent(depth int) string {
	s := ""
	for range depth {
		s += "— "
	}
	return s
}
