package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"sort"
	"strings"
)

// EventConfigChanged records a start with another security-relevant
// configuration than the last one (its detail: what changed).
const EventConfigChanged = "config_changed"

// RecordConfig compares cfg, the security-relevant configuration an
// instance starts with (names to values; never a secret), with the one
// recorded last under name, and when they differ records cfg and an
// access event naming each difference, "key: old → new", in one
// transaction. It returns the differences (none: nothing written). Two
// instances starting at once record a change once: the comparison and
// the write hold the table's lock on PostgreSQL, SQLite's single writer
// on SQLite.
func (s *Store) RecordConfig(ctx context.Context, name string, cfg map[string]string) ([]string, error) {
	body, err := json.Marshal(cfg) // keys sorted
	if err != nil {
		return nil, err
	}
	var diff []string
	err = s.db.inTx(ctx, func(tx *sql.Tx) error {
		if s.db.Dialect == Postgres {
			if _, err := tx.ExecContext(ctx, `LOCK TABLE config_records IN EXCLUSIVE MODE`); err != nil {
				return err
			}
		} else if _, err := tx.ExecContext(ctx, `UPDATE config_records SET name = name WHERE name = $1`, name); err != nil {
			return err // take the write lock before reading
		}
		var last string
		err := tx.QueryRowContext(ctx, `SELECT config FROM config_records WHERE name = $1`, name).Scan(&last)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if last == string(body) {
			return nil
		}
		old := map[string]string{}
		if last != "" {
			if err := json.Unmarshal([]byte(last), &old); err != nil {
				return err
			}
		}
		diff = configDiff(old, cfg, last == "")
		if len(diff) == 0 {
			return nil
		}
		now := fmtTime(s.now())
		if _, err := tx.ExecContext(ctx, `INSERT INTO config_records (name, config, at) VALUES ($1, $2, $3)
			ON CONFLICT (name) DO UPDATE SET config = excluded.config, at = excluded.at`, name, string(body), now); err != nil {
			return err
		}
		return insertAuthEvent(ctx, tx, s.now(), AuthEvent{Kind: EventConfigChanged, Detail: strings.Join(diff, "; ")}, "")
	})
	if err != nil {
		return nil, err
	}
	return diff, nil
}

// configDiff names each key whose value differs, sorted; first says no
// configuration was recorded before (each key is then new).
func configDiff(old, cfg map[string]string, first bool) []string {
	keys := map[string]bool{}
	for k := range old {
		keys[k] = true
	}
	for k := range cfg {
		keys[k] = true
	}
	var out []string
	for k := range keys {
		o, n := old[k], cfg[k]
		switch {
		case first:
			out = append(out, k+": "+show(n))
		case o != n:
			out = append(out, k+": "+show(o)+" → "+show(n))
		}
	}
	sort.Strings(out)
	return out
}

func show(v string) string {
	if v == "" {
		return "—"
	}
	return v
}
