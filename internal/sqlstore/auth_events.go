package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"damlam/internal/org"
	"damlam/internal/problem"
)

// Kinds of access event the administrators read (auth_events).
const (
	EventSignIn        = "sign_in"
	EventSignInFailed  = "sign_in_failed"
	EventSignOut       = "sign_out"
	EventTokenIssued   = "token_issued"
	EventTokenRevoked  = "token_revoked"
	EventPasswordSet   = "password_set"
	EventSignedOutAll  = "signed_out_everywhere"
	EventRoleGranted   = "role_granted"
	EventRoleWithdrawn = "role_withdrawn"
)

// AuthEvent is one access event: who did what to whom, when, from where.
type AuthEvent struct {
	At      time.Time `json:"at"`
	Kind    string    `json:"kind"`
	ActorID string    `json:"actor_id,omitempty"`
	// Subject is the person acted on, or the e-mail a failed sign-in named.
	Subject string `json:"subject,omitempty"`
	Address string `json:"address,omitempty"`
	Detail  string `json:"detail,omitempty"`
}

// RecordAuthEvent keeps an access event. The subject's first seat scopes
// who may read it.
func (s *Store) RecordAuthEvent(ctx context.Context, e AuthEvent) error {
	return recordAuthEvent(ctx, s.db, s.now(), e)
}

func recordAuthEvent(ctx context.Context, q querier, now time.Time, e AuthEvent) error {
	var path string
	err := q.QueryRowContext(ctx, `SELECT u.path FROM positions p JOIN units u ON u.id = p.unit_id
		WHERE p.person_id = $1 ORDER BY u.path LIMIT 1`, e.Subject).Scan(&path)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	return insertAuthEvent(ctx, q, now, e, path)
}

// insertAuthEvent keeps e, readable by the administrators of path.
func insertAuthEvent(ctx context.Context, q querier, now time.Time, e AuthEvent, path string) error {
	_, err := q.ExecContext(ctx, `INSERT INTO auth_events (id, at, kind, actor_id, subject, address, detail, unit_path) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		newID("ae-"), fmtTime(now), e.Kind, e.ActorID, clip(e.Subject, 320), clip(e.Address, 64), clip(e.Detail, 2000), path)
	return err
}

// clip keeps s to n bytes on a rune boundary: what a stranger typed is
// stored, but not without bound.
func clip(s string, n int) string {
	s = strings.ToValidUTF8(s, "")
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

func utf8RuneStart(b byte) bool { return b&0xC0 != 0x80 }

// AuthEvents lists the newest access events an administrator may read:
// those about people seated in the subtrees they administer, and, for an
// administrator of a top unit, those about no known person (failed
// sign-ins for unknown e-mails).
func (s *Store) AuthEvents(ctx context.Context, actor *org.Person, limit int) ([]AuthEvent, error) {
	var roots []string
	top := false
	for _, g := range actor.Grants {
		if g.Role != org.Admin {
			continue
		}
		roots = append(roots, g.UnitPath)
		var parent sql.NullString
		if err := s.db.QueryRowContext(ctx, `SELECT parent_id FROM units WHERE id = $1`, g.UnitID).Scan(&parent); err != nil && !errors.Is(err, sql.ErrNoRows) {
			return nil, err
		}
		top = top || !parent.Valid
	}
	if len(roots) == 0 {
		return nil, problem.New(problem.Forbidden, "forbidden")
	}
	if limit <= 0 || limit > 500 {
		limit = 500
	}
	q := `SELECT at, kind, actor_id, subject, address, detail FROM auth_events WHERE (`
	args := []any{}
	for i, r := range roots {
		if i > 0 {
			q += ` OR `
		}
		args = append(args, r)
		q += `substr(unit_path, 1, length($` + itoa(len(args)) + `)) = $` + itoa(len(args))
	}
	if top {
		q += ` OR unit_path = ''`
	}
	args = append(args, limit)
	q += `) ORDER BY at DESC, id DESC LIMIT $` + itoa(len(args))
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []AuthEvent{}
	for rows.Next() {
		var e AuthEvent
		var at string
		if err := rows.Scan(&at, &e.Kind, &e.ActorID, &e.Subject, &e.Address, &e.Detail); err != nil {
			return nil, err
		}
		e.At = parseTime(at)
		out = append(out, e)
	}
	return out, rows.Err()
}
