package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"strconv"

	"damlam/internal/org"
	"damlam/internal/problem"
)

// publicationCounter moves with every change of a unit's publication, in
// the change's transaction; with the log's size it names the public
// page's state exactly (PublicVersion).
const publicationCounter = "publication"

// SetPublication records what a unit shows on the public page, as by
// chose it, if may allows the unit's path. An unknown unit is 422; a
// refusal writes nothing.
func (s *Store) SetPublication(ctx context.Context, by *org.Person, unitID string, in org.PublicationInput, may org.AdminCheck) (org.Publication, error) {
	var out org.Publication
	err := s.db.inTx(ctx, func(tx *sql.Tx) error {
		path, err := unitPath(ctx, tx, unitID)
		if err != nil {
			return err
		}
		if path == "" {
			var f problem.Fields
			f.Add("unit_id", "field.unknown_unit", unitID)
			return f.Err()
		}
		if err := may([]string{path}); err != nil {
			return err
		}
		actor := "operator"
		if by != nil {
			actor = by.ID
		}
		at := fmtTime(s.now())
		if _, err := tx.ExecContext(ctx, `INSERT INTO unit_publication (unit_id, published, names, money, updated_at, updated_by)
			VALUES ($1, $2, $3, $4, $5, $6)
			ON CONFLICT (unit_id) DO UPDATE SET published = excluded.published, names = excluded.names, money = excluded.money,
				updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
			unitID, flag(in.Published), flag(in.Names), flag(in.Money), at, actor); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO counters (name, value) VALUES ($1, 1)
			ON CONFLICT (name) DO UPDATE SET value = counters.value + 1`, publicationCounter); err != nil {
			return err
		}
		out = org.Publication{UnitID: unitID, Published: in.Published, Names: in.Names, Money: in.Money, UpdatedAt: parseTime(at)}
		return nil
	})
	return out, err
}

func flag(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// Publication reads a unit's choice; a unit that never chose is not
// published. An unknown unit is 404.
func (s *Store) Publication(ctx context.Context, unitID string) (org.Publication, error) {
	out := org.Publication{UnitID: unitID}
	var published, names, money int64
	var at string
	err := s.db.QueryRowContext(ctx, `SELECT published, names, money, updated_at FROM unit_publication WHERE unit_id = $1`, unitID).
		Scan(&published, &names, &money, &at)
	if errors.Is(err, sql.ErrNoRows) {
		path, err := unitPath(ctx, s.db, unitID)
		if err != nil {
			return out, err
		}
		if path == "" {
			return out, problem.New(problem.NotFound, "not_found")
		}
		return out, nil
	}
	out.Published, out.Names, out.Money, out.UpdatedAt = published == 1, names == 1, money == 1, parseTime(at)
	return out, err
}

// PublicVersion names the state of everything the public page shows: the
// log's size (every decision, progress report and change of the
// organisation is a leaf) and the count of publication changes. Two reads
// with the same version show the same page.
func (s *Store) PublicVersion(ctx context.Context) (string, error) {
	size, err := s.log.Size(ctx)
	if err != nil {
		return "", err
	}
	n, _, err := s.Counter(ctx, publicationCounter)
	if err != nil {
		return "", err
	}
	return strconv.FormatInt(size, 10) + "." + strconv.FormatInt(n, 10), nil
}
