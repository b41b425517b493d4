package proof

import (
	"bytes"
	"strings"
	"testing"

	"golang.org/x/mod/sumdb/note"
)

// TestDocumentsBound forges v2 dossiers the way a server working from a
// tampered database would, sealing what it built, so that only the checks
// of what the leaves and records name can notice. Each case says which
// claims fail and what their findings must name; every other claim must
// hold. (The golden dossiers cover a swapped attachment, an altered
// version and an altered record.)
func TestDocumentsBound(t *testing.T) {
	trusted := verifiers(t, mustRead(t, "testdata/trusted.vkey"))
	for _, tc := range []struct {
		name  string
		edit  func(s *scenario)
		want  map[string]Status
		names map[string][]string // claim -> what its findings must say
	}{
		{name: "attachment missing",
			edit:  func(s *scenario) { s.forge = func(d *Dossier) { delete(d.Attachments, baoCao.name()) } },
			want:  map[string]Status{ClaimDocuments: Fails},
			names: map[string][]string{ClaimDocuments: {"Attachment attachments/" + hexSum(baoCao.body) + "[.ext] is missing: leaf 11 names doc.sha256 " + hexSum(baoCao.body)}}},
		{name: "content version missing",
			edit:  func(s *scenario) { s.forge = func(d *Dossier) { delete(d.Versions, 1) } },
			want:  map[string]Status{ClaimDocuments: Fails},
			names: map[string][]string{ClaimDocuments: {"versions/1.json is missing: version 1 was submitted at leaf 1 with content_sha256 " + hexSum(contentV1)}}},
		{name: "attachment no leaf names",
			edit: func(s *scenario) {
				s.forge = func(d *Dossier) { d.Attachments[hexSum([]byte("giả mạo"))+".pdf"] = []byte("giả mạo") }
			},
			want:  map[string]Status{ClaimDocuments: Fails},
			names: map[string][]string{ClaimDocuments: {"attachments/" + hexSum([]byte("giả mạo")) + ".pdf is named by no leaf's doc.sha256"}}},
		{name: "content version no submission names",
			edit:  func(s *scenario) { s.forge = func(d *Dossier) { d.Versions[3] = contentV2 } },
			want:  map[string]Status{ClaimDocuments: Fails},
			names: map[string][]string{ClaimDocuments: {"versions/3.json is named by no submission"}}},
		{name: "record missing",
			edit:  func(s *scenario) { s.forge = func(d *Dossier) { delete(d.Records, 9) } },
			want:  map[string]Status{ClaimRecords: Fails},
			names: map[string][]string{ClaimRecords: {"records/9.json is missing: leaf 9 carries payload.sha256"}}},
		{name: "scope missing",
			edit:  func(s *scenario) { s.forge = func(d *Dossier) { delete(d.Scopes, 7) } },
			want:  map[string]Status{ClaimRecords: Fails, ClaimInScope: CannotTell},
			names: map[string][]string{ClaimRecords: {"scope/7.json is missing: leaf 7 carries scope.sha256 " + scope1.Digest()}}},
		{name: "submission record unreadable",
			// Its content version then has no submission to match.
			edit: func(s *scenario) {
				s.events[0].editRecord = func(rec map[string]any) { rec["docs"] = "không phải danh sách" }
			},
			want:  map[string]Status{ClaimRecords: Fails, ClaimDocuments: Fails},
			names: map[string][]string{ClaimRecords: {"records/1.json cannot be read: record: docs:"}}},
		{name: "record carries another scope than its leaf",
			// The leaf commits to scope1; the record an inspector reads
			// says the wider scope2 was approved.
			edit: func(s *scenario) { s.events[3].editRecord = func(rec map[string]any) { rec["scope"] = scope2 } },
			want: map[string]Status{ClaimRecords: Fails},
			names: map[string][]string{ClaimRecords: {"records/7.json: its approved scope has SHA-256 " + scope2.Digest() +
				", not the scope.sha256 " + scope1.Digest() + " of leaf 7"}}},
		{name: "record carries a scope its leaf does not",
			edit:  func(s *scenario) { s.events[4].editRecord = func(rec map[string]any) { rec["scope"] = scope2 } },
			want:  map[string]Status{ClaimRecords: Fails},
			names: map[string][]string{ClaimRecords: {"records/9.json carries a scope, but leaf 9 has no scope.sha256"}}},
		{name: "record lists other attachments than its leaf",
			edit: func(s *scenario) {
				s.events[2].editRecord = func(rec map[string]any) { rec["docs"] = []string{hexSum(keHoach.body)} }
			},
			want:  map[string]Status{ClaimRecords: Fails},
			names: map[string][]string{ClaimRecords: {"records/5.json lists attachments [" + hexSum(keHoach.body) + "], leaf 5 names doc.sha256"}}},
		{name: "two submissions name one version",
			edit: func(s *scenario) {
				s.events[2].editRecord = func(rec map[string]any) { rec["details"].(map[string]any)["version"] = 1 }
			},
			want:  map[string]Status{ClaimDocuments: Fails},
			names: map[string][]string{ClaimDocuments: {"Version 1 is named by several submissions (leaves 1, 5)"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := validV2()
			tc.edit(&s)
			d := roundTrip(t, s.build(t))
			rep := Verify(d, trusted)
			if len(rep.Claims) != 8 {
				t.Fatalf("%d claims, want 8", len(rep.Claims))
			}
			for _, c := range rep.Claims {
				if want := tc.want[c.ID]; c.Status != want {
					t.Errorf("claim %s: %v, want %v\n%s", c.ID, c.Status, want, c.Detail)
				}
				for _, s := range tc.names[c.ID] {
					if !strings.Contains(c.Detail, s) {
						t.Errorf("claim %s does not say %q:\n%s", c.ID, s, c.Detail)
					}
				}
			}
			// The log runs the same checks before it seals a dossier.
			if err := d.CheckDocuments(); err == nil {
				t.Error("CheckDocuments accepted the forged dossier")
			}
		})
	}
	t.Run("intact", func(t *testing.T) {
		d := roundTrip(t, validV2().build(t))
		if rep := Verify(d, trusted); rep.Overall() != Holds {
			t.Errorf("%+v", rep)
		}
		if err := d.CheckDocuments(); err != nil {
			t.Error(err)
		}
	})
}

// TestUnexpectedFilesAreNamed adds a file the format does not define to a
// dossier and signs the manifest listing it, as only the key holder could:
// the dossier is still not intact, and the finding names the file.
func TestUnexpectedFilesAreNamed(t *testing.T) {
	trusted := verifiers(t, mustRead(t, "testdata/trusted.vkey"))
	for _, tc := range []struct {
		name  string
		build scenario
		file  string
		claim string // the claim that must fail and name it
		say   string
	}{
		{"a stray file", validV2(), "notes.txt", ClaimIntact, `Unexpected file "notes.txt": not part of the damlam-dossier v2 format`},
		{"a name with a line break", validV2(), "a\nVERDICT: VALID", ClaimIntact, `Unexpected file "a\nVERDICT: VALID"`},
		{"a content version in a v1 dossier", scenario{seed: trustSeed, events: validEvents(), omit: -1}, "versions/1.json", ClaimIntact,
			`Unexpected file "versions/1.json": not part of the damlam-dossier v1 format`},
		{"a v2 attachment not named by its digest", validV2(), "attachments/ke-hoach.pdf", ClaimDocuments,
			"attachments/ke-hoach.pdf is not named by its SHA-256"},
		{"an index too large", validV2(), "records/99999999999999999999.json", ClaimIntact, `Unexpected file "records/99999999999999999999.json"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := tc.build.build(t)
			files, err := d.files()
			if err != nil {
				t.Fatal(err)
			}
			files[tc.file] = keHoach.body
			raw := resealed(t, d, files)
			rd, err := ReadZip(bytes.NewReader(raw), int64(len(raw)))
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range Verify(rd, trusted).Claims {
				switch {
				case c.ID == tc.claim && (c.Status != Fails || !strings.Contains(c.Detail, tc.say)):
					t.Errorf("claim %s: %v, want it to fail saying %q:\n%s", c.ID, c.Status, tc.say, c.Detail)
				case c.ID != tc.claim && c.Status != Holds:
					t.Errorf("claim %s: %v\n%s", c.ID, c.Status, c.Detail)
				}
			}
		})
	}
}

// TestV1AttachmentNoLeafNames: a v1 dossier held the case's current
// attachments, so one that no leaf names is either a file added after the
// last submission or one swapped in; it used to pass on the dossier's
// signature alone, and now reads "cannot tell".
func TestV1AttachmentNoLeafNames(t *testing.T) {
	trusted := verifiers(t, mustRead(t, "testdata/trusted.vkey"))
	s := scenario{seed: trustSeed, events: validEvents(), omit: -1}
	s.forge = func(d *Dossier) { d.Attachments["bao-cao-tong-ket.pdf"] = []byte("%PDF-1.7 giả mạo\n") }
	d := roundTrip(t, s.build(t))
	for _, c := range Verify(d, trusted).Claims {
		want := Holds
		if c.ID == ClaimDocuments {
			want = CannotTell
		}
		if c.Status != want {
			t.Errorf("claim %s: %v, want %v\n%s", c.ID, c.Status, want, c.Detail)
		}
		if c.ID == ClaimDocuments && !strings.Contains(c.Detail, "attachments/bao-cao-tong-ket.pdf is named by no leaf's doc.sha256") {
			t.Errorf("the finding does not name the file:\n%s", c.Detail)
		}
	}
}

// TestSealRefusesUnboundNames: the writer of a v2 dossier cannot name an
// attachment other than by its digest, nor put content versions in v1.
func TestSealRefusesUnboundNames(t *testing.T) {
	signer, _ := testKey(t, testOrigin, trustSeed)
	d := &Dossier{Origin: testOrigin, Case: testCase, Generated: t0, Attachments: map[string][]byte{"ke-hoach.pdf": keHoach.body}}
	if err := d.Seal(signer); err == nil {
		t.Error("a v2 attachment named ke-hoach.pdf was sealed")
	}
	d = &Dossier{Format: DossierFormatV1, Origin: testOrigin, Case: testCase, Generated: t0, Versions: map[uint64][]byte{1: contentV1}}
	if err := d.Seal(signer); err == nil {
		t.Error("a v1 dossier with a content version was sealed")
	}
}

// roundTrip writes d as a zip and reads it back, as an inspector gets it.
func roundTrip(t *testing.T, d *Dossier) *Dossier {
	t.Helper()
	var buf bytes.Buffer
	if err := d.WriteZip(&buf); err != nil {
		t.Fatal(err)
	}
	rd, err := ReadZip(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	return rd
}

// resealed writes files as a dossier whose manifest lists and whose
// signature covers all of them, signed with the trusted test key.
func resealed(t *testing.T, d *Dossier, files map[string][]byte) []byte {
	t.Helper()
	signer, _ := testKey(t, testOrigin, trustSeed)
	m := manifest{Format: d.format(), Origin: d.Origin, Case: d.Case, Generated: d.Generated.UTC().Format("2006-01-02T15:04:05Z07:00"), Files: map[string]string{}}
	for name, b := range files {
		m.Files[name] = sha256Hex(b)
	}
	raw, err := marshalManifest(m)
	if err != nil {
		t.Fatal(err)
	}
	sig, err := note.Sign(&note.Note{Text: sealText(m.Format, d.Origin, d.Case, raw)}, signer)
	if err != nil {
		t.Fatal(err)
	}
	files["manifest.json"], files["manifest.sig"] = raw, sig
	var buf bytes.Buffer
	if err := writeFiles(&buf, files); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
