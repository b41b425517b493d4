package server

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"damlam/internal/org"
	"damlam/internal/problem"
	"damlam/internal/sqlstore"
	"damlam/internal/workflow"
)

// A list's filters never fail open: a value the server does not know
// (overdue=yes, limit=0, limit=500, a unit that does not exist, a
// parameter misspelt) is refused with the values it takes, instead of
// being dropped for a default that would list everything.

const (
	defaultListLimit = 50
	maxListLimit     = 200
)

// listParams are the parameters of GET /api/v1/proposals (lang is every
// page's).
var listParams = []string{"unit", "state", "field", "overdue", "q", "limit", "after", "lang"}

func badQuery(fields problem.Fields) error {
	e := problem.New(problem.Malformed, "bad_query")
	e.Fields = fields
	return e
}

// parseListQuery reads a list's filters, strictly; extra names the
// route's own parameters beside the list's (an export's format).
func (s *Server) parseListQuery(r *http.Request, actor *org.Person, extra ...string) (sqlstore.ListFilter, error) {
	q := r.URL.Query()
	var fields problem.Fields
	params := append(slices.Clip(listParams), extra...)
	for name := range q {
		if !oneOfStrings(name, params) {
			fields.Add(name, "query.unknown_param", strings.Join(params, ", "))
		}
	}
	for name, vs := range q {
		if len(vs) > 1 {
			fields.Add(name, "query.repeated")
		}
		for _, v := range vs {
			if code, arg := badText([]byte(strconv.Quote(v)), v, true); code != "" {
				if arg != "" {
					fields.Add(name, code, arg)
				} else {
					fields.Add(name, code)
				}
			}
		}
	}
	f := sqlstore.ListFilter{Unit: q.Get("unit"), State: q.Get("state"), Field: q.Get("field"), Q: q.Get("q"), After: q.Get("after"), Limit: defaultListLimit}
	if has(q, "overdue") {
		switch q.Get("overdue") {
		case "true":
			f.Overdue = true
		case "false":
		default:
			fields.Add("overdue", "field.one_of", "true, false")
		}
	}
	if has(q, "limit") {
		n, err := strconv.Atoi(q.Get("limit"))
		if err != nil || n < 1 || n > maxListLimit {
			fields.Add("limit", "query.range", 1, maxListLimit)
		} else {
			f.Limit = n
		}
	}
	if has(q, "state") && !workflow.ValidState(workflow.State(f.State)) {
		names := make([]string, len(workflow.States))
		for i, st := range workflow.States {
			names[i] = string(st)
		}
		fields.Add("state", "field.one_of", strings.Join(names, ", "))
	}
	if has(q, "after") && !caseID(f.After) {
		fields.Add("after", "query.case_id")
	} else if has(q, "after") {
		// A cursor names a case of the caller's list; one they cannot
		// read would tell them the case exists.
		p, err := s.store.Peek(r.Context(), f.After)
		if problem.KindOf(err) == problem.NotFound || err == nil && !workflow.CanRead(actor, p) {
			fields.Add("after", "query.unknown_case", f.After)
		} else if err != nil {
			return f, err
		}
	}
	if has(q, "unit") {
		u, err := s.store.Unit(r.Context(), f.Unit)
		switch {
		case problem.KindOf(err) == problem.NotFound:
			fields.Add("unit", "field.unknown_unit", f.Unit)
		case err != nil:
			return f, err
		case !unitFilterInView(actor, u.Path):
			fields.Add("unit", "query.unit_not_visible", f.Unit)
		}
	}
	if len(fields) > 0 {
		return f, badQuery(fields)
	}
	return f, nil
}

// unitFilterInView says whether a list may be narrowed to the subtree at
// path for actor: a unit they read, or one above a unit they read (the
// list then holds what they read below it). Any other unit would answer
// an empty list that reads as "nothing there".
func unitFilterInView(actor *org.Person, path string) bool {
	if actor.CanRead(path) {
		return true
	}
	subtrees, exact := actor.ReadScopes()
	for _, p := range append(subtrees, exact...) {
		if org.Within(p, path) {
			return true
		}
	}
	for _, st := range actor.Seats {
		if org.Within(st.UnitPath, path) {
			return true
		}
	}
	return false
}

func has(q url.Values, name string) bool { _, ok := q[name]; return ok }

func oneOfStrings(v string, list []string) bool {
	for _, x := range list {
		if v == x {
			return true
		}
	}
	return false
}

// caseID is the form of a case's id (DX-2026-000001).
func caseID(s string) bool {
	if len(s) < 4 || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}
