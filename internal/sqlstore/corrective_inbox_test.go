package sqlstore_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"damlam/internal/casework"
	"damlam/internal/sqlstore"
	"damlam/internal/testdb"
	"damlam/internal/workflow"
)

// inboxLines lists a reader's inbox as "case as due [violation] left",
// checking that the count and the page agree with the list.
func (f *fixture) inboxLines(who string) (lines []string, overdue int) {
	f.t.Helper()
	items, err := f.store.Inbox(f.ctx, f.people[who])
	if err != nil {
		f.t.Fatal(err)
	}
	page, err := f.store.InboxPage(f.ctx, f.people[who], nil, 0)
	if err != nil {
		f.t.Fatal(err)
	}
	if page.Total != len(items) || len(page.Items) != len(items) {
		f.t.Fatalf("%s: page total %d, %d items on it, the inbox has %d", who, page.Total, len(page.Items), len(items))
	}
	for _, it := range items {
		s := it.ID + " " + string(it.As) + " " + it.DueDate
		if it.Correction != nil {
			s += " violation " + it.Correction.String()
		}
		if it.WorkingDaysLeft != nil {
			s += fmt.Sprintf(" left %d", *it.WorkingDaysLeft)
		}
		if it.Overdue {
			s += " overdue"
		}
		lines = append(lines, s)
	}
	return lines, page.Overdue
}

// An open violation is a due item of the proposer's and the named
// implementers' inboxes, on its corrective deadline, counted overdue once
// past it; it is reminded, then sent up once to the superior head, whose
// inbox holds it until it is corrected; corrected, it is gone. The
// inspector lists the open and the overdue ones. The audit holds the rows
// to the events and the repair rebuilds them.
func TestCorrectiveDeadlinesAreDueItems(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dialect, dsn string) {
		f := newFixture(t, dsn)
		cases := casework.New(f.store)
		content := fullContent("BTH")
		content.Implementers = []string{"head.gd"}
		id, err := cases.Create(f.ctx, f.people["staff.bth"], "BTH", content)
		if err != nil {
			t.Fatal(err)
		}
		f.do("staff.bth", id, workflow.Submit, nil)
		f.do("head.bth", id, workflow.Convene, nil)
		f.do("party.bth", id, workflow.GivePartyOpinion, &workflow.PartyOpinionInput{Opinion: "agree", Text: "Đồng ý."})
		for _, who := range []string{"head.bth", "dep1.bth", "dep2.bth"} {
			f.do(who, id, workflow.CastVote, &workflow.VoteInput{Ballot: workflow.Yes})
		}
		f.do("head.bth", id, workflow.ApprovePilot, &workflow.ApprovePilotInput{})
		f.do("head.bth", id, workflow.AllocateResources, &workflow.ResourcesInput{MoneyVND: 1, Source: "Ngân sách"})
		pilotDue := f.view(id).DueDate
		f.clock.Set(day(12, 10)) // Thursday
		insp := f.do("inspector", id, workflow.Inspect, &workflow.InspectInput{Date: "2026-12-10", Findings: "Hai vi phạm.",
			Violations: []workflow.Violation{
				{Description: "Thi công ngoài phường.", CorrectiveAction: "Dừng thi công.", Deadline: "2026-12-15"},
				{Description: "Thiếu biển báo.", CorrectiveAction: "Đặt biển báo.", Deadline: "2026-12-21"},
			}}).Event.Seq
		v1, v2 := fmt.Sprintf("%d.1", insp), fmt.Sprintf("%d.2", insp)

		got, overdue := f.inboxLines("staff.bth")
		want := []string{
			id + " implementer 2026-12-15 violation " + v1 + " left 3",
			id + " implementer 2026-12-21 violation " + v2 + " left 7",
		}
		if len(got) != 3 || !slices.Equal(got[:2], want) || !strings.HasPrefix(got[2], id+" implementer "+pilotDue) || overdue != 0 {
			t.Fatalf("the proposer's inbox, due before the pilot's end %s: %q (%d overdue)", pilotDue, got, overdue)
		}
		if named, _ := f.inboxLines("head.gd"); len(named) != 3 || !slices.Equal(named[:2], want) {
			t.Fatalf("the named implementer's inbox: %q", named)
		}

		// Friday 11/12: two working days before Tuesday 15/12, reminded.
		if r := f.remind(day(12, 11)); !slices.Equal(r, []string{id + ":violation_before:head.gd,staff.bth"}) {
			t.Fatalf("reminders on 11/12: %v", r)
		}
		// Monday 14/12: nothing is late, nothing escalated.
		f.clock.Set(day(12, 14))
		if escs, err := cases.EscalateOverdue(f.ctx); err != nil || len(escs) != 0 {
			t.Fatalf("escalated before the deadline: %+v %v", escs, err)
		}
		// Wednesday 16/12: the first violation is overdue.
		f.clock.Set(day(12, 16))
		got, overdue = f.inboxLines("staff.bth")
		if got[0] != id+" implementer 2026-12-15 violation "+v1+" left -1 overdue" || overdue != 1 {
			t.Fatalf("overdue on 16/12: %q (%d overdue)", got, overdue)
		}
		listed := func(status string) []string {
			t.Helper()
			items, err := f.store.Corrections(f.ctx, f.people["inspector"], status)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, it := range items {
				out = append(out, it.ProposalID+" "+it.Violation.String()+" "+it.Description+" "+it.Deadline)
			}
			return out
		}
		if o := listed(sqlstore.CorrectionsOverdue); !slices.Equal(o, []string{id + " " + v1 + " Thi công ngoài phường. 2026-12-15"}) {
			t.Fatalf("the inspector's overdue corrections: %q", o)
		}
		if o := listed(sqlstore.CorrectionsOpen); len(o) != 2 {
			t.Fatalf("the inspector's open corrections: %q", o)
		}
		if _, err := f.store.Corrections(f.ctx, f.people["staff.bth"], sqlstore.CorrectionsOpen); err == nil {
			t.Fatal("someone who inspects nothing read the list")
		}

		escs, err := cases.EscalateOverdue(f.ctx)
		if err != nil || len(escs) != 1 || escs[0].Violation == nil || escs[0].Violation.String() != v1 || escs[0].DueDate != "2026-12-15" ||
			!slices.Equal(escs[0].Notified, []string{"head.hcm"}) {
			t.Fatalf("escalations on 16/12: %+v %v", escs, err)
		}
		if again, err := cases.EscalateOverdue(f.ctx); err != nil || len(again) != 0 {
			t.Fatalf("escalated twice: %+v %v", again, err)
		}
		notes, _ := f.store.NotificationsWhere(f.ctx, "head.hcm", sqlstore.FilterUnread, 1)
		if len(notes) != 1 || notes[0].Kind != "correction_escalation" || !notes[0].Urgent ||
			notes[0].Message.VI != "Vi phạm trong đề xuất "+id+" đã quá hạn khắc phục 15/12/2026 mà chưa được khắc phục, đã chuyển người đứng đầu cấp trên: Vận động Nhân dân góp vốn làm đường hẻm" {
			t.Fatalf("the superior's notice %+v", notes)
		}
		if up, _ := f.inboxLines("head.hcm"); !slices.Contains(up, id+" superior_head 2026-12-15 violation "+v1+" left -1 overdue") {
			t.Fatalf("the superior's inbox: %q", up)
		}
		if rep := f.audit(); !rep.OK() {
			t.Fatalf("audit after the escalation: %v", rep.Problems)
		}

		// Corrected: gone from every inbox; the other stays due.
		f.do("staff.bth", id, workflow.CorrectViolation, &workflow.CorrectionInput{Inspection: insp, Violation: 1, Correction: "Đã dừng.", Date: "2026-12-16"})
		got, overdue = f.inboxLines("staff.bth")
		if len(got) != 2 || got[0] != id+" implementer 2026-12-21 violation "+v2+" left 3" || overdue != 0 {
			t.Fatalf("after the correction: %q (%d overdue)", got, overdue)
		}
		if up, _ := f.inboxLines("head.hcm"); len(up) != 0 {
			t.Fatalf("the superior's inbox after the correction: %q", up)
		}
		if o := listed(sqlstore.CorrectionsCorrected); len(o) != 1 || o[0] != id+" "+v1+" Thi công ngoài phường. 2026-12-15" {
			t.Fatalf("corrected: %q", o)
		}

		// A deadline moved in the table is named and rebuilt from the log.
		if _, err := f.db.ExecContext(f.ctx, `UPDATE corrective_deadlines SET deadline = '2027-01-31' WHERE proposal_id = $1 AND violation = 2`, id); err != nil {
			t.Fatal(err)
		}
		rep := f.audit()
		if rep.OK() || !slices.Contains(rep.Problems, "corrective_deadlines "+id+" "+v2+": deadline: 2027-01-31, its events give 2026-12-21") {
			t.Fatalf("audit of a moved deadline: %v", rep.Problems)
		}
		fixed, err := f.store.RepairProjection(f.ctx)
		if err != nil || !slices.Contains(fixed.Changed, "corrective_deadlines "+id+" "+v2+": deadline: 2027-01-31, its events give 2026-12-21") {
			t.Fatalf("repair %+v %v", fixed, err)
		}
		if rep := f.audit(); !rep.OK() {
			t.Fatalf("audit after the repair: %v", rep.Problems)
		}

		// The migration that made the rows due items derives the rows a
		// bulk loader left out before it from the events.
		if err := sqlstore.MigrateTo(f.ctx, f.store.DB(), 26); err != nil {
			t.Fatal(err)
		}
		if _, err := f.db.ExecContext(f.ctx, `DELETE FROM corrective_deadlines`); err != nil {
			t.Fatal(err)
		}
		if err := sqlstore.MigrateUp(f.ctx, f.store.DB()); err != nil {
			t.Fatal(err)
		}
		// Going down to 26 also undid the later migrations, among them the
		// one that keeps each case's rule set beside its row (that column
		// comes back empty, and the audit rightly names it): only the
		// corrective deadlines are this migration's to derive.
		for _, p := range f.audit().Problems {
			if strings.HasPrefix(p, "corrective_deadlines") {
				t.Errorf("audit after the migration: %s", p)
			}
		}
	})
}
