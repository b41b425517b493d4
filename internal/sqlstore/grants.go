package sqlstore

import (
	"context"
	"database/sql"
	"errors"

	"damlam/internal/org"
	"damlam/internal/problem"
	"damlam/internal/proof"
)

// AddGrant gives an existing person a role over a unit, or a seat in it:
// people change posts, and an inspector is assigned a new area, without
// becoming a new person, if may allows the unit's path. A seat
// given again with another position changes the position; a seat or role
// the person already holds changes nothing and logs nothing.
func (s *Store) AddGrant(ctx context.Context, by *org.Person, personID string, seat *SeatInput, grant *GrantInput, may org.AdminCheck) error {
	return s.db.inTx(ctx, func(tx *sql.Tx) error {
		if err := s.startOrgLog(ctx, tx); err != nil {
			return err
		}
		var f problem.Fields
		ps, found, err := s.pseudonymOf(ctx, tx, personID)
		if err != nil {
			return err
		}
		if !found {
			f.Add("person_id", "field.unknown_person", personID)
		}
		unit := ""
		switch {
		case seat != nil:
			unit = seat.UnitID
			if !org.ValidPosition(seat.Position) {
				f.Add("position", "field.one_of", "head, deputy, staff")
			}
		case grant != nil:
			unit = grant.UnitID
			if !org.ValidRole(grant.Role) {
				f.Add("role", "field.one_of", roleList())
			}
		default:
			f.Add("role", "field.required")
		}
		path, err := unitPath(ctx, tx, unit)
		if err != nil {
			return err
		}
		if path == "" {
			f.Add("unit_id", "field.unknown_unit", unit)
		}
		if err := f.Err(); err != nil {
			return err
		}
		if err := may([]string{path}); err != nil {
			return err
		}
		if seat != nil {
			var held string
			err := tx.QueryRowContext(ctx, `SELECT position FROM positions WHERE person_id = $1 AND unit_id = $2`, personID, seat.UnitID).Scan(&held)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return err
			}
			if held == string(seat.Position) {
				return nil
			}
			if _, err = tx.ExecContext(ctx, `INSERT INTO positions (person_id, unit_id, position) VALUES ($1, $2, $3)
				ON CONFLICT (person_id, unit_id) DO UPDATE SET position = excluded.position`, personID, seat.UnitID, string(seat.Position)); err != nil {
				return err
			}
			return s.logOrg(ctx, tx, by, proof.TypeSeated, orgPayload{Person: personID, Pseudonym: ps, Unit: seat.UnitID, Position: string(seat.Position)})
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO grants (person_id, role, unit_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
			personID, string(grant.Role), grant.UnitID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return err
		}
		return s.logOrg(ctx, tx, by, proof.TypeGranted, orgPayload{Person: personID, Pseudonym: ps, Unit: grant.UnitID, Role: string(grant.Role)})
	})
}
