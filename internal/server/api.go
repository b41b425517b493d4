package server

import (
	"io"
	"net/http"
	"strconv"

	"damlam/internal/calendar"
	"damlam/internal/i18n"
	"damlam/internal/org"
	"damlam/internal/problem"
	"damlam/internal/sqlstore"
	"damlam/internal/workflow"
)

func notFound() error { return problem.New(problem.NotFound, "not_found") }

// reply writes v or the error as a problem.
func reply(w http.ResponseWriter, r *http.Request, status int, v any, err error) {
	if err != nil {
		writeProblem(w, r, err)
		return
	}
	writeJSON(w, status, v)
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	if err := s.store.DB().PingContext(r.Context()); err != nil {
		s.log.Error("health check", "err", err)
		http.Error(w, "database unavailable", http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	io.WriteString(w, "ok\n")
}

func (s *Server) apiMe(w http.ResponseWriter, r *http.Request, actor *org.Person) {
	writeJSON(w, http.StatusOK, actor)
}

func (s *Server) apiInbox(w http.ResponseWriter, r *http.Request, actor *org.Person) {
	items, err := s.store.Inbox(r.Context(), actor)
	setTotal(w, len(items)) // the inbox is one page
	reply(w, r, http.StatusOK, nonNil(items), err)
}

func (s *Server) apiNotificationRead(w http.ResponseWriter, r *http.Request, actor *org.Person) {
	if err := s.store.MarkNotificationRead(r.Context(), actor.ID, r.PathValue("id")); err != nil {
		writeProblem(w, r, err)
		return
	}
	s.apiNotifications(w, r, actor)
}

func (s *Server) apiNotifications(w http.ResponseWriter, r *http.Request, actor *org.Person) {
	items, err := s.store.Notifications(r.Context(), actor.ID)
	if err == nil {
		var n int
		n, err = s.store.CountNotifications(r.Context(), actor.ID, sqlstore.FilterAll)
		setTotal(w, n)
	}
	reply(w, r, http.StatusOK, nonNil(items), err)
}

// readableUnitPath returns the path under which actor may list units/people.
func (s *Server) underPath(r *http.Request) (string, error) {
	under := r.URL.Query().Get("under")
	if under == "" {
		return "", nil
	}
	u, err := s.store.Unit(r.Context(), under)
	if err != nil {
		return "", err
	}
	return u.Path, nil
}

func (s *Server) apiUnits(w http.ResponseWriter, r *http.Request, actor *org.Person) {
	// The organisation tree is not secret inside a deployment: every cadre
	// needs it to address a proposal or replicate a model.
	path, err := s.underPath(r)
	if err != nil {
		writeProblem(w, r, err)
		return
	}
	units, err := s.store.Units(r.Context(), path)
	reply(w, r, http.StatusOK, nonNil(units), err)
}

func (s *Server) apiUnit(w http.ResponseWriter, r *http.Request, actor *org.Person) {
	u, err := s.store.Unit(r.Context(), r.PathValue("id"))
	reply(w, r, http.StatusOK, u, err)
}

func (s *Server) apiCreateUnit(w http.ResponseWriter, r *http.Request, actor *org.Person) {
	var in sqlstore.UnitInput
	if err := decodeJSON(r, &in); err != nil {
		writeProblem(w, r, err)
		return
	}
	u, err := s.cases.CreateUnit(r.Context(), actor, in)
	reply(w, r, http.StatusCreated, u, err)
}

func (s *Server) apiPeople(w http.ResponseWriter, r *http.Request, actor *org.Person) {
	path, err := s.underPath(r)
	if err != nil {
		writeProblem(w, r, err)
		return
	}
	paths := []string{path}
	if path == "" {
		// Without a unit: everyone in the units the caller may read.
		subtrees, exact := actor.ReadScopes()
		paths = append(subtrees, exact...)
	} else if !actor.CanRead(path) {
		writeProblem(w, r, problem.New(problem.Forbidden, "forbidden"))
		return
	}
	seen := map[string]bool{}
	out := []sqlstore.PersonSummary{}
	for _, p := range paths {
		people, err := s.store.People(r.Context(), p, 1000)
		if err != nil {
			writeProblem(w, r, err)
			return
		}
		for _, person := range people {
			if !seen[person.ID] {
				seen[person.ID] = true
				out = append(out, person)
			}
		}
	}
	if len(paths) > 1 {
		// Each list is in order; their union must be too.
		i18n.SortByName(out, func(p sqlstore.PersonSummary) string { return p.Name + "\x00" + p.ID })
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiPerson(w http.ResponseWriter, r *http.Request, actor *org.Person) {
	p, err := s.store.Person(r.Context(), r.PathValue("id"))
	if err == nil && p.ID != actor.ID && !canSeePerson(actor, p) {
		err = problem.New(problem.NotFound, "field.unknown_person", r.PathValue("id"))
	}
	reply(w, r, http.StatusOK, p, err)
}

// apiPersonRewards lists the rewards a person received, on the cases the
// caller may read: the person, their heads and the oversight roles over
// the cases' units see them.
func (s *Server) apiPersonRewards(w http.ResponseWriter, r *http.Request, actor *org.Person) {
	p, err := s.store.Person(r.Context(), r.PathValue("id"))
	if err == nil && p.ID != actor.ID && !canSeePerson(actor, p) {
		err = problem.New(problem.NotFound, "field.unknown_person", r.PathValue("id"))
	}
	var rewards []sqlstore.RewardView
	if err == nil {
		rewards, err = s.store.Rewards(r.Context(), actor, p.ID)
	}
	reply(w, r, http.StatusOK, rewards, err)
}

func canSeePerson(actor, p *org.Person) bool {
	for _, st := range p.Seats {
		if actor.CanRead(st.UnitPath) {
			return true
		}
	}
	return false
}

func (s *Server) apiCreatePerson(w http.ResponseWriter, r *http.Request, actor *org.Person) {
	var in sqlstore.PersonInput
	if err := decodeJSON(r, &in); err != nil {
		writeProblem(w, r, err)
		return
	}
	p, err := s.cases.CreatePerson(r.Context(), actor, in)
	reply(w, r, http.StatusCreated, p, err)
}

// ImportResult counts imported rows.
type ImportResult struct {
	Imported int `json:"imported"`
}

func (s *Server) apiImport(kind string) func(http.ResponseWriter, *http.Request, *org.Person) {
	return func(w http.ResponseWriter, r *http.Request, actor *org.Person) {
		body := http.MaxBytesReader(w, r.Body, 32<<20)
		var n int
		var err error
		if kind == "units" {
			n, err = s.cases.ImportUnits(r.Context(), actor, body)
		} else {
			n, err = s.cases.ImportPeople(r.Context(), actor, body)
		}
		reply(w, r, http.StatusOK, ImportResult{Imported: n}, err)
	}
}

// ProposalList is a page of proposals.
type ProposalList struct {
	Items []sqlstore.ProposalSummary `json:"items"`
	// HasMore says whether another page follows; NextAfter is its after=.
	HasMore   bool   `json:"has_more"`
	NextAfter string `json:"next_after,omitempty"`
	// Total is how many proposals the filters match over all pages
	// (sqlstore.ListTotal); it is absent for a word search (q), and for
	// overdue or a state with a field over whole subtrees.
	Total *int `json:"total,omitempty" doc:"how many proposals the filters match over all pages; absent for a word search, and for overdue or a state with a field over whole provinces"`
}

func (s *Server) apiListProposals(w http.ResponseWriter, r *http.Request, actor *org.Person) {
	f, err := s.parseListQuery(r, actor) // list_query.go
	if err != nil {
		writeProblem(w, r, err)
		return
	}
	items, err := s.store.List(r.Context(), actor, f)
	if err != nil {
		writeProblem(w, r, err)
		return
	}
	out := ProposalList{Items: items}
	if out.Items == nil {
		out.Items = []sqlstore.ProposalSummary{}
	}
	if n, ok, err := s.store.ListTotal(r.Context(), actor, f); err != nil {
		writeProblem(w, r, err)
		return
	} else if ok {
		out.Total = &n
	}
	if len(items) == f.Limit {
		// A full page: one more row says whether another follows.
		next := f
		next.After, next.Limit = items[len(items)-1].ID, 1
		more, err := s.store.List(r.Context(), actor, next)
		if err != nil {
			writeProblem(w, r, err)
			return
		}
		if out.HasMore = len(more) > 0; out.HasMore {
			out.NextAfter = next.After
		}
	}
	writeJSON(w, http.StatusOK, out)
}

// CreateProposalRequest starts a draft.
type CreateProposalRequest struct {
	UnitID  string           `json:"unit_id"`
	Content workflow.Content `json:"content"`
}

func (s *Server) apiCreateProposal(w http.ResponseWriter, r *http.Request, actor *org.Person) {
	var in CreateProposalRequest
	if err := decodeJSON(r, &in); err != nil {
		writeProblem(w, r, err)
		return
	}
	if in.UnitID == "" && len(actor.Seats) > 0 {
		in.UnitID = actor.Seats[0].UnitID
	}
	id, err := s.cases.Create(r.Context(), actor, in.UnitID, in.Content)
	if err != nil {
		writeProblem(w, r, err)
		return
	}
	v, err := s.store.Proposal(r.Context(), actor, id)
	reply(w, r, http.StatusCreated, v, err)
}

func (s *Server) apiGetProposal(w http.ResponseWriter, r *http.Request, actor *org.Person) {
	v, err := s.store.Proposal(r.Context(), actor, r.PathValue("id"))
	reply(w, r, http.StatusOK, v, err)
}

func (s *Server) apiEditProposal(w http.ResponseWriter, r *http.Request, actor *org.Person) {
	var in workflow.Content
	if err := decodeJSON(r, &in); err != nil {
		writeProblem(w, r, err)
		return
	}
	if err := s.cases.Edit(r.Context(), actor, r.PathValue("id"), in); err != nil {
		writeProblem(w, r, err)
		return
	}
	v, err := s.store.Proposal(r.Context(), actor, r.PathValue("id"))
	reply(w, r, http.StatusOK, v, err)
}

func (s *Server) apiAddAttachment(w http.ResponseWriter, r *http.Request, actor *org.Person) {
	// Refused before the body is read: who may not attach sends nothing
	// to the disk, nor is made to wait for a transfer (upload_check.go).
	if err := s.mayUpload(r, actor); err != nil {
		writeProblem(w, r, err)
		return
	}
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, sqlstore.MaxAttachment+1))
	if err != nil {
		writeProblem(w, r, problem.New(problem.Invalid, "attachment_too_large", sqlstore.MaxAttachment>>20))
		return
	}
	f, err := s.cases.Attach(r.Context(), actor, r.PathValue("id"), r.URL.Query().Get("name"), data)
	reply(w, r, http.StatusCreated, sqlstore.Attachment{SHA256: f.SHA256, Name: f.Name, Size: f.Size, MIME: f.MIME}, err)
}

func (s *Server) apiGetAttachment(w http.ResponseWriter, r *http.Request, actor *org.Person) {
	a, data, err := s.store.AttachmentData(r.Context(), actor, r.PathValue("id"), r.PathValue("sha256"))
	if err != nil {
		writeProblem(w, r, err)
		return
	}
	w.Header().Set("Content-Type", a.MIME)
	w.Header().Set("Content-Disposition", contentDisposition(a.Name))
	w.Write(data)
}

// apiAction takes any action of the lifecycle: POST /api/v1/proposals/{id}/{action}.
func (s *Server) apiAction(w http.ResponseWriter, r *http.Request, actor *org.Person) {
	action := workflow.Action(r.PathValue("action"))
	if !workflow.Personal(action) {
		writeProblem(w, r, problem.New(problem.NotFound, "unknown_action", string(action)))
		return
	}
	in := workflow.NewInput(action)
	if err := decodeJSON(r, in); err != nil {
		writeProblem(w, r, err)
		return
	}
	res, err := s.cases.Do(r.Context(), actor, r.PathValue("id"), action, in)
	if err != nil {
		if serverFault(problem.KindOf(err)) {
			s.log.Error("action", "proposal", r.PathValue("id"), "action", action, "err", err)
		}
		writeProblem(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

// LifecycleRow is one row of the transition table as the API shows it.
type LifecycleRow struct {
	From     workflow.State         `json:"from"`
	Action   workflow.Action        `json:"action"`
	To       workflow.State         `json:"to"`
	Who      workflow.Who           `json:"who"`
	Event    string                 `json:"event"`
	Basis    string                 `json:"basis"`
	Deadline *workflow.DeadlineRule `json:"deadline,omitempty"`
	Label    i18n.Message           `json:"label"`
}

func (s *Server) apiLifecycle(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, LifecycleTable())
}

// LifecycleTable renders the transition table with each target's deadline.
func LifecycleTable() []LifecycleRow {
	var rows []LifecycleRow
	for _, t := range workflow.Table {
		row := LifecycleRow{From: t.From, Action: t.Action, To: t.To, Who: t.Who, Event: t.Event, Basis: t.Basis, Label: t.Action.Label()}
		if d, ok := workflow.Deadlines[t.To]; ok && t.To != t.From {
			row.Deadline = &d
		}
		rows = append(rows, row)
	}
	return rows
}

// CalendarYear is a year's holidays and announced changes.
type CalendarYear struct {
	Year     int                    `json:"year"`
	Holidays []calendar.Holiday     `json:"holidays"`
	Days     []sqlstore.CalendarDay `json:"announced"`
}

func (s *Server) calendarYear(r *http.Request, year int) (CalendarYear, error) {
	cal, err := s.store.Calendar(r.Context())
	if err != nil {
		return CalendarYear{}, err
	}
	days, err := s.store.CalendarDays(r.Context(), year)
	return CalendarYear{Year: year, Holidays: nonNil(cal.Holidays(year)), Days: nonNil(days)}, err
}

func (s *Server) apiCalendar(w http.ResponseWriter, r *http.Request) {
	year, err := strconv.Atoi(r.PathValue("year"))
	if err != nil || year < 1900 || year > 2100 {
		writeProblem(w, r, notFound())
		return
	}
	cy, err := s.calendarYear(r, year)
	reply(w, r, http.StatusOK, cy, err)
}

func (s *Server) apiSetCalendarDay(w http.ResponseWriter, r *http.Request, actor *org.Person) {
	var in sqlstore.CalendarDayInput
	if err := decodeJSON(r, &in); err != nil {
		writeProblem(w, r, err)
		return
	}
	d, err := s.cases.SetCalendarDay(r.Context(), actor, r.PathValue("date"), in)
	if err != nil {
		writeProblem(w, r, err)
		return
	}
	cy, err := s.calendarYear(r, d.Year)
	reply(w, r, http.StatusOK, cy, err)
}
