package server

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"damlam/internal/calendar"
	"damlam/internal/org"
	"damlam/internal/problem"
	"damlam/internal/sqlstore"
)

// calendarData is a year's days off: the statutory holidays as the law
// computes them (lunar ones included), and the days the Government
// announced, which administrators enter here. Deadlines count from it.
type calendarData struct {
	Year      int
	Holidays  []calendar.Holiday
	Announced []sqlstore.CalendarDay
	Prev      int
	Next      int
}

func (s *Server) calendarPage(w http.ResponseWriter, r *http.Request, me *org.Person) {
	v := s.newView(r, "admin", "web.cal.title")
	s.showCalendar(w, r, http.StatusOK, v, me)
}

func (s *Server) showCalendar(w http.ResponseWriter, r *http.Request, status int, v *view, me *org.Person) {
	if !hasRole(me, org.Admin, org.Secretariat) {
		s.pageError(w, r, problem.New(problem.Forbidden, "forbidden"))
		return
	}
	year := calendar.DateOf(s.store.Now()).Year
	if y, err := strconv.Atoi(r.URL.Query().Get("year")); err == nil && y >= 1900 && y <= 2100 {
		year = y
	}
	if v.Form != nil {
		if d, err := calendar.ParseDate(v.Form.Get("date")); err == nil {
			year = d.Year
		}
	}
	cy, err := s.calendarYear(r, year)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	v.Title = v.T("web.cal.title") + " " + strconv.Itoa(year)
	v.Data = calendarData{Year: year, Holidays: cy.Holidays, Announced: cy.Days, Prev: year - 1, Next: year + 1}
	s.render(w, r, status, "calendar", v)
}

func (s *Server) calendarPost(w http.ResponseWriter, r *http.Request, me *org.Person) {
	r.ParseForm()
	in := sqlstore.CalendarDayInput{Kind: r.PostForm.Get("kind"), Note: r.PostForm.Get("note")}
	date := strings.TrimSpace(r.PostForm.Get("date"))
	if day, ok := readDay(date); ok {
		date = day // the page writes dates dd/mm/yyyy
	}
	d, err := s.cases.SetCalendarDay(r.Context(), me, date, in)
	if err != nil {
		if k := problem.KindOf(err); k != problem.Invalid {
			s.pageError(w, r, err)
			return
		}
		v := s.newView(r, "admin", "web.cal.title")
		v.withProblem(err, "day", r.PostForm)
		v.URL = &url.URL{Path: "/admin/calendar"}
		s.showCalendar(w, r, http.StatusUnprocessableEntity, v, me)
		return
	}
	seeOther(w, r, "/admin/calendar?year="+url.QueryEscape(strconv.Itoa(d.Year)))
}
