package sqlstore_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"damlam/internal/casework"
	"damlam/internal/sqlstore"
	"damlam/internal/testdb"
	"damlam/internal/workflow"
)

// remind runs the reminders on day d (Vietnamese time, 08:00) and lists
// them as case:kind:people.
func (f *fixture) remind(d time.Time) []string {
	f.t.Helper()
	f.clock.Set(d)
	rs, err := f.store.Remind(f.ctx)
	if err != nil {
		f.t.Fatal(err)
	}
	var out []string
	for _, r := range rs {
		s := r.ProposalID + ":" + r.Kind + ":"
		for i, p := range r.Notified {
			if i > 0 {
				s += ","
			}
			s += p
		}
		out = append(out, s)
	}
	return out
}

func day(m time.Month, d int) time.Time { return time.Date(2026, m, d, 8, 0, 0, 0, ict) }

func TestRemindersTwoWorkingDaysBeforeAndOnTheDayThenEscalation(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dialect, dsn string) {
		f := newFixture(t, dsn)
		// Submitted Thursday 26/11/2026: due Monday 07/12/2026.
		a := f.draft("staff.bth", "BTH")
		f.do("staff.bth", a, workflow.Submit, nil)
		b := f.draft("staff.bth", "BTH")
		f.do("staff.bth", b, workflow.Submit, nil)
		f.clock.Set(day(12, 1))
		f.do("head.bth", b, workflow.Convene, nil) // b now waits on the Party committee, due the same day
		if got := f.remind(day(12, 2)); len(got) != 0 {
			t.Fatalf("three working days before: %v", got)
		}
		got := f.remind(day(12, 3))
		if !slices.Equal(got, []string{a + ":before:head.bth", b + ":before:party.bth,head.bth"}) {
			t.Fatalf("two working days before: %v", got)
		}
		if sent := f.deliverAll(); sent[a+":remind_before:head.bth"] != 1 || sent[b+":remind_before:party.bth"] != 1 {
			t.Fatalf("before reminders sent %v", sent)
		}
		if again := f.remind(day(12, 3)); len(again) != 0 {
			t.Fatalf("reminded twice: %v", again)
		}
		if again := f.remind(day(12, 4)); len(again) != 0 {
			t.Fatalf("reminded twice the next day: %v", again)
		}
		// Saturday and Sunday: nothing new.
		if again := f.remind(day(12, 5)); len(again) != 0 {
			t.Fatalf("reminded on the weekend: %v", again)
		}
		// Monday morning b's opinion is given: the case moves on, and its
		// reminder of the day is for the collective, not the Party committee.
		f.clock.Set(day(12, 7).Add(-time.Hour))
		f.do("party.bth", b, workflow.GivePartyOpinion, &workflow.PartyOpinionInput{Opinion: "agree", Text: "Đồng ý."})
		f.do("dep1.bth", b, workflow.CastVote, &workflow.VoteInput{Ballot: workflow.Yes})
		got = f.remind(day(12, 7))
		if !slices.Equal(got, []string{a + ":due_day:head.bth", b + ":due_day:head.bth,dep2.bth"}) {
			t.Fatalf("on the due day: %v", got)
		}
		notes, _ := f.store.NotificationsWhere(f.ctx, "head.bth", sqlstore.FilterUnread, 1)
		if n := notes[0]; !n.Urgent || n.Kind != "remind_due_day" || n.Message.VI != "Nhắc việc: hôm nay 07/12/2026 là hạn xử lý đề xuất "+n.ProposalID+": Vận động Nhân dân góp vốn làm đường hẻm" {
			t.Fatalf("the due day's reminder %+v", n)
		}
		// The head convenes on a before its mail goes: that reminder is dropped.
		f.do("head.bth", a, workflow.Convene, nil)
		sent := f.deliverAll()
		if sent[a+":remind_due_day:head.bth"] != 0 || sent[b+":remind_due_day:dep2.bth"] != 1 || sent[a+":remind_before:head.bth"] != 0 {
			t.Fatalf("sent %v", sent)
		}
		// After the due date: no reminder, the escalation instead.
		if got := f.remind(day(12, 8)); len(got) != 0 {
			t.Fatalf("reminded after the due date: %v", got)
		}
		escs, err := casework.New(f.store).EscalateOverdue(f.ctx)
		if err != nil || len(escs) != 2 {
			t.Fatalf("escalations %+v %v", escs, err)
		}
	})
}

// deliverAll sends every due row of the outbox, counting case:kind:person.
func (f *fixture) deliverAll() map[string]int {
	f.t.Helper()
	sent := map[string]int{}
	for {
		_, err := f.store.DeliverOne(f.ctx, func(_ context.Context, m sqlstore.Mail) error {
			sent[m.ProposalID+":"+m.Kind+":"+m.PersonID]++
			return nil
		})
		if errors.Is(err, sqlstore.ErrNoMail) {
			return sent
		}
		if err != nil {
			f.t.Fatal(err)
		}
	}
}

// A violation's corrective deadline is reminded to the implementer two
// working days before and on the day, until it is corrected.
func TestCorrectiveDeadlinesAreReminded(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dialect, dsn string) {
		f := newFixture(t, dsn)
		id := f.approve(fullContent("BTH").Pilot)
		f.do("head.bth", id, workflow.AllocateResources, &workflow.ResourcesInput{MoneyVND: 1, Source: "Ngân sách"})
		f.clock.Set(day(12, 10))
		insp := f.do("inspector", id, workflow.Inspect, &workflow.InspectInput{Date: "2026-12-10", Findings: "Hai vi phạm.",
			Violations: []workflow.Violation{
				{Description: "Thi công ngoài phường.", CorrectiveAction: "Dừng thi công.", Deadline: "2026-12-21"},
				{Description: "Thiếu biển báo.", CorrectiveAction: "Đặt biển báo.", Deadline: "2026-12-21"},
			}})
		if got := f.told(id)["staff.bth"]; !slices.Contains(got, "inspected") {
			t.Fatalf("the implementer was not told of the inspection: %v", got)
		}
		// Monday 21/12/2026: two working days before is Thursday 17/12.
		if got := f.remind(day(12, 16)); len(got) != 0 {
			t.Fatalf("three working days before: %v", got)
		}
		got := f.remind(day(12, 17))
		if !slices.Equal(got, []string{id + ":violation_before:staff.bth", id + ":violation_before:staff.bth"}) {
			t.Fatalf("two working days before: %v", got)
		}
		if again := f.remind(day(12, 18)); len(again) != 0 {
			t.Fatalf("reminded twice: %v", again)
		}
		seq := insp.Event.Seq
		f.do("staff.bth", id, workflow.CorrectViolation, &workflow.CorrectionInput{Inspection: seq, Violation: 1, Correction: "Đã dừng.", Date: "2026-12-18"})
		got = f.remind(day(12, 21))
		if !slices.Equal(got, []string{id + ":violation_due_day:staff.bth"}) {
			t.Fatalf("on the day, only the open violation: %v", got)
		}
		notes, _ := f.store.NotificationsWhere(f.ctx, "staff.bth", sqlstore.FilterUnread, 1)
		if n := notes[0]; !n.Urgent || n.Message.VI != "Nhắc việc: hôm nay 21/12/2026 là hạn khắc phục vi phạm trong đề xuất "+id+": Vận động Nhân dân góp vốn làm đường hẻm" {
			t.Fatalf("the day's reminder %+v", n)
		}
	})
}

// TestReminderDaysAreTheDeployments: a deployment that reminds three
// working days ahead sends the first reminder a day earlier than the
// default, and still only once.
func TestReminderDaysAreTheDeployments(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dialect, dsn string) {
		f := newFixture(t, dsn)
		// Submitted Thursday 26/11/2026: due Monday 07/12/2026.
		a := f.draft("staff.bth", "BTH")
		f.do("staff.bth", a, workflow.Submit, nil)
		f.clock.Set(day(12, 2))
		if rs, err := f.store.Remind(f.ctx); err != nil || len(rs) != 0 {
			t.Fatalf("three working days before, by default: %v %v", rs, err)
		}
		early := f.store.WithReminderDays(3)
		rs, err := early.Remind(f.ctx)
		if err != nil || len(rs) != 1 || rs[0].ProposalID != a || rs[0].Kind != workflow.RemindBefore {
			t.Fatalf("three working days before, with three days configured: %+v %v", rs, err)
		}
		if again, err := early.Remind(f.ctx); err != nil || len(again) != 0 {
			t.Fatalf("reminded twice: %+v %v", again, err)
		}
		f.clock.Set(day(12, 3))
		if later, err := f.store.Remind(f.ctx); err != nil || len(later) != 0 {
			t.Fatalf("the default's day sends the reminder again: %+v %v", later, err)
		}
	})
}
