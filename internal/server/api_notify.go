package server

import (
	"net/http"
	"strconv"

	"damlam/internal/org"
	"damlam/internal/problem"
	"damlam/internal/sqlstore"
)

// NotifySettings are a person's unread count, mail preference and the
// language their mail and notices are written in.
type NotifySettings struct {
	Unread int    `json:"unread"`
	Mail   string `json:"mail"` // every, digest or none; urgent items are always mailed
	Lang   string `json:"lang"` // vi (the default) or en
	Email  string `json:"email"`
}

// NotifySettingsInput changes the mail preference, the language, or
// both; a field left out keeps its value.
type NotifySettingsInput struct {
	Mail string `json:"mail,omitempty"`
	Lang string `json:"lang,omitempty"`
}

// OutboxPage is the administrator's view of the outbox.
type OutboxPage struct {
	// Mail is false when no SMTP server is configured: mail then stays in
	// the outbox.
	Mail   bool                  `json:"mail"`
	SMTP   string                `json:"smtp,omitempty"`
	Counts sqlstore.OutboxCounts `json:"counts"`
	State  string                `json:"state"`
	Items  []sqlstore.Mail       `json:"items"`
}

// listLimit reads ?limit= (1–200, default 50).
func listLimit(r *http.Request) (int, error) {
	v := r.URL.Query().Get("limit")
	if v == "" {
		return 50, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > 200 {
		return 0, problem.New(problem.Invalid, "invalid_fields")
	}
	return n, nil
}

func (s *Server) apiNotificationsFiltered(w http.ResponseWriter, r *http.Request, actor *org.Person) {
	limit, err := listLimit(r)
	if err != nil {
		writeProblem(w, r, err)
		return
	}
	filter := r.URL.Query().Get("filter")
	items, err := s.store.NotificationsWhere(r.Context(), actor.ID, filter, limit)
	if err == nil {
		var n int
		n, err = s.store.CountNotifications(r.Context(), actor.ID, filter)
		setTotal(w, n)
	}
	reply(w, r, http.StatusOK, items, err)
}

func (s *Server) apiNotificationsReadAll(w http.ResponseWriter, r *http.Request, actor *org.Person) {
	if err := s.store.MarkAllNotificationsRead(r.Context(), actor.ID); err != nil {
		writeProblem(w, r, err)
		return
	}
	s.apiNotifySettings(w, r, actor)
}

func (s *Server) notifySettings(r *http.Request, actor *org.Person) (NotifySettings, error) {
	unread, err := s.store.UnreadCount(r.Context(), actor.ID)
	if err != nil {
		return NotifySettings{}, err
	}
	mail, err := s.store.MailPreference(r.Context(), actor.ID)
	if err != nil {
		return NotifySettings{}, err
	}
	lang, err := s.store.LangPreference(r.Context(), actor.ID)
	return NotifySettings{Unread: unread, Mail: mail, Lang: string(lang), Email: actor.Email}, err
}

func (s *Server) apiNotifySettings(w http.ResponseWriter, r *http.Request, actor *org.Person) {
	st, err := s.notifySettings(r, actor)
	reply(w, r, http.StatusOK, st, err)
}

func (s *Server) apiSetNotifySettings(w http.ResponseWriter, r *http.Request, actor *org.Person) {
	var in NotifySettingsInput
	if err := decodeJSON(r, &in); err != nil {
		writeProblem(w, r, err)
		return
	}
	if err := s.setNotifySettings(r, actor, in); err != nil {
		writeProblem(w, r, err)
		return
	}
	s.apiNotifySettings(w, r, actor)
}

// setNotifySettings records what in changes, after checking all of it:
// a bad value writes nothing.
func (s *Server) setNotifySettings(r *http.Request, actor *org.Person, in NotifySettingsInput) error {
	if in.Mail == "" && in.Lang == "" {
		return problem.New(problem.Invalid, "pref.nothing")
	}
	if in.Mail != "" && !sqlstore.ValidMail(in.Mail) {
		return problem.New(problem.Invalid, "pref.bad", in.Mail)
	}
	if in.Lang != "" && !sqlstore.ValidLang(in.Lang) {
		return problem.New(problem.Invalid, "pref.lang_bad", in.Lang)
	}
	if in.Mail != "" {
		if err := s.store.SetMailPreference(r.Context(), actor.ID, in.Mail); err != nil {
			return err
		}
	}
	if in.Lang != "" {
		return s.store.SetLangPreference(r.Context(), actor.ID, in.Lang)
	}
	return nil
}

func (s *Server) outboxPage(r *http.Request, actor *org.Person) (OutboxPage, error) {
	// An administrator sees the mail of the people seated in the units
	// they administer.
	roots := adminRoots(actor)
	if len(roots) == 0 {
		return OutboxPage{}, problem.New(problem.Forbidden, "forbidden")
	}
	st := r.URL.Query().Get("state")
	if st == "" {
		st = sqlstore.OutboxPending
	}
	if !sqlstore.ValidOutboxState(st) {
		return OutboxPage{}, problem.New(problem.Invalid, "invalid_fields")
	}
	limit, err := listLimit(r)
	if err != nil {
		return OutboxPage{}, err
	}
	counts, err := s.store.OutboxCounts(r.Context(), roots)
	if err != nil {
		return OutboxPage{}, err
	}
	items, err := s.store.OutboxList(r.Context(), roots, st, limit)
	return OutboxPage{Mail: s.opts.Mail, SMTP: s.opts.SMTP, Counts: counts, State: st, Items: items}, err
}

func (s *Server) apiOutbox(w http.ResponseWriter, r *http.Request, actor *org.Person) {
	p, err := s.outboxPage(r, actor)
	reply(w, r, http.StatusOK, p, err)
}

func (s *Server) apiOutboxRetry(w http.ResponseWriter, r *http.Request, actor *org.Person) {
	roots := adminRoots(actor)
	if len(roots) == 0 {
		writeProblem(w, r, problem.New(problem.Forbidden, "forbidden"))
		return
	}
	if err := s.store.RetryMail(r.Context(), roots, r.PathValue("id")); err != nil {
		writeProblem(w, r, err)
		return
	}
	s.apiOutbox(w, r, actor)
}
