package server

import (
	"html/template"
	"net/http"
	"net/url"
	"sort"

	"damlam/internal/i18n"
	"damlam/internal/org"
	"damlam/internal/problem"
	"damlam/internal/sqlstore"
)

// catalogueData is "Mô hình hay": models evaluated as completed or partly
// completed, searchable by field and unit, each adoptable by a head.
type catalogueData struct {
	Q, Field, Unit string
	Fields, Units  []option
	Models         []modelCard
}

type modelCard struct {
	sqlstore.Model
	// Marked is the title with the query's matches marked.
	Marked marked
	// AdoptUnits are the units the reader heads that could adopt it.
	AdoptUnits []option
	Indicators []reachedLine
}

type reachedLine struct {
	Name, Unit      string
	Target, Reached float64
	Has             bool
}

func (s *Server) cataloguePage(w http.ResponseWriter, r *http.Request, me *org.Person) {
	q := r.URL.Query()
	d := catalogueData{Q: q.Get("q"), Field: q.Get("field"), Unit: q.Get("unit")}
	v := s.newView(r, "models", "web.models.title")
	models, err := s.store.Catalogue(r.Context(), sqlstore.CatalogueFilter{Q: d.Q, Field: d.Field, Unit: d.Unit})
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	fields, err := s.store.Fields(r.Context())
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	d.Fields = []option{{"", v.T("web.all")}}
	for _, f := range fields {
		d.Fields = append(d.Fields, option{f, f})
	}
	units, err := s.store.Units(r.Context(), "")
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	d.Units = []option{{"", v.T("web.all")}}
	for _, u := range units {
		d.Units = append(d.Units, option{u.ID, indent(depthOf(u.Path)-2) + u.Name})
	}
	words := i18n.FoldedWords(d.Q)
	for _, m := range models {
		d.Models = append(d.Models, s.card(r, me, m, words))
	}
	v.Data = d
	s.render(w, r, http.StatusOK, "catalogue", v)
}

func (s *Server) card(r *http.Request, me *org.Person, m sqlstore.Model, words []string) modelCard {
	c := modelCard{Model: m, Marked: highlight(m.Title, words)}
	for _, st := range me.Seats {
		if st.Position == org.Head && st.UnitID != m.UnitID {
			name := st.UnitID
			if u, err := s.store.Unit(r.Context(), st.UnitID); err == nil {
				name = u.Name
			}
			c.AdoptUnits = append(c.AdoptUnits, option{st.UnitID, name})
		}
	}
	if m.Scope != nil {
		for _, ind := range m.Scope.Indicators {
			x, ok := m.Reached[ind.Name]
			c.Indicators = append(c.Indicators, reachedLine{ind.Name, ind.Unit, ind.Target, x, ok})
		}
	}
	return c
}

// modelData is one model's page.
type modelData struct {
	Card  modelCard
	Chart template.HTML
}

func (s *Server) modelPage(w http.ResponseWriter, r *http.Request, me *org.Person) {
	m, err := s.store.Model(r.Context(), r.PathValue("id"))
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	v := s.newView(r, "models", "web.models.title")
	v.Title = m.Title
	d := modelData{Card: s.card(r, me, *m, nil)}
	var bars []bar
	for _, ind := range d.Card.Indicators {
		bars = append(bars, bar{Label: ind.Name, Value: ind.Reached, Target: ind.Target, Text: v.Num(ind.Reached) + " / " + v.Num(ind.Target) + " " + ind.Unit})
	}
	if len(bars) > 0 {
		var err error
		if d.Chart, err = barChart("chart-model", v.T("web.pilot.chart_title"), v.T("web.pilot.chart_desc"), bars); err != nil {
			s.pageError(w, r, err)
			return
		}
	}
	sort.SliceStable(d.Card.AdoptUnits, func(i, j int) bool { return d.Card.AdoptUnits[i].Label < d.Card.AdoptUnits[j].Label })
	v.Data = d
	s.render(w, r, http.StatusOK, "model", v)
}

// adoptPost starts a linked case in a unit the reader heads.
func (s *Server) adoptPost(w http.ResponseWriter, r *http.Request, me *org.Person) {
	if err := r.ParseForm(); err != nil {
		s.pageError(w, r, problem.New(problem.Malformed, "malformed_json", "form"))
		return
	}
	id, err := s.cases.Adopt(r.Context(), me, r.PathValue("id"), r.PostForm.Get("unit_id"))
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	seeOther(w, r, "/proposals/"+url.PathEscape(id)+"?adopted=1")
}
