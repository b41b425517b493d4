package server

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"damlam/internal/org"
	"damlam/internal/problem"
	"damlam/internal/workflow"
)

// rulesData is the rule sets page: the national set, every version of
// every locality's set, and the form that issues a new version.
type rulesData struct {
	National rulesRow
	Sets     []rulesRow
	UnitOpts []option
	// Instruments are the ones a case's legal basis may name, each
	// labelled with its number, date and issuing body.
	Instruments []instrumentRow
	Kinds       []option
}

type instrumentRow struct{ ID, Label, Title, Kind string }

// rulesRow is one version of a set as the page shows it.
type rulesRow struct {
	Name, ID, Instrument, Unit, Issued, SHA256 string
	Version                                    int
	Decide, Report, Evaluate                   int
	ReminderDays, VotePercent                  int
}

// The form asks three limits, each for the waiting states it names; the
// states of our own design keep the national limits.
var (
	rulesDecide   = []workflow.State{workflow.Submitted, workflow.PartyOpinion, workflow.CollectiveReview}
	rulesReport   = []workflow.State{workflow.InImplementation, workflow.Adjusted, workflow.Stopped}
	rulesEvaluate = []workflow.State{workflow.CompletionReported, workflow.Evaluation}
)

func rowOf(v *view, rs workflow.RuleSet, unit, issued, sum string) rulesRow {
	r := rulesRow{Name: rs.Name, ID: rs.ID, Instrument: rs.Instrument, Unit: unit, Version: rs.Version, SHA256: sum,
		Decide: rs.Days[workflow.Submitted], Report: rs.Days[workflow.InImplementation], Evaluate: rs.Days[workflow.CompletionReported],
		ReminderDays: rs.ReminderDays, VotePercent: rs.VotePercent}
	if issued != "" {
		r.Issued = v.Day(issued)
	}
	return r
}

func (s *Server) rulesPage(w http.ResponseWriter, r *http.Request, me *org.Person) {
	v := s.newView(r, "admin", "web.rules.title")
	s.showRules(w, r, http.StatusOK, v, me)
}

func (s *Server) showRules(w http.ResponseWriter, r *http.Request, status int, v *view, me *org.Person) {
	roots := adminRoots(me)
	if len(roots) == 0 {
		s.pageError(w, r, problem.New(problem.Forbidden, "forbidden"))
		return
	}
	sets, err := s.cases.RuleSets(r.Context())
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	d := rulesData{National: rowOf(v, workflow.National, "", "", workflow.National.Digest())}
	for _, rs := range sets {
		d.Sets = append(d.Sets, rowOf(v, rs.RuleSet, rs.UnitName, rs.CreatedAt, rs.SHA256))
	}
	for _, root := range roots {
		units, err := s.store.Units(r.Context(), root)
		if err != nil {
			s.pageError(w, r, err)
			return
		}
		for _, u := range units {
			d.UnitOpts = append(d.UnitOpts, option{u.ID, indent(depthOf(u.Path)-2) + u.Name})
		}
	}
	instruments, err := s.cases.Instruments(r.Context())
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	for _, in := range instruments {
		d.Instruments = append(d.Instruments, instrumentRow{in.ID, instrumentLabel(v, in.Number, in.IssuedOn, in.Issuer), in.Title, v.T("web.basis." + in.Kind)})
	}
	d.Kinds = opts(v, "web.basis.", "decree73", "party", "local")
	v.Data = d
	s.render(w, r, status, "rules", v)
}

// rulesPost issues a version from the page's form: the three limits, the
// reminder days and the threshold, each a whole number.
func (s *Server) rulesPost(w http.ResponseWriter, r *http.Request, me *org.Person) {
	r.ParseForm()
	f := r.PostForm
	in := workflow.RuleSet{ID: strings.TrimSpace(f.Get("id")), UnitID: f.Get("unit_id"), Name: f.Get("name"), Instrument: f.Get("instrument"),
		Days: map[workflow.State]int{}}
	var fields problem.Fields
	number := func(name string) int {
		n, err := strconv.Atoi(strings.TrimSpace(f.Get(name)))
		if err != nil {
			fields.Add(name, "field.not_number")
		}
		return n
	}
	for name, states := range map[string][]workflow.State{"decide_days": rulesDecide, "report_days": rulesReport, "evaluate_days": rulesEvaluate} {
		n := number(name)
		for _, st := range states {
			in.Days[st] = n
		}
	}
	in.ReminderDays, in.VotePercent = number("reminder_days"), number("vote_percent")
	if len(fields) > 0 {
		in.Validate(&fields) // every other field's error on the same answer
	}
	err := fields.Err()
	if err == nil {
		_, err = s.cases.IssueRules(r.Context(), me, in)
	}
	if err != nil {
		if problem.KindOf(err) != problem.Invalid {
			s.pageError(w, r, err)
			return
		}
		// The set's own field names are the form's three limits.
		pe := problem.As(err)
		for i, fe := range pe.Fields {
			for name, states := range map[string][]workflow.State{"decide_days": rulesDecide, "report_days": rulesReport, "evaluate_days": rulesEvaluate} {
				for _, st := range states {
					if fe.Field == "working_days."+string(st) {
						pe.Fields[i].Field = name
					}
				}
			}
		}
		v := s.newView(r, "admin", "web.rules.title")
		v.withProblem(pe, "rules", f)
		v.URL = &url.URL{Path: "/admin/rules"}
		s.showRules(w, r, http.StatusUnprocessableEntity, v, me)
		return
	}
	seeOther(w, r, "/admin/rules")
}

// RulesList is the national set and every version of every locality's.
type RulesList struct {
	National workflow.RuleSet       `json:"national"`
	Sets     []workflow.IssuedRules `json:"sets"`
}

func (s *Server) apiRules(w http.ResponseWriter, r *http.Request, actor *org.Person) {
	sets, err := s.cases.RuleSets(r.Context())
	reply(w, r, http.StatusOK, RulesList{National: workflow.National, Sets: nonNil(sets)}, err)
}

func (s *Server) apiIssueRules(w http.ResponseWriter, r *http.Request, actor *org.Person) {
	var in workflow.RuleSet
	if err := decodeJSON(r, &in); err != nil {
		writeProblem(w, r, err)
		return
	}
	out, err := s.cases.IssueRules(r.Context(), actor, in)
	reply(w, r, http.StatusCreated, out, err)
}

// instrumentPost adds an instrument from the page's form.
func (s *Server) instrumentPost(w http.ResponseWriter, r *http.Request, me *org.Person) {
	r.ParseForm()
	f := r.PostForm
	// The page writes dates dd/mm/yyyy; the instrument keeps yyyy-mm-dd.
	issued := f.Get("issued_on")
	if iso, ok := readDay(issued); ok {
		issued = iso
	}
	in := workflow.Instrument{ID: f.Get("id"), Kind: f.Get("kind"), Number: f.Get("number"), IssuedOn: issued, Issuer: f.Get("issuer"), Title: f.Get("title")}
	if _, err := s.cases.AddInstrument(r.Context(), me, in); err != nil {
		if problem.KindOf(err) != problem.Invalid {
			s.pageError(w, r, err)
			return
		}
		v := s.newView(r, "admin", "web.rules.title")
		v.withProblem(err, "instr", f)
		v.URL = &url.URL{Path: "/admin/rules"}
		s.showRules(w, r, http.StatusUnprocessableEntity, v, me)
		return
	}
	seeOther(w, r, "/admin/rules#instruments")
}

func (s *Server) apiInstruments(w http.ResponseWriter, r *http.Request, actor *org.Person) {
	list, err := s.cases.Instruments(r.Context())
	reply(w, r, http.StatusOK, nonNil(list), err)
}

func (s *Server) apiAddInstrument(w http.ResponseWriter, r *http.Request, actor *org.Person) {
	var in workflow.Instrument
	if err := decodeJSON(r, &in); err != nil {
		writeProblem(w, r, err)
		return
	}
	out, err := s.cases.AddInstrument(r.Context(), actor, in)
	reply(w, r, http.StatusCreated, out, err)
}
