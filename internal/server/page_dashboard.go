package server

import (
	"html/template"
	"net/http"

	"damlam/internal/org"
	"damlam/internal/problem"
	"damlam/internal/sqlstore"
	"damlam/internal/workflow"
)

// dashboardData is the overview for heads and inspectors: each chart is
// drawn on the server and followed by the table it was drawn from.
type dashboardData struct {
	D      *sqlstore.Dashboard
	Unit   string
	Units  []option
	Charts []chart
}

// chart is an SVG with the rows behind it.
type chart struct {
	ID, Title string
	SVG       template.HTML
	Rows      []sqlstore.Count
}

func (s *Server) dashboardPage(w http.ResponseWriter, r *http.Request, me *org.Person) {
	if !oversees(me) {
		s.pageError(w, r, problem.New(problem.Forbidden, "forbidden"))
		return
	}
	unit := r.URL.Query().Get("unit")
	if unit != "" {
		// A unit out of the reader's view would show an empty dashboard,
		// which reads as "nothing there": it is not found, as a case is.
		u, err := s.store.Unit(r.Context(), unit)
		if err == nil && !unitFilterInView(me, u.Path) {
			err = problem.New(problem.NotFound, "not_found")
		}
		if err != nil {
			s.pageError(w, r, err)
			return
		}
	}
	v := s.newView(r, "dashboard", "web.dash.title")
	d := dashboardData{Unit: unit, Units: append([]option{{"", v.T("web.dash.all_scope")}}, s.readableUnits(r, me)...)}
	db, err := s.store.Dashboard(r.Context(), me, unit)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	d.D = db
	for i := range db.ByState {
		db.ByState[i].Label = v.M(workflow.State(db.ByState[i].Key).Label())
	}
	for i := range db.Pilots {
		db.Pilots[i].Label = v.T("web.pilot_outcome." + db.Pilots[i].Key)
	}
	for i := range db.Protection {
		db.Protection[i].Label = v.T("outcome." + db.Protection[i].Key)
	}
	for _, cs := range [][]sqlstore.Count{db.ByField, db.ByUnit} {
		for i := range cs {
			cs[i].Label = cs[i].Key
		}
	}
	var chartErr error
	add := func(id, titleKey string, rows []sqlstore.Count) {
		title := v.T(titleKey)
		bars := make([]bar, len(rows))
		for i, c := range rows {
			bars[i] = bar{Label: c.Label, Value: float64(c.N), Text: v.Int(c.N)}
		}
		c := chart{ID: id, Title: title, Rows: rows}
		if len(bars) > 0 {
			var err error
			if c.SVG, err = barChart("chart-"+id, title, v.T("web.dash.chart_desc"), bars); err != nil {
				chartErr = err
			}
		}
		d.Charts = append(d.Charts, c)
	}
	add("state", "web.dash.by_state", db.ByState)
	add("field", "web.dash.by_field", db.ByField)
	add("unit", "web.dash.by_unit", db.ByUnit)
	add("pilots", "web.dash.pilots", db.Pilots)
	add("protection", "web.dash.protection", db.Protection)
	if chartErr != nil {
		s.pageError(w, r, chartErr)
		return
	}
	v.Data = d
	s.render(w, r, http.StatusOK, "dashboard", v)
}
