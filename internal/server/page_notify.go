package server

import (
	"net/http"
	"strings"

	"damlam/internal/i18n"
	"damlam/internal/org"
	"damlam/internal/problem"
	"damlam/internal/sqlstore"
)

// notificationsData is the notifications page: the reader's notices under
// a read/unread filter.
type notificationsData struct {
	Filter  string
	Filters []string
	Items   []sqlstore.Notification
}

func (s *Server) notificationsPage(w http.ResponseWriter, r *http.Request, me *org.Person) {
	v := s.newView(r, "notifications", "web.notify.title")
	filter := r.URL.Query().Get("filter")
	if filter == "" {
		filter = sqlstore.FilterAll
	}
	items, err := s.store.NotificationsWhere(r.Context(), me.ID, filter, 200)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	v.Data = notificationsData{Filter: filter, Filters: []string{sqlstore.FilterAll, sqlstore.FilterUnread, sqlstore.FilterRead}, Items: items}
	s.render(w, r, http.StatusOK, "notifications", v)
}

// notificationOpenPost marks a notice read and goes to its page.
func (s *Server) notificationOpenPost(w http.ResponseWriter, r *http.Request, me *org.Person) {
	id := r.PathValue("id")
	if err := s.store.MarkNotificationRead(r.Context(), me.ID, id); err != nil {
		s.pageError(w, r, err)
		return
	}
	r.ParseForm()
	to := r.PostForm.Get("to")
	if !strings.HasPrefix(to, "/proposals/") || strings.ContainsAny(to, "\\") {
		to = "/notifications"
	}
	seeOther(w, r, to)
}

func (s *Server) notificationsReadAllPost(w http.ResponseWriter, r *http.Request, me *org.Person) {
	if err := s.store.MarkAllNotificationsRead(r.Context(), me.ID); err != nil {
		s.pageError(w, r, err)
		return
	}
	seeOther(w, r, "/notifications")
}

// profileData is the reader's profile: who they are and how they are
// told by mail.
type profileData struct {
	Mail    string
	Choices []string
	Lang    string
	Langs   []string
}

func (s *Server) profilePage(w http.ResponseWriter, r *http.Request, me *org.Person) {
	v := s.newView(r, "profile", "web.profile.title")
	if r.URL.Query().Get("saved") != "" {
		v.Notice = v.T("web.notify.pref_saved")
	}
	s.showProfile(w, r, http.StatusOK, v, me)
}

func (s *Server) showProfile(w http.ResponseWriter, r *http.Request, status int, v *view, me *org.Person) {
	mail, err := s.store.MailPreference(r.Context(), me.ID)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	lang, err := s.store.LangPreference(r.Context(), me.ID)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	v.Data = profileData{Mail: mail, Choices: []string{sqlstore.MailEvery, sqlstore.MailDigest, sqlstore.MailNone},
		Lang: string(lang), Langs: []string{string(i18n.VI), string(i18n.EN)}}
	s.render(w, r, status, "profile", v)
}

func (s *Server) profilePost(w http.ResponseWriter, r *http.Request, me *org.Person) {
	r.ParseForm()
	in := NotifySettingsInput{Mail: r.PostForm.Get("mail"), Lang: r.PostForm.Get("lang")}
	was, err := s.store.LangPreference(r.Context(), me.ID)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	if err := s.setNotifySettings(r, me, in); err != nil {
		if problem.KindOf(err) != problem.Invalid {
			s.pageError(w, r, err)
			return
		}
		v := s.newView(r, "profile", "web.profile.title").withProblem(err, "profile", r.PostForm)
		s.showProfile(w, r, http.StatusUnprocessableEntity, v, me)
		return
	}
	if in.Lang != "" && in.Lang != string(was) {
		// The pages follow a newly chosen language of mail and notices;
		// saving the mail choice alone leaves the pages' language be.
		http.SetCookie(w, &http.Cookie{Name: "lang", Value: in.Lang, Path: "/", MaxAge: 365 * 24 * 3600,
			HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: r.TLS != nil})
	}
	seeOther(w, r, "/profile?saved=1")
}

// outboxWebPage is an administrator's view of the outbox.
func (s *Server) outboxWebPage(w http.ResponseWriter, r *http.Request, me *org.Person) {
	v := s.newView(r, "admin", "web.outbox.title")
	p, err := s.outboxPage(r, me)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	if r.URL.Query().Get("retried") != "" {
		v.Notice = v.T("web.outbox.retried")
	}
	v.Data = p
	s.render(w, r, http.StatusOK, "outbox", v)
}

func (s *Server) outboxRetryPost(w http.ResponseWriter, r *http.Request, me *org.Person) {
	roots := adminRoots(me)
	if len(roots) == 0 {
		s.pageError(w, r, problem.New(problem.Forbidden, "forbidden"))
		return
	}
	if err := s.store.RetryMail(r.Context(), roots, r.PathValue("id")); err != nil {
		s.pageError(w, r, err)
		return
	}
	seeOther(w, r, "/admin/outbox?state=pending&retried=1")
}
