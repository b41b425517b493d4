package sqlstore

import (
	"context"
	"crypto/rand"
	"damlam/internal/workflow"
	"encoding/binary"
	"encoding/hex"
	"sync"
	"sync/atomic"
	"time"

	"damlam/internal/calendar"
	"damlam/internal/ledger"
)

// Store is damlam's persistence and its action service: it loads a case,
// asks the workflow whether the step is allowed, writes the business rows
// and the log leaf in one transaction, and returns the receipt.
type Store struct {
	db  *DB
	log *ledger.Log
	now func() time.Time
	// noDocuments: steps issue no official documents (WithoutDocuments).
	noDocuments bool
	// AttachmentDir holds uploaded files by their SHA-256.
	attachmentDir string

	calMu sync.Mutex
	cal   *calendar.Calendar
	calAt time.Time // when cal was read, by the wall clock
	// calendarTTL and narrowShare are Config's CalendarTTL and NarrowShare.
	calendarTTL time.Duration
	narrowShare int64
	// contents are the recently decoded contents (contentcache.go).
	contents *contentCache

	group *groupCommitter
	// ddays is set once decisions made before decision-time counts
	// existed have been counted (counts.go).
	ddays *atomic.Bool
	// reportKept is set once the report's counts hold every step
	// (report_counts.go).
	reportKept *atomic.Bool
	units      *unitsCache
	people     *nameCache
	kept       *readCache
	// histories are the case histories read last (histories.go).
	histories *historyCache
	// asides are what each case's view holds beside its row (aside.go).
	asides *asideCache
	// orgLogged is set once the log is known to record authority
	// (orgstart.go).
	orgLogged *atomic.Bool
	// quiet is Config.Quiet.
	quiet bool
	// reminderDays is Config.ReminderDays.
	reminderDays int
}

// Config wires a Store's dependencies explicitly.
type Config struct {
	Now           func() time.Time
	AttachmentDir string
	// CalendarTTL bounds how long the Store trusts its cached calendar: a
	// day announced through another instance sharing the database is seen
	// within it (this instance's own changes drop the cache at once).
	// Zero means a minute.
	CalendarTTL time.Duration
	// NarrowShare is the share of all proposals (one in NarrowShare) below
	// which a reader's view is walked through the path indexes rather than
	// filtered from everything (list_narrow.go). Zero means 50; a negative
	// value sends every reader through the indexes.
	NarrowShare int64
	// Quiet writes no notices and no mail (notify.go): to measure what
	// telling people costs.
	Quiet bool
	// ReminderDays is how many working days before a due date the first
	// reminder goes out (Remind); zero means workflow.DefaultReminderDays.
	ReminderDays int
}

// New builds a Store over an open database and log.
func New(db *DB, log *ledger.Log, cfg Config) *Store {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.CalendarTTL == 0 {
		cfg.CalendarTTL = time.Minute
	}
	if cfg.NarrowShare == 0 {
		cfg.NarrowShare = 50
	}
	if cfg.ReminderDays <= 0 {
		cfg.ReminderDays = workflow.DefaultReminderDays
	}
	s := &Store{db: db, log: log, now: cfg.Now, attachmentDir: cfg.AttachmentDir, calendarTTL: cfg.CalendarTTL, narrowShare: cfg.NarrowShare, contents: newContentCache(), ddays: &atomic.Bool{}, reportKept: &atomic.Bool{}, units: &unitsCache{}, people: &nameCache{}, kept: &readCache{}, histories: &historyCache{}, asides: &asideCache{}, orgLogged: &atomic.Bool{}, quiet: cfg.Quiet, reminderDays: cfg.ReminderDays}
	s.group = &groupCommitter{db: db, log: log, asides: s.asides}
	return s
}

// DB exposes the handle (for tools such as audit and migration).
func (s *Store) DB() *DB { return s.db }

// Log exposes the ledger.
func (s *Store) Log() *ledger.Log { return s.log }

// Now is the store's clock.
func (s *Store) Now() time.Time { return s.now() }

func newID(prefix string) string {
	var b [10]byte
	rand.Read(b[:])
	return prefix + hex.EncodeToString(b[:])
}

// newSeqID is newID for the rows most decisions write (notices and mail):
// the time in nanoseconds before the random part puts each new id at the
// end of its primary key's index, where SQLite appends to the last page,
// instead of on a random page that it must find, often split, and write
// back with the commit (BenchmarkNoticeIDs: about half the CPU per row on
// a table of tens of thousands of notices).
func newSeqID(prefix string) string {
	var b [12]byte
	binary.BigEndian.PutUint64(b[:8], uint64(time.Now().UnixNano()))
	rand.Read(b[8:])
	return prefix + hex.EncodeToString(b[:])
}

func newPseudonym() string {
	var b [16]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// Calendar returns the working-day calendar with the administrators'
// announced days, cached until they change or Config.CalendarTTL passes.
func (s *Store) Calendar(ctx context.Context) (*calendar.Calendar, error) {
	s.calMu.Lock()
	defer s.calMu.Unlock()
	if s.cal != nil && time.Since(s.calAt) < s.calendarTTL {
		return s.cal, nil
	}
	rows, err := s.db.QueryContext(ctx, `SELECT day, kind, note FROM calendar_days`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	o := calendar.Overrides{DaysOff: map[calendar.Date]string{}, WorkingDays: map[calendar.Date]string{}}
	for rows.Next() {
		var day, kind, note string
		if err := rows.Scan(&day, &kind, &note); err != nil {
			return nil, err
		}
		d, err := calendar.ParseDate(day)
		if err != nil {
			continue
		}
		if kind == "work" {
			o.WorkingDays[d] = note
		} else {
			o.DaysOff[d] = note
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	s.cal, s.calAt = calendar.New(o), time.Now()
	return s.cal, nil
}

func (s *Store) invalidateCalendar() {
	s.calMu.Lock()
	s.cal = nil
	s.calMu.Unlock()
}

// WithClock returns a Store over the same database and log that reads the
// time from now: data generators use it to lay out a history over months.
func (s *Store) WithClock(now func() time.Time) *Store {
	return &Store{db: s.db, log: s.log, now: now, attachmentDir: s.attachmentDir, calendarTTL: s.calendarTTL, narrowShare: s.narrowShare, contents: s.contents, group: s.group, ddays: s.ddays, reportKept: s.reportKept, units: s.units, people: s.people, kept: s.kept, histories: s.histories, asides: s.asides, orgLogged: s.orgLogged, quiet: s.quiet, reminderDays: s.reminderDays}
}

// WithReminderDays is the store with the first reminder days working days
// before a due date (Config.ReminderDays), sharing everything else.
func (s *Store) WithReminderDays(days int) *Store {
	c := s.WithClock(s.now)
	if days > 0 {
		c.reminderDays = days
	}
	return c
}

// Empty reports whether the database holds no units yet.
func (s *Store) Empty(ctx context.Context) (bool, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM units`).Scan(&n)
	return n == 0, err
}
