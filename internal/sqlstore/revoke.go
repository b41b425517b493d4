package sqlstore

import (
	"context"
	"database/sql"

	"damlam/internal/org"
	"damlam/internal/problem"
)

// RemoveSeat ends a person's post in a unit (a head moves on, a deputy
// retires). The records of what they decided stay: the log names their
// pseudonym, not their post.
func (s *Store) RemoveSeat(ctx context.Context, actor *org.Person, personID, unitID string) error {
	return s.revoke(ctx, actor, personID, unitID, func(tx *sql.Tx) (sql.Result, error) {
		return tx.ExecContext(ctx, `DELETE FROM positions WHERE person_id = $1 AND unit_id = $2`, personID, unitID)
	})
}

// RemoveGrant takes a role over a unit away from a person. An administrator
// cannot take away their own administration: someone else must, so that a
// unit is never left without one by a slip.
func (s *Store) RemoveGrant(ctx context.Context, actor *org.Person, personID string, role org.Role, unitID string) error {
	if actor != nil && actor.ID == personID && role == org.Admin {
		return problem.New(problem.Conflict, "own_admin")
	}
	return s.revoke(ctx, actor, personID, unitID, func(tx *sql.Tx) (sql.Result, error) {
		return tx.ExecContext(ctx, `DELETE FROM grants WHERE person_id = $1 AND role = $2 AND unit_id = $3`, personID, string(role), unitID)
	})
}

func (s *Store) revoke(ctx context.Context, actor *org.Person, personID, unitID string, del func(*sql.Tx) (sql.Result, error)) error {
	return s.db.inTx(ctx, func(tx *sql.Tx) error {
		path, err := unitPath(ctx, tx, unitID)
		if err != nil {
			return err
		}
		if path == "" {
			return invalidField("unit_id", "field.unknown_unit", unitID)
		}
		if err := requireAdmin(actor, path); err != nil {
			return err
		}
		res, err := del(tx)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return problem.New(problem.NotFound, "not_found")
		}
		return nil
	})
}
