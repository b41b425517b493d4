package main

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
)

// copyTable is one table to copy: its target columns and their types, and
// the column by which it refers to itself, if any.
type copyTable struct {
	name             string
	cols, types      []string
	selfRef, selfKey string
}

// maxParams stays under PostgreSQL's 65,535 parameters per statement.
const maxParams = 60000

// copy moves every row of the table from the source to the target and
// returns how many; it checks the target's count before returning.
func (t *copyTable) copy(ctx context.Context, stx, dtx *sql.Tx) (int64, error) {
	if t.name == "ledger_state" {
		// The migration created the sequencer row at size 0; the log's
		// triggers let it grow.
		var size int64
		if err := stx.QueryRowContext(ctx, `SELECT size FROM ledger_state WHERE id = 1`).Scan(&size); err != nil {
			return 0, err
		}
		_, err := dtx.ExecContext(ctx, `UPDATE ledger_state SET size = $1 WHERE id = 1`, size)
		return 1, err
	}
	rows, err := stx.QueryContext(ctx, `SELECT `+strings.Join(t.cols, ", ")+` FROM `+t.name)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	var all [][]any
	batch := make([][]any, 0, min(1000, maxParams/len(t.cols)))
	var n int64
	for rows.Next() {
		row := make([]any, len(t.cols))
		ptrs := make([]any, len(row))
		for i := range row {
			ptrs[i] = &row[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return n, err
		}
		for i := range row {
			if row[i], err = convert(row[i], t.types[i]); err != nil {
				return n, fmt.Errorf("column %s: %w", t.cols[i], err)
			}
		}
		n++
		if t.selfRef != "" {
			all = append(all, row)
			continue
		}
		if batch = append(batch, row); len(batch) == cap(batch) {
			if err := t.insert(ctx, dtx, batch); err != nil {
				return n, err
			}
			batch = batch[:0]
		}
	}
	if err := rows.Err(); err != nil {
		return n, err
	}
	if t.selfRef != "" {
		batch = t.parentsFirst(all)
	}
	for len(batch) > 0 {
		k := min(len(batch), max(1, maxParams/len(t.cols)))
		if err := t.insert(ctx, dtx, batch[:k]); err != nil {
			return n, err
		}
		batch = batch[k:]
	}
	var got int64
	if err := dtx.QueryRowContext(ctx, `SELECT count(*) FROM `+t.name).Scan(&got); err != nil {
		return n, err
	}
	if got != n {
		return n, fmt.Errorf("%d rows read, %d in the target", n, got)
	}
	return n, nil
}

func (t *copyTable) insert(ctx context.Context, dtx *sql.Tx, rows [][]any) error {
	var q strings.Builder
	q.WriteString(`INSERT INTO ` + t.name + ` (` + strings.Join(t.cols, ", ") + `) VALUES `)
	args := make([]any, 0, len(rows)*len(t.cols))
	for r, row := range rows {
		if r > 0 {
			q.WriteString(", ")
		}
		q.WriteByte('(')
		for i := range row {
			if i > 0 {
				q.WriteString(", ")
			}
			q.WriteString("$" + strconv.Itoa(len(args)+1))
			args = append(args, row[i])
		}
		q.WriteByte(')')
	}
	_, err := dtx.ExecContext(ctx, q.String(), args...)
	return err
}

// parentsFirst orders a self-referencing table's rows so that every row
// comes after the row it refers to (a unit after its parent, a replica
// after its source), which the foreign key checks row by row.
func (t *copyTable) parentsFirst(rows [][]any) [][]any {
	ref, key := -1, -1
	for i, c := range t.cols {
		if c == t.selfRef {
			ref = i
		}
		if c == t.selfKey {
			key = i
		}
	}
	byKey := make(map[any]int, len(rows))
	for i, r := range rows {
		byKey[r[key]] = i
	}
	done := make([]bool, len(rows))
	out := make([][]any, 0, len(rows))
	var emit func(i int, depth int)
	emit = func(i, depth int) {
		if done[i] || depth > len(rows) {
			return
		}
		if p, ok := byKey[rows[i][ref]]; ok && rows[i][ref] != nil {
			emit(p, depth+1)
		}
		if !done[i] {
			done[i] = true
			out = append(out, rows[i])
		}
	}
	for i := range rows {
		emit(i, 0)
	}
	return out
}

// convert adapts an SQLite value to the PostgreSQL column type: SQLite
// keeps whatever type a value was written with, PostgreSQL insists.
func convert(v any, typ string) (any, error) {
	switch x := v.(type) {
	case string:
		switch typ {
		case "bytea":
			return []byte(x), nil
		case "bigint", "integer", "smallint":
			return strconv.ParseInt(x, 10, 64)
		}
	case []byte:
		if typ == "text" {
			return string(x), nil
		}
	}
	return v, nil
}
