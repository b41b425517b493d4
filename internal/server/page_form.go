package server

import (
	"io"
	"net/http"
	"net/url"
	"strconv"

	"damlam/internal/org"
	"damlam/internal/problem"
	"damlam/internal/proof"
	"damlam/internal/sqlstore"
	"damlam/internal/workflow"
)

// formData is the proposal form: every field of DOMAIN.md §3 (Decree 73,
// Art. 5 and 7), in the order a cadre thinks it through.
type formData struct {
	ID       string // empty for a new draft
	Sections []formSection
	Units    []option
	Unit     string
	// Key makes the form's save one draft or one edit, however often it
	// is sent (draftKey).
	Key string
}

type formSection struct {
	ID, Legend, Hint string
	Items            []formItem
}

func (s *Server) newProposalPage(w http.ResponseWriter, r *http.Request, me *org.Person) {
	v := s.newView(r, "new", "web.form.new")
	s.showForm(w, r, http.StatusOK, v, "", seatUnit(me), workflow.Content{LegalBasis: "decree73"})
}

func (s *Server) editProposalPage(w http.ResponseWriter, r *http.Request, me *org.Person) {
	p, ok := s.loadCase(w, r, me)
	if !ok {
		return
	}
	if !allowed(p, workflow.Edit) {
		s.pageError(w, r, problem.New(problem.Forbidden, "forbidden_action", workflow.Edit.Label()))
		return
	}
	v := s.newView(r, "", "web.form.edit", p.ID)
	s.showForm(w, r, http.StatusOK, v, p.ID, p.UnitID, p.Content)
}

func seatUnit(me *org.Person) string {
	if len(me.Seats) > 0 {
		return me.Seats[0].UnitID
	}
	return ""
}

func (s *Server) showForm(w http.ResponseWriter, r *http.Request, status int, v *view, id, unit string, c workflow.Content) {
	instruments, err := s.cases.Instruments(r.Context())
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	d := formData{ID: id, Unit: unit, Sections: contentSections(v, c, instruments)}
	for _, st := range v.Me.Seats {
		name := st.UnitID
		if u, err := s.store.Unit(r.Context(), st.UnitID); err == nil {
			name = u.Name
		}
		d.Units = append(d.Units, option{st.UnitID, name})
	}
	if v.Form != nil {
		d.Unit = v.Form.Get("unit_id")
	}
	d.Key = draftKey(v.Form)
	v.Data = d
	s.render(w, r, status, "form", v)
}

// maxForm bounds a posted proposal with its attachments.
const maxForm = 4 * sqlstore.MaxAttachment

// readContent reads the posted form: the content, the unit, and the files.
func readContent(w http.ResponseWriter, r *http.Request) (workflow.Content, url.Values, error) {
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	if err := r.ParseMultipartForm(8 << 20); err != nil && err != http.ErrNotMultipart {
		return workflow.Content{}, nil, problem.New(problem.Invalid, "attachment_too_large", sqlstore.MaxAttachment>>20)
	}
	var c workflow.Content
	err := bindForm(r.PostForm, &c)
	if !c.PilotRequested && c.Pilot != nil && len(c.Pilot.Units) == 0 && c.Pilot.Start == "" && c.Pilot.End == "" {
		c.Pilot = nil // only indicator rows were typed; no pilot was asked for
	}
	if err != nil {
		err = withDomainErrors(err, func(f *problem.Fields) {
			if derr := c.ValidateDraft(); derr != nil {
				*f = append(*f, problem.As(derr).Fields...)
			}
		})
	}
	return c, r.PostForm, err
}

// attach stores each uploaded file against the draft.
func (s *Server) attach(r *http.Request, me *org.Person, id string) error {
	if r.MultipartForm == nil {
		return nil
	}
	for _, fh := range r.MultipartForm.File["attachments"] {
		if fh.Size == 0 {
			continue
		}
		f, err := fh.Open()
		if err != nil {
			return err
		}
		data, err := io.ReadAll(io.LimitReader(f, sqlstore.MaxAttachment+1))
		f.Close()
		if err != nil {
			return err
		}
		if _, err := s.cases.Attach(r.Context(), me, id, fh.Filename, data); err != nil {
			return err
		}
	}
	return nil
}

func (s *Server) createProposalPost(w http.ResponseWriter, r *http.Request, me *org.Person) {
	c, form, err := readContent(w, r)
	if err == nil {
		err = s.unknownPilotUnits(r, c)
	}
	unit := form.Get("unit_id")
	if err == nil {
		ctx, claim := r.Context(), s.formClaim(r, me) // web_idempotency.go
		if claim != nil {
			ctx = sqlstore.WithClaim(ctx, claim)
			if id, sent, err := s.draftSent(r, claim); err != nil || sent {
				s.draftAnswered(w, r, id, err)
				return
			}
		}
		var id string
		if id, err = s.cases.Create(ctx, me, unit, c); err != nil && claim != nil && claim.Taken() {
			id, _, err := s.draftSent(r, claim)
			s.draftAnswered(w, r, id, err)
			return
		}
		if err == nil {
			if err = s.attach(r, me, id); err == nil {
				seeOther(w, r, "/proposals/"+url.PathEscape(id)+"?saved=1")
				return
			}
			// The draft exists; show it with the file's problem, and a
			// new key: the one sent is spent on the draft.
			form.Del("form_key")
			v := s.newView(r, "", "web.form.edit", id)
			v.withProblem(err, "", form)
			s.showForm(w, r, statusOf(problem.KindOf(err)), v, id, unit, c)
			return
		}
	}
	s.formRefused(w, r, err, "", unit, c, form)
}

func (s *Server) editProposalPost(w http.ResponseWriter, r *http.Request, me *org.Person) {
	id := r.PathValue("id")
	// Who may not edit the case is refused before the form and its files
	// are read.
	if err := s.cases.MayAttach(r.Context(), me, id, -1); err != nil && problem.KindOf(err) != problem.Invalid {
		s.pageError(w, r, err)
		return
	}
	c, form, err := readContent(w, r)
	if err == nil {
		err = s.unknownPilotUnits(r, c)
	}
	if err == nil {
		ctx, claim := r.Context(), s.formClaim(r, me) // web_idempotency.go
		if claim != nil {
			ctx = sqlstore.WithClaim(ctx, claim)
			if _, sent, err := s.draftSent(r, claim); err != nil || sent {
				s.draftAnswered(w, r, id, err)
				return
			}
		}
		if err = s.cases.Edit(ctx, me, id, c); err != nil && claim != nil && claim.Taken() {
			_, _, err := s.draftSent(r, claim)
			s.draftAnswered(w, r, id, err)
			return
		}
		if err == nil {
			if err = s.attach(r, me, id); err == nil {
				seeOther(w, r, "/proposals/"+url.PathEscape(id)+"?saved=1")
				return
			}
			form.Del("form_key") // the edit stands; the key is spent on it
		}
	}
	s.formRefused(w, r, err, id, form.Get("unit_id"), c, form)
}

func (s *Server) formRefused(w http.ResponseWriter, r *http.Request, err error, id, unit string, c workflow.Content, form url.Values) {
	switch problem.KindOf(err) {
	case problem.Invalid, problem.Conflict:
	default:
		s.pageError(w, r, err)
		return
	}
	v := s.newView(r, "new", "web.form.new")
	if id != "" {
		v = s.newView(r, "", "web.form.edit", id)
	}
	v.withProblem(err, "", form)
	s.showForm(w, r, statusOf(problem.KindOf(err)), v, id, unit, c)
}

// contentSections lays the content out as the form's fieldsets.
func contentSections(v *view, c workflow.Content, instruments []workflow.Instrument) []formSection {
	f := func(n, label string, d ...any) field { return v.F(n, label, d...) }
	area := func(n string, val string, rows int) field { return f(n, "web.f."+n, val).Area(rows) }
	general := []formItem{
		one(f("title", "web.f.title", c.Title).Req()),
		one(f("field", "web.f.field", c.Field).Req().Attr(`list="fields"`)),
		one(f("legal_basis", "web.f.legal_basis", c.LegalBasis).Opts(opts(v, "web.basis.", "decree73", "party", "local"))),
	}
	// The instrument is chosen from the list; its number, date and
	// issuing body are copied in when the draft is saved.
	basis := workflow.BasisRef{}
	if c.Basis != nil {
		basis = *c.Basis
	}
	choices := []option{{"", v.T("web.basis.none")}}
	for _, in := range instruments {
		choices = append(choices, option{in.ID, instrumentLabel(v, in.Number, in.IssuedOn, in.Issuer)})
	}
	general = append(general, one(f("basis.instrument", "web.f.basis.instrument", basis.Instrument).Opts(choices)),
		one(f("basis.article", "web.f.basis.article", basis.Article)))
	bottleneck := []formItem{
		one(f("bottleneck.kind", "web.f.bottleneck.kind", c.Bottleneck.Kind).Opts(append([]option{{"", v.T("web.choose")}}, opts(v, "web.bottleneck.", "missing", "unclear", "outdated")...)).Req()),
		one(area("bottleneck.rule", c.Bottleneck.Rule, 2).Req()),
		one(f("bottleneck.level", "web.f.bottleneck.level", c.Bottleneck.Level).Opts(append([]option{{"", v.T("web.choose")}}, opts(v, "web.level.", "government", "prime_minister", "ministry", "locality")...)).Req()),
	}
	why := []formItem{one(area("necessity", c.Necessity, 3).Req()), one(area("purpose", c.Purpose, 2).Req()), one(area("requirements", c.Requirements, 2))}
	what := []formItem{one(area("contents", c.Contents, 4).Req()), one(area("scope_text", c.ScopeText, 2)), taskRows(v, c.Tasks),
		one(v.personPicker(f("implementers", "web.f.implementers"), v.Form != nil && v.FormAction == "", true, c.Implementers...))}
	how := []formItem{one(area("timeline", c.Timeline, 2).Req()),
		one(f("resources.money_vnd", "web.f.resources.money_vnd", c.Resources.MoneyVND).VND()),
		one(area("resources.people", c.Resources.People, 2)), one(area("resources.equipment", c.Resources.Equipment, 2)),
		one(area("feasibility", c.Feasibility, 2))}
	impact := []formItem{one(area("positive_impacts", c.PositiveImpacts, 2).Req()), one(area("negative_impacts", c.NegativeImpacts, 2)), one(area("effectiveness", c.Effectiveness, 2))}
	ck := c.Checklist
	box := func(n string, val bool) field { return f("checklist."+n, "web.f.checklist."+n, val).Typ("checkbox") }
	checklist := []formItem{{Fields: []field{box("removes_bottleneck", ck.RemovesBottleneck), box("common_good", ck.CommonGood), box("urgent_need", ck.UrgentNeed),
		box("no_security_impact", ck.NoSecurityImpact), box("no_harm_to_others", ck.NoHarmToOthers), box("reform_aim", ck.ReformAim)}}}
	pilot := append([]formItem{one(f("pilot_requested", "web.f.pilot_requested", c.PilotRequested).Typ("checkbox"))}, pilotItems(v, c.Pilot)...)
	return []formSection{
		{ID: "general", Legend: v.T("web.form.s.general"), Items: general},
		{ID: "bottleneck", Legend: v.T("web.form.s.bottleneck"), Items: bottleneck},
		{ID: "why", Legend: v.T("web.form.s.why"), Items: why},
		{ID: "what", Legend: v.T("web.form.s.what"), Items: what},
		{ID: "how", Legend: v.T("web.form.s.how"), Items: how},
		{ID: "impact", Legend: v.T("web.form.s.impact"), Items: impact},
		{ID: "checklist", Legend: v.T("web.f.checklist"), Hint: v.T("web.form.checklist_hint"), Items: checklist},
		{ID: "pilot", Legend: v.T("web.form.s.pilot"), Hint: v.T("web.form.pilot_hint"), Items: pilot},
	}
}

func taskRows(v *view, tasks []workflow.Task) formItem {
	var rows [][]field
	for i := 0; i < len(tasks)+2; i++ {
		var t workflow.Task
		if i < len(tasks) {
			t = tasks[i]
		}
		pre := "tasks[" + strconv.Itoa(i) + "]."
		rows = append(rows, []field{v.F(pre+"description", "web.f.task", t.Description), v.F(pre+"assignee", "web.f.assignee", t.Assignee)})
	}
	return formItem{Legend: v.T("web.f.tasks"), Rows: rows}
}

// pilotItems are the pilot's bounds as the proposer asks for them; the
// head approves them (or narrower ones) as the scope.
func pilotItems(v *view, p *proof.Scope) []formItem {
	return scopeItems(v, v.F, v.Form != nil && v.FormAction == "", "pilot", p)
}

// instrumentLabel is how a page names an instrument: its number, date and
// issuing body ("73/2023/NĐ-CP, 29/09/2023, Chính phủ").
func instrumentLabel(v *view, number, issuedOn, issuer string) string {
	day := v.T("web.basis.undated")
	if issuedOn != "" {
		day = v.Day(issuedOn)
	}
	return number + ", " + day + ", " + issuer
}

// unknownPilotUnits refuses a proposal whose pilot names units not in the
// tree, with the draft's other errors beside their fields.
func (s *Server) unknownPilotUnits(r *http.Request, c workflow.Content) error {
	err := s.unknownUnits(r, "pilot", c.Pilot)
	if err == nil {
		return nil
	}
	return withDomainErrors(err, func(f *problem.Fields) {
		if derr := c.ValidateDraft(); derr != nil {
			*f = append(*f, problem.As(derr).Fields...)
		}
	})
}
