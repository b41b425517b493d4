package server

import (
	"net/http"

	"damlam/internal/org"
	"damlam/internal/sqlstore"
)

func (s *Server) homePage(w http.ResponseWriter, r *http.Request, me *org.Person) {
	seeOther(w, r, "/inbox")
}

// inboxData is "Việc cần làm": what waits on the reader, soonest due first,
// and the escalations sent to them.
type inboxData struct {
	Items         []sqlstore.InboxItem
	Overdue       int
	Notifications []sqlstore.Notification
	// Oversight is what waits on an inspector, a disciplinary authority or
	// a reward officer: no deadline runs, but nothing should be forgotten.
	Oversight []sqlstore.InboxItem
}

// oversightRoles have an oversight inbox.
var oversightRoles = []org.Role{org.Inspector, org.Disciplinary, org.RewardOfficer}

func (s *Server) inboxPage(w http.ResponseWriter, r *http.Request, me *org.Person) {
	items, err := s.store.Inbox(r.Context(), me)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	notes, err := s.store.Notifications(r.Context(), me.ID)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	d := inboxData{Items: items}
	for _, n := range notes {
		if !n.Read {
			d.Notifications = append(d.Notifications, n)
		}
	}
	if hasRole(me, oversightRoles...) {
		if d.Oversight, err = s.store.OversightInbox(r.Context(), me); err != nil {
			s.pageError(w, r, err)
			return
		}
	}
	for _, it := range items {
		if it.Overdue {
			d.Overdue++
		}
	}
	v := s.newView(r, "inbox", "web.inbox.title")
	v.InboxN = len(items) + len(d.Oversight)
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
