package sqlstore_test

import (
	"bytes"
	"damlam/internal/casework"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"damlam/internal/proof"
	"damlam/internal/sqlstore"
	"damlam/internal/testdb"
	"damlam/internal/workflow"
)

// TestDossierCarriesTheDocumentsTheLogNames builds the dossier of a case
// submitted twice with attachments and approved, from the rows the service
// wrote, and verifies it as an inspector would: every record, version and
// attachment must match what its leaf or record names. An attachment added
// after the last submission is named by no leaf and stays out. Then the
// store is changed behind the service's back, and the export refuses,
// naming the row or file.
func TestDossierCarriesTheDocumentsTheLogNames(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dialect, dsn string) {
		f := newFixture(t, dsn)
		id, sums, _ := f.submittedTwice("Kế hoạch.PDF", "du-toan")
		f.do("head.bth", id, workflow.Convene, nil)
		f.do("party.bth", id, workflow.GivePartyOpinion, &workflow.PartyOpinionInput{Opinion: "agree", Text: "Đồng ý."})
		for _, who := range []string{"head.bth", "dep1.bth", "dep2.bth"} {
			f.do(who, id, workflow.CastVote, &workflow.VoteInput{Ballot: workflow.Yes})
		}
		f.do("head.bth", id, workflow.ApprovePilot, &workflow.ApprovePilotInput{
			Scope: &proof.Scope{Units: []string{"BTH"}, Start: "2026-12-01", End: "2027-02-28", BudgetVND: 100_000_000}})

		// A second case, returned, with a file attached after its only
		// submission: the file is no evidence of anything yet.
		late := f.draft("staff.bth", "BTH")
		f.do("staff.bth", late, workflow.Submit, nil)
		f.do("head.bth", late, workflow.Return, &workflow.ReasonRequiredInput{Reason: "Bổ sung."})
		extra, err := casework.New(f.store).Attach(f.ctx, f.people["staff.bth"], late, "bo-sung.txt", []byte("bổ sung sau"))
		if err != nil {
			t.Fatal(err)
		}

		keys, _ := f.store.Log().Verifiers(f.ctx)
		for _, tc := range []struct {
			id    string
			files []string
		}{
			{id, []string{"versions/1.json", "versions/2.json", "attachments/" + sums[0] + ".pdf", "attachments/" + sums[1]}},
			{late, []string{"versions/1.json"}},
		} {
			d, err := f.store.DossierAsSystem(f.ctx, tc.id)
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
			if rep := proof.Verify(rd, keys); rep.Overall() != proof.Holds {
				t.Errorf("%s: the dossier does not verify: %+v", tc.id, rep)
			}
			var got []string
			for n := range rd.Versions {
				got = append(got, "versions/"+strconv.FormatUint(n, 10)+".json")
			}
			for name := range rd.Attachments {
				got = append(got, "attachments/"+name)
			}
			slices.Sort(got)
			slices.Sort(tc.files)
			if !slices.Equal(got, tc.files) {
				t.Errorf("%s: the dossier carries %v, want %v", tc.id, got, tc.files)
			}
			if _, ok := rd.Attachments[extra.SHA256+".txt"]; ok {
				t.Errorf("%s: an attachment no submission names is in the dossier", tc.id)
			}
		}
		d, _ := f.store.DossierAsSystem(f.ctx, id)
		if !strings.Contains(string(d.SummaryVI), "attachments/"+sums[0]+".pdf — Kế hoạch.PDF") {
			t.Errorf("the summary does not say which file is which:\n%s", d.SummaryVI)
		}

		// Behind the service's back: the export refuses and says where.
		dir := sqlstore.AttachmentDir(f.store)
		os.WriteFile(filepath.Join(dir, sums[1][:2], sums[1]), []byte("giả mạo"), 0o640)
		if _, err := f.store.DossierAsSystem(f.ctx, id); err == nil || !strings.Contains(err.Error(), "attachments "+sums[1]) {
			t.Errorf("a swapped attachment file: %v", err)
		}
		exec(t, f.db, `UPDATE proposal_versions SET content = replace(content, 'Hẻm', 'Ngõ') WHERE proposal_id = $1 AND version = 1`, late)
		if _, err := f.store.DossierAsSystem(f.ctx, late); err == nil || !strings.Contains(err.Error(), "proposal_versions "+late+" version 1: content: SHA-256 ") {
			t.Errorf("an edited content version: %v", err)
		}
	})
}
