package sqlstore

import (
	"context"
	"fmt"
)

// auditWitnesses checks every cosigned checkpoint in witness_cosignatures
// against the log: the tree must hold it and ledger_checkpoints must still
// have its row. A witness cosigns only what the log sent it, and the log
// sends only checkpoints it stored, so a checkpoint row deleted from the
// middle of the table, which the table itself cannot show, is named here.
// (The cosignature itself is the witness's; its key is not in the
// database, and `damlam-verify --witness-key` checks it.)
func (s *Store) auditWitnesses(ctx context.Context, rep *AuditReport) error {
	rows, err := s.db.QueryContext(ctx, `SELECT witness, size, note FROM witness_cosignatures ORDER BY witness, size`)
	if err != nil {
		return err
	}
	type row struct {
		witness string
		size    int64
		note    string
	}
	var all []row
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.witness, &r.size, &r.note); err != nil {
			rows.Close()
			return err
		}
		all = append(all, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, r := range all {
		problems, err := s.log.CheckHeld(ctx, fmt.Sprintf("witness_cosignatures %s size %d", r.witness, r.size), []byte(r.note))
		if err != nil {
			return err
		}
		for _, p := range problems {
			rep.add("%s", p)
		}
	}
	return nil
}
