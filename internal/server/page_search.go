package server

import (
	"bytes"
	"html/template"
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
	// units are the unit filter's options after Units.
	units   *unitChoices
	Results []searchResult
	// Items is the results' markup for the template (web_rows.go); the
	// page writes them straight from Results.
	Items    template.HTML
	Searched bool
	Next     string
}

type searchResult struct {
	sqlstore.ProposalSummary
	TitleHTML   template.HTML
	ExcerptHTML template.HTML
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
	d.units = s.unitChoicesFor(r, me)
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
			res := searchResult{ProposalSummary: it, TitleHTML: highlight(it.Title, words)}
			if len(words) > 0 {
				if ex, ok := excerpt(it.Text, words, 90); ok {
					res.ExcerptHTML = highlight(ex, words)
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
	v.Data = d
	s.renderContent(w, http.StatusOK, v, func(b *bytes.Buffer) { writeSearchContent(b, v, &d) })
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
