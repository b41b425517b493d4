package sqlstore_test

import (
	"context"
	"strings"
	"testing"

	"damlam/internal/org"
	"damlam/internal/problem"
	"damlam/internal/proof"
	"damlam/internal/sqlstore"
	"damlam/internal/testdb"
)

// orgChanges are the ways the organisation changes after the fixture's
// seeding, each with the leaf types it must log (none: a no-op).
var orgChanges = []struct {
	name string
	do   func(f *fixture) error
	want []string
}{
	{"unit created", func(f *fixture) error {
		_, err := f.store.CreateUnit(f.ctx, nil, sqlstore.UnitInput{ID: "TD", ParentID: "HCM", Name: "Phường Tân Định", Kind: "ward", PartyCommittee: "Đảng ủy phường Tân Định"}, org.Operator)
		return err
	}, []string{proof.TypeUnitCreated}},
	{"person created with a seat and a role", func(f *fixture) error {
		_, err := f.store.CreatePerson(f.ctx, nil, sqlstore.PersonInput{ID: "party2.bth", Name: "Người mới", Email: "party2.bth@test.vn",
			Seats: []sqlstore.SeatInput{{UnitID: "BTH", Position: org.Staff}}, Grants: []sqlstore.GrantInput{{Role: org.Inspector, UnitID: "BTH"}}}, org.Operator)
		return err
	}, []string{proof.TypePersonCreated, proof.TypeSeated, proof.TypeGranted}},
	{"a deputy seated in another ward too", func(f *fixture) error {
		return f.store.AddGrant(f.ctx, nil, "dep2.bth", &sqlstore.SeatInput{UnitID: "GD", Position: org.Deputy}, nil, org.Operator)
	}, []string{proof.TypeSeated}},
	{"position changed", func(f *fixture) error {
		return f.store.AddGrant(f.ctx, nil, "staff.bth", &sqlstore.SeatInput{UnitID: "BTH", Position: org.Deputy}, nil, org.Operator)
	}, []string{proof.TypeSeated}},
	{"same position again", func(f *fixture) error {
		return f.store.AddGrant(f.ctx, nil, "dep1.bth", &sqlstore.SeatInput{UnitID: "BTH", Position: org.Deputy}, nil, org.Operator)
	}, nil},
	{"role granted", func(f *fixture) error {
		return f.store.AddGrant(f.ctx, nil, "staff.bth", nil, &sqlstore.GrantInput{Role: org.Secretariat, UnitID: "BTH"}, org.Operator)
	}, []string{proof.TypeGranted}},
	{"role granted again", func(f *fixture) error {
		return f.store.AddGrant(f.ctx, nil, "party.bth", nil, &sqlstore.GrantInput{Role: org.PartyCommittee, UnitID: "BTH"}, org.Operator)
	}, nil},
	{"role revoked", func(f *fixture) error {
		return f.store.RemoveGrant(f.ctx, nil, "reward", org.RewardOfficer, "HCM", org.Operator)
	}, []string{proof.TypeRevoked}},
	{"unseated", func(f *fixture) error { return f.store.RemoveSeat(f.ctx, nil, "head.gd", "GD", org.Operator) }, []string{proof.TypeUnseated}},
	{"day off announced", func(f *fixture) error {
		_, err := f.store.SetCalendarDay(f.ctx, nil, "2026-12-31", sqlstore.CalendarDayInput{Kind: "off", Note: "Nghỉ bù"}, org.Operator)
		return err
	}, []string{proof.TypeDaySet}},
	{"the same day announced again", func(f *fixture) error {
		_, err := f.store.SetCalendarDay(f.ctx, nil, "2026-12-31", sqlstore.CalendarDayInput{Kind: "off", Note: " Nghỉ bù "}, org.Operator)
		return err
	}, nil},
	{"working day announced", func(f *fixture) error {
		_, err := f.store.SetCalendarDay(f.ctx, nil, "2027-01-02", sqlstore.CalendarDayInput{Kind: "work", Note: "Làm bù"}, org.Operator)
		return err
	}, []string{proof.TypeDaySet}},
	{"announcement withdrawn", func(f *fixture) error {
		_, err := f.store.SetCalendarDay(f.ctx, nil, "2027-01-02", sqlstore.CalendarDayInput{}, org.Operator)
		return err
	}, []string{proof.TypeDayCleared}},
	{"nothing to withdraw", func(f *fixture) error {
		_, err := f.store.SetCalendarDay(f.ctx, nil, "2027-01-03", sqlstore.CalendarDayInput{}, org.Operator)
		return err
	}, nil},
	{"units imported", func(f *fixture) error {
		_, err := f.store.ImportUnits(f.ctx, nil, strings.NewReader("id,parent_id,name,kind,party_committee\nBQ,HCM,Phường Bàn Cờ,ward,\nBQ1,BQ,Khu phố 1,agency,\n"), org.Operator)
		return err
	}, []string{proof.TypeUnitCreated, proof.TypeUnitCreated}},
	{"people imported", func(f *fixture) error {
		_, err := f.store.ImportPeople(f.ctx, nil, strings.NewReader("id,name,email,unit_id,position,roles\nhead.bq,Người A,head.bq@test.vn,BQ,head,\nparty.bq,Người B,party.bq@test.vn,BQ,staff,party_committee\n"), org.Operator)
		return err
	}, []string{proof.TypePersonCreated, proof.TypeSeated, proof.TypePersonCreated, proof.TypeSeated, proof.TypeGranted}},
	{"a name that is not UTF-8 is refused", func(f *fixture) error {
		// Its record is JSON, which would not give back the digest.
		_, err := f.store.CreateUnit(f.ctx, nil, sqlstore.UnitInput{ID: "CD", ParentID: "HCM", Name: "Đặc khu", Kind: "special_zone", PartyCommittee: "Đảng ủy \xc4"}, org.Operator)
		if problem.KindOf(err) != problem.Invalid {
			f.t.Errorf("a Party committee named in broken UTF-8: %v", err)
		}
		return nil
	}, nil},
	{"a refused import logs nothing", func(f *fixture) error {
		_, err := f.store.ImportPeople(f.ctx, nil, strings.NewReader("id,name,email,unit_id,position,roles\nok.bq,Người C,ok.bq@test.vn,BQ,staff,\nbad,,bad,NOWHERE,boss,\n"), org.Operator)
		if err == nil {
			f.t.Error("a file with a bad line was imported")
		}
		return nil
	}, nil},
}

// TestOrgChangesAreLogged: every change to the organisation appends its
// authority leaves in the same transaction, with digests instead of names,
// and the audit stays clean after each.
func TestOrgChangesAreLogged(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dialect, dsn string) {
		f := newFixture(t, dsn)
		kinds := orgKinds(t, f)
		// The fixture's 4 units and 10 people (13 seats and grants) came
		// after the marker that the log records authority.
		if len(kinds) != 1+4+10+14 || kinds[0] != proof.TypeRecordingStarted {
			t.Fatalf("seeding logged %d facts: %v", len(kinds), kinds)
		}
		for _, c := range orgChanges {
			before := len(orgKinds(t, f))
			if err := c.do(f); err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			got := orgKinds(t, f)[before:]
			if strings.Join(got, " ") != strings.Join(c.want, " ") {
				t.Errorf("%s logged %v, want %v", c.name, got, c.want)
			}
			if rep := f.audit(); !rep.OK() {
				t.Fatalf("after %s the audit says %v", c.name, rep.Problems)
			}
		}
		// No leaf carries a name, an e-mail address or a note in clear.
		rows, err := f.db.QueryContext(f.ctx, `SELECT leaf FROM ledger_leaves`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var leaf []byte
			rows.Scan(&leaf)
			for _, clear := range []string{"Người", "@test.vn", "Phường", "Nghỉ bù", "Đảng ủy"} {
				if strings.Contains(string(leaf), clear) {
					t.Errorf("a leaf carries %q:\n%s", clear, leaf)
				}
			}
		}
	})
}

// orgKinds lists the kinds of org_events in log order, checking that each
// row's leaf is the log's leaf at its index, on its chain.
func orgKinds(t *testing.T, f *fixture) []string {
	t.Helper()
	rows, err := f.db.QueryContext(f.ctx, `SELECT e.kind, e.chain, l.case_id, l.leaf FROM org_events e
		LEFT JOIN ledger_leaves l ON l.idx = e.log_index ORDER BY e.log_index`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var kind, chain string
		var caseID *string
		var leaf []byte
		if err := rows.Scan(&kind, &chain, &caseID, &leaf); err != nil {
			t.Fatal(err)
		}
		e, err := proof.ParseEntry(leaf)
		if caseID == nil || *caseID != chain || err != nil || e.Type != kind || !proof.IsAuthorityChain(chain) {
			t.Fatalf("org event %s on %s: leaf %s (%v)", kind, chain, leaf, err)
		}
		out = append(out, kind)
	}
	return out
}

// orgTampers change one org table behind the service's back; the audit
// must name the row and column (every string in want).
var orgTampers = []struct {
	name string
	sql  []string
	want []string
}{
	{"units.name", []string{`UPDATE units SET name = 'Phường Bình Thạnh Mới' WHERE id = 'BTH'`},
		[]string{`units BTH: name: Phường Bình Thạnh Mới, the log says "Phường Bình Thạnh"`}},
	{"units.name_fold", []string{`UPDATE units SET name_fold = 'x' WHERE id = 'BTH'`}, []string{"units BTH: name_fold: x"}},
	{"units.parent_id", []string{`UPDATE units SET parent_id = 'VN' WHERE id = 'BTH'`}, []string{"units BTH: parent_id: VN, the log says HCM"}},
	{"units.path", []string{`UPDATE units SET path = '/VN/BTH/' WHERE id = 'BTH'`}, []string{"units BTH: path: /VN/BTH/, the log says /VN/HCM/BTH/"}},
	{"units.kind", []string{`UPDATE units SET kind = 'commune' WHERE id = 'BTH'`}, []string{"units BTH: kind: commune, the log says ward"}},
	{"units.party_committee", []string{`UPDATE units SET party_committee = 'Đảng ủy khác' WHERE id = 'BTH'`},
		[]string{`units BTH: party_committee: Đảng ủy khác, the log says ""`}},
	{"unit inserted", []string{`INSERT INTO units (id, parent_id, name, name_fold, kind, party_committee, path, created_at)
		VALUES ('X', 'HCM', 'Phường X', 'phuong x', 'ward', '', '/VN/HCM/X/', '2026-01-01T00:00:00.000000000Z')`},
		[]string{"units X: no org.unit_created entry in the log records it"}},
	{"people.name", []string{`UPDATE people SET name = 'Người khác' WHERE id = 'dep1.bth'`},
		[]string{`people dep1.bth: name: Người khác, the log says "Người dep1.bth"`}},
	{"people.email", []string{`UPDATE people SET email = 'x@test.vn' WHERE id = 'dep1.bth'`}, []string{"people dep1.bth: email: x@test.vn"}},
	{"people.pseudonym", []string{`UPDATE people SET pseudonym = 'ffffffffffffffffffffffffffffffff' WHERE id = 'dep1.bth'`},
		[]string{"people dep1.bth: pseudonym: ffffffffffffffffffffffffffffffff, the log says "}},
	{"person inserted", []string{`INSERT INTO people (id, name, name_fold, email, password_hash, pseudonym, created_at)
		VALUES ('ghost', 'Ma', 'ma', 'ghost@test.vn', '', 'eeee', '2026-01-01T00:00:00.000000000Z')`},
		[]string{"people ghost: no org.person_created entry"}},
	{"positions.position", []string{`UPDATE positions SET position = 'head' WHERE person_id = 'dep1.bth' AND unit_id = 'BTH'`},
		[]string{"positions dep1.bth/BTH: position: head, the log says deputy"}},
	{"positions row deleted", []string{`DELETE FROM positions WHERE person_id = 'dep1.bth' AND unit_id = 'BTH'`},
		[]string{"positions dep1.bth/BTH: the log seats them as deputy"}},
	{"positions row inserted", []string{`INSERT INTO positions (person_id, unit_id, position) VALUES ('head.gd', 'BTH', 'head')`},
		[]string{"positions head.gd/BTH: position head, no entry in the log seats them there"}},
	{"grants row deleted", []string{`DELETE FROM grants WHERE person_id = 'party.bth'`},
		[]string{"grants party.bth/party_committee/BTH: granted in the log"}},
	{"grants row inserted", []string{`INSERT INTO grants (person_id, role, unit_id) VALUES ('staff.bth', 'party_committee', 'BTH')`},
		[]string{"grants staff.bth/party_committee/BTH: no entry in the log grants it"}},
	{"grants.role", []string{`UPDATE grants SET role = 'admin' WHERE person_id = 'inspector'`},
		[]string{"grants inspector/admin/HCM: no entry", "grants inspector/inspector/HCM: granted in the log"}},
	{"calendar_days.kind", []string{`UPDATE calendar_days SET kind = 'work' WHERE day = '2026-12-31'`},
		[]string{"calendar_days 2026-12-31: kind: work, the log says off"}},
	{"calendar_days.note", []string{`UPDATE calendar_days SET note = 'Khác' WHERE day = '2026-12-31'`},
		[]string{`calendar_days 2026-12-31: note: Khác, the log says "Nghỉ bù"`}},
	{"calendar_days row deleted", []string{`DELETE FROM calendar_days WHERE day = '2026-12-31'`},
		[]string{"calendar_days 2026-12-31: announced in the log"}},
	{"calendar_days row inserted", []string{`INSERT INTO calendar_days (day, kind, note) VALUES ('2027-01-04', 'off', 'Nghỉ')`},
		[]string{"calendar_days 2027-01-04: no calendar.day_set entry"}},
	{"a unit and its record renamed together", []string{`UPDATE units SET name = 'Phường Mới' WHERE id = 'BTH'`,
		`UPDATE org_events SET payload = replace(payload, 'Bình Thạnh', 'Mới') WHERE chain = 'unit:BTH'`},
		[]string{"(org.unit_created unit:BTH): the row no longer matches its leaf", "units BTH: name: Phường Mới, the log says another text (SHA-256"}},
	{"a seat and its record changed together", []string{`UPDATE positions SET position = 'head' WHERE person_id = 'dep1.bth'`,
		`UPDATE org_events SET payload = replace(payload, '"deputy"', '"head"') WHERE person_id = 'dep1.bth' AND kind = 'org.seated'`},
		[]string{"(org.seated auth:BTH:", "positions dep1.bth/BTH: position: head, the log says deputy"}},
	{"org_events row deleted", []string{`DELETE FROM org_events WHERE kind = 'org.granted' AND person_id = 'party.bth'`},
		[]string{"(chain auth:BTH:", "no org_events row records it (deleted?)"}},
	{"org_events actor replaced", []string{`UPDATE org_events SET actor_id = 'head.hcm' WHERE chain = 'unit:GD'`},
		[]string{"(org.unit_created unit:GD): the row no longer matches its leaf"}},
	{"org_events moved to another chain", []string{`UPDATE org_events SET chain = 'unit:VN', seq = 9 WHERE chain = 'unit:GD'`},
		[]string{"(org.unit_created unit:VN): seq 9, the chain's previous entry is seq 1", "the leaf belongs to chain unit:GD"}},
}

// TestOrgTamperingIsNamed changes each org table column (and the org
// record itself) of a fresh database and requires the audit to name it.
func TestOrgTamperingIsNamed(t *testing.T) {
	for _, tp := range orgTampers {
		t.Run(tp.name, func(t *testing.T) {
			testdb.Each(t, func(t *testing.T, dialect, dsn string) {
				f := newFixture(t, dsn)
				if _, err := f.store.SetCalendarDay(f.ctx, nil, "2026-12-31", sqlstore.CalendarDayInput{Kind: "off", Note: "Nghỉ bù"}, org.Operator); err != nil {
					t.Fatal(err)
				}
				if rep := f.audit(); !rep.OK() {
					t.Fatalf("clean database audits dirty: %v", rep.Problems)
				}
				for _, q := range tp.sql {
					if _, err := f.db.ExecContext(context.Background(), q); err != nil {
						t.Fatalf("%s: %v", q, err)
					}
				}
				rep := f.audit()
				t.Logf("audit:\n%s", strings.Join(rep.Problems, "\n"))
				for _, want := range tp.want {
					found := false
					for _, p := range rep.Problems {
						found = found || strings.Contains(p, want)
					}
					if !found {
						t.Errorf("audit did not say %q; it said:\n%s", want, strings.Join(rep.Problems, "\n"))
					}
				}
			})
		})
	}
}
