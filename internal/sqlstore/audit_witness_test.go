package sqlstore_test

import (
	"crypto/rand"
	"fmt"
	"strings"
	"testing"

	"damlam/internal/proof"
	"damlam/internal/testdb"

	"golang.org/x/mod/sumdb/note"
)

// TestWitnessCopiesNameADeletedCheckpointRow: a checkpoint row deleted
// from the middle of ledger_checkpoints leaves the rows around it
// consistent; the witness's cosigned copy of it, kept in
// witness_cosignatures, is what still shows it was there.
func TestWitnessCopiesNameADeletedCheckpointRow(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dialect, dsn string) {
		f := newFixture(t, dsn)
		f.approve(&proof.Scope{Units: []string{"BTH"}, Start: "2026-12-01", End: "2027-02-28", BudgetVND: 100_000_000})
		var size int64
		var msg string
		if err := f.db.QueryRow(`SELECT size, note FROM ledger_checkpoints ORDER BY size LIMIT 1`).Scan(&size, &msg); err != nil {
			t.Fatal(err)
		}
		keys, err := f.store.Log().Verifiers(f.ctx)
		if err != nil {
			t.Fatal(err)
		}
		n, err := note.Open([]byte(msg), keys)
		if err != nil {
			t.Fatal(err)
		}
		w, _, err := proof.GenerateCosigner(rand.Reader, "witness.example/w1", f.clock.Now)
		if err != nil {
			t.Fatal(err)
		}
		cosigned, err := note.Sign(n, w)
		if err != nil {
			t.Fatal(err)
		}
		mustExec(t, f.db, `INSERT INTO witness_cosignatures (witness, size, cosigned_at, note) VALUES ($1, $2, $3, $4)`,
			w.Name(), size, "2026-11-26T03:00:00.000000000Z", string(cosigned))
		if rep := f.audit(); !rep.OK() {
			t.Fatalf("audit with the witness's copy: %v", rep.Problems)
		}

		if dialect == testdb.DialectPostgres {
			mustExec(t, f.db, `ALTER TABLE ledger_checkpoints DISABLE TRIGGER USER`)
		} else {
			mustExec(t, f.db, `DROP TRIGGER ledger_checkpoints_no_delete`)
		}
		mustExec(t, f.db, `DELETE FROM ledger_checkpoints WHERE size = $1`, size)
		want := fmt.Sprintf("ledger_checkpoints size %d: missing (deleted?): witness_cosignatures witness.example/w1 size %d holds that checkpoint", size, size)
		if all := strings.Join(f.audit().Problems, "\n"); !strings.Contains(all, want) {
			t.Fatalf("the audit does not say %q; it says:\n%s", want, all)
		}
	})
}
