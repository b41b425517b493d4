package sqlstore_test

import (
	"damlam/internal/casework"
	"testing"
	"time"

	"damlam/internal/problem"
	"damlam/internal/testdb"
	"damlam/internal/workflow"
)

func TestDecisionDeadlineCountsWorkingDays(t *testing.T) {
	cases := []struct {
		name      string
		submitted time.Time
		due       string
	}{
		// Thursday 26/11/2026: Fri 27, Mon 30, Tue 1, Wed 2, Thu 3, Fri 4, Mon 7.
		{"skips a weekend", time.Date(2026, 11, 26, 10, 0, 0, 0, ict), "2026-12-07"},
		// Thursday 12/02/2026, before Tết Bính Ngọ (17/02/2026): the Tết
		// days off (16–20/02) and two weekends do not count.
		{"skips Tết", time.Date(2026, 2, 12, 9, 0, 0, 0, ict), "2026-03-02"},
		// Late evening in Vietnam is still the same civil day.
		{"counts in Vietnam's time", time.Date(2026, 11, 26, 23, 30, 0, 0, ict), "2026-12-07"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t, testdb.SQLite(t))
			id := f.draft("staff.bth", "BTH")
			f.clock.Set(c.submitted)
			f.do("staff.bth", id, workflow.Submit, nil)
			if got := f.view(id).DueDate; got != c.due {
				t.Fatalf("due %s, want %s", got, c.due)
			}
		})
	}
}

func TestOverdueCaseIsEscalatedToTheSuperiorHeadOnce(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dialect, dsn string) {
		f := newFixture(t, dsn)
		id := f.draft("staff.bth", "BTH")
		f.do("staff.bth", id, workflow.Submit, nil) // due 07/12/2026
		f.clock.Set(time.Date(2026, 12, 7, 16, 0, 0, 0, ict))
		if escs, err := casework.New(f.store).EscalateOverdue(f.ctx); err != nil || len(escs) != 0 {
			t.Fatalf("escalated on the due date itself: %v %v", escs, err)
		}
		f.clock.Set(time.Date(2026, 12, 8, 8, 0, 0, 0, ict))
		escs, err := casework.New(f.store).EscalateOverdue(f.ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(escs) != 1 || escs[0].ProposalID != id || len(escs[0].Notified) != 1 || escs[0].Notified[0] != "head.hcm" {
			t.Fatalf("escalations %+v", escs)
		}
		if again, _ := casework.New(f.store).EscalateOverdue(f.ctx); len(again) != 0 {
			t.Fatalf("escalated twice: %+v", again)
		}
		notes, err := f.store.Notifications(f.ctx, "head.hcm")
		if err != nil || len(notes) != 1 || notes[0].ProposalID != id || notes[0].Kind != "escalation" {
			t.Fatalf("superior's notifications: %+v %v", notes, err)
		}
		if err := f.store.MarkNotificationRead(f.ctx, "head.bth", notes[0].ID); problem.KindOf(err) != problem.NotFound {
			t.Fatalf("someone else marked the superior's notification: %v", err)
		}
		if err := f.store.MarkNotificationRead(f.ctx, "head.hcm", notes[0].ID); err != nil {
			t.Fatal(err)
		}
		if notes, _ := f.store.Notifications(f.ctx, "head.hcm"); len(notes) != 1 || !notes[0].Read {
			t.Fatalf("after reading: %+v", notes)
		}
		inbox, err := f.store.Inbox(f.ctx, f.people["head.hcm"])
		if err != nil || len(inbox) != 1 || inbox[0].ID != id || inbox[0].As != workflow.WhoSuperior || !inbox[0].Overdue {
			t.Fatalf("the superior's inbox: %+v %v", inbox, err)
		}
		v := f.view(id)
		last := v.History[len(v.History)-1]
		if last.Type != "deadline.escalated" || last.Actor.ID != "system" || !v.Overdue {
			t.Fatalf("last event %+v overdue %v", last, v.Overdue)
		}
		// The 7 days run from receipt until the collective decides: after the
		// head convenes, the case still waits (now on the Party committee)
		// and is still late, so this new waiting spell is escalated too.
		f.do("head.bth", id, workflow.Convene, nil)
		if v := f.view(id); !v.Overdue || v.DueDate != "2026-12-07" {
			t.Fatalf("after convening: due %s overdue %v", v.DueDate, v.Overdue)
		}
		if again, _ := casework.New(f.store).EscalateOverdue(f.ctx); len(again) != 1 {
			t.Fatalf("new waiting spell not escalated: %+v", again)
		}
		if rep := f.audit(); !rep.OK() {
			t.Fatalf("audit: %v", rep.Problems)
		}
	})
}
