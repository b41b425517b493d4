package sqlstore

import (
	"bufio"
	"context"
	"fmt"
	"io/fs"
	"strings"
)

// A bulk load maintains every secondary index of events and proposals row
// by row, though nothing in a loader's batch reads them (an action reads
// its case by id, earlier events by case and number, the log by index and
// case): a profile of the generator showed the index b-trees among the
// largest costs of each event, growing with the database. A bulk load may
// drop them first and build each once at the end, sorted, with
// CreateBulkIndexes.
//
// The definitions are read from the migrations themselves and run as
// written, so the schema after CreateBulkIndexes is the one the migrations
// make, and a load interrupted between the two finds them again when it
// resumes. The indexes on the log's tables and every primary key and
// unique constraint stay: the loader reads through them, and they are what
// refuses a duplicate.
var bulkIndexes = []string{
	"events_actor", "events_type",
	"proposals_state", "proposals_unit", "proposals_decider", "proposals_proposer", "proposals_source", "proposals_due",
	"proposals_state_updated", "proposals_decider_path",
}

// DropBulkIndexes drops the indexes a bulk load builds at its end. Until
// CreateBulkIndexes runs, the pages that read through them are slow.
func (s *Store) DropBulkIndexes(ctx context.Context) error {
	for _, name := range bulkIndexes {
		if _, err := s.db.ExecContext(ctx, `DROP INDEX IF EXISTS `+name); err != nil {
			return fmt.Errorf("drop index %s: %w", name, err)
		}
	}
	return nil
}

// CreateBulkIndexes builds the indexes DropBulkIndexes dropped, as the
// migrations define them; those that exist are left alone.
func (s *Store) CreateBulkIndexes(ctx context.Context) error {
	defs, err := indexDefinitions(s.db.Dialect)
	if err != nil {
		return err
	}
	for _, name := range bulkIndexes {
		def, ok := defs[name]
		if !ok {
			return fmt.Errorf("index %s: no definition in the migrations", name)
		}
		var n int
		if s.db.Dialect == SQLite {
			err = s.db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name = $1`, name).Scan(&n)
		} else {
			err = s.db.QueryRowContext(ctx, `SELECT count(*) FROM pg_indexes WHERE schemaname = current_schema() AND indexname = $1`, name).Scan(&n)
		}
		if err != nil {
			return err
		}
		if n > 0 {
			continue
		}
		if _, err := s.db.ExecContext(ctx, def); err != nil {
			return fmt.Errorf("create index %s: %w", name, err)
		}
	}
	return nil
}

// indexDefinitions reads the CREATE INDEX statements of the migrations'
// up sections, one a line, keyed by index name, without the semicolon.
func indexDefinitions(dialect string) (map[string]string, error) {
	dir, err := migrationsFor(dialect)
	if err != nil {
		return nil, err
	}
	entries, err := fs.ReadDir(dir, ".")
	if err != nil {
		return nil, err
	}
	defs := map[string]string{}
	for _, e := range entries {
		f, err := dir.Open(e.Name())
		if err != nil {
			return nil, err
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			line := sc.Text()
			if strings.HasPrefix(line, "-- +goose Down") {
				break
			}
			rest, ok := strings.CutPrefix(line, "CREATE INDEX ")
			if !ok {
				continue
			}
			name, _, _ := strings.Cut(rest, " ")
			defs[name] = strings.TrimSuffix(strings.TrimSpace(line), ";")
		}
		f.Close()
		if err := sc.Err(); err != nil {
			return nil, err
		}
	}
	return defs, nil
}
