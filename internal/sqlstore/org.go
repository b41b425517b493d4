package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"damlam/internal/i18n"
	"damlam/internal/org"
	"damlam/internal/problem"
	"damlam/internal/proof"
)

// querier is what both *sql.DB and *sql.Tx offer.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

var idPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)

// The inputs of the organisation's changes are the domain's.
type (
	UnitInput   = org.UnitInput
	PersonInput = org.PersonInput
	SeatInput   = org.SeatInput
	GrantInput  = org.GrantInput
)

func unitPath(ctx context.Context, q querier, id string) (string, error) {
	var path string
	err := q.QueryRowContext(ctx, `SELECT path FROM units WHERE id = $1`, id).Scan(&path)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return path, err
}

// CreateUnit adds one unit under its parent, made by by (nil: the
// operator), if may allows the parent's path (a root: its own).
func (s *Store) CreateUnit(ctx context.Context, by *org.Person, in UnitInput, may org.AdminCheck) (org.Unit, error) {
	var u org.Unit
	err := s.db.inTx(ctx, func(tx *sql.Tx) error {
		if err := s.startOrgLog(ctx, tx); err != nil {
			return err
		}
		var err error
		u, err = s.createUnit(ctx, tx, by, in, may, "")
		return err
	})
	s.forgetUnits() // again after the commit: a reader may have reloaded in between
	return u, err
}

func (s *Store) createUnit(ctx context.Context, tx querier, by *org.Person, in UnitInput, may org.AdminCheck, fieldPrefix string) (org.Unit, error) {
	var f problem.Fields
	if !idPattern.MatchString(in.ID) {
		f.Add(fieldPrefix+"id", "field.bad_id")
	}
	// Texts go into org_events as JSON, which cannot hold invalid UTF-8:
	// the record would no longer give back the digest its leaf carries.
	if strings.TrimSpace(in.Name) == "" {
		f.Add(fieldPrefix+"name", "field.required")
	} else if !utf8.ValidString(in.Name) {
		f.Add(fieldPrefix+"name", "field.bad_text")
	}
	if !utf8.ValidString(in.PartyCommittee) {
		f.Add(fieldPrefix+"party_committee", "field.bad_text")
	}
	if kind := strings.TrimSpace(in.Kind); kind == "" {
		f.Add(fieldPrefix+"kind", "field.required")
	} else if len([]rune(kind)) > maxKindLength {
		// The kind goes into the unit's leaf as written.
		f.Add(fieldPrefix+"kind", "field.too_long", maxKindLength)
	} else if !plainText(kind) {
		f.Add(fieldPrefix+"kind", "field.bad_text")
	}
	parentPath := ""
	if in.ParentID != "" {
		p, err := unitPath(ctx, tx, in.ParentID)
		if err != nil {
			return org.Unit{}, err
		}
		if p == "" {
			f.Add(fieldPrefix+"parent_id", "field.unknown_unit", in.ParentID)
		}
		parentPath = p
	}
	if in.ID != "" {
		if p, err := unitPath(ctx, tx, in.ID); err != nil {
			return org.Unit{}, err
		} else if p != "" {
			f.Add(fieldPrefix+"id", "field.duplicate", in.ID)
		}
	}
	if err := f.Err(); err != nil {
		return org.Unit{}, err
	}
	// A root names its own path, which no one administers yet: only the
	// operator creates roots.
	named := parentPath
	if in.ParentID == "" {
		named = org.PathFor("", in.ID)
	}
	if err := may([]string{named}); err != nil {
		return org.Unit{}, err
	}
	u := org.Unit{ID: in.ID, ParentID: in.ParentID, Name: strings.TrimSpace(in.Name), Kind: strings.TrimSpace(in.Kind),
		PartyCommittee: strings.TrimSpace(in.PartyCommittee), Path: org.PathFor(parentPath, in.ID)}
	var parent any
	if u.ParentID != "" {
		parent = u.ParentID
	}
	s.forgetUnits()
	if _, err := tx.ExecContext(ctx, `INSERT INTO units (id, parent_id, name, name_fold, kind, party_committee, path, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		u.ID, parent, u.Name, i18n.Fold(u.Name), u.Kind, u.PartyCommittee, u.Path, fmtTime(s.now())); err != nil {
		return u, err
	}
	// The id was just found unused, so the unit's chain is new.
	return u, s.logOrgAt(ctx, tx, by, proof.TypeUnitCreated, orgPayload{Unit: u.ID, Parent: u.ParentID, Name: u.Name,
		Kind: u.Kind, PartyCommittee: u.PartyCommittee, Path: u.Path}, orgEnds{}.fresh(proof.UnitChain(u.ID)))
}

// maxKindLength bounds a unit's kind, which its leaf carries in clear.
const maxKindLength = 64

// plainText reports whether s is valid UTF-8 without control characters,
// as a leaf's values must be.
func plainText(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || r == '\uFEFF' {
			return false
		}
	}
	return true
}

// Unit returns one unit.
func (s *Store) Unit(ctx context.Context, id string) (org.Unit, error) {
	var u org.Unit
	var parent sql.NullString
	err := s.db.QueryRowContext(ctx, `SELECT id, parent_id, name, kind, party_committee, path FROM units WHERE id = $1`, id).
		Scan(&u.ID, &parent, &u.Name, &u.Kind, &u.PartyCommittee, &u.Path)
	if errors.Is(err, sql.ErrNoRows) {
		return u, problem.New(problem.NotFound, "not_found")
	}
	u.ParentID = parent.String
	return u, err
}

// UnitTree is every unit in tree order, as Units orders them. The slice is
// shared and must not be changed; a new slice means the tree was read
// again, so what a caller derives from it can be kept until then.
func (s *Store) UnitTree(ctx context.Context) ([]org.Unit, error) {
	return s.orderedUnits(ctx)
}

// Units lists units, optionally below a path, in tree order with siblings
// in Vietnamese order of their names.
func (s *Store) Units(ctx context.Context, under string) ([]org.Unit, error) {
	return s.unitsUnder(ctx, under)
}

// loadUnits reads and orders the units below a path.
func (s *Store) loadUnits(ctx context.Context, under string) ([]org.Unit, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, parent_id, name, kind, party_committee, path FROM units
		WHERE path LIKE $1 ESCAPE '\'`, likePrefix(under))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []org.Unit
	for rows.Next() {
		var u org.Unit
		var parent sql.NullString
		if err := rows.Scan(&u.ID, &parent, &u.Name, &u.Kind, &u.PartyCommittee, &u.Path); err != nil {
			return nil, err
		}
		u.ParentID = parent.String
		out = append(out, u)
	}
	return orderUnits(out), rows.Err()
}

// likePrefix escapes a path for LIKE 'prefix%'. Ids cannot hold % or _ is
// allowed in ids, so escape it.
func likePrefix(p string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(p) + "%"
}

var emailPattern = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)

// MinPasswordLength is the shortest password we accept.
const MinPasswordLength = 10

// CreatePerson adds a person with seats and grants, made by by (nil: the
// operator), if may allows the paths of every unit they name.
func (s *Store) CreatePerson(ctx context.Context, by *org.Person, in PersonInput, may org.AdminCheck) (*org.Person, error) {
	var id string
	err := s.db.inTx(ctx, func(tx *sql.Tx) error {
		if err := s.startOrgLog(ctx, tx); err != nil {
			return err
		}
		var err error
		id, err = s.createPerson(ctx, tx, by, in, may, "")
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.Person(ctx, id)
}

func (s *Store) createPerson(ctx context.Context, tx querier, by *org.Person, in PersonInput, may org.AdminCheck, fp string) (string, error) {
	var f problem.Fields
	if !idPattern.MatchString(in.ID) {
		f.Add(fp+"id", "field.bad_id")
	}
	if strings.TrimSpace(in.Name) == "" {
		f.Add(fp+"name", "field.required")
	} else if !utf8.ValidString(in.Name) {
		f.Add(fp+"name", "field.bad_text") // see createUnit
	}
	email := strings.ToLower(strings.TrimSpace(in.Email))
	if !emailPattern.MatchString(email) || !utf8.ValidString(email) {
		f.Add(fp+"email", "field.bad_email")
	}
	if in.Password != "" && len([]rune(in.Password)) < MinPasswordLength {
		f.Add(fp+"password", "field.weak_password", MinPasswordLength)
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM people WHERE id = $1 OR email = $2`, in.ID, email).Scan(&n); err != nil {
		return "", err
	}
	if n > 0 {
		f.Add(fp+"id", "field.duplicate", in.ID+" / "+email)
	}
	paths := map[string]string{}
	for i, seat := range in.Seats {
		p, err := unitPath(ctx, tx, seat.UnitID)
		if err != nil {
			return "", err
		}
		if p == "" {
			f.Add(fp+"seats["+itoa(i)+"].unit_id", "field.unknown_unit", seat.UnitID)
		}
		if !org.ValidPosition(seat.Position) {
			f.Add(fp+"seats["+itoa(i)+"].position", "field.one_of", "head, deputy, staff")
		}
		paths[seat.UnitID] = p
	}
	for i, g := range in.Grants {
		p, err := unitPath(ctx, tx, g.UnitID)
		if err != nil {
			return "", err
		}
		if p == "" {
			f.Add(fp+"grants["+itoa(i)+"].unit_id", "field.unknown_unit", g.UnitID)
		}
		if !org.ValidRole(g.Role) {
			f.Add(fp+"grants["+itoa(i)+"].role", "field.one_of", roleList())
		}
		paths[g.UnitID] = p
	}
	if err := f.Err(); err != nil {
		return "", err
	}
	named := make([]string, 0, len(paths))
	for _, p := range paths {
		named = append(named, p)
	}
	sort.Strings(named)
	if err := may(named); err != nil {
		return "", err
	}
	hash := ""
	if in.Password != "" {
		var err error
		if hash, err = HashPassword(in.Password); err != nil {
			return "", err
		}
	}
	name, ps := strings.TrimSpace(in.Name), newPseudonym()
	if _, err := tx.ExecContext(ctx, `INSERT INTO people (id, name, name_fold, email, password_hash, pseudonym, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, in.ID, name, i18n.Fold(in.Name), email, hash, ps, fmtTime(s.now())); err != nil {
		return "", err
	}
	// Every chain of a new pseudonym starts here.
	ends := orgEnds{}.fresh(proof.PersonChain(ps))
	for _, seat := range in.Seats {
		ends.fresh(proof.AuthorityChain(seat.UnitID, ps))
	}
	for _, g := range in.Grants {
		ends.fresh(proof.AuthorityChain(g.UnitID, ps))
	}
	if err := s.logOrgAt(ctx, tx, by, proof.TypePersonCreated, orgPayload{Person: in.ID, Name: name, Email: email, Pseudonym: ps}, ends); err != nil {
		return "", err
	}
	for _, seat := range in.Seats {
		if _, err := tx.ExecContext(ctx, `INSERT INTO positions (person_id, unit_id, position) VALUES ($1, $2, $3)`, in.ID, seat.UnitID, string(seat.Position)); err != nil {
			return "", err
		}
		if err := s.logOrgAt(ctx, tx, by, proof.TypeSeated, orgPayload{Person: in.ID, Pseudonym: ps, Unit: seat.UnitID, Position: string(seat.Position)}, ends); err != nil {
			return "", err
		}
	}
	for _, g := range in.Grants {
		if _, err := tx.ExecContext(ctx, `INSERT INTO grants (person_id, role, unit_id) VALUES ($1, $2, $3)`, in.ID, string(g.Role), g.UnitID); err != nil {
			return "", err
		}
		if err := s.logOrgAt(ctx, tx, by, proof.TypeGranted, orgPayload{Person: in.ID, Pseudonym: ps, Unit: g.UnitID, Role: string(g.Role)}, ends); err != nil {
			return "", err
		}
	}
	return in.ID, nil
}

func roleList() string {
	var names []string
	for _, r := range org.Roles {
		names = append(names, string(r))
	}
	return strings.Join(names, ", ")
}

// Person loads a person with their seats and grants.
func (s *Store) Person(ctx context.Context, id string) (*org.Person, error) {
	return loadPerson(ctx, s.db, id)
}

func loadPerson(ctx context.Context, q querier, id string) (*org.Person, error) {
	p := &org.Person{}
	err := q.QueryRowContext(ctx, `SELECT id, name, email, pseudonym FROM people WHERE id = $1`, id).Scan(&p.ID, &p.Name, &p.Email, &p.Pseudonym)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, problem.New(problem.NotFound, "field.unknown_person", id)
	}
	if err != nil {
		return nil, err
	}
	rows, err := q.QueryContext(ctx, `SELECT p.unit_id, u.path, p.position FROM positions p JOIN units u ON u.id = p.unit_id WHERE p.person_id = $1 ORDER BY u.path`, id)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var st org.Seat
		var pos string
		if err := rows.Scan(&st.UnitID, &st.UnitPath, &pos); err != nil {
			rows.Close()
			return nil, err
		}
		st.Position = org.Position(pos)
		p.Seats = append(p.Seats, st)
	}
	rows.Close()
	rows, err = q.QueryContext(ctx, `SELECT g.role, g.unit_id, u.path FROM grants g JOIN units u ON u.id = g.unit_id WHERE g.person_id = $1 ORDER BY u.path, g.role`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var g org.Grant
		var role string
		if err := rows.Scan(&role, &g.UnitID, &g.UnitPath); err != nil {
			return nil, err
		}
		g.Role = org.Role(role)
		p.Grants = append(p.Grants, g)
	}
	return p, rows.Err()
}

// PersonByEmail finds a person's id and password hash for signing in.
func (s *Store) PersonByEmail(ctx context.Context, email string) (id, hash string, err error) {
	err = s.db.QueryRowContext(ctx, `SELECT id, password_hash FROM people WHERE email = $1`, strings.ToLower(strings.TrimSpace(email))).Scan(&id, &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", problem.New(problem.NotFound, "not_found")
	}
	return id, hash, err
}

// PersonSummary is a person in a list.
type PersonSummary struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Email string `json:"email"`
}

// People lists the people seated in units under path, at most limit of
// them, in Vietnamese order of their names.
func (s *Store) People(ctx context.Context, under string, limit int) ([]PersonSummary, error) {
	if limit <= 0 || limit > 1000 {
		limit = 1000
	}
	rows, err := s.db.QueryContext(ctx, `SELECT DISTINCT p.id, p.name, p.email FROM people p
		JOIN positions s ON s.person_id = p.id JOIN units u ON u.id = s.unit_id
		WHERE u.path LIKE $1 ESCAPE '\'`, likePrefix(under))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []PersonSummary
	for rows.Next() {
		var p PersonSummary
		if err := rows.Scan(&p.ID, &p.Name, &p.Email); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	orderPeople(out)
	return out[:min(len(out), limit)], rows.Err()
}

func itoa(i int) string { return strconv.Itoa(i) }

// SeatedPerson is one seat of a person, for choosing people by name: who
// they are and what post they hold where.
type SeatedPerson struct {
	ID, Name string
	Position org.Position
	UnitID   string
	UnitName string
}

// Seated lists the seats in units under path, at most limit of them, in
// Vietnamese order of the people's names.
func (s *Store) Seated(ctx context.Context, under string, limit int) ([]SeatedPerson, error) {
	if limit <= 0 || limit > 5000 {
		limit = 5000
	}
	rows, err := s.db.QueryContext(ctx, `SELECT p.id, p.name, s.position, u.id, u.name FROM people p
		JOIN positions s ON s.person_id = p.id JOIN units u ON u.id = s.unit_id
		WHERE u.path LIKE $1 ESCAPE '\'`, likePrefix(under))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []SeatedPerson
	for rows.Next() {
		var p SeatedPerson
		if err := rows.Scan(&p.ID, &p.Name, &p.Position, &p.UnitID, &p.UnitName); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	i18n.SortByName(out, func(p SeatedPerson) string { return p.Name + "\x00" + p.ID + "\x00" + p.UnitID })
	return out[:min(len(out), limit)], nil
}
