package sqlstore

import (
	"context"
	"sort"
	"strings"

	"damlam/internal/org"
)

// DirectoryEntry is a person with every seat and grant, named, as the
// administration pages and the demo sign-in page list them.
type DirectoryEntry struct {
	ID     string      `json:"id"`
	Name   string      `json:"name"`
	Email  string      `json:"email"`
	Seats  []NamedSeat `json:"seats"`
	Grants []NamedRole `json:"grants"`
}

// NamedSeat is a position in a named unit.
type NamedSeat struct {
	UnitID   string       `json:"unit_id"`
	UnitName string       `json:"unit_name"`
	Position org.Position `json:"position"`
}

// NamedRole is a role over a named unit.
type NamedRole struct {
	Role     org.Role `json:"role"`
	UnitID   string   `json:"unit_id"`
	UnitName string   `json:"unit_name"`
}

// Directory lists the people seated or granted a role under the unit path
// under ("" for everyone), at most limit of them, ordered by id. It reads in
// three queries whatever the number of people, so the page stays fast.
func (s *Store) Directory(ctx context.Context, under string, limit int) ([]DirectoryEntry, error) {
	if limit <= 0 || limit > 2000 {
		limit = 2000
	}
	prefix := likePrefix(under)
	rows, err := s.db.QueryContext(ctx, `SELECT p.id, p.name, p.email FROM people p WHERE p.id IN (
			SELECT s.person_id FROM positions s JOIN units u ON u.id = s.unit_id WHERE u.path LIKE $1 ESCAPE '\'
			UNION SELECT g.person_id FROM grants g JOIN units u ON u.id = g.unit_id WHERE u.path LIKE $1 ESCAPE '\')
		ORDER BY p.id LIMIT $2`, prefix, limit)
	if err != nil {
		return nil, err
	}
	var out []DirectoryEntry
	index := map[string]int{}
	for rows.Next() {
		var e DirectoryEntry
		if err := rows.Scan(&e.ID, &e.Name, &e.Email); err != nil {
			rows.Close()
			return nil, err
		}
		index[e.ID] = len(out)
		out = append(out, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return out, nil
	}
	var args sqlArgs
	var ph []string
	for _, e := range out {
		ph = append(ph, args.add(e.ID))
	}
	in := strings.Join(ph, ",")
	rows, err = s.db.QueryContext(ctx, `SELECT s.person_id, s.unit_id, u.name, s.position FROM positions s JOIN units u ON u.id = s.unit_id
		WHERE s.person_id IN (`+in+`) ORDER BY u.path`, args...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id string
		var st NamedSeat
		var pos string
		if err := rows.Scan(&id, &st.UnitID, &st.UnitName, &pos); err != nil {
			rows.Close()
			return nil, err
		}
		if i, ok := index[id]; ok {
			st.Position = org.Position(pos)
			out[i].Seats = append(out[i].Seats, st)
		}
	}
	rows.Close()
	rows, err = s.db.QueryContext(ctx, `SELECT g.person_id, g.role, g.unit_id, u.name FROM grants g JOIN units u ON u.id = g.unit_id
		WHERE g.person_id IN (`+in+`) ORDER BY u.path, g.role`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id, role string
		var g NamedRole
		if err := rows.Scan(&id, &role, &g.UnitID, &g.UnitName); err != nil {
			return nil, err
		}
		if i, ok := index[id]; ok {
			g.Role = org.Role(role)
			out[i].Grants = append(out[i].Grants, g)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, rows.Err()
}
