package sqlstore

import (
	"context"
	"database/sql"
	"strconv"

	"damlam/internal/org"
	"damlam/internal/problem"
)

// SetPassword replaces a person's password and ends every session and
// token they hold, in one transaction: whoever knew the old password, or
// took a token while they did, is signed out with it. by is who set it
// (nil: the command line), from where they did.
func (s *Store) SetPassword(ctx context.Context, id, password string) error {
	return s.SetPasswordBy(ctx, nil, "", id, password)
}

// SetPasswordBy is SetPassword recorded as done by actor from address.
func (s *Store) SetPasswordBy(ctx context.Context, actor *org.Person, address, id, password string) error {
	if len([]rune(password)) < MinPasswordLength {
		var f problem.Fields
		f.Add("password", "field.weak_password", MinPasswordLength)
		return f.Err()
	}
	hash, err := HashPassword(password)
	if err != nil {
		return err
	}
	return s.db.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE people SET password_hash = $1 WHERE id = $2`, hash, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return problem.New(problem.NotFound, "field.unknown_person", id)
		}
		n, err := revokeAll(ctx, tx, id)
		if err != nil {
			return err
		}
		return recordAuthEvent(ctx, tx, s.now(), AuthEvent{Kind: EventPasswordSet, ActorID: actorID(actor), Subject: id, Address: address,
			Detail: "revoked=" + strconv.FormatInt(n, 10)})
	})
}

// ChangePassword is a person changing their own password: the current
// one must be right.
func (s *Store) ChangePassword(ctx context.Context, me *org.Person, address, current, password string) error {
	_, hash, err := s.PersonByEmail(ctx, me.Email)
	if err != nil {
		return err
	}
	if !CheckPassword(hash, current) {
		var f problem.Fields
		f.Add("current", "bad_current_password")
		return f.Err()
	}
	return s.SetPasswordBy(ctx, me, address, me.ID, password)
}

// SignOutEverywhere ends every session and token of a person: the
// person themself, or an administrator of a unit they sit in (nil
// actor: the command line). It returns how many ended.
func (s *Store) SignOutEverywhere(ctx context.Context, actor *org.Person, address, personID string) (int64, error) {
	var n int64
	err := s.db.inTx(ctx, func(tx *sql.Tx) error {
		p, err := loadPerson(ctx, tx, personID)
		if err != nil {
			return err
		}
		if !mayManageAccess(actor, p) {
			return problem.New(problem.Forbidden, "forbidden")
		}
		if n, err = revokeAll(ctx, tx, personID); err != nil {
			return err
		}
		return recordAuthEvent(ctx, tx, s.now(), AuthEvent{Kind: EventSignedOutAll, ActorID: actorID(actor), Subject: personID, Address: address,
			Detail: "revoked=" + strconv.FormatInt(n, 10)})
	})
	return n, err
}

// mayManageAccess: a person manages their own access; an administrator
// that of anyone seated or granted a role in the subtree they administer.
func mayManageAccess(actor, p *org.Person) bool {
	if actor == nil || actor.ID == p.ID {
		return true
	}
	for _, st := range p.Seats {
		if actor.Has(org.Admin, st.UnitPath) {
			return true
		}
	}
	for _, g := range p.Grants {
		if actor.Has(org.Admin, g.UnitPath) {
			return true
		}
	}
	return false
}

func actorID(p *org.Person) string {
	if p == nil {
		return ""
	}
	return p.ID
}
