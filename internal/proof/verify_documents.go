package proof

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// parsedRecord is records/<i>.json as the verifier read it once.
type parsedRecord struct {
	matches bool // its SHA-256 is its leaf's payload.sha256
	r       record
	err     error
}

// parseRecords reads, in a v2 dossier, the record of every leaf that has
// one. Two claims use them: records (a record says what its leaf says) and
// documents (the content versions they name).
func (v *verifier) parseRecords() {
	v.recs = map[uint64]parsedRecord{}
	if v.d.format() == DossierFormatV1 {
		return // v1 records have no layout the verifier may rely on
	}
	for _, i := range v.idx {
		e, ok := v.entries[i]
		b, present := v.d.Records[i]
		if !ok || !present {
			continue
		}
		want, _ := e.Get(FieldPayload)
		r, err := parseRecord(b)
		v.recs[i] = parsedRecord{matches: sha256Hex(b) == want, r: r, err: err}
	}
}

// documents checks that every document the case names is in the dossier,
// byte for byte: each content version a submission's record hashed
// (details.content_sha256) against versions/<n>.json, each attachment a
// leaf names (doc.sha256) against attachments/<sha256>[.ext]; and that the
// dossier holds no version or attachment that nothing names, which would
// be a file only the dossier's own signature vouches for.
func (v *verifier) documents() Claim { return v.checkDocuments().done() }

func (v *verifier) checkDocuments() *claim {
	c := newClaim(ClaimDocuments,
		"Mọi tài liệu mà sổ cái nêu đều có trong hồ sơ và khớp mã băm: mỗi phiên bản nội dung khớp content_sha256 của lần trình, mỗi tệp đính kèm khớp doc.sha256 của bản ghi.",
		"Every document the log names is in the dossier and matches its digest: each content version the content_sha256 of its submission, each attachment a leaf's doc.sha256.")
	if v.d.format() == DossierFormatV1 {
		v.documentsV1(c)
		return c
	}
	v.versions(c)
	v.attachments(c)
	v.official(c)
	if len(c.en) == 0 {
		c.note("Hồ sơ không nêu phiên bản nội dung hay tệp đính kèm nào.", "The case's records name no content version and no attachment.")
	}
	return c
}

// versions checks versions/<n>.json against the submissions that name them.
func (v *verifier) versions(c *claim) {
	type submission struct {
		leaf    uint64
		content string
		matches bool
	}
	named := map[uint64][]submission{}
	for _, i := range v.idx {
		if pr, ok := v.recs[i]; ok && pr.err == nil && pr.r.content != "" {
			named[pr.r.version] = append(named[pr.r.version], submission{i, pr.r.content, pr.matches})
		}
	}
	all := map[uint64]bool{}
	for n := range named {
		all[n] = true
	}
	for n := range v.d.Versions {
		all[n] = true
	}
	for _, n := range sortedKeys(all) {
		file := fmt.Sprintf("versions/%d.json", n)
		subs := named[n]
		b, present := v.d.Versions[n]
		if len(subs) == 0 {
			c.fail(fmt.Sprintf("%s không được lần trình nào nêu: không hồ sơ nghiệp vụ nào ghi content_sha256 cho phiên bản %d.", file, n),
				fmt.Sprintf("%s is named by no submission: no record gives a content_sha256 for version %d.", file, n))
			continue
		}
		if len(subs) > 1 {
			leaves := make([]uint64, len(subs))
			for j, s := range subs {
				leaves[j] = s.leaf
			}
			c.fail(fmt.Sprintf("Phiên bản %d được nhiều lần trình nêu (%s): không biết %s phải khớp lần nào.", n, leafList(leaves, true), file),
				fmt.Sprintf("Version %d is named by several submissions (%s): %s cannot be matched to one.", n, leafList(leaves, false), file))
			continue
		}
		s := subs[0]
		rec := fmt.Sprintf("records/%d.json", s.leaf)
		switch sum := sha256Hex(b); {
		case !s.matches:
			c.unknown(fmt.Sprintf("%s không kiểm tra được: %s, nơi ghi mã băm của nó, không khớp bản ghi %d.", file, rec, s.leaf),
				fmt.Sprintf("%s cannot be checked: %s, which gives its digest, does not match leaf %d.", file, rec, s.leaf))
		case !present:
			c.fail(fmt.Sprintf("Thiếu %s: phiên bản %d được trình ở bản ghi %d với content_sha256 %s (%s).", file, n, s.leaf, s.content, rec),
				fmt.Sprintf("%s is missing: version %d was submitted at leaf %d with content_sha256 %s (%s).", file, n, s.leaf, s.content, rec))
		case sum != s.content:
			c.fail(fmt.Sprintf("%s có SHA-256 %s, khác content_sha256 %s của phiên bản %d trình ở bản ghi %d (%s): nội dung đã bị tráo hoặc sửa.", file, sum, s.content, n, s.leaf, rec),
				fmt.Sprintf("%s has SHA-256 %s, not the content_sha256 %s of version %d submitted at leaf %d (%s): the content was swapped or altered.", file, sum, s.content, n, s.leaf, rec))
		default:
			c.note(fmt.Sprintf("%s khớp content_sha256 của phiên bản %d trình ở bản ghi %d.", file, n, s.leaf),
				fmt.Sprintf("%s matches the content_sha256 of version %d submitted at leaf %d.", file, n, s.leaf))
		}
	}
}

// attachments checks attachments/<sha256>[.ext] against the leaves'
// doc.sha256 values: the name says which digest the bytes must have, and
// some leaf must name that digest.
func (v *verifier) attachments(c *claim) {
	docs := v.docLeaves()
	files := map[string][]string{} // digest -> file names carrying it
	for _, name := range sortedKeys(v.d.Attachments) {
		file := "attachments/" + name
		want, ok := attachmentDigest(name)
		if !ok {
			c.fail(fmt.Sprintf("%s không mang tên theo mã băm SHA-256 của nó (cần attachments/<sha256>[.đuôi]).", file),
				fmt.Sprintf("%s is not named by its SHA-256 (want attachments/<sha256>[.ext]).", file))
			continue
		}
		files[want] = append(files[want], file)
		leaves := docs[want]
		switch sum := sha256Hex(v.d.Attachments[name]); {
		case sum != want && len(leaves) > 0:
			c.fail(fmt.Sprintf("%s có SHA-256 %s, khác doc.sha256 %s của %s: tệp đã bị tráo hoặc sửa.", file, sum, want, leafList(leaves, true)),
				fmt.Sprintf("%s has SHA-256 %s, not the doc.sha256 %s of %s: the file was swapped or altered.", file, sum, want, leafList(leaves, false)))
		case sum != want:
			c.fail(fmt.Sprintf("%s có SHA-256 %s, khác mã băm trong tên tệp; không bản ghi nào nêu %s.", file, sum, want),
				fmt.Sprintf("%s has SHA-256 %s, not the digest its name gives; no leaf names %s.", file, sum, want))
		case len(leaves) == 0:
			c.fail(fmt.Sprintf("%s không được doc.sha256 của bản ghi nào nêu: không gì trong sổ cái bảo đảm cho tệp này.", file),
				fmt.Sprintf("%s is named by no leaf's doc.sha256: nothing in the log vouches for it.", file))
		default:
			c.note(fmt.Sprintf("%s khớp doc.sha256 của %s.", file, leafList(leaves, true)),
				fmt.Sprintf("%s matches the doc.sha256 of %s.", file, leafList(leaves, false)))
		}
	}
	for _, sum := range sortedKeys(docs) {
		switch names := files[sum]; {
		case len(names) == 0:
			c.fail(fmt.Sprintf("Thiếu tệp đính kèm attachments/%s[.đuôi]: %s ghi doc.sha256 %s.", sum, leafList(docs[sum], true), sum),
				fmt.Sprintf("Attachment attachments/%s[.ext] is missing: %s names doc.sha256 %s.", sum, leafList(docs[sum], false), sum))
		case len(names) > 1:
			c.fail(fmt.Sprintf("Tệp đính kèm %s có mặt nhiều lần: %s.", sum, strings.Join(names, ", ")),
				fmt.Sprintf("Attachment %s is in the dossier more than once: %s.", sum, strings.Join(names, ", ")))
		}
	}
}

// documentsV1 checks what a v1 dossier carries: attachments under any name,
// matched by content. A v1 dossier held the case's current attachments, so
// one no leaf names may be a file added after the last submission, or one
// put in its place: it cannot tell which, and says so.
func (v *verifier) documentsV1(c *claim) {
	c.note("Hồ sơ định dạng v1 không chứa các phiên bản nội dung đã trình: chúng không được đối chiếu.",
		"A v1 dossier carries no submitted content versions: they are not checked.")
	docs := v.docLeaves()
	for _, name := range sortedKeys(v.d.Attachments) {
		file := "attachments/" + name
		if leaves, ok := docs[sha256Hex(v.d.Attachments[name])]; ok {
			c.note(fmt.Sprintf("%s khớp doc.sha256 của %s.", file, leafList(leaves, true)),
				fmt.Sprintf("%s matches the doc.sha256 of %s.", file, leafList(leaves, false)))
			continue
		}
		c.unknown(fmt.Sprintf("%s không được doc.sha256 của bản ghi nào nêu: hồ sơ v1 không phân biệt được tệp bổ sung sau lần trình cuối với tệp bị tráo.", file),
			fmt.Sprintf("%s is named by no leaf's doc.sha256: a v1 dossier cannot tell a file added after the last submission from one swapped in.", file))
	}
}

// docLeaves maps each doc.sha256 of the case's leaves to the leaves naming it.
func (v *verifier) docLeaves() map[string][]uint64 {
	out := map[string][]uint64{}
	for _, i := range v.idx {
		for _, d := range v.entries[i].All(FieldDoc) {
			out[d] = append(out[d], i)
		}
	}
	return out
}

// leafList names leaves in a finding: "leaf 5" or "leaves 5, 9".
func leafList(idx []uint64, vi bool) string {
	s := make([]string, len(idx))
	for j, i := range idx {
		s[j] = strconv.FormatUint(i, 10)
	}
	switch {
	case vi:
		return "bản ghi " + strings.Join(s, ", ")
	case len(s) == 1:
		return "leaf " + s[0]
	}
	return "leaves " + strings.Join(s, ", ")
}

// CheckDocuments runs the checks that need no key, the records and
// documents claims, and returns what fails or cannot be told. The log runs
// it on every dossier it builds before sealing: a record, version or
// attachment that no longer matches what the log names is an export error
// the operator sees, not a verdict an inspector reads years later.
func (d *Dossier) CheckDocuments() error {
	v := &verifier{d: d}
	v.parseLeaves()
	v.parseRecords()
	var errs []error
	for _, c := range []*claim{v.checkRecords(), v.checkDocuments()} {
		for _, f := range c.bad {
			errs = append(errs, errors.New(f))
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("dossier %s: %w", d.Case, errors.Join(errs...))
	}
	return nil
}
