package main

import (
	"context"
	"database/sql"
	"encoding/base64"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"damlam/internal/ledger"
	"damlam/internal/sqlstore"
)

func cmdMigrateData(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "migrate-data", "migrate-data [--data DIR | --from sqlite:PATH] --to postgres://…")
	data := e.getenv("DAMLAM_DATA")
	if data == "" {
		data = "./damlam-data"
	}
	fs.StringVar(&data, "data", data, "thư mục dữ liệu / data folder whose SQLite database is the source [DAMLAM_DATA]")
	from := fs.String("from", "", "cơ sở dữ liệu nguồn / source database: sqlite:PATH (default: the data folder's)")
	to := fs.String("to", "", "cơ sở dữ liệu đích, phải còn trống / target database, which must be empty: postgres://…")
	if ok, err := parse(fs, args); !ok {
		return err
	}
	if *from == "" {
		*from = "sqlite:" + filepath.Join(data, "damlam.db")
	}
	if !strings.HasPrefix(*from, "sqlite:") || !(strings.HasPrefix(*to, "postgres://") || strings.HasPrefix(*to, "postgresql://")) {
		fs.Usage()
		return errUsage
	}
	rep, err := migrateData(ctx, *from, *to)
	if err != nil {
		return err
	}
	for _, t := range rep.tables {
		fmt.Fprintf(e.stdout, "  %-24s %d\n", t.name, t.rows)
	}
	fmt.Fprintf(e.stdout, "cây / tree: %s (nguồn và đích / source and target)\n", treeLine(rep.size, rep.root))
	fmt.Fprintln(e.stdout, "đã chuyển xong / migrated. Chạy tiếp / next: damlam audit --data DIR --db TARGET, then damlam serve --data DIR --db TARGET "+
		"(DIR keeps the log's key folder and attachments)")
	return nil
}

// treeLine is how commands print a tree head, so that two outputs can be
// compared by eye or by grep.
func treeLine(size int64, root [32]byte) string {
	return fmt.Sprintf("size %d root %s", size, base64.StdEncoding.EncodeToString(root[:]))
}

type migration struct {
	tables []tableCount
	size   int64
	root   [32]byte
}

type tableCount struct {
	name string
	rows int64
}

// migrateData copies every table of an SQLite deployment into an empty
// PostgreSQL database in one transaction on the target, so a failure
// leaves the target empty. Values are copied as they are, leaf bytes and
// hashes included; the log's tree head is compared on both sides before
// the commit. The source is read inside one write-locking transaction, so
// a server still running on it waits instead of changing it halfway.
func migrateData(ctx context.Context, from, to string) (migration, error) {
	var m migration
	src, err := sqlstore.Open(ctx, from)
	if err != nil {
		return m, fmt.Errorf("source: %w", err)
	}
	defer src.Close()
	dst, err := sqlstore.Open(ctx, to)
	if err != nil {
		return m, fmt.Errorf("target: %w", err)
	}
	defer dst.Close()
	stx, err := src.BeginTx(ctx, nil)
	if err != nil {
		return m, err
	}
	defer stx.Rollback()
	dtx, err := dst.BeginTx(ctx, nil)
	if err != nil {
		return m, err
	}
	defer dtx.Rollback()

	plan, err := planCopy(ctx, stx, dtx)
	if err != nil {
		return m, err
	}
	for _, t := range plan {
		n, err := t.copy(ctx, stx, dtx)
		if err != nil {
			return m, fmt.Errorf("copy %s: %w", t.name, err)
		}
		m.tables = append(m.tables, tableCount{t.name, n})
	}
	size, root, err := ledger.TreeHead(ctx, stx)
	if err != nil {
		return m, fmt.Errorf("source: %w", err)
	}
	dsize, droot, err := ledger.TreeHead(ctx, dtx)
	if err != nil {
		return m, fmt.Errorf("target: %w", err)
	}
	if dsize != size || droot != root {
		return m, fmt.Errorf("the copied log differs: source %s, target %s", treeLine(size, root), treeLine(dsize, droot))
	}
	m.size, m.root = size, root
	if err := sqlstore.CountAgainAfterCopy(ctx, dtx); err != nil {
		return m, fmt.Errorf("target: %w", err)
	}
	if err := dtx.Commit(); err != nil {
		return m, fmt.Errorf("commit on the target: %w", err)
	}
	return m, nil
}

// planCopy lists the tables to copy, parents before children, after
// checking that both databases have the same tables and columns (the same
// migrations) and that the target holds no data.
func planCopy(ctx context.Context, stx, dtx *sql.Tx) ([]*copyTable, error) {
	srcTables, err := strings1(ctx, stx, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'goose_db_version' ORDER BY name`)
	if err != nil {
		return nil, err
	}
	dstTables, err := strings1(ctx, dtx, `SELECT table_name FROM information_schema.tables
		WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> 'goose_db_version' ORDER BY table_name`)
	if err != nil {
		return nil, err
	}
	srcTables, dstTables = slices.DeleteFunc(srcTables, derivedTable), slices.DeleteFunc(dstTables, derivedTable)
	if !slices.Equal(srcTables, dstTables) {
		return nil, fmt.Errorf("the databases have different tables (different versions of damlam?): source %v, target %v", srcTables, dstTables)
	}
	for _, name := range dstTables {
		var n int64
		if err := dtx.QueryRowContext(ctx, `SELECT count(*) FROM `+name).Scan(&n); err != nil {
			return nil, err
		}
		if name == "ledger_state" {
			dtx.QueryRowContext(ctx, `SELECT size FROM ledger_state`).Scan(&n)
		}
		if n != 0 {
			return nil, fmt.Errorf("the target is not empty (%s has data): migrate into a new database", name)
		}
	}
	tables := map[string]*copyTable{}
	for _, name := range dstTables {
		t := &copyTable{name: name}
		rows, err := dtx.QueryContext(ctx, `SELECT column_name, data_type FROM information_schema.columns
			WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`, name)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var c, typ string
			rows.Scan(&c, &typ)
			t.cols, t.types = append(t.cols, c), append(t.types, typ)
		}
		rows.Close()
		srcCols, err := columnsOf(ctx, stx, name)
		if err != nil {
			return nil, err
		}
		if !sameSet(srcCols, t.cols) {
			return nil, fmt.Errorf("table %s has columns %v in the source and %v in the target", name, srcCols, t.cols)
		}
		tables[name] = t
	}
	// Foreign keys, from the target's catalogue: they order the tables,
	// and a table that refers to itself orders its own rows.
	rows, err := dtx.QueryContext(ctx, `SELECT c.conrelid::regclass::text, c.confrelid::regclass::text, a.attname, af.attname
		FROM pg_constraint c
		JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
		JOIN pg_attribute af ON af.attrelid = c.confrelid AND af.attnum = c.confkey[1]
		WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace`)
	if err != nil {
		return nil, err
	}
	deps := map[string][]string{}
	for rows.Next() {
		var child, parent, col, refCol string
		rows.Scan(&child, &parent, &col, &refCol)
		if child == parent {
			tables[child].selfRef, tables[child].selfKey = col, refCol
			continue
		}
		deps[child] = append(deps[child], parent)
	}
	rows.Close()
	var order []*copyTable
	state := map[string]int{} // 1 visiting, 2 done
	var visit func(string) error
	visit = func(name string) error {
		switch state[name] {
		case 1:
			return fmt.Errorf("foreign keys form a cycle through %s", name)
		case 2:
			return nil
		}
		state[name] = 1
		for _, p := range deps[name] {
			if err := visit(p); err != nil {
				return err
			}
		}
		state[name] = 2
		order = append(order, tables[name])
		return nil
	}
	for _, name := range dstTables {
		if err := visit(name); err != nil {
			return nil, err
		}
	}
	return order, nil
}

// derivedTable reports whether a table is kept by the database's own
// triggers from other tables (the search index, the dashboard counts): the
// target rebuilds it while the rows it derives from are copied.
func derivedTable(name string) bool {
	return strings.HasPrefix(name, "proposal_search") || name == "unit_ancestors" || name == "proposal_counts"
}

func strings1(ctx context.Context, q *sql.Tx, query string) ([]string, error) {
	rows, err := q.QueryContext(ctx, query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

func columnsOf(ctx context.Context, q *sql.Tx, table string) ([]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT * FROM `+table+` LIMIT 0`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return rows.Columns()
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}
