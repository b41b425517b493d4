package server

import (
	"net/http"
	"net/url"

	"damlam/internal/calendar"
	"damlam/internal/org"
	"damlam/internal/sqlstore"
)

func (s *Server) homePage(w http.ResponseWriter, r *http.Request, me *org.Person) {
	seeOther(w, r, "/inbox")
}

// inboxData is "Việc cần làm": what waits on the reader, soonest due first,
// a page at a time, and the escalations sent to them.
type inboxData struct {
	Items []sqlstore.InboxItem
	// Total and Overdue count the whole inbox, not only this page.
	Total, Overdue int
	// Next links to the following page ("" on the last); First back to
	// the start, on a later page.
	Next, First   string
	Notifications []sqlstore.Notification
	// Oversight is what waits on an inspector, a disciplinary authority or
	// a reward officer: no deadline runs, but nothing should be forgotten.
	Oversight []sqlstore.InboxItem
}

// oversightRoles have an oversight inbox.
var oversightRoles = []org.Role{org.Inspector, org.Disciplinary, org.RewardOfficer}

// inboxPage shows a page of the inbox. A later page is asked for by the
// last item of the one before (?due=…&after=…): plain links, so it works
// without JavaScript, and a page stays where it was when items before it
// are done meanwhile. Escalations and oversight are on the first page.
func (s *Server) inboxPage(w http.ResponseWriter, r *http.Request, me *org.Person) {
	q := r.URL.Query()
	var after *sqlstore.InboxCursor
	if id := q.Get("after"); id != "" {
		after = &sqlstore.InboxCursor{Due: q.Get("due"), ID: id}
		if after.Due != "" {
			// The store compares due dates as written (YYYY-MM-DD).
			if d, err := calendar.ParseDate(after.Due); err == nil {
				after.Due = d.String()
			} else {
				after = nil // a hand-edited link: the start is the nearest page
			}
		}
	}
	page, err := s.store.InboxPage(r.Context(), me, after, sqlstore.InboxPageSize)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	d := inboxData{Items: page.Items, Total: page.Total, Overdue: page.Overdue}
	if page.Next != nil {
		nq := url.Values{"after": {page.Next.ID}}
		if page.Next.Due != "" {
			nq.Set("due", page.Next.Due)
		}
		d.Next = "/inbox?" + nq.Encode()
	}
	v := s.newView(r, "inbox", "web.inbox.title")
	v.InboxN = page.Total
	if after != nil {
		d.First = "/inbox"
		if hasRole(me, oversightRoles...) {
			if n, err := s.store.OversightCount(r.Context(), me); err == nil {
				v.InboxN += n
			}
		}
	} else {
		notes, err := s.store.Notifications(r.Context(), me.ID)
		if err != nil {
			s.pageError(w, r, err)
			return
		}
		for _, n := range notes {
			if !n.Read && n.Kind == "escalation" { // the other notices are on /notifications
				d.Notifications = append(d.Notifications, n)
			}
		}
		if hasRole(me, oversightRoles...) {
			if d.Oversight, err = s.store.OversightInbox(r.Context(), me); err != nil {
				s.pageError(w, r, err)
				return
			}
		}
		v.InboxN += len(d.Oversight)
	}
	v.Data = d
	s.render(w, r, http.StatusOK, "inbox", v)
}

// notificationReadPost marks an escalation seen and returns to the inbox.
func (s *Server) notificationReadPost(w http.ResponseWriter, r *http.Request, me *org.Person) {
	if err := s.store.MarkNotificationRead(r.Context(), me.ID, r.PathValue("id")); err != nil {
		s.pageError(w, r, err)
		return
	}
	seeOther(w, r, "/inbox")
}
