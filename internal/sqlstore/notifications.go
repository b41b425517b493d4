package sqlstore

import (
	"context"
	"time"

	"damlam/internal/i18n"
	"damlam/internal/problem"
	"damlam/internal/workflow"
)

// Notification is a message for a person: what happened to which case,
// in both languages, and the page where the next step is taken.
type Notification struct {
	ID         string       `json:"id"`
	ProposalID string       `json:"proposal_id"`
	Title      string       `json:"title"`
	Kind       string       `json:"kind"`
	Message    i18n.Message `json:"message"`
	// Text is Message in the language the person chose (LangPreference).
	Text    string `json:"text"`
	Link    string `json:"link"`
	DueDate string `json:"due_date,omitempty"`
	Urgent  bool   `json:"urgent"`
	At      string `json:"at"`
	Read    bool   `json:"read"`
}

// Notification filters.
const (
	FilterAll    = "all"
	FilterUnread = "unread"
	FilterRead   = "read"
)

// ValidFilter reports whether f is a filter Notifications knows ("" is all).
func ValidFilter(f string) bool {
	return f == "" || f == FilterAll || f == FilterUnread || f == FilterRead
}

// Notifications lists a person's notifications, newest first.
// CountNotifications counts personID's notifications under filter (all,
// unread or read), over every page.
func (s *Store) CountNotifications(ctx context.Context, personID, filter string) (int, error) {
	if !ValidFilter(filter) {
		return 0, problem.New(problem.Invalid, "notify.filter_bad", filter)
	}
	cond := ""
	switch filter {
	case FilterUnread:
		cond = ` AND read_at = ''`
	case FilterRead:
		cond = ` AND read_at <> ''`
	}
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM notifications WHERE person_id = $1`+cond, personID).Scan(&n)
	return n, err
}

func (s *Store) Notifications(ctx context.Context, personID string) ([]Notification, error) {
	return s.NotificationsWhere(ctx, personID, FilterAll, 200)
}

// NotificationsWhere lists a person's notifications, newest first, all,
// unread or read only, at most limit.
func (s *Store) NotificationsWhere(ctx context.Context, personID, filter string, limit int) ([]Notification, error) {
	if !ValidFilter(filter) {
		return nil, problem.New(problem.Invalid, "notify.filter_bad", filter)
	}
	cond := ""
	switch filter {
	case FilterUnread:
		cond = ` AND n.read_at = ''`
	case FilterRead:
		cond = ` AND n.read_at <> ''`
	}
	lang, err := s.LangPreference(ctx, personID)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT n.id, n.proposal_id, COALESCE(p.title, ''), n.kind, n.at, n.read_at, n.urgent, n.due_date, n.link
		FROM notifications n LEFT JOIN proposals p ON p.id = n.proposal_id
		WHERE n.person_id = $1`+cond+` ORDER BY n.at DESC, n.id LIMIT $2`, personID, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Notification{}
	for rows.Next() {
		var n Notification
		var read string
		var urgent int64
		if err := rows.Scan(&n.ID, &n.ProposalID, &n.Title, &n.Kind, &n.At, &read, &urgent, &n.DueDate, &n.Link); err != nil {
			return nil, err
		}
		n.Read, n.Urgent = read != "", urgent != 0
		if n.Link == "" {
			n.Link = "/proposals/" + n.ProposalID
		}
		n.Message = workflow.NoticeMessage(n.Kind, n.ProposalID, n.Title, DisplayDate(n.DueDate))
		n.Text = n.Message.In(lang)
		out = append(out, n)
	}
	return out, rows.Err()
}

// DisplayDate writes a stored date (yyyy-mm-dd) as people read it,
// dd/mm/yyyy; "" stays "".
func DisplayDate(d string) string {
	t, err := time.Parse("2006-01-02", d)
	if err != nil {
		return d
	}
	return i18n.FormatDate(t)
}

// UnreadCount is the number of a person's unread notifications (the bell).
func (s *Store) UnreadCount(ctx context.Context, personID string) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM notifications WHERE person_id = $1 AND read_at = ''`, personID).Scan(&n)
	return n, err
}

// MarkAllNotificationsRead marks every unread notification of a person read.
func (s *Store) MarkAllNotificationsRead(ctx context.Context, personID string) error {
	_, err := s.db.ExecContext(ctx, `UPDATE notifications SET read_at = $1 WHERE person_id = $2 AND read_at = ''`, fmtTime(s.now()), personID)
	return err
}

// MailPreference is how a person wants mail: MailEvery, MailDigest or
// MailNone.
func (s *Store) MailPreference(ctx context.Context, personID string) (string, error) {
	ids, err := column(ctx, s.db, `SELECT mail FROM notify_prefs WHERE person_id = $1`, personID)
	if err != nil || len(ids) == 0 {
		return MailEvery, err
	}
	return ids[0], nil
}

// ValidMail reports whether m is a mail preference.
func ValidMail(m string) bool { return m == MailEvery || m == MailDigest || m == MailNone }

// SetMailPreference records how a person wants mail. Notices already
// waiting for a digest stay in it.
func (s *Store) SetMailPreference(ctx context.Context, personID, mail string) error {
	if !ValidMail(mail) {
		return problem.New(problem.Invalid, "pref.bad", mail)
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO notify_prefs (person_id, mail, updated_at) VALUES ($1, $2, $3)
		ON CONFLICT (person_id) DO UPDATE SET mail = excluded.mail, updated_at = excluded.updated_at`, personID, mail, fmtTime(s.now()))
	return err
}

// ValidLang reports whether l is a language people may be written to in.
func ValidLang(l string) bool { return l == string(i18n.VI) || l == string(i18n.EN) }

// LangPreference is the language a person is written to in: i18n.VI
// unless they chose i18n.EN.
func (s *Store) LangPreference(ctx context.Context, personID string) (i18n.Lang, error) {
	ls, err := column(ctx, s.db, `SELECT lang FROM notify_prefs WHERE person_id = $1`, personID)
	if err != nil || len(ls) == 0 {
		return i18n.VI, err
	}
	return i18n.ParseLang(ls[0]), nil
}

// SetLangPreference records the language a person is written to in (vi
// or en). Mail already in the outbox is written in it too: a letter is
// rendered when it is sent.
func (s *Store) SetLangPreference(ctx context.Context, personID, lang string) error {
	if !ValidLang(lang) {
		return problem.New(problem.Invalid, "pref.lang_bad", lang)
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO notify_prefs (person_id, mail, lang, updated_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (person_id) DO UPDATE SET lang = excluded.lang, updated_at = excluded.updated_at`, personID, MailEvery, lang, fmtTime(s.now()))
	return err
}
