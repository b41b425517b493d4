package sqlstore_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"damlam/internal/proof"
	"damlam/internal/sqlstore"
	"damlam/internal/testdb"
	"damlam/internal/workflow"
)

// repairFixture holds two cases: one taken to its protection
// determination with an action outside its scope (so: not protected), and
// one in its pilot with money spent inside the scope.
func repairFixture(t *testing.T, dsn string) (f *fixture, determined, pilot string) {
	f = newFixture(t, dsn)
	scope := &proof.Scope{Units: []string{"BTH"}, Start: "2026-12-01", End: "2027-02-28", BudgetVND: 100_000_000}
	determined = f.approve(scope)
	f.do("head.bth", determined, workflow.AllocateResources, &workflow.ResourcesInput{MoneyVND: 100_000_000, Source: "Ngân sách phường"})
	f.do("staff.bth", determined, workflow.ReportProgress, &workflow.ProgressInput{
		ScopedAction: workflow.ScopedAction{Unit: "GD", Date: "2026-12-10", AmountVND: 60_000_000}, Summary: "Ngoài phạm vi."})
	f.do("staff.bth", determined, workflow.ReportCompletion, &workflow.CompletionInput{Summary: "Xong.", Date: "2027-01-06", SpentVND: 60_000_000})
	f.do("party.bth", determined, workflow.GivePartyOpinion, &workflow.PartyOpinionInput{Opinion: "agree", Text: "Đồng ý."})
	f.do("head.bth", determined, workflow.Evaluate, &workflow.EvaluationInput{Result: workflow.PartlyCompleted, FollowedPlan: true, HonestMotive: true,
		CommonGood: true, WithinCompetence: true, NoContravention: true, Summary: "Một phần."})
	f.do("head.bth", determined, workflow.DetermineProtection, nil)
	pilot = f.approve(scope)
	f.do("head.bth", pilot, workflow.AllocateResources, &workflow.ResourcesInput{MoneyVND: 100_000_000, Source: "Ngân sách phường"})
	f.do("staff.bth", pilot, workflow.ReportProgress, &workflow.ProgressInput{
		ScopedAction: workflow.ScopedAction{Unit: "BTH", Date: "2026-12-10", AmountVND: 40_000_000}, Summary: "Đợt 1."})
	if rep := f.audit(); !rep.OK() {
		t.Fatalf("clean database audits dirty: %v", rep.Problems)
	}
	return f, determined, pilot
}

func mustExec(t *testing.T, db *sqlstore.DB, q string, args ...any) {
	t.Helper()
	if _, err := db.ExecContext(context.Background(), q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

// TestRepairRebuildsTheProjection edits derived columns and ballots behind
// the service's back, as an administrator with database access could: the
// audit names each, the repair rewrites each from the log and says so, the
// audit is clean again, and what the service reads and decides from the
// row is the log's again — the protection determination, the pilot's state
// and the money spent under its scope.
func TestRepairRebuildsTheProjection(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dialect, dsn string) {
		f, determined, pilot := repairFixture(t, dsn)
		tampers := []struct {
			name     string
			sql      string
			id       string
			audit    string // what the audit says
			repaired string // what the repair reports
		}{
			{"approval index erased", `UPDATE proposals SET scope_index = -1 WHERE id = $1`, determined,
				"scope_index: -1, its events give", "scope_index: -1 →"},
			{"protection granted", `UPDATE proposals SET outcome = 'NO_LIABILITY' WHERE id = $1`, determined,
				"outcome: NO_LIABILITY, its events give NOT_PROTECTED", "outcome: NO_LIABILITY → NOT_PROTECTED"},
			{"outside-scope flag erased", `UPDATE proposals SET outside_scope = 0 WHERE id = $1`, determined,
				"outside_scope: 0, its events give 1", "outside_scope: 0 → 1"},
			{"evaluation rewritten", `UPDATE proposals SET evaluation = '{"result":"completed"}', result = 'completed' WHERE id = $1`, determined,
				"result: completed, its events give partly_completed", "result: completed → partly_completed"},
			{"pilot closed", `UPDATE proposals SET state = 'CLOSED', last_seq = 99 WHERE id = $1`, pilot,
				"state: CLOSED, its events give IN_IMPLEMENTATION", "state: CLOSED → IN_IMPLEMENTATION"},
			{"spending hidden", `UPDATE proposals SET scope_spent = 0 WHERE id = $1`, pilot,
				"scope_spent: 0, its events give 40000000", "scope_spent: 0 → 40000000"},
			{"deadline moved", `UPDATE proposals SET due_date = '2099-01-01' WHERE id = $1`, pilot,
				"due_date: 2099-01-01", "due_date: 2099-01-01 →"},
			{"decider moved", `UPDATE proposals SET decider_id = 'GD' WHERE id = $1`, pilot,
				"decider_id: GD, its events give BTH", "decider_id: GD → BTH"},
			{"ballot deleted", `DELETE FROM votes WHERE proposal_id = $1 AND person_id = 'dep1.bth'`, determined,
				"dep1.bth: missing, the log records the ballot yes", "dep1.bth: added (ballot yes"},
			{"ballot flipped", `UPDATE votes SET ballot = 'no' WHERE proposal_id = $1 AND person_id = 'head.bth'`, pilot,
				"head.bth: ballot: no, the log records yes", "head.bth: ballot no → yes"},
			{"ballot invented", `INSERT INTO votes (proposal_id, round, person_id, ballot, comment, at) VALUES ($1, 1, 'head.gd', 'yes', '', '2026-11-26T03:00:00.000000000Z')`, pilot,
				"head.gd: ballot yes: no such ballot is in the log", "head.gd: removed"},
		}
		for _, tp := range tampers {
			mustExec(t, f.db, tp.sql, tp.id)
		}
		before := strings.Join(f.audit().Problems, "\n")
		for _, tp := range tampers {
			if !strings.Contains(before, tp.audit) {
				t.Errorf("%s: the audit does not say %q; it says:\n%s", tp.name, tp.audit, before)
			}
		}

		rep, err := f.store.RepairProjection(f.ctx)
		if err != nil {
			t.Fatal(err)
		}
		changed := strings.Join(rep.Changed, "\n")
		for _, tp := range tampers {
			if !strings.Contains(changed, tp.repaired) || !strings.Contains(changed, tp.id) {
				t.Errorf("%s: the repair does not report %q; it reports:\n%s", tp.name, tp.repaired, changed)
			}
		}
		if rep.Cases != 2 || len(rep.Skipped) != 0 {
			t.Errorf("repaired %d cases, skipped %v", rep.Cases, rep.Skipped)
		}
		if after := f.audit(); !after.OK() {
			t.Fatalf("the audit after the repair: %v", after.Problems)
		}
		// A second repair finds nothing to do.
		if again, err := f.store.RepairProjection(f.ctx); err != nil || len(again.Changed) != 0 {
			t.Fatalf("second repair: %v %v", err, again.Changed)
		}

		if got := f.view(determined).Protection; got != workflow.NotProtected {
			t.Errorf("protection after the repair: %s, the log determined %s", got, workflow.NotProtected)
		}
		// The pilot continues from what the log says: inside its scope,
		// with 40 of its 100 million spent, so 70 more is over budget.
		f.do("staff.bth", pilot, workflow.ReportProgress, &workflow.ProgressInput{
			ScopedAction: workflow.ScopedAction{Unit: "BTH", Date: "2026-12-20", AmountVND: 70_000_000}, Summary: "Đợt 2."})
		if v := f.view(pilot); v.OutsideScope != 1 || v.ScopeSpentVND != 110_000_000 {
			t.Errorf("after the repair the pilot has spent %d, %d outside its scope", v.ScopeSpentVND, v.OutsideScope)
		}
		if rep := f.audit(); !rep.OK() {
			t.Fatalf("audit after the next decision: %v", rep.Problems)
		}
	})
}

// TestRepairRefusesAnUntrustedLog: when the log does not verify, or an
// event row no longer matches its leaf, the log is no record to rebuild
// from. The repair refuses and changes nothing: the edited column stays
// edited, for the operator to investigate.
func TestRepairRefusesAnUntrustedLog(t *testing.T) {
	for name, tc := range map[string]struct {
		tamper func(t *testing.T, f *fixture, id string)
		want   string
	}{
		"event row edited": {
			tamper: func(t *testing.T, f *fixture, id string) {
				mustExec(t, f.db, `UPDATE events SET at = '2020-01-01T00:00:00.000000000Z' WHERE proposal_id = $1 AND seq = 2`, id)
			},
			want: "seq 2 (log index",
		},
		"event row deleted": {
			tamper: func(t *testing.T, f *fixture, id string) {
				mustExec(t, f.db, `DELETE FROM events WHERE proposal_id = $1 AND seq = (SELECT max(seq) FROM events WHERE proposal_id = $1)`, id)
			},
			want: "no event row records it",
		},
		"leaf changed": {
			tamper: func(t *testing.T, f *fixture, id string) {
				if f.db.Dialect == sqlstore.Postgres {
					mustExec(t, f.db, `ALTER TABLE ledger_leaves DISABLE TRIGGER USER`)
					mustExec(t, f.db, `UPDATE ledger_leaves SET leaf = convert_to(replace(convert_from(leaf, 'UTF8'), 'seq ', 'seq 1'), 'UTF8') WHERE idx = 3`)
				} else {
					mustExec(t, f.db, `DROP TRIGGER ledger_leaves_no_update`)
					mustExec(t, f.db, `UPDATE ledger_leaves SET leaf = CAST(replace(CAST(leaf AS TEXT), 'seq ', 'seq 1') AS BLOB) WHERE idx = 3`)
				}
			},
			want: "ledger_leaves idx 3: leaf hash mismatch",
		},
		"checkpoint copy removed": {
			tamper: func(t *testing.T, f *fixture, id string) {
				if err := os.Remove(filepath.Join(f.keyDir, "last-checkpoint.txt")); err != nil {
					t.Fatal(err)
				}
			},
			want: "start-up check: damlam serve refuses to start",
		},
	} {
		t.Run(name, func(t *testing.T) {
			testdb.Each(t, func(t *testing.T, dialect, dsn string) {
				if dialect == testdb.DialectPostgres && testing.Short() {
					t.Skip("short")
				}
				f := newFixture(t, dsn)
				id := f.approve(&proof.Scope{Units: []string{"BTH"}, Start: "2026-12-01", End: "2027-02-28", BudgetVND: 100_000_000})
				mustExec(t, f.db, `UPDATE proposals SET scope_index = -1 WHERE id = $1`, id)
				tc.tamper(t, f, id)
				_, err := f.store.RepairProjection(f.ctx)
				var refused *sqlstore.RepairRefusedError
				if !errors.As(err, &refused) {
					t.Fatalf("repair of an untrusted log: %v", err)
				}
				if all := strings.Join(refused.Problems, "\n"); !strings.Contains(all, tc.want) {
					t.Errorf("the refusal does not say %q; it says:\n%s", tc.want, all)
				}
				var index int64
				if err := f.db.QueryRow(`SELECT scope_index FROM proposals WHERE id = $1`, id).Scan(&index); err != nil || index != -1 {
					t.Errorf("a refused repair changed the row: scope_index %d (%v)", index, err)
				}
			})
		})
	}
}
