package sqlstore_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"damlam/internal/proof"
	"damlam/internal/testdb"
	"damlam/internal/workflow"
)

// TestDossierCarriesTheOfficialDocuments: a returned case's dossier holds
// its plan and its notice (official/BTH-2026-2.pdf), and verifies; the same dossier
// with another PDF in its place is invalid, and the documents claim names
// the document by its number; a PDF changed in the table stops the export.
func TestDossierCarriesTheOfficialDocuments(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dialect, dsn string) {
		f := newFixture(t, dsn)
		id := f.draft("staff.bth", "BTH")
		f.do("staff.bth", id, workflow.Submit, nil)
		f.do("head.bth", id, workflow.Return, &workflow.ReasonRequiredInput{Reason: "Bổ sung dự toán."})
		other := f.draft("staff.bth", "BTH")
		f.do("staff.bth", other, workflow.Submit, nil)
		f.do("head.bth", other, workflow.Reject, &workflow.ReasonRequiredInput{Reason: "Trùng đề xuất khác."})

		keys, _ := f.store.Log().Verifiers(f.ctx)
		d, err := f.store.DossierAsSystem(f.ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		const name = "BTH-2026-2.pdf" // after the plan, BTH-2026-1.pdf
		if len(d.Official) != 2 || len(d.Official[name]) == 0 || len(d.Official["BTH-2026-1.pdf"]) == 0 {
			t.Fatalf("official documents in the dossier: %d (want %s)", len(d.Official), name)
		}
		verify := func(d *proof.Dossier) (proof.Report, string) {
			var buf bytes.Buffer
			if err := d.WriteZip(&buf); err != nil {
				t.Fatal(err)
			}
			rd, err := proof.ReadZip(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
			if err != nil {
				t.Fatal(err)
			}
			rep := proof.Verify(rd, keys)
			b, _ := json.Marshal(rep)
			return rep, string(b)
		}
		if rep, text := verify(d); rep.Overall() != proof.Holds || !strings.Contains(text, "official/"+name) {
			t.Fatalf("the dossier does not verify, or does not name its document: %s", text)
		}
		// The other case's rejection notice, numbered 4, in this case's place.
		od, err := f.store.DossierAsSystem(f.ctx, other)
		if err != nil {
			t.Fatal(err)
		}
		d.Official[name] = od.Official["BTH-2026-4.pdf"]
		rep, text := verify(d)
		if rep.Overall() != proof.Fails {
			t.Fatalf("a swapped PDF verifies: %s", text)
		}
		for _, c := range rep.Claims {
			if c.ID == proof.ClaimDocuments && (c.Status != proof.Fails || !strings.Contains(c.DetailVI, "Văn bản 02/TB-UBND") || !strings.Contains(c.Detail, "official/"+name)) {
				t.Errorf("the documents claim does not name the swapped document: %+v", c)
			}
		}
		// A document left out is missing by name; one no leaf names is flagged.
		delete(d.Official, name)
		d.Official["BTH-2026-9.pdf"] = od.Official["BTH-2026-4.pdf"]
		if _, text := verify(d); !strings.Contains(text, "Document 02/TB-UBND") || !strings.Contains(text, "official/BTH-2026-9.pdf is named by no leaf") {
			t.Errorf("a missing and an unnamed document: %s", text)
		}

		if _, err := f.db.ExecContext(f.ctx, `UPDATE documents SET pdf = $1 WHERE proposal_id = $2`, []byte("%PDF-1.3 giả"), id); err != nil {
			t.Fatal(err)
		}
		if _, err := f.store.DossierAsSystem(f.ctx, id); err == nil || !strings.Contains(err.Error(), "no longer matches its SHA-256") {
			t.Errorf("a changed PDF was exported: %v", err)
		}
	})
}
