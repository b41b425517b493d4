package sqlstore

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"errors"
	"time"

	"damlam/internal/org"
	"damlam/internal/problem"
)

// Kinds of one-time link.
const (
	LinkInvite = "invite"
	LinkReset  = "reset"
)

// Access events of one-time links.
const (
	EventLinkIssued   = "link_issued"
	EventLinkRedeemed = "link_redeemed"
)

// OneTimeLink is a link's secret as issued: shown or sent once, never kept.
type OneTimeLink struct {
	PersonID  string    `json:"person_id"`
	Email     string    `json:"email"`
	Name      string    `json:"name"`
	Kind      string    `json:"kind"`
	Secret    string    `json:"-"`
	ExpiresAt time.Time `json:"expires_at"`
}

// IssueLink makes a one-time link for personID to set a password, valid
// for ttl: by an administrator of the person (nil actor: the command
// line). Earlier unused links of the person end with it.
func (s *Store) IssueLink(ctx context.Context, actor *org.Person, address, personID, kind string, ttl time.Duration) (OneTimeLink, error) {
	var l OneTimeLink
	err := s.db.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		l, err = issueLink(ctx, tx, s.now(), actor, address, personID, kind, ttl)
		return err
	})
	return l, err
}

func issueLink(ctx context.Context, tx querier, now time.Time, actor *org.Person, address, personID, kind string, ttl time.Duration) (OneTimeLink, error) {
	p, err := loadPerson(ctx, tx, personID)
	if err != nil {
		return OneTimeLink{}, err
	}
	if !mayManageAccess(actor, p) {
		return OneTimeLink{}, problem.New(problem.Forbidden, "forbidden")
	}
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return OneTimeLink{}, err
	}
	l := OneTimeLink{PersonID: p.ID, Email: p.Email, Name: p.Name, Kind: kind, Secret: base64.RawURLEncoding.EncodeToString(b[:]), ExpiresAt: now.Add(ttl)}
	if _, err := tx.ExecContext(ctx, `UPDATE invitations SET used_at = $1 WHERE person_id = $2 AND used_at = ''`, fmtTime(now), p.ID); err != nil {
		return l, err
	}
	if err := dropLinkMail(ctx, tx, now, p.ID, "link replaced"); err != nil {
		return l, err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO invitations (hash, person_id, kind, created_at, expires_at, created_by) VALUES ($1, $2, $3, $4, $5, $6)`,
		tokenHash(l.Secret), p.ID, kind, fmtTime(now), fmtTime(l.ExpiresAt), actorID(actor)); err != nil {
		return l, err
	}
	return l, recordAuthEvent(ctx, tx, now, AuthEvent{Kind: EventLinkIssued, ActorID: actorID(actor), Subject: p.ID, Address: address, Detail: kind})
}

// Outbox kinds of the mail that carries a one-time link.
const (
	KindInviteMail = "link.invite"
	KindResetMail  = "link.reset"
)

// IsLinkMail reports whether an outbox kind carries a one-time link,
// whose secret the row holds until it is sent.
func IsLinkMail(kind string) bool { return kind == KindInviteMail || kind == KindResetMail }

// IssueLinkByMail is IssueLink with the link mailed to the person: the
// outbox row that carries it is written in the invitation's transaction,
// so an invitation exists with its mail or not at all. The row holds the
// link's path (the secret) until the mail is sent, then drops it.
func (s *Store) IssueLinkByMail(ctx context.Context, actor *org.Person, address, personID, kind string, ttl time.Duration) (OneTimeLink, error) {
	var l OneTimeLink
	err := s.db.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		now := s.now()
		if l, err = issueLink(ctx, tx, now, actor, address, personID, kind, ttl); err != nil {
			return err
		}
		mailKind := KindInviteMail
		if kind == LinkReset {
			mailKind = KindResetMail
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO outbox (id, person_id, kind, to_addr, due_date, link, urgent, created_at, next_at) VALUES ($1, $2, $3, $4, $5, $6, 0, $7, $7)`,
			newID("ob-"), l.PersonID, mailKind, l.Email, fmtTime(l.ExpiresAt), LinkPath(l.Secret), fmtTime(now))
		return err
	})
	return l, err
}

// LinkPath is the path a one-time link opens.
func LinkPath(secret string) string { return "/invite/" + secret }

// LinkPerson is whom a live link is for, to greet them on its page.
func (s *Store) LinkPerson(ctx context.Context, secret string) (*org.Person, string, error) {
	var id, kind string
	err := s.db.QueryRowContext(ctx, `SELECT person_id, kind FROM invitations WHERE hash = $1 AND used_at = '' AND expires_at > $2`,
		tokenHash(secret), fmtTime(s.now())).Scan(&id, &kind)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, "", problem.New(problem.NotFound, "link_dead")
	}
	if err != nil {
		return nil, "", err
	}
	p, err := s.Person(ctx, id)
	return p, kind, err
}

// RedeemLink sets the password of the link's person, once: the link is
// marked used in the same transaction, by a statement only one
// redemption can win, and every session and token of the person ends.
func (s *Store) RedeemLink(ctx context.Context, secret, address, password string) (string, error) {
	if len([]rune(password)) < MinPasswordLength {
		var f problem.Fields
		f.Add("password", "field.weak_password", MinPasswordLength)
		return "", f.Err()
	}
	hash, err := HashPassword(password)
	if err != nil {
		return "", err
	}
	var id string
	err = s.db.inTx(ctx, func(tx *sql.Tx) error {
		now := fmtTime(s.now())
		err := tx.QueryRowContext(ctx, `UPDATE invitations SET used_at = $1 WHERE hash = $2 AND used_at = '' AND expires_at > $1 RETURNING person_id`,
			now, tokenHash(secret)).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return problem.New(problem.NotFound, "link_dead")
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE people SET password_hash = $1 WHERE id = $2`, hash, id); err != nil {
			return err
		}
		if _, err := revokeAll(ctx, tx, id); err != nil {
			return err
		}
		if err := dropLinkMail(ctx, tx, s.now(), id, "link used"); err != nil {
			return err
		}
		return recordAuthEvent(ctx, tx, s.now(), AuthEvent{Kind: EventLinkRedeemed, ActorID: id, Subject: id, Address: address})
	})
	return id, err
}

// dropLinkMail drops the person's link mail not yet sent, with its
// secret: the link it carries has just ended (why).
func dropLinkMail(ctx context.Context, tx querier, now time.Time, personID, why string) error {
	_, err := tx.ExecContext(ctx, `UPDATE outbox SET dropped_at = $1, link = '', last_error = $2
		WHERE person_id = $3 AND kind IN ($4, $5) AND sent_at = '' AND dropped_at = ''`, fmtTime(now), why, personID, KindInviteMail, KindResetMail)
	return err
}
