package server

import (
	"net/http"
	"slices"
	"strings"

	"damlam/internal/i18n"
	"damlam/internal/problem"
	"damlam/internal/workflow"
)

// "Hướng dẫn": the procedure step by step, for cadres. The steps, who
// takes each action, where it leads and the time limits are read from the
// transition table and the deadline rules (workflow.Table,
// workflow.Deadlines), so the help cannot drift from what the system
// enforces; only the plain-language explanation of each state is written
// by hand (help.state.*). Public: anyone may read how the procedure works.

func (s *Server) helpRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /huong-dan", s.page(s.helpIndex))
	mux.HandleFunc("GET /huong-dan/{state}", s.page(s.helpState))
}

// helpStates are the states in the order the help walks them: the main
// road, then what may happen beside it.
var helpStates = func() []workflow.State {
	out := slices.Clone(mainPath)
	for _, s := range workflow.States {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}()

// helpStep is one state of the procedure with what may be done in it.
type helpStep struct {
	State    workflow.State
	Label    i18n.Message
	Explain  string
	Deadline *workflow.DeadlineRule
	Actions  []helpAction
	Main     bool
}

// helpAction is one row of the transition table from the state.
type helpAction struct {
	Action workflow.Action
	Label  i18n.Message
	Who    i18n.Message
	To     workflow.State
	ToL    i18n.Message
	Basis  string
	// Stays is true for actions that record a fact without moving the case.
	Stays bool
}

func helpStepOf(lang i18n.Lang, st workflow.State) helpStep {
	h := helpStep{State: st, Label: st.Label(), Explain: i18n.T("help.state." + string(st)).In(lang), Main: slices.Contains(mainPath, st)}
	if d, ok := workflow.Deadlines[st]; ok {
		h.Deadline = &d
	}
	for _, t := range workflow.ActionsFrom(st) {
		if t.Action == workflow.Escalate {
			continue
		}
		h.Actions = append(h.Actions, helpAction{Action: t.Action, Label: t.Action.Label(), Who: i18n.T("who." + string(t.Who)),
			To: t.To, ToL: t.To.Label(), Basis: basisText(lang, t.Basis), Stays: t.To == t.From})
	}
	return h
}

type helpData struct {
	Steps []helpStep
	Step  helpStep
	Prev  *helpStep
	Next  *helpStep
}

func (s *Server) helpIndex(w http.ResponseWriter, r *http.Request) {
	v := s.publicView(r, "web.help.title")
	var d helpData
	for _, st := range helpStates {
		d.Steps = append(d.Steps, helpStepOf(v.Lang, st))
	}
	v.Data = d
	s.render(w, r, http.StatusOK, "help", v)
}

func (s *Server) helpState(w http.ResponseWriter, r *http.Request) {
	st := workflow.State(r.PathValue("state"))
	i := slices.Index(helpStates, st)
	if i < 0 {
		s.pageError(w, r, problem.New(problem.NotFound, "not_found"))
		return
	}
	v := s.publicView(r, "web.help.step_title", st.Label().In(pageLang(r)))
	d := helpData{Step: helpStepOf(v.Lang, st)}
	if i > 0 {
		p := helpStepOf(v.Lang, helpStates[i-1])
		d.Prev = &p
	}
	if i+1 < len(helpStates) {
		n := helpStepOf(v.Lang, helpStates[i+1])
		d.Next = &n
	}
	v.Data = d
	s.render(w, r, http.StatusOK, "help_state", v)
}

// basisText writes the table's source markers ("law", "policy",
// "design", DOMAIN.md's) in the reader's language.
func basisText(lang i18n.Lang, basis string) string {
	marks, rest, found := strings.Cut(basis, ":")
	if !found {
		marks, rest = basis, ""
	}
	var out []string
	for _, m := range strings.Split(marks, "+") {
		m = strings.TrimSpace(m)
		if k := "web.help.basis." + m; i18n.Has(k) {
			m = i18n.T(k).In(lang)
		}
		out = append(out, m)
	}
	text := strings.Join(out, ", ")
	if rest != "" {
		text += ":" + rest
	}
	return text
}
