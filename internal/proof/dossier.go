package proof

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"golang.org/x/mod/sumdb/note"
)

// DossierFormat names the dossier layout in manifest.json and in the
// manifest signature, so one layout cannot be mistaken for another. Seal
// writes it unless Dossier.Format names another.
//
// v2 carries every document the case's records name (the content version
// each submission hashed, as versions/<n>.json, and each attachment a leaf's
// doc.sha256 names, as attachments/<sha256>[.ext]) and is verified
// strictly: a record, scope, version or attachment that is missing, or that
// no leaf or record names, makes the dossier invalid.
//
// v1 (DossierFormatV1) carried no content versions and attachments under
// any name. Dossiers handed out in it keep verifying under its rules, except
// that an attachment no leaf names is reported as "cannot tell" rather than
// vouched for by the dossier's signature alone.
const (
	DossierFormat   = "damlam-dossier v2"
	DossierFormatV1 = "damlam-dossier v1"
)

// Dossier is everything an inspector needs to check one case offline. Each
// field holds exact file bytes: what is hashed is what was written.
type Dossier struct {
	Format    string    // DossierFormat or DossierFormatV1; empty means DossierFormat
	Origin    string    // the log's origin line, also its key name
	Case      string    // case id shared by every leaf
	Generated time.Time // when the dossier was assembled (UTC)

	Leaves      map[uint64][]byte    // leaves/<index>.leaf
	Receipts    map[uint64][]byte    // receipts/<index>.tlog-proof
	Checkpoint  []byte               // checkpoint.txt: latest signed checkpoint
	Consistency map[[2]uint64][]byte // consistency/<old>-<new>.txt
	Keys        map[string][]byte    // keys/<id>.vkey: one verifier key and a newline
	Records     map[uint64][]byte    // records/<index>.json: canonical payload JSON
	Scopes      map[uint64][]byte    // scope/<index>.json: canonical scope JSON
	Versions    map[uint64][]byte    // versions/<n>.json: content version n as its submission hashed it (v2)
	SummaryVI   []byte               // summary.vi.txt
	SummaryEN   []byte               // summary.en.txt
	Attachments map[string][]byte    // attachments/<name>; in v2 <name> is <sha256>[.ext]
	// Official holds the official documents the case's steps issued
	// (official/<unit>-<year>-<number>.pdf), each bound by a leaf's
	// "official" field (verify_official.go).
	Official map[string][]byte
	// Witnessed holds checkpoints of the log cosigned by independent
	// witnesses (witness/<size>.txt), each with a consistency proof to the
	// latest checkpoint: the evidence of when the case's leaves existed.
	Witnessed map[uint64][]byte
	// Authority holds the authority leaves (authority/<index>.leaf) that
	// show what each decider held in the deciding unit, and
	// AuthorityReceipts their inclusion proofs in the tree of checkpoint.txt
	// (authority/<index>.tlog-proof); see verify_authority.go.
	Authority         map[uint64][]byte
	AuthorityReceipts map[uint64][]byte

	// ManifestSig is manifest.sig: a signed note over the manifest's digest
	// (see Seal). It is what makes summaries and attachments, which no
	// leaf commits to, attributable to the log operator.
	ManifestSig []byte

	manifest []byte    // manifest.json as sealed or as read
	problems []finding // integrity problems found by ReadZip
}

// manifest is the JSON in manifest.json.
type manifest struct {
	Format    string            `json:"format"`
	Origin    string            `json:"origin"`
	Case      string            `json:"case"`
	Generated string            `json:"generated"`
	Files     map[string]string `json:"files"` // name -> hex SHA-256
}

var (
	nameRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$`)
	// attachmentV2RE is a v2 attachment's name: its own SHA-256 in hex and
	// at most a short lower-case extension, so the name says what the
	// bytes must hash to and which doc.sha256 names them.
	attachmentV2RE = regexp.MustCompile(`^([0-9a-f]{64})(\.[a-z0-9]{1,7})?$`)
)

// attachmentDigest returns the digest a v2 attachment name carries.
func attachmentDigest(name string) (string, bool) {
	m := attachmentV2RE.FindStringSubmatch(name)
	if m == nil {
		return "", false
	}
	return m[1], true
}

// format is the layout d is written in.
func (d *Dossier) format() string {
	if d.Format == "" {
		return DossierFormat
	}
	return d.Format
}

// files lists every file other than manifest.json and manifest.sig.
func (d *Dossier) files() (map[string][]byte, error) {
	v1 := d.format() == DossierFormatV1
	if !v1 && d.format() != DossierFormat {
		return nil, fmt.Errorf("dossier: unknown format %q", d.Format)
	}
	if v1 && len(d.Versions) > 0 {
		return nil, errors.New("dossier: a v1 dossier carries no content versions")
	}
	out := map[string][]byte{}
	add := func(name string, b []byte) {
		if b != nil {
			out[name] = b
		}
	}
	for i, b := range d.Leaves {
		add(fmt.Sprintf("leaves/%d.leaf", i), b)
	}
	for i, b := range d.Receipts {
		add(fmt.Sprintf("receipts/%d.tlog-proof", i), b)
	}
	add("checkpoint.txt", d.Checkpoint)
	for k, b := range d.Consistency {
		add(fmt.Sprintf("consistency/%d-%d.txt", k[0], k[1]), b)
	}
	for id, b := range d.Keys {
		if !nameRE.MatchString(id) {
			return nil, fmt.Errorf("dossier: bad key file name %q", id)
		}
		add("keys/"+id+".vkey", b)
	}
	for i, b := range d.Records {
		add(fmt.Sprintf("records/%d.json", i), b)
	}
	for i, b := range d.Scopes {
		add(fmt.Sprintf("scope/%d.json", i), b)
	}
	for n, b := range d.Versions {
		if n == 0 {
			return nil, errors.New("dossier: content version 0")
		}
		add(fmt.Sprintf("versions/%d.json", n), b)
	}
	for size, b := range d.Witnessed {
		add(fmt.Sprintf("witness/%d.txt", size), b)
	}
	for i, b := range d.Authority {
		add(fmt.Sprintf("authority/%d.leaf", i), b)
	}
	for i, b := range d.AuthorityReceipts {
		add(fmt.Sprintf("authority/%d.tlog-proof", i), b)
	}
	add("summary.vi.txt", d.SummaryVI)
	add("summary.en.txt", d.SummaryEN)
	for name, b := range d.Attachments {
		if !nameRE.MatchString(name) {
			return nil, fmt.Errorf("dossier: bad attachment name %q", name)
		}
		if _, ok := attachmentDigest(name); !v1 && !ok {
			return nil, fmt.Errorf("dossier: attachment name %q is not <sha256>[.ext]", name)
		}
		add("attachments/"+name, b)
	}
	for name, b := range d.Official {
		if !officialFileRE.MatchString(name) {
			return nil, fmt.Errorf("dossier: bad official document name %q", name)
		}
		add("official/"+name, b)
	}
	return out, nil
}

// Seal computes manifest.json from the current files and signs its digest
// with the given signers (the log's current key). Call it last: changing a
// file afterwards shows up as a digest mismatch when verified.
func (d *Dossier) Seal(signers ...note.Signer) error {
	files, err := d.files()
	if err != nil {
		return err
	}
	d.Format = d.format()
	m := manifest{
		Format:    d.Format,
		Origin:    d.Origin,
		Case:      d.Case,
		Generated: d.Generated.UTC().Format(time.RFC3339),
		Files:     map[string]string{},
	}
	for name, b := range files {
		m.Files[name] = sha256Hex(b)
	}
	raw, err := marshalManifest(m)
	if err != nil {
		return err
	}
	sig, err := note.Sign(&note.Note{Text: sealText(d.Format, d.Origin, d.Case, raw)}, signers...)
	if err != nil {
		return fmt.Errorf("dossier: sign manifest: %w", err)
	}
	d.manifest, d.ManifestSig = raw, sig
	return nil
}

// sealText is the signed statement. Its first line contains a space, which
// no origin (a note key name) can, so it can never pass for a checkpoint;
// it names the format, so a signature over one layout cannot be read as
// one over another.
func sealText(format, origin, caseID string, manifest []byte) string {
	return fmt.Sprintf("%s\norigin %s\ncase %s\nmanifest %s\n", format, origin, caseID, sha256Hex(manifest))
}

func marshalManifest(m manifest) ([]byte, error) {
	raw, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(raw, '\n'), nil
}

// ManifestJSON returns manifest.json as sealed or as read.
func (d *Dossier) ManifestJSON() []byte { return d.manifest }

func sha256Hex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// KeyVerifiers parses keys/*.vkey. The result lists the keys the dossier
// says the log used; trusting them means trusting the dossier itself.
func (d *Dossier) KeyVerifiers() (note.Verifiers, []string, error) {
	var list []note.Verifier
	var vkeys []string
	for _, id := range sortedKeys(d.Keys) {
		vkey, ok := strings.CutSuffix(string(d.Keys[id]), "\n")
		if !ok || strings.Contains(vkey, "\n") {
			return nil, nil, fmt.Errorf("keys/%s.vkey: want one line", id)
		}
		v, err := NewVerifier(vkey)
		if err != nil {
			return nil, nil, fmt.Errorf("keys/%s.vkey: %w", id, err)
		}
		list = append(list, v)
		vkeys = append(vkeys, vkey)
	}
	if len(list) == 0 {
		return nil, nil, errors.New("dossier has no keys/*.vkey")
	}
	return note.VerifierList(list...), vkeys, nil
}

// checkSeal verifies manifest.sig against manifest.json.
func (d *Dossier) checkSeal(trusted note.Verifiers) error {
	n, err := OpenNote(d.ManifestSig, trusted)
	if err != nil {
		return err
	}
	if want := sealText(d.format(), d.Origin, d.Case, d.manifest); n.Text != want {
		return errors.New("manifest.sig does not sign this manifest.json")
	}
	if !signedBy(n, d.Origin) {
		return &note.UnverifiedNoteError{Note: n}
	}
	return nil
}
