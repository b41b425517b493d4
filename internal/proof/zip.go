package proof

import (
	"archive/zip"
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"time"
)

// Limits that make ReadZip safe on hostile input. Entries must be stored,
// not compressed, so the bytes read can never exceed the archive's size.
const (
	MaxDossierSize  = 256 << 20
	MaxDossierFiles = 20000
)

// WriteZip writes the dossier as a zip archive in its one canonical form:
// files sorted by name, stored uncompressed, no timestamps. ReadZip
// rebuilds that form and compares, so any changed byte is noticed.
func (d *Dossier) WriteZip(w io.Writer) error {
	if d.manifest == nil {
		return errors.New("dossier: not sealed")
	}
	files, err := d.files()
	if err != nil {
		return err
	}
	files["manifest.json"] = d.manifest
	if d.ManifestSig != nil {
		files["manifest.sig"] = d.ManifestSig
	}
	return writeFiles(w, files)
}

func writeFiles(w io.Writer, files map[string][]byte) error {
	zw := zip.NewWriter(w)
	for _, name := range slices.Sorted(maps.Keys(files)) {
		b := files[name]
		h := &zip.FileHeader{
			Name:               name,
			Method:             zip.Store,
			CRC32:              crc32.ChecksumIEEE(b),
			CompressedSize64:   uint64(len(b)),
			UncompressedSize64: uint64(len(b)),
		}
		h.SetMode(0o644)
		// 1980-01-01, the zip epoch: a fixed date keeps the bytes
		// reproducible without showing unzip tools an invalid date.
		// Setting Modified instead would add an extended-timestamp
		// extra field and so change the dossier's bytes.
		//lint:ignore SA1019 the MS-DOS date field alone is the format's fixed date
		h.ModifiedDate = 1<<5 | 1
		fw, err := zw.CreateRaw(h)
		if err != nil {
			return err
		}
		if _, err := fw.Write(b); err != nil {
			return err
		}
	}
	return zw.Close()
}

// ReadZip reads a dossier. It fails on what cannot be read safely (not a
// zip, too large, compressed entries, bad names, bad checksums, no
// manifest); integrity problems that still leave a readable dossier
// (digest mismatches, non-canonical bytes) are kept and reported by Verify
// as a failed claim, next to everything else that does or does not hold.
func ReadZip(r io.ReaderAt, size int64) (*Dossier, error) {
	if size < 0 || size > MaxDossierSize {
		return nil, fmt.Errorf("dossier: %d bytes, limit %d", size, MaxDossierSize)
	}
	raw := make([]byte, size)
	if _, err := r.ReadAt(raw, 0); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("dossier: %w", err)
	}
	zr, err := zip.NewReader(bytes.NewReader(raw), size)
	if err != nil {
		return nil, fmt.Errorf("dossier: %w", err)
	}
	if len(zr.File) > MaxDossierFiles {
		return nil, fmt.Errorf("dossier: %d files, limit %d", len(zr.File), MaxDossierFiles)
	}
	files := map[string][]byte{}
	for _, f := range zr.File {
		if f.Method != zip.Store || f.CompressedSize64 != f.UncompressedSize64 || f.UncompressedSize64 > uint64(size) {
			return nil, fmt.Errorf("dossier: %s: only stored (uncompressed) entries are accepted", f.Name)
		}
		if _, dup := files[f.Name]; dup {
			return nil, fmt.Errorf("dossier: %s appears twice", f.Name)
		}
		rc, err := f.Open()
		if err != nil {
			return nil, fmt.Errorf("dossier: %s: %w", f.Name, err)
		}
		// One read into a buffer of the declared size and a byte more
		// (a dossier has hundreds of small files), to the end: archive/zip
		// checks an entry's CRC only when it reaches the end, and an entry
		// longer than declared shows as the extra byte.
		b := make([]byte, f.UncompressedSize64+1)
		n, err := io.ReadFull(rc, b)
		rc.Close()
		if err != nil && !(errors.Is(err, io.ErrUnexpectedEOF) && uint64(n) == f.UncompressedSize64) {
			return nil, fmt.Errorf("dossier: %s: %w", f.Name, err)
		}
		files[f.Name] = b[:n]
	}
	d, err := fromFiles(files)
	if err != nil {
		return nil, err
	}
	var canon bytes.Buffer
	canon.Grow(int(size))
	if err := writeFiles(&canon, files); err != nil {
		return nil, err
	}
	if !bytes.Equal(canon.Bytes(), raw) {
		d.problems = append(d.problems, finding{
			"Tệp zip không ở dạng chuẩn: có byte bị thêm, bớt hoặc sửa ngoài nội dung các tệp.",
			"The zip archive is not in its canonical form: bytes outside the files' contents were added, removed or changed."})
	}
	return d, nil
}

var (
	leafName    = regexp.MustCompile(`^leaves/(0|[1-9][0-9]*)\.leaf$`)
	receiptName = regexp.MustCompile(`^receipts/(0|[1-9][0-9]*)\.tlog-proof$`)
	consName    = regexp.MustCompile(`^consistency/(0|[1-9][0-9]*)-(0|[1-9][0-9]*)\.txt$`)
	keyName     = regexp.MustCompile(`^keys/([A-Za-z0-9][A-Za-z0-9._-]{0,127})\.vkey$`)
	recordName  = regexp.MustCompile(`^records/(0|[1-9][0-9]*)\.json$`)
	scopeName   = regexp.MustCompile(`^scope/(0|[1-9][0-9]*)\.json$`)
	attachName  = regexp.MustCompile(`^attachments/([A-Za-z0-9][A-Za-z0-9._-]{0,127})$`)
	versionName = regexp.MustCompile(`^versions/([1-9][0-9]*)\.json$`)
	witnessName = regexp.MustCompile(`^witness/(0|[1-9][0-9]*)\.txt$`)
	authLeaf    = regexp.MustCompile(`^authority/(0|[1-9][0-9]*)\.leaf$`)
	authReceipt = regexp.MustCompile(`^authority/(0|[1-9][0-9]*)\.tlog-proof$`)
)

// fromFiles sorts the archive's files into a Dossier and checks them
// against manifest.json.
func fromFiles(files map[string][]byte) (*Dossier, error) {
	mraw, ok := files["manifest.json"]
	if !ok {
		return nil, errors.New("dossier: no manifest.json")
	}
	var m manifest
	dec := json.NewDecoder(bytes.NewReader(mraw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("dossier: manifest.json: %w", err)
	}
	if m.Format != DossierFormat && m.Format != DossierFormatV1 {
		return nil, fmt.Errorf("dossier: format %q, this verifier reads %q and %q", m.Format, DossierFormat, DossierFormatV1)
	}
	gen, err := time.Parse(time.RFC3339, m.Generated)
	if err != nil {
		return nil, fmt.Errorf("dossier: manifest.json: generated: %w", err)
	}
	d := &Dossier{
		Format: m.Format, Origin: m.Origin, Case: m.Case, Generated: gen.UTC(),
		Leaves: map[uint64][]byte{}, Receipts: map[uint64][]byte{}, Consistency: map[[2]uint64][]byte{},
		Keys: map[string][]byte{}, Records: map[uint64][]byte{}, Scopes: map[uint64][]byte{},
		Versions: map[uint64][]byte{}, Attachments: map[string][]byte{}, Witnessed: map[uint64][]byte{}, Official: map[string][]byte{},
		Authority: map[uint64][]byte{}, AuthorityReceipts: map[uint64][]byte{},
		ManifestSig: files["manifest.sig"], manifest: mraw,
	}
	if again, err := marshalManifest(m); err != nil || !bytes.Equal(again, mraw) {
		d.problem("manifest.json không ở dạng chuẩn.", "manifest.json is not in canonical form.")
	}
	for name, b := range files {
		if name == "manifest.json" || name == "manifest.sig" {
			continue
		}
		// A file the format does not define is a finding, not a reason to
		// stop: the inspector sees it named next to everything else. Its
		// name is quoted, since it may hold anything a zip name can.
		if !d.place(name, b) {
			d.problem(fmt.Sprintf("Tệp lạ %q: không thuộc định dạng %s.", name, m.Format),
				fmt.Sprintf("Unexpected file %q: not part of the %s format.", name, m.Format))
			continue
		}
		switch want, listed := m.Files[name]; {
		case !listed:
			d.problem("Tệp "+name+" không có trong manifest.json.", "File "+name+" is not listed in manifest.json.")
		case want != sha256Hex(b):
			d.problem("Tệp "+name+" đã bị thay đổi: mã băm không khớp manifest.json.",
				"File "+name+" was changed: its SHA-256 does not match manifest.json.")
		}
	}
	for _, name := range slices.Sorted(maps.Keys(m.Files)) {
		if _, ok := files[name]; !ok {
			d.problem("Thiếu tệp "+name+" được liệt kê trong manifest.json.", "File "+name+" listed in manifest.json is missing.")
		}
	}
	if d.ManifestSig == nil {
		d.problem("Thiếu manifest.sig (chữ ký của hồ sơ).", "manifest.sig (the dossier's signature) is missing.")
	}
	slices.SortFunc(d.problems, func(a, b finding) int { return cmp.Compare(a.EN, b.EN) })
	return d, nil
}

func (d *Dossier) problem(vi, en string) { d.problems = append(d.problems, finding{vi, en}) }

// place stores one file in its typed field; false means an unknown name.
// A number too large for an index is an unknown name too, and is stored
// nowhere: it must not land on index 0.
func (d *Dossier) place(name string, b []byte) bool {
	indexed := func(re *regexp.Regexp, dst map[uint64][]byte) (matched, ok bool) {
		m := re.FindStringSubmatch(name)
		if m == nil {
			return false, false
		}
		n, err := strconv.ParseUint(m[1], 10, 64)
		if err != nil {
			return true, false
		}
		dst[n] = b
		return true, true
	}
	for _, f := range []struct {
		re  *regexp.Regexp
		dst map[uint64][]byte
	}{{leafName, d.Leaves}, {receiptName, d.Receipts}, {recordName, d.Records}, {scopeName, d.Scopes}, {witnessName, d.Witnessed},
		{authLeaf, d.Authority}, {authReceipt, d.AuthorityReceipts}} {
		if matched, ok := indexed(f.re, f.dst); matched {
			return ok
		}
	}
	if d.Format != DossierFormatV1 {
		if matched, ok := indexed(versionName, d.Versions); matched {
			return ok
		}
	}
	if m := consName.FindStringSubmatch(name); m != nil {
		a, err1 := strconv.ParseUint(m[1], 10, 64)
		z, err2 := strconv.ParseUint(m[2], 10, 64)
		if err1 != nil || err2 != nil {
			return false
		}
		d.Consistency[[2]uint64{a, z}] = b
		return true
	}
	if m := keyName.FindStringSubmatch(name); m != nil {
		d.Keys[m[1]] = b
		return true
	}
	if m := attachName.FindStringSubmatch(name); m != nil {
		d.Attachments[m[1]] = b
		return true
	}
	if m := officialName.FindStringSubmatch(name); m != nil && d.Format != DossierFormatV1 {
		d.Official[m[1]] = b
		return true
	}
	switch name {
	case "checkpoint.txt":
		d.Checkpoint = b
	case "summary.vi.txt":
		d.SummaryVI = b
	case "summary.en.txt":
		d.SummaryEN = b
	default:
		return false
	}
	return true
}

func sortedKeys[K cmp.Ordered, V any](m map[K]V) []K {
	return slices.Sorted(maps.Keys(m))
}
