package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"damlam/internal/org"
	"damlam/internal/problem"
)

// EventIdentityLinked records an administrator linking a provider account.
const EventIdentityLinked = "identity_linked"

// LinkIdentity lets the provider account (issuer, subject) sign in as
// personID: an administrator of a unit the person sits in (nil actor: the
// command line) vouches that the account is theirs. A subject already
// linked to someone else is refused.
func (s *Store) LinkIdentity(ctx context.Context, actor *org.Person, address, issuer, subject, personID string) error {
	subject = strings.TrimSpace(subject)
	if subject == "" || len(subject) > 255 || !utf8.ValidString(subject) {
		var f problem.Fields
		f.Add("subject", "field.required")
		return f.Err()
	}
	return s.db.inTx(ctx, func(tx *sql.Tx) error {
		p, err := loadPerson(ctx, tx, personID)
		if err != nil {
			return err
		}
		if actor != nil && (actor.ID == p.ID || !mayManageAccess(actor, p)) {
			return problem.New(problem.Forbidden, "forbidden")
		}
		var held string
		err = tx.QueryRowContext(ctx, `SELECT person_id FROM identity_links WHERE issuer = $1 AND subject = $2`, issuer, subject).Scan(&held)
		switch {
		case err == nil && held != personID:
			var f problem.Fields
			f.Add("subject", "identity_taken", held)
			return f.Err()
		case err == nil:
			return nil
		case !errors.Is(err, sql.ErrNoRows):
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO identity_links (issuer, subject, person_id, created_at, created_by) VALUES ($1, $2, $3, $4, $5)`,
			issuer, subject, personID, fmtTime(s.now()), actorID(actor)); err != nil {
			return err
		}
		return recordAuthEvent(ctx, tx, s.now(), AuthEvent{Kind: EventIdentityLinked, ActorID: actorID(actor), Subject: personID, Address: address, Detail: subject})
	})
}

// PersonByIdentity is the person a provider account is linked to.
func (s *Store) PersonByIdentity(ctx context.Context, issuer, subject string) (string, error) {
	var id string
	err := s.db.QueryRowContext(ctx, `SELECT person_id FROM identity_links WHERE issuer = $1 AND subject = $2`, issuer, subject).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", problem.New(problem.NotFound, "not_found")
	}
	return id, err
}

// EventIdentityUnlinked records an administrator removing a link.
const EventIdentityUnlinked = "identity_unlinked"

// IdentityLinkRow is one provider account linked to a person, as the
// administrators list them.
type IdentityLinkRow struct {
	Issuer     string    `json:"issuer"`
	Subject    string    `json:"subject"`
	PersonID   string    `json:"person_id"`
	PersonName string    `json:"person_name"`
	CreatedAt  time.Time `json:"created_at"`
	CreatedBy  string    `json:"created_by,omitempty"`
}

// IdentityLinks lists the provider accounts linked to the people actor
// may manage (those seated or given a role in a unit they administer),
// by person; someone who administers nothing is refused.
func (s *Store) IdentityLinks(ctx context.Context, actor *org.Person) ([]IdentityLinkRow, error) {
	if !administersAny(actor) {
		return nil, problem.New(problem.Forbidden, "forbidden")
	}
	rows, err := s.db.QueryContext(ctx, `SELECT l.issuer, l.subject, l.person_id, p.name, l.created_at, l.created_by
		FROM identity_links l JOIN people p ON p.id = l.person_id ORDER BY p.name_fold, l.person_id, l.issuer, l.subject LIMIT 5000`)
	if err != nil {
		return nil, err
	}
	var all []IdentityLinkRow
	for rows.Next() {
		var l IdentityLinkRow
		var at string
		if err := rows.Scan(&l.Issuer, &l.Subject, &l.PersonID, &l.PersonName, &at, &l.CreatedBy); err != nil {
			rows.Close()
			return nil, err
		}
		l.CreatedAt = parseTime(at)
		all = append(all, l)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := []IdentityLinkRow{}
	may := map[string]bool{}
	for _, l := range all {
		ok, seen := may[l.PersonID]
		if !seen {
			p, err := loadPerson(ctx, s.db, l.PersonID)
			if err != nil {
				return nil, err
			}
			ok = mayManageAccess(actor, p)
			may[l.PersonID] = ok
		}
		if ok {
			out = append(out, l)
		}
	}
	return out, nil
}

// UnlinkIdentity removes the link of provider account (issuer, subject),
// by an administrator of its person (nil actor: the command line), with
// its record, in one transaction. No one unlinks their own account: as
// with linking, another administrator vouches. An account linked to no
// one, or to someone actor does not manage, is "not found".
func (s *Store) UnlinkIdentity(ctx context.Context, actor *org.Person, address, issuer, subject string) error {
	return s.db.inTx(ctx, func(tx *sql.Tx) error {
		var id string
		err := tx.QueryRowContext(ctx, `SELECT person_id FROM identity_links WHERE issuer = $1 AND subject = $2`, issuer, subject).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return problem.New(problem.NotFound, "not_found")
		}
		if err != nil {
			return err
		}
		p, err := loadPerson(ctx, tx, id)
		if err != nil {
			return err
		}
		if !mayManageAccess(actor, p) {
			return problem.New(problem.NotFound, "not_found")
		}
		if actor != nil && actor.ID == p.ID {
			return problem.New(problem.Forbidden, "forbidden")
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM identity_links WHERE issuer = $1 AND subject = $2`, issuer, subject); err != nil {
			return err
		}
		return recordAuthEvent(ctx, tx, s.now(), AuthEvent{Kind: EventIdentityUnlinked, ActorID: actorID(actor), Subject: p.ID, Address: address, Detail: subject})
	})
}

// administersAny reports whether actor (nil: the command line) holds an
// administrator's role anywhere.
func administersAny(actor *org.Person) bool {
	if actor == nil {
		return true
	}
	for _, g := range actor.Grants {
		if g.Role == org.Admin {
			return true
		}
	}
	return false
}
