package ledger

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"damlam/internal/proof"
)

// TestDossierDocumentsCheckedAtExport builds the dossier of a case whose
// submission names a content version and an attachment. The intact one
// verifies; one built from a changed version, a swapped attachment or with
// a document left out is refused at export, and the error names the file,
// so the operator learns of it before an inspector does.
func TestDossierDocumentsCheckedAtExport(t *testing.T) {
	e := sqliteEnv(t)
	ctx := context.Background()
	content := []byte(`{"title":"Làm đường hẻm"}`)
	plan := []byte("%PDF-1.7 kế hoạch\n")
	record := []byte(fmt.Sprintf(`{"details":{"content_sha256":%q,"version":1},"docs":[%q]}`, sha(content), sha(plan)))
	idx, _, err := addLeaf(ctx, e.db, e.log, "HS-1", "proposal.submitted",
		proof.Field{Key: proof.FieldPayload, Value: sha(record)}, proof.Field{Key: proof.FieldDoc, Value: sha(plan)})
	must(t, err)
	e.add("HS-2")
	planFile := sha(plan) + ".pdf"
	extras := func() DossierExtras {
		return DossierExtras{Records: map[int64][]byte{idx: record}, Versions: map[int64][]byte{1: content},
			Attachments: map[string][]byte{planFile: plan}}
	}

	d, err := e.log.BuildDossier(ctx, "HS-1", extras())
	must(t, err)
	var buf bytes.Buffer
	must(t, d.WriteZip(&buf))
	rd, err := proof.ReadZip(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	must(t, err)
	vs, _ := e.log.Verifiers(ctx)
	if rep := proof.Verify(rd, vs); rep.Overall() != proof.Holds {
		t.Fatalf("%+v", rep)
	}
	if rd.Format != proof.DossierFormat || len(rd.Versions) != 1 || len(rd.Attachments) != 1 {
		t.Errorf("format %q, %d versions, %d attachments", rd.Format, len(rd.Versions), len(rd.Attachments))
	}

	for _, tc := range []struct {
		name string
		edit func(x *DossierExtras)
		says string
	}{
		{"content version changed", func(x *DossierExtras) { x.Versions[1] = []byte(`{"title":"Làm đường lớn"}`) },
			"versions/1.json has SHA-256 " + sha([]byte(`{"title":"Làm đường lớn"}`)) + ", not the content_sha256 " + sha(content)},
		{"content version left out", func(x *DossierExtras) { delete(x.Versions, 1) }, "versions/1.json is missing"},
		{"attachment swapped", func(x *DossierExtras) { x.Attachments[planFile] = []byte("giả mạo") },
			"attachments/" + planFile + " has SHA-256 " + sha([]byte("giả mạo"))},
		{"attachment left out", func(x *DossierExtras) { delete(x.Attachments, planFile) }, "attachments/" + sha(plan) + "[.ext] is missing"},
		{"record left out", func(x *DossierExtras) { delete(x.Records, idx) }, fmt.Sprintf("records/%d.json is missing", idx)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			x := extras()
			tc.edit(&x)
			_, err := e.log.BuildDossier(ctx, "HS-1", x)
			if err == nil || !strings.Contains(err.Error(), tc.says) {
				t.Fatalf("BuildDossier: %v; want an error saying %q", err, tc.says)
			}
		})
	}
}
