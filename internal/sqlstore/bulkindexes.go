package sqlstore

import (
	"bufio"
	"context"
	"database/sql"
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
	"proposals_state_updated", "proposals_decider_path", "proposals_escalated",
}

// The word index (FTS5 on SQLite) is filled by a trigger on each new
// proposal. FTS5 writes its pending words to disk whenever a later
// statement opens a savepoint, which in a batch is the very next one: every
// proposal became a segment of its own, merged again and again (nearly
// all of the counter upsert after each draft was FTS5 flushing and
// merging). A bulk load drops the trigger too, and
// CreateBulkIndexes indexes the new proposals in one statement, numbered in
// the order the trigger would have numbered them, then creates the trigger
// again as the migrations define it.
const searchTrigger = "proposal_search_insert"

// DropBulkIndexes drops the indexes a bulk load builds at its end (and on
// SQLite the trigger that fills the word index). Until CreateBulkIndexes
// runs, the pages that read through them are slow and searches miss the
// new proposals.
func (s *Store) DropBulkIndexes(ctx context.Context) error {
	for _, name := range bulkIndexes {
		if _, err := s.db.ExecContext(ctx, `DROP INDEX IF EXISTS `+name); err != nil {
			return fmt.Errorf("drop index %s: %w", name, err)
		}
	}
	if s.db.Dialect == SQLite {
		if _, err := s.db.ExecContext(ctx, `DROP TRIGGER IF EXISTS `+searchTrigger); err != nil {
			return fmt.Errorf("drop trigger %s: %w", searchTrigger, err)
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
	if s.db.Dialect == SQLite {
		if err := s.restoreSearch(ctx); err != nil {
			return err
		}
	}
	return s.ensureReportCounts(ctx)
}

// restoreSearch indexes the words of the proposals created without the
// search trigger and creates it again, in one transaction.
func (s *Store) restoreSearch(ctx context.Context) error {
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name = $1`, searchTrigger).Scan(&n); err != nil || n > 0 {
		return err
	}
	def, err := triggerDefinition(s.db.Dialect, searchTrigger)
	if err != nil {
		return err
	}
	return s.db.inTx(ctx, func(tx *sql.Tx) error {
		var last int64
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(max(doc), 0) FROM proposal_search_docs`).Scan(&last); err != nil {
			return err
		}
		// Proposals are created in time order, so (created_at, id) is the
		// order the trigger would have numbered them in.
		if _, err := tx.ExecContext(ctx, `INSERT INTO proposal_search_docs (proposal_id)
			SELECT id FROM proposals p WHERE NOT EXISTS (SELECT 1 FROM proposal_search_docs d WHERE d.proposal_id = p.id) ORDER BY created_at, id`); err != nil {
			return fmt.Errorf("number the new proposals for search: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO proposal_search (rowid, text)
			SELECT d.doc, p.search_fold FROM proposal_search_docs d JOIN proposals p ON p.id = d.proposal_id WHERE d.doc > $1 ORDER BY d.doc`, last); err != nil {
			return fmt.Errorf("index the new proposals' words: %w", err)
		}
		if _, err := tx.ExecContext(ctx, def); err != nil {
			return fmt.Errorf("create trigger %s: %w", searchTrigger, err)
		}
		return nil
	})
}

// triggerDefinition is the last CREATE TRIGGER statement for name in the
// migrations' up sections, as goose runs it.
func triggerDefinition(dialect, name string) (string, error) {
	dir, err := migrationsFor(dialect)
	if err != nil {
		return "", err
	}
	entries, err := fs.ReadDir(dir, ".")
	if err != nil {
		return "", err
	}
	def := ""
	for _, e := range entries {
		body, err := fs.ReadFile(dir, e.Name())
		if err != nil {
			return "", err
		}
		up, _, _ := strings.Cut(string(body), "-- +goose Down")
		for _, block := range strings.Split(up, "-- +goose StatementBegin\n")[1:] {
			stmt, _, ok := strings.Cut(block, "-- +goose StatementEnd")
			if ok && strings.HasPrefix(stmt, "CREATE TRIGGER "+name+" ") {
				def = stmt
			}
		}
	}
	if def == "" {
		return "", fmt.Errorf("trigger %s: no definition in the migrations", name)
	}
	return def, nil
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
