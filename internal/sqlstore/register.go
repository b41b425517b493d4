package sqlstore

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"

	"damlam/internal/document"
	"damlam/internal/i18n"
	"damlam/internal/org"
	"damlam/internal/workflow"
)

// The document register: a step that issues official documents (an
// approval and its minutes, a notice, a record, a conclusion) gets each
// one numbered in its issuing unit's register for the calendar year, in
// the step's own transaction, so that numbers never repeat or skip: a step
// that fails takes its numbers back with it. The PDF is laid out from the
// case's record (package document, which is pure); its number, date and
// SHA-256 go into the step's payload and so into its leaf.

// issued is one document a step issued, with its bytes, before its row is
// written.
type issued struct {
	ref     workflow.IssuedDocument
	subject string
	pdf     []byte
}

// issue numbers and lays out the documents event ev of case c produces.
// A bulk loader issues none: a history imported in bulk was issued
// elsewhere, on paper.
func (s *Store) issue(ctx context.Context, tx *sql.Tx, c *caseRow, actor *org.Person, ev EventView) ([]issued, error) {
	kinds := document.KindsOf(ev)
	if len(kinds) == 0 || s.noDocuments || loaderOf(ctx, tx) != nil {
		return nil, nil
	}
	dc, err := s.documentCase(ctx, tx, c, actor, ev)
	if err != nil {
		return nil, err
	}
	day := ev.At.In(i18n.VietnamZone)
	var out []issued
	for _, k := range kinds {
		is := document.IssuerOf(dc, document.Entry{Seq: ev.Seq, Kind: k, Actor: ev.Actor.ID})
		n, err := nextNumber(ctx, tx, is.UnitID, day.Year())
		if err != nil {
			return nil, err
		}
		d, err := document.Build(dc, ev.Seq, k, n)
		if err != nil {
			return nil, err
		}
		pdf, err := document.Render(d)
		if err != nil {
			return nil, fmt.Errorf("proposal %s: %s: %w", c.ID, k, err)
		}
		sum := sha256.Sum256(pdf)
		out = append(out, issued{
			ref: workflow.IssuedDocument{Kind: string(k), Unit: is.UnitID, Year: day.Year(), Number: n, Symbol: d.Symbol,
				Date: day.Format("2006-01-02"), SHA256: hex.EncodeToString(sum[:])},
			subject: d.Kind + " " + document.LowerFirst(d.Subject),
			pdf:     pdf,
		})
	}
	return out, nil
}

// WithoutDocuments returns a Store over the same database that issues no
// official documents: a generated dataset stands for a history whose papers
// were issued elsewhere, and laying out each would only slow it.
func (s *Store) WithoutDocuments() *Store {
	c := s.WithClock(s.now)
	c.noDocuments = true
	return c
}

// nextNumber takes the next number of unit's register for year. The
// counter's row is the lock: two transactions numbering in one unit and
// year wait for each other, on PostgreSQL as on SQLite.
func nextNumber(ctx context.Context, tx *sql.Tx, unit string, year int) (int, error) {
	if _, err := tx.ExecContext(ctx, `INSERT INTO document_counters (unit_id, year, last_number) VALUES ($1, $2, 0)
		ON CONFLICT (unit_id, year) DO NOTHING`, unit, year); err != nil {
		return 0, err
	}
	var n int
	err := tx.QueryRowContext(ctx, `UPDATE document_counters SET last_number = last_number + 1
		WHERE unit_id = $1 AND year = $2 RETURNING last_number`, unit, year).Scan(&n)
	return n, err
}

// writeIssued writes the register's rows of a step's documents.
func writeIssued(ctx context.Context, tx *sql.Tx, caseID string, seq int, at string, docs []issued) error {
	for _, d := range docs {
		if _, err := tx.ExecContext(ctx, `INSERT INTO documents (unit_id, year, number, symbol, kind, proposal_id, seq, issued_at, subject, folded, sha256, pdf)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
			d.ref.Unit, d.ref.Year, d.ref.Number, d.ref.Symbol, d.ref.Kind, caseID, seq, at, d.subject,
			i18n.Fold(d.subject+" "+caseID), d.ref.SHA256, d.pdf); err != nil {
			return err
		}
	}
	return nil
}

// documentCase gathers, inside the step's transaction, what the case's
// documents are made from: its record as logged up to the new event, the
// units' names and the deputies' seats.
func (s *Store) documentCase(ctx context.Context, tx *sql.Tx, c *caseRow, actor *org.Person, ev EventView) (document.Case, error) {
	if err := c.fullContent(); err != nil {
		return document.Case{}, err
	}
	hist, err := historyIn(ctx, tx, c.ID)
	if err != nil {
		return document.Case{}, err
	}
	hist = append(hist, ev)
	decider, parent, err := s.issuerOf(ctx, tx, c.DeciderID)
	if err != nil {
		return document.Case{}, err
	}
	dc := document.Case{ID: c.ID, Title: c.Title, Content: c.Content, Version: c.Version, Issuer: decider, Superior: parent,
		History: hist, Deputies: map[string]bool{}, Names: map[string]string{}, Issuers: map[string]document.Issuer{}}
	if dc.Title == "" {
		dc.Title = c.Content.Title
	}
	var pname, uname string
	if err := tx.QueryRowContext(ctx, `SELECT p.name, u.name FROM people p, units u WHERE p.id = $1 AND u.id = $2`, c.ProposerID, c.UnitID).Scan(&pname, &uname); err != nil {
		return document.Case{}, fmt.Errorf("proposal %s: proposer: %w", c.ID, err)
	}
	dc.Proposer, dc.ProposerUnit = workflow.PersonRef{ID: c.ProposerID, Name: pname}, uname
	seated, err := s.seated(ctx, tx, c.DeciderID)
	if err != nil {
		return document.Case{}, err
	}
	for _, m := range seated {
		dc.Deputies[m.PersonID] = !m.Head
	}
	// The names the new step's documents cite: its scope's units, a
	// reward's recipient, an escalation's addressees.
	var p workflow.Payload
	if err := json.Unmarshal(ev.Payload, &p); err != nil {
		return document.Case{}, err
	}
	var ids []string
	if p.Scope != nil {
		ids = append(ids, p.Scope.Units...)
	}
	var in struct {
		Scope     *struct{ Units []string } `json:"scope"`
		Recipient string                    `json:"recipient"`
	}
	_ = json.Unmarshal(p.Input, &in)
	if in.Scope != nil {
		ids = append(ids, in.Scope.Units...)
	}
	ids = append(ids, in.Recipient)
	var det workflow.EscalationDetails
	_ = json.Unmarshal(p.Details, &det)
	ids = append(ids, det.Notified...)
	for _, id := range ids {
		if id == "" {
			continue
		}
		var name string
		err := tx.QueryRowContext(ctx, `SELECT name FROM units WHERE id = $1 UNION ALL SELECT name FROM people WHERE id = $1`, id).Scan(&name)
		if err == nil {
			dc.Names[id] = name
		} else if !errors.Is(err, sql.ErrNoRows) {
			return document.Case{}, err
		}
	}
	// The plan is submitted by the proposer's unit.
	if c.UnitID != c.DeciderID {
		if is, _, err := s.issuerOf(ctx, tx, c.UnitID); err == nil {
			dc.ProposerIssuer = &is
		}
	}
	// An inspector's record is issued by the unit they inspect for.
	if ev.Action == workflow.Inspect && actor != nil {
		for _, g := range actor.Grants {
			if g.Role == org.Inspector {
				if is, _, err := s.issuerOf(ctx, tx, g.UnitID); err == nil {
					dc.Issuers[actor.ID] = is
				}
				break
			}
		}
	}
	return dc, nil
}

// issuerOf is how unit id issues documents, and the unit above it.
func (s *Store) issuerOf(ctx context.Context, q querier, id string) (document.Issuer, *document.Issuer, error) {
	u, parent, err := unitAndParent(ctx, q, id)
	if err != nil {
		return document.Issuer{}, nil, err
	}
	is := document.IssuerFor(u, parent, abbrevOf(ctx, q, u.ID))
	if parent == nil {
		return is, nil, nil
	}
	grand, _, err := unitAndParent(ctx, q, parent.ParentID)
	var gp *org.Unit
	if err == nil && parent.ParentID != "" {
		gp = &grand
	}
	pis := document.IssuerFor(*parent, gp, abbrevOf(ctx, q, parent.ID))
	return is, &pis, nil
}

func abbrevOf(ctx context.Context, q querier, unit string) string {
	var a string
	_ = q.QueryRowContext(ctx, `SELECT abbrev FROM document_units WHERE unit_id = $1`, unit).Scan(&a)
	return a
}

// unitAndParent reads a unit and its parent (nil at the root).
func unitAndParent(ctx context.Context, q querier, id string) (org.Unit, *org.Unit, error) {
	read := func(id string) (org.Unit, error) {
		var u org.Unit
		var parent sql.NullString
		err := q.QueryRowContext(ctx, `SELECT id, parent_id, name, kind, party_committee, path FROM units WHERE id = $1`, id).
			Scan(&u.ID, &parent, &u.Name, &u.Kind, &u.PartyCommittee, &u.Path)
		u.ParentID = parent.String
		return u, err
	}
	u, err := read(id)
	if err != nil {
		return u, nil, fmt.Errorf("unit %s: %w", id, err)
	}
	if u.ParentID == "" {
		return u, nil, nil
	}
	p, err := read(u.ParentID)
	if err != nil {
		return u, nil, fmt.Errorf("unit %s: %w", u.ParentID, err)
	}
	return u, &p, nil
}

// historyIn reads a case's events inside tx, with the actors' names.
func historyIn(ctx context.Context, q querier, id string) ([]EventView, error) {
	rows, err := q.QueryContext(ctx, `SELECT e.seq, e.type, e.action, e.actor_id, COALESCE(p.name, ''), e.at, e.state_before, e.state_after, e.payload, e.log_index
		FROM events e LEFT JOIN people p ON p.id = e.actor_id WHERE e.proposal_id = $1 ORDER BY e.seq`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []EventView
	for rows.Next() {
		var ev eventRow
		var name string
		if err := rows.Scan(&ev.Seq, &ev.Type, &ev.Action, &ev.ActorID, &name, &ev.At, &ev.StateBefore, &ev.StateAfter, &ev.Payload, &ev.LogIndex); err != nil {
			return nil, err
		}
		out = append(out, ev.view(name))
	}
	return out, rows.Err()
}

// IssuerOf is how unit id issues documents, and the unit above it (nil at
// the root): the header and signature of a report it sends up.
func (s *Store) IssuerOf(ctx context.Context, id string) (document.Issuer, *document.Issuer, error) {
	return s.issuerOf(ctx, s.db, id)
}
