package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"damlam/internal/org"
	"damlam/internal/problem"
	"damlam/internal/proof"
	"damlam/internal/workflow"
)

// IssueRules stores a new version of a locality's rule set, made by by
// (nil: the operator) if may allows the unit's path, and logs it
// (org.rules_issued, whose leaf binds the body's digest). A set belongs
// to one unit for good, and a unit has one set: its next version keeps
// the id. Cases already submitted keep the version they were submitted
// under; only later first submissions in the unit's subtree follow the
// new one.
func (s *Store) IssueRules(ctx context.Context, by *org.Person, in workflow.RuleSet, may org.AdminCheck) (workflow.IssuedRules, error) {
	var out workflow.IssuedRules
	in.ID = strings.TrimSpace(in.ID)
	in.Name, in.Instrument, in.UnitID = strings.TrimSpace(in.Name), strings.TrimSpace(in.Instrument), strings.TrimSpace(in.UnitID)
	var f problem.Fields
	in.Validate(&f)
	if err := f.Err(); err != nil {
		return out, err
	}
	in.Complete()
	err := s.db.inTx(ctx, func(tx *sql.Tx) error {
		var path, name string
		err := tx.QueryRowContext(ctx, `SELECT path, name FROM units WHERE id = $1`, in.UnitID).Scan(&path, &name)
		if errors.Is(err, sql.ErrNoRows) {
			return invalidField("unit_id", "field.unknown_unit", in.UnitID)
		} else if err != nil {
			return err
		}
		if err := may([]string{path}); err != nil {
			return err
		}
		if err := s.startOrgLog(ctx, tx); err != nil {
			return err
		}
		var other string
		err = tx.QueryRowContext(ctx, `SELECT id FROM rule_sets WHERE unit_id = $1 AND id <> $2 LIMIT 1`, in.UnitID, in.ID).Scan(&other)
		if err == nil {
			return invalidField("id", "field.rules_unit_has", other)
		} else if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		var unit string
		var last int
		err = tx.QueryRowContext(ctx, `SELECT unit_id, version FROM rule_sets WHERE id = $1 ORDER BY version DESC LIMIT 1`+s.db.forUpdate(), in.ID).Scan(&unit, &last)
		if err == nil && unit != in.UnitID {
			return invalidField("id", "field.rules_other_unit", unit)
		} else if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		in.Version = last + 1
		body := string(in.Canonical())
		sum := in.Digest()
		actor := SystemActor
		if by != nil {
			actor = by.ID
		}
		at := fmtTime(s.now())
		if _, err := tx.ExecContext(ctx, `INSERT INTO rule_sets (id, version, unit_id, body, sha256, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
			in.ID, in.Version, in.UnitID, body, sum, at, actor); err != nil {
			return err
		}
		out = workflow.IssuedRules{RuleSet: in, SHA256: sum, UnitPath: path, UnitName: name, CreatedAt: at, CreatedBy: actor}
		return s.logOrg(ctx, tx, by, proof.TypeRulesIssued, orgPayload{Unit: in.UnitID, Rules: in.ID, RulesVersion: in.Version, RulesSHA256: sum})
	})
	return out, err
}

// RuleSets lists every version of every locality's rule set, the latest
// version of each first, by unit path.
func (s *Store) RuleSets(ctx context.Context) ([]workflow.IssuedRules, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT r.body, r.sha256, u.path, u.name, r.created_at, r.created_by
		FROM rule_sets r JOIN units u ON u.id = r.unit_id ORDER BY u.path, r.id, r.version DESC`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []workflow.IssuedRules
	for rows.Next() {
		var ir workflow.IssuedRules
		var body string
		if err := rows.Scan(&body, &ir.SHA256, &ir.UnitPath, &ir.UnitName, &ir.CreatedAt, &ir.CreatedBy); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(body), &ir.RuleSet); err != nil {
			return nil, fmt.Errorf("rule_sets %s: body: %w", ir.SHA256, err)
		}
		out = append(out, ir)
	}
	return out, rows.Err()
}

// rulesFor is the rule set that applies in unit now: the latest version of
// the set of the nearest unit at or above it that has one, or the
// national set.
func rulesFor(ctx context.Context, q querier, unitID string) (*workflow.RuleSet, error) {
	path, err := unitPath(ctx, q, unitID)
	if err != nil {
		return nil, err
	}
	national := workflow.National
	national.Days = workflow.National.Days // shared, never written
	if path == "" {
		return &national, nil
	}
	var body string
	err = q.QueryRowContext(ctx, `SELECT r.body FROM rule_sets r JOIN units u ON u.id = r.unit_id
		WHERE substr($1, 1, length(u.path)) = u.path
		ORDER BY length(u.path) DESC, r.version DESC LIMIT 1`, path).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return &national, nil
	} else if err != nil {
		return nil, err
	}
	rs := &workflow.RuleSet{}
	if err := json.Unmarshal([]byte(body), rs); err != nil {
		return nil, fmt.Errorf("rule set for %s: %w", unitID, err)
	}
	return rs, nil
}

// RulesFor is the rule set a case first submitted in unit now would follow.
func (s *Store) RulesFor(ctx context.Context, unitID string) (*workflow.RuleSet, error) {
	return rulesFor(ctx, s.db, unitID)
}
