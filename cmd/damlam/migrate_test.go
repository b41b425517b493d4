package main

import (
	"context"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"damlam/internal/proof"
	"damlam/internal/sqlstore"
	"damlam/internal/testdb"
)

var treeHead = regexp.MustCompile(`cây / tree: (size \d+ root \S+)`)

// TestMigrateDataToPostgres moves an embedded deployment with a real
// history to PostgreSQL. The audit of the target must be clean and print
// the same tree head as the source's; a second migration into the now
// non-empty target must be refused; and a server on the target continues
// the same log with the same key.
func TestMigrateDataToPostgres(t *testing.T) {
	dsn := testdb.Postgres(t)
	f := startFleet(t, 1, map[string]string{})
	var decisions []decision
	record := func(d decision) { decisions = append(decisions, d) }
	for i := range 3 {
		id, err := f.toImplementation(i, record)
		if err != nil {
			t.Fatal(err)
		}
		if d, err := f.progress(0, id); err != nil {
			t.Fatal(err)
		} else {
			record(d)
		}
	}
	sqliteDeployment := f.instances[0]
	out, err := sqliteDeployment.cli("", "audit")
	if err != nil || !strings.Contains(out, "audit clean") {
		t.Fatalf("source audit: %v\n%s", err, out)
	}
	want := treeHead.FindStringSubmatch(out)
	if want == nil {
		t.Fatalf("the audit prints no tree head:\n%s", out)
	}

	from := "sqlite:" + filepath.Join(sqliteDeployment.data, "damlam.db")
	if out, err := sqliteDeployment.cli("", "migrate-data", "--from", from, "--to", dsn); err != nil || !strings.Contains(out, want[1]) {
		t.Fatalf("migrate-data: %v\n%s", err, out)
	}
	onPG := &instance{t: t, data: sqliteDeployment.data, env: map[string]string{"DAMLAM_DB": dsn}}
	out, err = onPG.cli("", "audit")
	if err != nil || !strings.Contains(out, "audit clean") {
		t.Fatalf("target audit: %v\n%s", err, out)
	}
	if got := treeHead.FindStringSubmatch(out); got == nil || got[1] != want[1] {
		t.Fatalf("target tree %v, source %s", got, want[1])
	}
	checkSameRows(t, from, dsn)

	if out, err := sqliteDeployment.cli("", "migrate-data", "--from", from, "--to", dsn); err == nil || !strings.Contains(out+err.Error(), "not empty") {
		t.Fatalf("a second migration into the same database: %v\n%s", err, out)
	}

	// The log goes on: a server on PostgreSQL with the same data folder
	// signs the next decision with the same key, consistent with the past.
	pg := &fleet{tb: t, env: onPG.env, instances: []*instance{startServer(t, onPG.data, onPG.env)}, tokens: f.tokens}
	var caseID string
	sqlDB, err := sqlstore.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer sqlDB.Close()
	sqlDB.QueryRow(`SELECT id FROM proposals ORDER BY id LIMIT 1`).Scan(&caseID)
	var authority int
	sqlDB.QueryRow(`SELECT count(*) FROM org_events`).Scan(&authority) // the organisation's entries
	d, err := pg.progress(0, caseID)
	if err != nil {
		t.Fatal(err)
	}
	r, err := proof.ParseReceipt([]byte(d.receipt))
	if err != nil {
		t.Fatal(err)
	}
	if int(r.Index) != len(decisions)+authority {
		t.Fatalf("the next decision got index %d, want %d", r.Index, len(decisions)+authority)
	}
	if out, err := onPG.cli("", "audit"); err != nil || !strings.Contains(out, "audit clean") {
		t.Fatalf("audit after continuing on PostgreSQL: %v\n%s", err, out)
	}
}

// checkSameRows compares every table's rows, as text, in both databases.
func checkSameRows(t *testing.T, from, to string) {
	t.Helper()
	ctx := context.Background()
	src, err := sqlstore.Open(ctx, from)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	dst, err := sqlstore.Open(ctx, to)
	if err != nil {
		t.Fatal(err)
	}
	defer dst.Close()
	for _, table := range []string{"units", "people", "positions", "grants", "tokens", "proposals", "proposal_versions",
		"events", "votes", "ledger_leaves", "ledger_hashes", "ledger_checkpoints", "ledger_keys", "ledger_state"} {
		a, b := dump(t, src, table), dump(t, dst, table)
		if a != b {
			t.Errorf("%s differs after the migration", table)
		}
	}
}

// dump renders a table's rows as sorted lines of text.
func dump(t *testing.T, db *sqlstore.DB, table string) string {
	t.Helper()
	rows, err := db.Query(`SELECT * FROM ` + table)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var lines []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		rows.Scan(ptrs...)
		var sb strings.Builder
		for _, v := range vals {
			if b, ok := v.([]byte); ok {
				v = string(b)
			}
			sb.WriteString(strings.ReplaceAll(fmt.Sprint(v), "\n", `\n`) + "|")
		}
		lines = append(lines, sb.String())
	}
	slices.Sort(lines)
	return strings.Join(lines, "\n")
}
