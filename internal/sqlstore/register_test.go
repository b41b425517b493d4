package sqlstore_test

import (
	"encoding/json"
	"fmt"
	"sort"
	"sync"
	"testing"

	"damlam/internal/casework"
	"damlam/internal/ledger"
	"damlam/internal/org"
	"damlam/internal/sqlstore"
	"damlam/internal/testdb"
	"damlam/internal/workflow"
)

// TestRegisterNumbersGapFreeUnderConcurrency: 200 decisions in two units,
// taken at once by eight workers (on PostgreSQL through two instances of
// the store on one database), after the 200 submissions' plans, get the
// numbers 1…200 in each unit's register for the year: none repeated, none
// skipped; each decision's
// leaf carries the number its register row has, and the audit is clean.
func TestRegisterNumbersGapFreeUnderConcurrency(t *testing.T) {
	if testing.Short() {
		t.Skip("200 decisions with their PDFs")
	}
	testdb.Each(t, func(t *testing.T, dialect, dsn string) {
		f := newFixture(t, dsn)
		staff, err := f.store.CreatePerson(f.ctx, nil, sqlstore.PersonInput{ID: "staff.gd", Name: "Người staff.gd", Email: "staff.gd@test.vn",
			Seats: []sqlstore.SeatInput{{UnitID: "GD", Position: org.Staff}}}, org.Operator)
		if err != nil {
			t.Fatal(err)
		}
		f.people["staff.gd"] = staff
		stores := []*sqlstore.Store{f.store}
		if dialect == "postgres" {
			db2, err := sqlstore.Open(f.ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db2.Close() })
			lg2, err := ledger.Open(f.ctx, db2.DB, ledger.Config{Origin: "test.damlam/log", Dialect: db2.Dialect, KeyDir: f.keyDir, Now: f.clock.Now})
			if err != nil {
				t.Fatal(err)
			}
			stores = append(stores, sqlstore.New(db2, lg2, sqlstore.Config{Now: f.clock.Now, AttachmentDir: f.attachDir}))
		}
		type job struct{ id, head string }
		var jobs []job
		for i := range 200 {
			who, unit, head := "staff.bth", "BTH", "head.bth"
			if i%2 == 1 {
				who, unit, head = "staff.gd", "GD", "head.gd"
			}
			id := f.draft(who, unit)
			f.do(who, id, workflow.Submit, nil)
			jobs = append(jobs, job{id, head})
		}
		work := make(chan job)
		errs := make(chan error, len(jobs))
		var wg sync.WaitGroup
		for w := range 8 {
			svc := casework.New(stores[w%len(stores)])
			wg.Go(func() {
				for j := range work {
					_, err := svc.Do(f.ctx, f.people[j.head], j.id, workflow.Reject, &workflow.ReasonRequiredInput{Reason: "Chưa đủ căn cứ."})
					if err != nil {
						errs <- fmt.Errorf("%s: %w", j.id, err)
					}
				}
			})
		}
		for _, j := range jobs {
			work <- j
		}
		close(work)
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		numbers := map[string][]int{}
		for _, j := range jobs {
			docs, err := f.store.CaseDocuments(f.ctx, f.people["head.hcm"], j.id)
			if err != nil {
				t.Fatal(err)
			}
			if len(docs) != 2 || docs[0].Kind != "proposal" || docs[0].Symbol != "TTr-UBND" || docs[1].Kind != "rejection" || docs[1].Symbol != "TB-UBND" || docs[1].Year != 2026 {
				t.Fatalf("%s: documents %+v, want the plan (TTr-UBND) and a rejection notice (TB-UBND) of 2026", j.id, docs)
			}
			numbers[docs[0].Unit] = append(numbers[docs[0].Unit], docs[0].Number)
			d := docs[1]
			numbers[d.Unit] = append(numbers[d.Unit], d.Number)
			// The leaf binds what the register says.
			v := f.view(j.id)
			last := v.History[len(v.History)-1]
			var p workflow.Payload
			mustUnmarshal(t, last.Payload, &p)
			if len(p.Documents) != 1 || p.Documents[0].Number != d.Number || p.Documents[0].SHA256 != d.SHA256 || p.Documents[0].Unit != d.Unit {
				t.Errorf("%s: the payload says %+v, the register %+v", j.id, p.Documents, d)
			}
			_, pdf, err := f.store.CaseDocument(f.ctx, f.people["head.hcm"], j.id, fmt.Sprint(d.Number))
			if err != nil || int64(len(pdf)) != d.Size || len(pdf) < 1000 {
				t.Errorf("%s: the PDF (%d bytes, %v)", j.id, len(pdf), err)
			}
		}
		for _, unit := range []string{"BTH", "GD"} {
			got := numbers[unit]
			sort.Ints(got)
			if len(got) != 200 {
				t.Fatalf("%s: %d numbers, want 200", unit, len(got))
			}
			for i, n := range got {
				if n != i+1 {
					t.Fatalf("%s: numbers %v: want 1…200 without gap or repeat", unit, got)
				}
			}
		}
		reg, err := f.store.Register(f.ctx, f.people["head.bth"], sqlstore.RegisterQuery{Unit: "BTH", Year: 2026})
		if err != nil || len(reg) != 200 || reg[0].Number != 200 {
			t.Fatalf("the register of BTH: %d rows, %v", len(reg), err)
		}
		if rep := f.audit(); !rep.OK() {
			b, _ := json.MarshalIndent(rep, "", " ")
			t.Fatalf("audit: %s", b)
		}
	})
}

// TestRegisterSearchAndScope: the register finds a document by a word of
// its subject typed without diacritics, and keeps a unit's register from
// people outside it; an abbreviation set for a unit is in the symbols of
// the documents it issues next.
func TestRegisterSearchAndScope(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dialect, dsn string) {
		f := newFixture(t, dsn)
		id := f.draft("staff.bth", "BTH")
		f.do("staff.bth", id, workflow.Submit, nil)
		if err := f.store.SetDocumentAbbrev(f.ctx, "BTH", "UBND-BT"); err != nil {
			t.Fatal(err)
		}
		if err := f.store.SetDocumentAbbrev(f.ctx, "BTH", "có dấu cách"); err == nil {
			t.Error("an abbreviation with spaces was accepted")
		}
		f.do("head.bth", id, workflow.Return, &workflow.ReasonRequiredInput{Reason: "Bổ sung dự toán."})
		reg, err := f.store.Register(f.ctx, f.people["head.bth"], sqlstore.RegisterQuery{Unit: "BTH", Year: 2026, Text: "tra lai duong hem"})
		if err != nil {
			t.Fatal(err)
		}
		if len(reg) != 1 || reg[0].Reference != "02/TB-UBND-BT" || reg[0].Case != id {
			t.Fatalf("search: %+v", reg)
		}
		if reg, _ := f.store.Register(f.ctx, f.people["head.bth"], sqlstore.RegisterQuery{Unit: "BTH", Year: 2026, Text: "khen thuong"}); len(reg) != 0 {
			t.Errorf("a search for another subject found %+v", reg)
		}
		if _, err := f.store.Register(f.ctx, f.people["head.gd"], sqlstore.RegisterQuery{Unit: "BTH", Year: 2026}); err == nil {
			t.Error("the head of another ward read BTH's register")
		}
		if _, _, err := f.store.CaseDocument(f.ctx, f.people["head.gd"], id, "1"); err == nil {
			t.Error("the head of another ward read BTH's document")
		}
		if _, _, err := f.store.CaseDocument(f.ctx, f.people["head.bth"], id, "3"); err == nil {
			t.Error("a document number the case does not have was found")
		}
		d, pdf, err := f.store.CaseDocument(f.ctx, f.people["staff.bth"], id, "02/TB-UBND-BT")
		if err != nil || d.Number != 2 || len(pdf) == 0 {
			t.Fatalf("by reference: %+v %v", d, err)
		}
	})
}
