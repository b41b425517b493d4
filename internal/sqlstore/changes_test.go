package sqlstore_test

import (
	"database/sql"
	"strings"
	"testing"
	"time"

	"damlam/internal/problem"
	"damlam/internal/sqlstore"
	"damlam/internal/testdb"
	"damlam/internal/workflow"
)

// TestKeptAnswersFollowEveryChange: what pages ask on every request
// (session, navigation counts) is kept between changes of the database,
// and a change made anywhere — by this store, or by another connection as
// a command-line tool would — is seen on the next request.
func TestKeptAnswersFollowEveryChange(t *testing.T) {
	dsn := testdb.SQLite(t)
	f := newFixture(t, dsn)
	head := f.people["head.bth"]
	count := func() int {
		t.Helper()
		n, err := f.store.InboxCount(f.ctx, head)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := count()
	if again := count(); again != before {
		t.Fatalf("count moved without a change: %d, %d", before, again)
	}
	total := func() int {
		t.Helper()
		d, err := f.store.Dashboard(f.ctx, f.people["head.hcm"], "")
		if err != nil {
			t.Fatal(err)
		}
		d.ByState = append(d.ByState[:0], sqlstore.Count{Key: "changed by a caller"})
		return d.Total
	}
	drafts := total()
	if again := total(); again != drafts {
		t.Fatalf("dashboard moved without a change: %d, %d", drafts, again)
	}
	id := f.draft("staff.bth", "BTH")
	if n := total(); n != drafts+1 {
		t.Fatalf("dashboard after a new draft: %d, want %d", n, drafts+1)
	}
	f.do("staff.bth", id, workflow.Submit, nil)
	if n := count(); n != before+1 {
		t.Fatalf("after a submission to the head: %d, want %d", n, before+1)
	}

	token, err := f.store.IssueToken(f.ctx, "head.bth", sqlstore.TokenSession, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		p, err := f.store.Authenticate(f.ctx, token)
		if err != nil || p.ID != "head.bth" || len(p.Seats) != 1 {
			t.Fatalf("authenticate: %+v %v", p, err)
		}
		p.Seats = append(p.Seats[:0], p.Seats[0]) // callers may change their copy
		p.Seats[0].UnitID = "elsewhere"
	}
	// Another connection to the same file, as the command line would.
	other, err := sql.Open("sqlite", strings.TrimPrefix(dsn, "sqlite:"))
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if _, err := other.Exec(`UPDATE proposals SET state = 'WITHDRAWN' WHERE id = $1`, id); err != nil {
		t.Fatal(err)
	}
	if n := count(); n != before {
		t.Fatalf("after another connection withdrew the case: %d, want %d", n, before)
	}
	if _, err := other.Exec(`DELETE FROM tokens`); err != nil {
		t.Fatal(err)
	}
	if _, err := f.store.Authenticate(f.ctx, token); problem.KindOf(err) != problem.Unauthenticated {
		t.Fatalf("a token deleted elsewhere still signs in: %v", err)
	}
}
