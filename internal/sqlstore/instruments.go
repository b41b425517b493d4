package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"damlam/internal/org"
	"damlam/internal/problem"
	"damlam/internal/workflow"
)

// Instruments lists the instruments a case's legal basis may name: the
// built-in ones, then those administrators added, by kind and number.
func (s *Store) Instruments(ctx context.Context) ([]workflow.Instrument, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, kind, number, issued_on, issuer, title FROM instruments ORDER BY kind, number, id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := append([]workflow.Instrument(nil), workflow.BuiltinInstruments...)
	for rows.Next() {
		var in workflow.Instrument
		if err := rows.Scan(&in.ID, &in.Kind, &in.Number, &in.IssuedOn, &in.Issuer, &in.Title); err != nil {
			return nil, err
		}
		out = append(out, in)
	}
	return out, rows.Err()
}

// AddInstrument adds an instrument to the list, made by by if may allows
// it (any administrator: the list is national). An instrument is never
// changed: a case's content copies it when the draft is saved.
func (s *Store) AddInstrument(ctx context.Context, by *org.Person, in workflow.Instrument, may org.AdminCheck) (workflow.Instrument, error) {
	in.ID, in.Number, in.Issuer, in.Title = strings.TrimSpace(in.ID), strings.TrimSpace(in.Number), strings.TrimSpace(in.Issuer), strings.TrimSpace(in.Title)
	var f problem.Fields
	in.Validate(&f)
	if err := f.Err(); err != nil {
		return in, err
	}
	if err := may(nil); err != nil {
		return in, err
	}
	if _, ok := workflow.BuiltinInstrument(in.ID); ok {
		return in, invalidField("id", "field.duplicate", in.ID)
	}
	err := s.db.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO instruments (id, kind, number, issued_on, issuer, title, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
			ON CONFLICT (id) DO NOTHING`, in.ID, in.Kind, in.Number, in.IssuedOn, in.Issuer, in.Title, fmtTime(s.now()))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return invalidField("id", "field.duplicate", in.ID)
		}
		return nil
	})
	return in, err
}

// resolveBasis copies the named instrument into the content's basis, or
// refuses an instrument the list does not hold; a basis that names none
// is dropped.
func resolveBasis(ctx context.Context, q querier, c *workflow.Content) error {
	if c.Basis == nil {
		return nil
	}
	if strings.TrimSpace(c.Basis.Instrument) == "" {
		if strings.TrimSpace(c.Basis.Article) != "" {
			return invalidField("basis.instrument", "field.required")
		}
		c.Basis = nil
		return nil
	}
	b := *c.Basis
	b.Article = strings.TrimSpace(b.Article)
	if in, ok := workflow.BuiltinInstrument(b.Instrument); ok {
		b.Number, b.IssuedOn, b.Issuer, b.Title = in.Number, in.IssuedOn, in.Issuer, in.Title
		c.Basis = &b
		return nil
	}
	err := q.QueryRowContext(ctx, `SELECT number, issued_on, issuer, title FROM instruments WHERE id = $1`, b.Instrument).Scan(&b.Number, &b.IssuedOn, &b.Issuer, &b.Title)
	if errors.Is(err, sql.ErrNoRows) {
		return invalidField("basis.instrument", "field.unknown_instrument", b.Instrument)
	} else if err != nil {
		return err
	}
	c.Basis = &b
	return nil
}
