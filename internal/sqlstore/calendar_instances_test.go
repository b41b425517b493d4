package sqlstore_test

import (
	"damlam/internal/org"
	"testing"
	"time"

	"damlam/internal/calendar"
	"damlam/internal/ledger"
	"damlam/internal/sqlstore"
	"damlam/internal/testdb"
)

// TestDayOffAnnouncedOnAnotherInstance: a day off announced through one
// instance reaches the deadlines another instance computes once its cached
// calendar expires.
func TestDayOffAnnouncedOnAnotherInstance(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dialect, dsn string) {
		a := newFixture(t, dsn)
		db, err := sqlstore.Open(a.ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		lg, err := ledger.Open(a.ctx, db.DB, ledger.Config{Origin: "test.damlam/log", Dialect: db.Dialect, KeyDir: a.keyDir, Now: a.clock.Now})
		if err != nil {
			t.Fatal(err)
		}
		b := sqlstore.New(db, lg, sqlstore.Config{Now: a.clock.Now, CalendarTTL: 50 * time.Millisecond})
		day := calendar.NewDate(2026, time.December, 3) // a Thursday
		before, err := b.Calendar(a.ctx)
		if err != nil || !before.IsWorkingDay(day) {
			t.Fatalf("%v before the announcement: %v", day, err)
		}
		if _, err := a.store.SetCalendarDay(a.ctx, nil, day.String(), sqlstore.CalendarDayInput{Kind: "off", Note: "Nghỉ bù"}, org.Operator); err != nil {
			t.Fatal(err)
		}
		time.Sleep(60 * time.Millisecond)
		after, err := b.Calendar(a.ctx)
		if err != nil || after.IsWorkingDay(day) {
			t.Fatalf("the other instance still counts %v as a working day (%v)", day, err)
		}
	})
}
