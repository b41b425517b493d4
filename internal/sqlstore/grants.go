package sqlstore

import (
	"context"
	"database/sql"

	"damlam/internal/org"
	"damlam/internal/problem"
)

// AddGrant gives an existing person a role over a unit, or a seat in it:
// people change posts, and an inspector is assigned a new area, without
// becoming a new person. Only administrators over the unit may.
func (s *Store) AddGrant(ctx context.Context, actor *org.Person, personID string, seat *SeatInput, grant *GrantInput) error {
	return s.db.inTx(ctx, func(tx *sql.Tx) error {
		var f problem.Fields
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM people WHERE id = $1`, personID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
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
		if err := requireAdmin(actor, path); err != nil {
			return err
		}
		if seat != nil {
			_, err = tx.ExecContext(ctx, `INSERT INTO positions (person_id, unit_id, position) VALUES ($1, $2, $3)
				ON CONFLICT (person_id, unit_id) DO UPDATE SET position = excluded.position`, personID, seat.UnitID, string(seat.Position))
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO grants (person_id, role, unit_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
			personID, string(grant.Role), grant.UnitID)
		return err
	})
}
