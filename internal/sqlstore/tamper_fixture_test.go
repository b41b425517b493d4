package sqlstore_test

import (
	"context"
	"damlam/internal/casework"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"damlam/internal/ledger"
	"damlam/internal/org"
	"damlam/internal/proof"
	"damlam/internal/sqlstore"
	"damlam/internal/testdb"
	"damlam/internal/workflow"
)

// tamperCases builds the database the tamper suite copies: cases in many
// states, so that every column it changes holds a value the log decided.
// It returns the cases by role:
//
//	returned   returned after a first vote round, edited, resubmitted,
//	           voted again (round 2, with comments) and approved: two
//	           versions, ballots in two rounds, an attachment, escalated
//	           while it waited for resources
//	override   a failed vote (2 against, 1 for), the head's written
//	           override as a pilot, resources, an obstacle raised and
//	           resolved, and a second obstacle: the log's newest entry
//	pilot      a pilot with progress inside and outside its scope, an
//	           inspection with a violation and its correction, completion,
//	           evaluation (partly completed), protection determined (not
//	           protected: an action outside the scope), replicated to GD
//	protected  a pilot inside its scope, completed, evaluated, protection
//	           determined (no liability), rewarded
//	escalated  submitted and left waiting: escalated to the city's head
//	routed     proposed by the ward's head, so decided by the city; convened,
//	           escalated
//	replica    the draft in GD that the pilot's replication started
//	draft      a draft never submitted
//	rejected   submitted, rejected and closed
//
// The log's key is rotated near the end, so older checkpoints are signed
// by the first key and newer ones by the second.
func tamperCases(f *fixture) map[string]string {
	f.t.Helper()
	ids := map[string]string{}
	step := func(who, id string, a workflow.Action, in workflow.Input) *casework.Result {
		f.t.Helper()
		f.clock.Advance(time.Minute)
		return f.do(who, id, a, in)
	}
	agree := &workflow.PartyOpinionInput{Opinion: "agree", Text: "Đồng ý."}
	ballot := func(b workflow.Ballot, comment string) *workflow.VoteInput {
		return &workflow.VoteInput{Ballot: b, Comment: comment}
	}
	good := func(r workflow.Result) *workflow.EvaluationInput {
		return &workflow.EvaluationInput{Result: r, FollowedPlan: true, HonestMotive: true, CommonGood: true,
			WithinCompetence: true, NoContravention: true, ObjectiveCauses: "Thời tiết.", Summary: "Đánh giá."}
	}

	id := f.draft("staff.bth", "BTH")
	a, err := casework.New(f.store).Attach(f.ctx, f.people["staff.bth"], id, "du-toan.pdf", []byte("%PDF-1.4 dự toán"))
	if err != nil {
		f.t.Fatal(err)
	}
	ids["attachment"] = a.SHA256
	step("staff.bth", id, workflow.Submit, nil)
	step("head.bth", id, workflow.Convene, nil)
	step("party.bth", id, workflow.GivePartyOpinion, agree)
	step("dep2.bth", id, workflow.CastVote, ballot(workflow.No, "Chưa rõ nguồn vốn."))
	step("head.bth", id, workflow.Return, &workflow.ReasonRequiredInput{Reason: "Bổ sung nguồn vốn."})
	c := fullContent("BTH")
	c.Necessity = "Hẻm ngập nặng mỗi khi mưa; 120 hộ bị ảnh hưởng."
	if err := casework.New(f.store).Edit(f.ctx, f.people["staff.bth"], id, c); err != nil {
		f.t.Fatal(err)
	}
	step("staff.bth", id, workflow.Submit, nil)
	step("head.bth", id, workflow.Convene, nil)
	step("party.bth", id, workflow.GivePartyOpinion, agree)
	step("head.bth", id, workflow.CastVote, ballot(workflow.Yes, ""))
	step("dep1.bth", id, workflow.CastVote, ballot(workflow.Yes, "Đồng ý, cần giám sát."))
	step("dep2.bth", id, workflow.CastVote, ballot(workflow.Yes, "Đã rõ nguồn vốn."))
	step("head.bth", id, workflow.Approve, nil)
	ids["returned"] = id

	id = f.draft("staff.bth", "BTH")
	withImplementer := fullContent("BTH")
	withImplementer.Implementers = []string{"head.gd"}
	if err := casework.New(f.store).Edit(f.ctx, f.people["staff.bth"], id, withImplementer); err != nil {
		f.t.Fatal(err)
	}
	step("staff.bth", id, workflow.Submit, nil)
	step("head.bth", id, workflow.Convene, nil)
	step("party.bth", id, workflow.GivePartyOpinion, agree)
	step("head.bth", id, workflow.CastVote, ballot(workflow.No, ""))
	step("dep1.bth", id, workflow.CastVote, ballot(workflow.No, "Rủi ro cao."))
	step("dep2.bth", id, workflow.CastVote, ballot(workflow.Yes, ""))
	step("head.bth", id, workflow.ApproveOverride, &workflow.OverrideInput{Justification: "Cấp bách trước mùa mưa.", Pilot: true,
		Scope: &proof.Scope{Units: []string{"BTH"}, Start: "2026-12-01", End: "2027-02-28", BudgetVND: 200_000_000}})
	step("head.bth", id, workflow.AllocateResources, &workflow.ResourcesInput{MoneyVND: 200_000_000, Source: "Xã hội hóa"})
	ob := step("staff.bth", id, workflow.RaiseObstacle, &workflow.ObstacleInput{Description: "Thiếu mặt bằng."})
	step("head.bth", id, workflow.ResolveObstacle, &workflow.ResolveObstacleInput{Obstacle: ob.Event.Seq, Resolution: "Đã bố trí mặt bằng."})
	ids["override"] = id

	id = f.approve(&proof.Scope{Units: []string{"BTH"}, Start: "2026-12-01", End: "2027-02-28", BudgetVND: 100_000_000})
	step("head.bth", id, workflow.AllocateResources, &workflow.ResourcesInput{MoneyVND: 100_000_000, Source: "Ngân sách phường"})
	step("staff.bth", id, workflow.ReportProgress, &workflow.ProgressInput{ScopedAction: workflow.ScopedAction{Unit: "BTH", Date: "2026-12-05", AmountVND: 40_000_000}, Summary: "Đợt 1."})
	step("staff.bth", id, workflow.ReportProgress, &workflow.ProgressInput{ScopedAction: workflow.ScopedAction{Unit: "GD", Date: "2026-12-06", AmountVND: 5_000_000}, Summary: "Ngoài phạm vi."})
	insp := step("inspector", id, workflow.Inspect, &workflow.InspectInput{Date: "2026-12-10", Findings: "Một vi phạm.",
		Violations: []workflow.Violation{{Description: "Thi công ngoài phường.", CorrectiveAction: "Dừng thi công.", Deadline: "2026-12-20"}}})
	step("staff.bth", id, workflow.CorrectViolation, &workflow.CorrectionInput{Inspection: insp.Event.Seq, Violation: 1, Correction: "Đã dừng.", Date: "2026-12-15"})
	step("staff.bth", id, workflow.ReportCompletion, &workflow.CompletionInput{Summary: "Xong.", Date: "2027-02-20", SpentVND: 45_000_000})
	step("party.bth", id, workflow.GivePartyOpinion, agree)
	step("head.bth", id, workflow.Evaluate, good(workflow.PartlyCompleted))
	step("head.bth", id, workflow.DetermineProtection, nil)
	rep := step("head.bth", id, workflow.Replicate, &workflow.ReplicateInput{Units: []string{"GD"}})
	ids["pilot"] = id
	if len(rep.Created) != 1 {
		f.t.Fatalf("replication started %v", rep.Created)
	}
	ids["replica"] = rep.Created[0]

	id = f.approve(&proof.Scope{Units: []string{"BTH"}, Start: "2026-12-01", End: "2027-02-28", BudgetVND: 100_000_000})
	step("head.bth", id, workflow.AllocateResources, &workflow.ResourcesInput{MoneyVND: 100_000_000, Source: "Ngân sách phường"})
	step("staff.bth", id, workflow.ReportProgress, &workflow.ProgressInput{ScopedAction: workflow.ScopedAction{Unit: "BTH", Date: "2026-12-05", AmountVND: 60_000_000}, Summary: "Đợt 1."})
	step("staff.bth", id, workflow.ReportCompletion, &workflow.CompletionInput{Summary: "Xong.", Date: "2027-02-20", SpentVND: 60_000_000})
	step("party.bth", id, workflow.GivePartyOpinion, agree)
	step("head.bth", id, workflow.Evaluate, good(workflow.Completed))
	step("head.bth", id, workflow.DetermineProtection, nil)
	step("reward", id, workflow.Reward, &workflow.RewardInput{Kind: "commendation", Level: "commune", Recipient: "staff.bth", Decision: "12/QĐ-UBND", DecisionDate: "2027-03-01"})
	ids["protected"] = id

	id = f.draft("staff.bth", "BTH")
	step("staff.bth", id, workflow.Submit, nil)
	ids["escalated"] = id

	id = f.draft("head.bth", "BTH")
	step("head.bth", id, workflow.Submit, nil)
	step("head.hcm", id, workflow.Convene, nil)
	ids["routed"] = id

	ids["draft"] = f.draft("staff.bth", "BTH")

	id = f.draft("staff.bth", "BTH")
	step("staff.bth", id, workflow.Submit, nil)
	step("head.bth", id, workflow.Reject, &workflow.ReasonRequiredInput{Reason: "Trùng với đề xuất khác."})
	step("head.bth", id, workflow.Close, nil)
	ids["rejected"] = id

	// Past the deadlines of the cases still waiting.
	f.clock.Set(time.Date(2026, 12, 21, 8, 0, 0, 0, ict))
	escs, err := casework.New(f.store).EscalateOverdue(f.ctx)
	if err != nil || len(escs) < 3 {
		f.t.Fatalf("escalations %+v: %v", escs, err)
	}
	// A ward's own rule set, issued after every case above was submitted
	// (and before the newest event, which some kinds replace).
	gd := workflow.RuleSet{ID: "gd", Name: "Quy định của phường Gia Định", Instrument: "Quyết định 1/QĐ-UBND", UnitID: "GD",
		ReminderDays: 2, VotePercent: 50, Days: map[workflow.State]int{workflow.Submitted: 5}}
	if _, err := f.store.IssueRules(f.ctx, nil, gd, org.Operator); err != nil {
		f.t.Fatal(err)
	}
	f.clock.Advance(time.Hour)
	if err := f.store.Log().RotateKey(f.ctx); err != nil {
		f.t.Fatal(err)
	}
	step("staff.bth", ids["override"], workflow.RaiseObstacle, &workflow.ObstacleInput{Description: "Vướng đường điện."})

	for role, want := range map[string]string{"returned": "APPROVED", "override": "IN_IMPLEMENTATION", "pilot": "REPLICATED",
		"protected": "REWARDED", "escalated": "SUBMITTED", "routed": "PARTY_OPINION", "replica": "DRAFT", "draft": "DRAFT", "rejected": "CLOSED"} {
		if got := f.view(ids[role]).State; string(got) != want {
			f.t.Fatalf("%s case %s is %s, want %s", role, ids[role], got, want)
		}
	}
	return ids
}

// tamperCase is one kind's copy of the database, and what a kind needs
// to change it.
type tamperCase struct {
	t       *testing.T
	ctx     context.Context
	db      *sqlstore.DB
	dialect string
	ids     map[string]string // the cases by role (tamperCases)
	f       *fixture          // its people and clock (its database is the original)
	keyDir  string            // the copy's key folder
	// attachDir is the copy's attachments folder.
	attachDir string
}

// attachmentPath is where the copy keeps the file of digest sum.
func (c *tamperCase) attachmentPath(sum string) string {
	return filepath.Join(c.attachDir, sum[:2], sum)
}

// writeAttachmentFile puts data in the copy's attachments folder under
// the name of digest sum, whatever data hashes to.
func (c *tamperCase) writeAttachmentFile(sum string, data []byte) {
	c.t.Helper()
	if err := os.MkdirAll(filepath.Dir(c.attachmentPath(sum)), 0o750); err != nil {
		c.t.Fatal(err)
	}
	if err := os.WriteFile(c.attachmentPath(sum), data, 0o600); err != nil {
		c.t.Fatal(err)
	}
}

// exec runs a statement on the copy.
func (c *tamperCase) exec(q string, args ...any) {
	c.t.Helper()
	if _, err := c.db.ExecContext(c.ctx, q, args...); err != nil {
		c.t.Fatalf("%s: %v", q, err)
	}
}

// int and str read one value of the copy.
func (c *tamperCase) int(q string, args ...any) int64 {
	c.t.Helper()
	var n int64
	if err := c.db.QueryRowContext(c.ctx, q, args...).Scan(&n); err != nil {
		c.t.Fatalf("%s: %v", q, err)
	}
	return n
}

func (c *tamperCase) str(q string, args ...any) string {
	c.t.Helper()
	var s sql.NullString
	if err := c.db.QueryRowContext(c.ctx, q, args...).Scan(&s); err != nil {
		c.t.Fatalf("%s: %v", q, err)
	}
	return s.String
}

// event is the first event of case role matching where (SQL over the
// events columns), by seq; where "" is the case's last event.
func (c *tamperCase) event(role, where string) (id string, seq int, idx int64) {
	c.t.Helper()
	id = c.ids[role]
	q := `SELECT seq, log_index FROM events WHERE proposal_id = $1 ORDER BY seq DESC LIMIT 1`
	if where != "" {
		q = `SELECT seq, log_index FROM events WHERE proposal_id = $1 AND ` + where + ` ORDER BY seq LIMIT 1`
	}
	if err := c.db.QueryRowContext(c.ctx, q, id).Scan(&seq, &idx); err != nil {
		c.t.Fatalf("event of %s where %s: %v", role, where, err)
	}
	return id, seq, idx
}

// update sets column to the SQL expression value in the one row of table
// matching where, and fails unless that changed the stored value: a kind
// that changes nothing would pass for the wrong reason. The arguments of
// where come first, then any of value.
func (c *tamperCase) update(table, column, value, where string, args ...any) {
	c.t.Helper()
	read := `SELECT CAST(` + column + ` AS TEXT) FROM ` + table + ` WHERE ` + where
	if column == "root" || column == "leaf" || column == "hash" {
		read = `SELECT ` + c.hex(column) + ` FROM ` + table + ` WHERE ` + where
	}
	whereArgs := args[:placeholders(where)]
	before := c.str(read, whereArgs...)
	res, err := c.db.ExecContext(c.ctx, `UPDATE `+table+` SET `+column+` = `+value+` WHERE `+where, args...)
	if err != nil {
		c.t.Fatalf("update %s.%s: %v", table, column, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		c.t.Fatalf("update %s.%s changed %d rows, want 1", table, column, n)
	}
	var after sql.NullString
	if err := c.db.QueryRowContext(c.ctx, read, whereArgs...).Scan(&after); err == nil && after.String == before {
		c.t.Fatalf("%s.%s = %s changed nothing (%q)", table, column, value, before)
	} // no row: a key column changed
}

// placeholders is the highest $n in q.
func placeholders(q string) int {
	n := 0
	for _, m := range regexp.MustCompile(`\$(\d+)`).FindAllStringSubmatch(q, -1) {
		var k int
		fmt.Sscan(m[1], &k)
		n = max(n, k)
	}
	return n
}

// hex is the SQL for a blob column as hex text.
func (c *tamperCase) hex(column string) string {
	if c.dialect == testdb.DialectPostgres {
		return `encode(` + column + `, 'hex')`
	}
	return `hex(` + column + `)`
}

// unguard drops the triggers that keep the log's tables append-only, as
// whoever can write to the database can.
func (c *tamperCase) unguard() {
	c.t.Helper()
	if c.dialect == testdb.DialectPostgres {
		for _, t := range []string{"ledger_state", "ledger_leaves", "ledger_hashes", "ledger_checkpoints", "ledger_keys"} {
			c.exec(`ALTER TABLE ` + t + ` DISABLE TRIGGER USER`)
		}
		return
	}
	rows, err := c.db.QueryContext(c.ctx, `SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name LIKE 'ledger_%'`)
	if err != nil {
		c.t.Fatal(err)
	}
	var names []string
	for rows.Next() {
		var n string
		rows.Scan(&n)
		names = append(names, n)
	}
	rows.Close()
	for _, n := range names {
		c.exec(`DROP TRIGGER ` + n)
	}
}

// withoutForeignKeys runs statements on one connection with foreign keys
// not enforced, as an administrator can.
func (c *tamperCase) withoutForeignKeys(stmts ...string) {
	c.t.Helper()
	conn, err := c.db.Conn(c.ctx)
	if err != nil {
		c.t.Fatal(err)
	}
	defer conn.Close()
	off, on := `PRAGMA foreign_keys = OFF`, `PRAGMA foreign_keys = ON`
	if c.dialect == testdb.DialectPostgres {
		off, on = `SET session_replication_role = replica`, `SET session_replication_role = DEFAULT`
	}
	for _, q := range append(append([]string{off}, stmts...), on) {
		if _, err := conn.ExecContext(c.ctx, q); err != nil {
			c.t.Fatalf("%s: %v", q, err)
		}
	}
}

// forge takes steps on the copy through damlam's own code (it is public),
// which signs their receipts with a throwaway copy of the key folder, and
// then removes the checkpoints signed for them: what remains is what a
// forger without the key can write by hand, a log that grew consistently
// past its newest checkpoint. The copy's own key folder never sees the
// steps.
func (c *tamperCase) forge(steps func(s *sqlstore.Store)) {
	c.t.Helper()
	size := c.int(`SELECT size FROM ledger_state`)
	scratch := filepath.Join(c.t.TempDir(), "forger-key")
	if err := os.CopyFS(scratch, os.DirFS(c.keyDir)); err != nil {
		c.t.Fatal(err)
	}
	// The forger's copy starts from the database's newest checkpoint, not
	// from the key folder's, which a forgery over it would not match.
	newest := c.str(`SELECT note FROM ledger_checkpoints ORDER BY size DESC LIMIT 1`)
	if err := os.WriteFile(filepath.Join(scratch, "last-checkpoint.txt"), []byte(newest), 0o600); err != nil {
		c.t.Fatal(err)
	}
	lg, err := ledger.Open(c.ctx, c.db.DB, ledger.Config{Origin: "test.damlam/log", Dialect: c.db.Dialect, KeyDir: scratch, Now: c.f.clock.Now})
	if err != nil {
		c.t.Fatal(err)
	}
	steps(sqlstore.New(c.db, lg, sqlstore.Config{Now: c.f.clock.Now, AttachmentDir: c.attachDir}))
	c.unguard()
	c.exec(`DELETE FROM ledger_checkpoints WHERE size > $1`, size)
}

// do takes a step on the copy through s, failing the test on error.
func (c *tamperCase) do(s *sqlstore.Store, who, id string, a workflow.Action, in workflow.Input) {
	c.t.Helper()
	c.f.clock.Advance(time.Minute)
	if _, err := casework.New(s).Do(c.ctx, c.f.people[who], id, a, in); err != nil {
		c.t.Fatalf("%s by %s: %v", a, who, err)
	}
}

// named is what a change must be named by: the table, the row as the
// audit writes it after the table's name, and the column when the change
// is of one column.
type named struct{ table, row, column string }

func (n named) String() string {
	s := n.table + " " + n.row
	if n.column != "" {
		s += " " + n.column
	}
	return s
}

// in reports whether problem p names n: the table and row, not followed
// by more of a number (row "x seq 1" is not "x seq 12"), and the column
// as a word before a colon or a comma.
func (n named) in(p string) bool {
	at := strings.Index(p, n.table+" "+n.row)
	for at >= 0 {
		end := at + len(n.table) + 1 + len(n.row)
		if end == len(p) || !strings.ContainsRune("0123456789", rune(p[end])) {
			break
		}
		next := strings.Index(p[end:], n.table+" "+n.row)
		if next < 0 {
			return false
		}
		at = end + next
	}
	if at < 0 {
		return false
	}
	if n.column == "" {
		return true
	}
	return regexp.MustCompile(`(^|[^a-z_])` + regexp.QuoteMeta(n.column) + `[:,]`).MatchString(p[at:])
}

// startRemedy is what a refusal to start must say to do.
var startRemedy = regexp.MustCompile(`audit|restore|backup`)

// leafRow is the row of ledger_leaves an index names, as the audit does.
func leafRow(idx int64) string { return fmt.Sprintf("idx %d", idx) }
