package sqlstore_test

import (
	"bytes"
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"damlam/internal/clock"
	"damlam/internal/ledger"
	"damlam/internal/org"
	"damlam/internal/proof"
	"damlam/internal/sqlstore"
	"damlam/internal/testdb"
	"damlam/internal/workflow"
)

var authorityScope = &proof.Scope{Units: []string{"BTH"}, Start: "2026-12-01", End: "2027-02-28", BudgetVND: 100_000_000}

// verifyDossier exports the case's dossier, reads it back from its zip
// and verifies it with the log's keys.
func verifyDossier(t *testing.T, f *fixture, id string) (*proof.Dossier, proof.Report) {
	t.Helper()
	d, err := f.store.DossierAsSystem(f.ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := d.WriteZip(&buf); err != nil {
		t.Fatal(err)
	}
	rd, err := proof.ReadZip(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	vs, err := f.store.Log().Verifiers(f.ctx)
	if err != nil {
		t.Fatal(err)
	}
	return rd, proof.Verify(rd, vs)
}

func claimOf(t *testing.T, rep proof.Report, id string) proof.Claim {
	t.Helper()
	for _, c := range rep.Claims {
		if c.ID == id {
			return c
		}
	}
	t.Fatalf("no claim %s in %+v", id, rep.Claims)
	return proof.Claim{}
}

// TestDossierShowsDecidersHeldTheirSeats: a case's dossier carries the
// authority chains of everyone who convened, gave the Party's opinion,
// voted and approved, and the verifier finds each held the seat or role
// when deciding, a seat given up after the decision included.
func TestDossierShowsDecidersHeldTheirSeats(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dialect, dsn string) {
		f := newFixture(t, dsn)
		id := f.approve(authorityScope)
		if err := f.store.RemoveSeat(f.ctx, nil, "dep2.bth", "BTH", org.Operator); err != nil {
			t.Fatal(err)
		}
		d, rep := verifyDossier(t, f, id)
		if rep.Overall() != proof.Holds || len(rep.Claims) != 10 {
			t.Fatalf("%v: %+v", rep.Overall(), rep.Claims)
		}
		c := claimOf(t, rep, proof.ClaimAuthority)
		t.Logf("%s\n%s\n%s", c.EN, c.Detail, c.DetailVI)
		// Convened, the Party's opinion, three votes, the approval.
		if n := strings.Count(c.Detail, "Decision "); n != 6 {
			t.Errorf("%d decisions checked:\n%s", n, c.Detail)
		}
		chains := map[string]int{}
		for _, leaf := range d.Authority {
			e, err := proof.ParseEntry(leaf)
			if err != nil {
				t.Fatal(err)
			}
			chains[e.Case]++
		}
		for who, n := range map[string]int{"head.bth": 1, "dep1.bth": 1, "dep2.bth": 2, "party.bth": 2} {
			if got := chains[proof.AuthorityChain("BTH", f.people[who].Pseudonym)]; got != n {
				t.Errorf("%s: %d authority leaves, want %d (%v)", who, got, n, chains)
			}
		}
		if chains[proof.RecordingChain] != 1 || len(chains) != 5 {
			t.Errorf("chains in the dossier: %v", chains)
		}
	})
}

// TestDossierNamesADeciderSeatedBehindTheLog: a seat written into the
// table behind the service's back lets its holder vote, but the dossier
// shows that no entry of the log seated them, and the audit names the row.
func TestDossierNamesADeciderSeatedBehindTheLog(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dialect, dsn string) {
		f := newFixture(t, dsn)
		id := f.draft("staff.bth", "BTH")
		f.do("staff.bth", id, workflow.Submit, nil)
		// Before the convening, which seats the collective from the table.
		if _, err := f.db.ExecContext(f.ctx, `INSERT INTO positions (person_id, unit_id, position) VALUES ('head.gd', 'BTH', 'deputy')`); err != nil {
			t.Fatal(err)
		}
		f.do("head.bth", id, workflow.Convene, nil)
		f.do("party.bth", id, workflow.GivePartyOpinion, &workflow.PartyOpinionInput{Opinion: "agree", Text: "Đồng ý."})
		p, err := f.store.Person(f.ctx, "head.gd")
		if err != nil {
			t.Fatal(err)
		}
		f.people["head.gd"] = p
		res := f.do("head.gd", id, workflow.CastVote, &workflow.VoteInput{Ballot: workflow.Yes})
		_, rep := verifyDossier(t, f, id)
		c := claimOf(t, rep, proof.ClaimAuthority)
		want := "Decision " + strconv.FormatInt(res.Event.LogIndex, 10) + " (collective.vote): no entry shows that " + p.Pseudonym[:12]
		if c.Status != proof.Fails || !strings.Contains(c.Detail, want) {
			t.Errorf("%v, want it to fail saying %q:\n%s", c.Status, want, c.Detail)
		}
		audit := strings.Join(f.audit().Problems, "\n")
		if !strings.Contains(audit, "positions head.gd/BTH: position deputy, no entry in the log seats them there") {
			t.Errorf("audit:\n%s", audit)
		}
	})
}

// TestOrgFromBeforeTheLogIsRecorded: a database whose organisation was
// written before the log recorded authority gets it recorded at start,
// after a marker; the audit is clean, a decision made before the marker
// "cannot be checked" and one made after it holds.
func TestOrgFromBeforeTheLogIsRecorded(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dialect, dsn string) {
		f := bareFixture(t, dsn)
		for _, q := range []string{
			`INSERT INTO units (id, parent_id, name, name_fold, kind, party_committee, path, created_at) VALUES
				('VN', NULL, 'Việt Nam', 'viet nam', 'nation', '', '/VN/', '2025-01-01T00:00:00.000000000Z'),
				('BTH', 'VN', 'Phường Bình Thạnh', 'phuong binh thanh', 'ward', 'Đảng ủy phường', '/VN/BTH/', '2025-01-01T00:00:00.000000000Z')`,
			`INSERT INTO people (id, name, name_fold, email, password_hash, pseudonym, created_at) VALUES
				('head.bth', 'Người A', 'nguoi a', 'a@test.vn', '', 'a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0', '2025-01-01T00:00:00.000000000Z'),
				('staff.bth', 'Người B', 'nguoi b', 'b@test.vn', '', 'b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0', '2025-01-01T00:00:00.000000000Z'),
				('party.bth', 'Người C', 'nguoi c', 'c@test.vn', '', 'c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0', '2025-01-01T00:00:00.000000000Z')`,
			`INSERT INTO positions (person_id, unit_id, position) VALUES ('head.bth', 'BTH', 'head'), ('staff.bth', 'BTH', 'staff'), ('party.bth', 'BTH', 'staff')`,
			`INSERT INTO grants (person_id, role, unit_id) VALUES ('party.bth', 'party_committee', 'BTH')`,
			`INSERT INTO calendar_days (day, kind, note) VALUES ('2026-12-31', 'off', 'Nghỉ bù')`,
		} {
			if _, err := f.db.ExecContext(f.ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		for _, id := range []string{"head.bth", "staff.bth", "party.bth"} {
			p, err := f.store.Person(f.ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			f.people[id] = p
		}
		old := f.decided()
		if err := f.store.StartOrgLog(f.ctx); err != nil {
			t.Fatal(err)
		}
		if err := f.store.StartOrgLog(f.ctx); err != nil { // once only
			t.Fatal(err)
		}
		var n int
		f.db.QueryRowContext(f.ctx, `SELECT count(*) FROM org_events`).Scan(&n)
		if n != 1+2+3+3+1+1 {
			t.Errorf("%d org events recorded", n)
		}
		if rep := f.audit(); !rep.OK() {
			t.Fatalf("audit: %v", rep.Problems)
		}
		fresh := f.decided()
		_, rep := verifyDossier(t, f, old)
		if c := claimOf(t, rep, proof.ClaimAuthority); c.Status != proof.CannotTell || !strings.Contains(c.Detail, "precedes the log's record of authority") {
			t.Errorf("the case decided before the marker: %v\n%s", c.Status, c.Detail)
		}
		_, rep = verifyDossier(t, f, fresh)
		if c := claimOf(t, rep, proof.ClaimAuthority); c.Status != proof.Holds {
			t.Errorf("the case decided after the marker: %v\n%s", c.Status, c.Detail)
		}
	})
}

// decided takes a draft of staff.bth through the head's decision alone
// (the ward has no deputies: the head's vote is the collective's).
func (f *fixture) decided() string {
	f.t.Helper()
	id := f.draft("staff.bth", "BTH")
	f.do("staff.bth", id, workflow.Submit, nil)
	f.do("head.bth", id, workflow.Convene, nil)
	f.do("party.bth", id, workflow.GivePartyOpinion, &workflow.PartyOpinionInput{Opinion: "agree", Text: "Đồng ý."})
	f.do("head.bth", id, workflow.CastVote, &workflow.VoteInput{Ballot: workflow.Yes})
	f.do("head.bth", id, workflow.ApprovePilot, &workflow.ApprovePilotInput{Scope: authorityScope})
	return id
}

// bareFixture is newFixture without the seeding.
func bareFixture(t *testing.T, dsn string) *fixture {
	f := &fixture{t: t, ctx: context.Background(), clock: &clock.Settable{}, people: map[string]*org.Person{}, keyDir: t.TempDir()}
	f.clock.Set(time.Date(2026, 11, 26, 10, 0, 0, 0, ict))
	db, err := sqlstore.Open(f.ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	f.db = db
	lg, err := ledger.Open(f.ctx, db.DB, ledger.Config{Origin: "test.damlam/log", Dialect: db.Dialect, KeyDir: f.keyDir, Now: f.clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	f.store = sqlstore.New(db, lg, sqlstore.Config{Now: f.clock.Now, AttachmentDir: t.TempDir()})
	return f
}
