package sqlstore

import (
	"context"
	"database/sql"

	"damlam/internal/proof"
)

// StartOrgLog makes sure the log records the organisation; the server calls
// it at start, so that a database from before the log recorded authority
// has it recorded before anyone decides again.
func (s *Store) StartOrgLog(ctx context.Context) error {
	if s.orgLogged.Load() {
		return nil
	}
	return s.db.inTx(ctx, func(tx *sql.Tx) error { return s.startOrgLog(ctx, tx) })
}

// startOrgLog runs at the start of every transaction that changes the
// organisation, before the change. The first time on a database it
// appends org.recording_started and then one leaf for each row the org
// tables already hold, as the system: on a database from before the log
// recorded authority the log can vouch for those seats from then on, not
// before, and the marker tells a verifier where the record begins (a
// decision before it "cannot be checked" rather than "fails"). On a new
// database the marker comes first, with no rows.
//
// The rows are appended through a bulk writer of their own, flushed before
// the caller's own appends: a country's organisation is some hundred
// thousand rows.
func (s *Store) startOrgLog(ctx context.Context, tx querier) error {
	if s.orgLogged.Load() {
		return nil
	}
	b := s.log.NewBulk()
	// The count is read under the log's sequencer lock, so that two
	// instances starting at once cannot both record the organisation.
	bctx, _, err := b.Begin(ctx, tx)
	if err != nil {
		return err
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM org_events WHERE chain = $1`, proof.RecordingChain).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		// Known for good once committed, which it is when another
		// transaction wrote it; this one wrote nothing.
		s.orgLogged.Store(true)
		return b.Flush(bctx)
	}
	facts, err := existingOrg(ctx, tx)
	if err != nil {
		return err
	}
	if err := s.logOrg(bctx, tx, nil, proof.TypeRecordingStarted, orgPayload{Rows: len(facts)}); err != nil {
		return err
	}
	for _, f := range facts {
		if err := s.logOrg(bctx, tx, nil, f.kind, f.p); err != nil {
			return err
		}
	}
	return b.Flush(bctx)
}

// orgFact is one fact to log.
type orgFact struct {
	kind string
	p    orgPayload
}

// existingOrg reads every row of the org tables as the fact that would
// have created it: units parents first, then people, seats, roles, days.
func existingOrg(ctx context.Context, q querier) ([]orgFact, error) {
	var out []orgFact
	read := func(query string, scan func(*sql.Rows) (orgFact, error)) error {
		rows, err := q.QueryContext(ctx, query)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			f, err := scan(rows)
			if err != nil {
				return err
			}
			out = append(out, f)
		}
		return rows.Err()
	}
	steps := []struct {
		query string
		scan  func(*sql.Rows) (orgFact, error)
	}{
		{`SELECT id, COALESCE(parent_id, ''), name, kind, party_committee, path FROM units ORDER BY path`, func(r *sql.Rows) (orgFact, error) {
			var p orgPayload
			err := r.Scan(&p.Unit, &p.Parent, &p.Name, &p.Kind, &p.PartyCommittee, &p.Path)
			return orgFact{proof.TypeUnitCreated, p}, err
		}},
		{`SELECT id, name, email, pseudonym FROM people ORDER BY id`, func(r *sql.Rows) (orgFact, error) {
			var p orgPayload
			err := r.Scan(&p.Person, &p.Name, &p.Email, &p.Pseudonym)
			return orgFact{proof.TypePersonCreated, p}, err
		}},
		{`SELECT s.person_id, p.pseudonym, s.unit_id, s.position FROM positions s JOIN people p ON p.id = s.person_id
			ORDER BY s.person_id, s.unit_id`, func(r *sql.Rows) (orgFact, error) {
			var p orgPayload
			err := r.Scan(&p.Person, &p.Pseudonym, &p.Unit, &p.Position)
			return orgFact{proof.TypeSeated, p}, err
		}},
		{`SELECT g.person_id, p.pseudonym, g.unit_id, g.role FROM grants g JOIN people p ON p.id = g.person_id
			ORDER BY g.person_id, g.unit_id, g.role`, func(r *sql.Rows) (orgFact, error) {
			var p orgPayload
			err := r.Scan(&p.Person, &p.Pseudonym, &p.Unit, &p.Role)
			return orgFact{proof.TypeGranted, p}, err
		}},
		{`SELECT day, kind, note FROM calendar_days ORDER BY day`, func(r *sql.Rows) (orgFact, error) {
			var p orgPayload
			err := r.Scan(&p.Day, &p.DayKind, &p.Note)
			return orgFact{proof.TypeDaySet, p}, err
		}},
	}
	for _, st := range steps {
		if err := read(st.query, st.scan); err != nil {
			return nil, err
		}
	}
	return out, nil
}
