package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"time"

	"damlam/internal/i18n"
	"damlam/internal/problem"
	"damlam/internal/workflow"
)

// Mail is one row of the outbox as the worker sends it, with what its
// text needs.
type Mail struct {
	ID       string `json:"id"`
	PersonID string `json:"person_id"`
	Name     string `json:"name"`
	To       string `json:"to"`
	Kind     string `json:"kind"`
	// Lang is the language the recipient is written to in (vi or en),
	// read when the row is claimed.
	Lang       string `json:"lang,omitempty"`
	ProposalID string `json:"proposal_id"`
	Title      string `json:"title"`
	DueDate    string `json:"due_date,omitempty"`
	Link       string `json:"link"`
	Urgent     bool   `json:"urgent"`
	// ExpiresAt is when a one-time link's mail stops working (IsLinkMail).
	ExpiresAt time.Time `json:"expires_at,omitzero"`
	Attempts  int       `json:"attempts"`
	CreatedAt string    `json:"created_at"`
	SentAt    string    `json:"sent_at,omitempty"`
	FailedAt  string    `json:"failed_at,omitempty"`
	DroppedAt string    `json:"dropped_at,omitempty"`
	LastError string    `json:"last_error,omitempty"`
	// Subject is the notice's text (OutboxList; "" for a digest).
	Subject i18n.Message `json:"subject"`
	// Digest holds the notices a daily digest carries (Kind "digest").
	Digest []Notification `json:"digest,omitempty"`
}

// Delivery bounds: a claim on SQLite lasts claimLease (a worker that dies
// holding it lets it lapse, and the row is sent again); a failed row
// waits backoff(attempts) and gives up after maxAttempts.
const (
	claimLease  = 2 * time.Minute
	maxAttempts = 8
)

// backoff is the wait after the n-th failed attempt: 30 s, 1, 2, 4 …
// minutes, at most an hour.
func backoff(n int) time.Duration {
	d := 30 * time.Second << (n - 1)
	if n < 1 || d > time.Hour || d <= 0 {
		return time.Hour
	}
	return d
}

// ErrNoMail says the outbox holds nothing due.
var ErrNoMail = errors.New("outbox: nothing due")

// DeliverOne sends the outbox's next due row with send and records the
// outcome. A row is marked sent only after send returned nil, that is
// after the SMTP server accepted it; a worker that dies between the two
// sends it again (the at-least-once window is that gap, a few
// milliseconds). On PostgreSQL the row is claimed with FOR UPDATE SKIP
// LOCKED in the transaction that marks it, so two instances never send
// the same row; on SQLite (one file, one writer) it is claimed by
// writing claimed_until first. A reminder whose case has left the
// waiting spell it was for is dropped, not sent. It returns ErrNoMail when
// nothing is due.
func (s *Store) DeliverOne(ctx context.Context, send func(context.Context, Mail) error) (Mail, error) {
	if s.db.Dialect == Postgres {
		var m Mail
		err := s.db.inTx(ctx, func(tx *sql.Tx) error {
			var err error
			m, err = s.claim(ctx, tx, ` FOR UPDATE OF o SKIP LOCKED`)
			if err != nil {
				return err
			}
			return s.deliver(ctx, tx, &m, send)
		})
		return m, sendErr(m, err)
	}
	m, err := s.claim(ctx, s.db, "")
	if err != nil {
		return m, err
	}
	now := s.now()
	res, err := s.db.ExecContext(ctx, `UPDATE outbox SET claimed_until = $1 WHERE id = $2 AND claimed_until < $3 AND sent_at = ''`,
		fmtTime(now.Add(claimLease)), m.ID, fmtTime(now))
	if err != nil {
		return m, err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return m, ErrNoMail // another worker claimed it first
	}
	return m, sendErr(m, s.deliver(ctx, s.db, &m, send))
}

// sendErr is a delivery's outcome: the database's error, else the send's.
func sendErr(m Mail, err error) error {
	if err == nil && m.LastError != "" {
		return &SendError{Mail: m.ID, Err: errors.New(m.LastError)}
	}
	return err
}

// claim reads the next due row (lock says how to lock it).
func (s *Store) claim(ctx context.Context, q querier, lock string) (Mail, error) {
	now := fmtTime(s.now())
	var m Mail
	var urgent int64
	var spell string
	err := q.QueryRowContext(ctx, `SELECT o.id, o.person_id, o.to_addr, o.kind, o.proposal_id, o.due_date, o.link, o.urgent, o.attempts, o.spell, o.created_at
		FROM outbox o WHERE o.sent_at = '' AND o.failed_at = '' AND o.dropped_at = '' AND o.next_at <= $1 AND o.claimed_until < $1
		ORDER BY o.next_at, o.id LIMIT 1`+lock, now).Scan(&m.ID, &m.PersonID, &m.To, &m.Kind, &m.ProposalID, &m.DueDate, &m.Link, &urgent, &m.Attempts, &spell, &m.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return m, ErrNoMail
	}
	if err != nil {
		return m, err
	}
	m.Urgent = urgent != 0
	if IsLinkMail(m.Kind) {
		m.ExpiresAt, m.DueDate = parseTime(m.DueDate), ""
	}
	if err := q.QueryRowContext(ctx, `SELECT p.name, COALESCE(n.lang, 'vi') FROM people p LEFT JOIN notify_prefs n ON n.person_id = p.id WHERE p.id = $1`,
		m.PersonID).Scan(&m.Name, &m.Lang); err != nil {
		return m, err
	}
	if m.ProposalID != "" {
		var entered string
		if err := q.QueryRowContext(ctx, `SELECT title, entered_at FROM proposals WHERE id = $1`, m.ProposalID).Scan(&m.Title, &entered); err != nil {
			return m, err
		}
		if spell != "" && spell != entered {
			m.DroppedAt = now
		}
	}
	if m.Kind == KindDigest {
		if m.Digest, err = s.digestOf(ctx, q, m.ID); err != nil {
			return m, err
		}
	}
	return m, nil
}

// deliver sends m (unless dropped) and writes the outcome; a failed send
// is recorded (m.LastError), not returned, so that the record commits.
func (s *Store) deliver(ctx context.Context, q querier, m *Mail, send func(context.Context, Mail) error) error {
	if m.DroppedAt != "" {
		_, err := q.ExecContext(ctx, `UPDATE outbox SET dropped_at = $1, claimed_until = '', last_error = $2 WHERE id = $3`, m.DroppedAt, "step already taken", m.ID)
		return err
	}
	err := send(ctx, *m)
	now := s.now()
	m.Attempts++
	if err == nil {
		m.SentAt = fmtTime(now)
		// A one-time link's secret leaves the outbox with its mail.
		_, err := q.ExecContext(ctx, `UPDATE outbox SET sent_at = $1, attempts = $2, claimed_until = '', last_error = '',
			link = CASE WHEN kind IN ($4, $5) THEN '' ELSE link END WHERE id = $3`, m.SentAt, m.Attempts, m.ID, KindInviteMail, KindResetMail)
		return err
	}
	m.LastError = truncate(err.Error(), 500)
	failed := ""
	if m.Attempts >= maxAttempts {
		failed = fmtTime(now)
		m.FailedAt = failed
	}
	if _, err := q.ExecContext(ctx, `UPDATE outbox SET attempts = $1, next_at = $2, claimed_until = '', last_error = $3, failed_at = $4 WHERE id = $5`,
		m.Attempts, fmtTime(now.Add(backoff(m.Attempts))), m.LastError, failed, m.ID); err != nil {
		return err
	}
	return nil
}

// SendError is a send that failed and was recorded for a retry.
type SendError struct {
	Mail string
	Err  error
}

func (e *SendError) Error() string { return "outbox " + e.Mail + ": " + e.Err.Error() }
func (e *SendError) Unwrap() error { return e.Err }

func truncate(s string, n int) string {
	s = strings.ToValidUTF8(s, "?")
	if len(s) <= n {
		return s
	}
	for n > 0 && !isRuneStart(s[n]) {
		n--
	}
	return s[:n]
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }

// Outbox states for OutboxList.
const (
	OutboxPending = "pending"
	OutboxSent    = "sent"
	OutboxFailed  = "failed"
)

// OutboxCounts are the numbers of rows pending, sent and failed.
type OutboxCounts struct {
	Pending int `json:"pending"`
	Sent    int `json:"sent"`
	Failed  int `json:"failed"`
}

// within restricts outbox rows (as o) to the mail of people seated in
// the subtrees under roots (unit paths), its arguments numbered from
// next; nil roots is the whole outbox.
func within(roots []string, next int) (string, []any) {
	if roots == nil {
		return "TRUE", nil
	}
	if len(roots) == 0 {
		return "FALSE", nil
	}
	var conds []string
	var args []any
	for _, r := range roots {
		n := "$" + strconv.Itoa(next)
		next++
		conds = append(conds, "substr(u.path, 1, length("+n+")) = "+n)
		args = append(args, r)
	}
	return `EXISTS (SELECT 1 FROM positions po JOIN units u ON u.id = po.unit_id WHERE po.person_id = o.person_id AND (` + strings.Join(conds, " OR ") + `))`, args
}

// OutboxCounts counts the outbox by state (dropped reminders count as sent
// nowhere: they are left out), for the people under roots (nil: all).
func (s *Store) OutboxCounts(ctx context.Context, roots []string) (OutboxCounts, error) {
	var c OutboxCounts
	cond, args := within(roots, 1)
	err := s.db.QueryRowContext(ctx, `SELECT
		COALESCE(SUM(CASE WHEN sent_at = '' AND failed_at = '' AND dropped_at = '' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN sent_at <> '' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN failed_at <> '' THEN 1 ELSE 0 END), 0) FROM outbox o WHERE `+cond, args...).Scan(&c.Pending, &c.Sent, &c.Failed)
	return c, err
}

// ValidOutboxState reports whether st is an outbox state.
func ValidOutboxState(st string) bool {
	return st == OutboxPending || st == OutboxSent || st == OutboxFailed
}

// OutboxList lists the outbox's rows in state st, newest first, for the
// people under roots (nil: all).
func (s *Store) OutboxList(ctx context.Context, roots []string, st string, limit int) ([]Mail, error) {
	cond := map[string]string{
		OutboxPending: `o.sent_at = '' AND o.failed_at = '' AND o.dropped_at = ''`,
		OutboxSent:    `o.sent_at <> ''`,
		OutboxFailed:  `o.failed_at <> ''`,
	}[st]
	if cond == "" {
		return nil, problem.New(problem.Invalid, "invalid_fields")
	}
	scope, args := within(roots, 2)
	rows, err := s.db.QueryContext(ctx, `SELECT o.id, o.person_id, COALESCE(pe.name, ''), o.to_addr, o.kind, o.proposal_id, COALESCE(p.title, ''), o.due_date, o.link, o.urgent,
		o.attempts, o.created_at, o.sent_at, o.failed_at, o.dropped_at, o.last_error
		FROM outbox o LEFT JOIN people pe ON pe.id = o.person_id LEFT JOIN proposals p ON p.id = o.proposal_id
		WHERE `+cond+` AND `+scope+` ORDER BY o.created_at DESC, o.id LIMIT $1`, append([]any{limit}, args...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Mail{}
	for rows.Next() {
		var m Mail
		var urgent int64
		if err := rows.Scan(&m.ID, &m.PersonID, &m.Name, &m.To, &m.Kind, &m.ProposalID, &m.Title, &m.DueDate, &m.Link, &urgent,
			&m.Attempts, &m.CreatedAt, &m.SentAt, &m.FailedAt, &m.DroppedAt, &m.LastError); err != nil {
			return nil, err
		}
		m.Urgent = urgent != 0
		switch {
		case IsLinkMail(m.Kind):
			// The administrators see that a link went, never the link.
			m.Link, m.ExpiresAt, m.DueDate = "", parseTime(m.DueDate), ""
			m.Subject = i18n.T("mail." + m.Kind + ".subject")
		case m.Kind != KindDigest:
			m.Subject = workflow.NoticeMessage(m.Kind, m.ProposalID, m.Title, DisplayDate(m.DueDate))
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// RetryMail puts a failed row back in the queue, due now, if it is the
// mail of someone under roots (nil: anyone); another's is "not found".
func (s *Store) RetryMail(ctx context.Context, roots []string, id string) error {
	cond, args := within(roots, 2)
	var exists int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM outbox o WHERE o.id = $1 AND `+cond, append([]any{id}, args...)...).Scan(&exists); err != nil {
		return err
	}
	if exists == 0 {
		return problem.New(problem.NotFound, "not_found")
	}
	res, err := s.db.ExecContext(ctx, `UPDATE outbox SET failed_at = '', attempts = 0, next_at = $1, claimed_until = '' WHERE id = $2 AND failed_at <> ''`, fmtTime(s.now()), id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return problem.New(problem.Conflict, "outbox.not_failed")
	}
	return nil
}
