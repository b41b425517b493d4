package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"strings"
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
