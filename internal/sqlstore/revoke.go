package sqlstore

import (
	"context"
	"database/sql"
	"errors"

	"damlam/internal/org"
	"damlam/internal/problem"
	"damlam/internal/proof"
)

// RemoveSeat ends a person's post in a unit (a head moves on, a deputy
// retires). The records of what they decided stay: the log names their
// pseudonym, and its authority chain shows they held the post until now.
func (s *Store) RemoveSeat(ctx context.Context, by *org.Person, personID, unitID string, may org.AdminCheck) error {
	return s.revoke(ctx, by, personID, unitID, may, func(tx *sql.Tx, p *orgPayload) (string, error) {
		p.Unit = unitID
		err := tx.QueryRowContext(ctx, `DELETE FROM positions WHERE person_id = $1 AND unit_id = $2 RETURNING position`, personID, unitID).Scan(&p.Position)
		return proof.TypeUnseated, err
	})
}

// RemoveGrant takes a role over a unit away from a person, if may allows
// the unit's path.
func (s *Store) RemoveGrant(ctx context.Context, by *org.Person, personID string, role org.Role, unitID string, may org.AdminCheck) error {
	return s.revoke(ctx, by, personID, unitID, may, func(tx *sql.Tx, p *orgPayload) (string, error) {
		p.Unit, p.Role = unitID, string(role)
		err := tx.QueryRowContext(ctx, `DELETE FROM grants WHERE person_id = $1 AND role = $2 AND unit_id = $3 RETURNING role`, personID, string(role), unitID).Scan(&p.Role)
		return proof.TypeRevoked, err
	})
}

// revoke checks the unit and asks may, lets del remove the row and fill
// in what it removed, and logs that.
func (s *Store) revoke(ctx context.Context, by *org.Person, personID, unitID string, may org.AdminCheck, del func(*sql.Tx, *orgPayload) (string, error)) error {
	return s.db.inTx(ctx, func(tx *sql.Tx) error {
		if err := s.startOrgLog(ctx, tx); err != nil {
			return err
		}
		path, err := unitPath(ctx, tx, unitID)
		if err != nil {
			return err
		}
		if path == "" {
			return invalidField("unit_id", "field.unknown_unit", unitID)
		}
		if err := may([]string{path}); err != nil {
			return err
		}
		ps, found, err := s.pseudonymOf(ctx, tx, personID)
		if err != nil {
			return err
		}
		if !found {
			return problem.New(problem.NotFound, "not_found")
		}
		p := orgPayload{Person: personID, Pseudonym: ps}
		kind, err := del(tx, &p)
		if errors.Is(err, sql.ErrNoRows) {
			return problem.New(problem.NotFound, "not_found")
		}
		if err != nil {
			return err
		}
		return s.logOrg(ctx, tx, by, kind, p)
	})
}
