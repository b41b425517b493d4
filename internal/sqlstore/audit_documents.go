package sqlstore

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"damlam/internal/proof"
)

// auditDocuments compares the documents behind the log's digests with the
// bytes the store holds. A leaf carries digests, not documents, so a
// content version or an attachment file replaced behind the service's back
// leaves every leaf and event row intact; only hashing the bytes again
// shows it. It checks that:
//
//   - every proposal_versions row hashes to the content_sha256 in the
//     payload of the submission that created it (matched by case and
//     details.version), and that every such submission has its row;
//   - every attachment file that proposal_attachments or a leaf's
//     doc.sha256 names, or that has an attachments row, exists in the
//     attachments folder and hashes to its name;
//   - every attachments row's size is the file's.
//
// It only reads: rows through queries, files opened read-only.
func (s *Store) auditDocuments(ctx context.Context, rep *AuditReport) error {
	if err := s.auditVersions(ctx, rep); err != nil {
		return err
	}
	return s.auditAttachments(ctx, rep)
}

type caseVersion struct {
	caseID  string
	version int64
}

// loggedContent is where a content version's digest was logged.
type loggedContent struct {
	digest   string
	seq      int
	logIndex int64
}

func (s *Store) auditVersions(ctx context.Context, rep *AuditReport) error {
	subs := map[caseVersion]loggedContent{}
	// Only submissions carry content_sha256; the filter spares parsing
	// every other payload, and a payload that merely mentions the word is
	// parsed and skipped.
	rows, err := s.db.QueryContext(ctx, `SELECT proposal_id, seq, log_index, payload FROM events
		WHERE payload LIKE '%content_sha256%' ORDER BY proposal_id, seq`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id, payload string
		var seq int
		var idx int64
		if err := rows.Scan(&id, &seq, &idx, &payload); err != nil {
			rows.Close()
			return err
		}
		var p struct {
			Details json.RawMessage `json:"details"`
		}
		var sub submittedContent
		if json.Unmarshal([]byte(payload), &p) != nil || len(p.Details) == 0 || p.Details[0] != '{' ||
			json.Unmarshal(p.Details, &sub) != nil || sub.ContentSHA256 == "" {
			continue // not a submission; a payload that does not parse is the main audit's to report
		}
		key := caseVersion{id, sub.Version}
		if prev, dup := subs[key]; dup {
			rep.add("events %s seq %d (log index %d): version %d was already submitted at log index %d", id, seq, idx, sub.Version, prev.logIndex)
			continue
		}
		subs[key] = loggedContent{sub.ContentSHA256, seq, idx}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}

	seen := map[caseVersion]bool{}
	vr, err := s.db.QueryContext(ctx, `SELECT proposal_id, version, content FROM proposal_versions ORDER BY proposal_id, version`)
	if err != nil {
		return err
	}
	for vr.Next() {
		var key caseVersion
		var content string
		if err := vr.Scan(&key.caseID, &key.version, &content); err != nil {
			vr.Close()
			return err
		}
		seen[key] = true
		where := fmt.Sprintf("proposal_versions %s version %d", key.caseID, key.version)
		sub, ok := subs[key]
		if !ok {
			rep.add("%s: content: no submission logs a content_sha256 for this version (added behind the service's back?)", where)
			continue
		}
		if got := sha256Hex([]byte(content)); got != sub.digest {
			rep.add("%s: content: SHA-256 %s differs from content_sha256 %s logged at log index %d", where, got, sub.digest, sub.logIndex)
		}
	}
	vr.Close()
	if err := vr.Err(); err != nil {
		return err
	}
	var missing []caseVersion
	for k := range subs {
		if !seen[k] {
			missing = append(missing, k)
		}
	}
	slices.SortFunc(missing, func(a, b caseVersion) int {
		return cmp.Or(strings.Compare(a.caseID, b.caseID), cmp.Compare(a.version, b.version))
	})
	for _, k := range missing {
		sub := subs[k]
		rep.add("proposal_versions %s version %d: missing; events %s seq %d (log index %d) submitted it with content_sha256 %s",
			k.caseID, k.version, k.caseID, sub.seq, sub.logIndex, sub.digest)
	}
	return nil
}

// attachmentRefs says who names an attachment, for a problem's wording.
type attachmentRefs struct {
	leaves []int64  // log indices whose leaf carries it as doc.sha256
	cases  []string // cases proposal_attachments links it to
	row    bool     // it has an attachments row
	size   int64    // the row's size
	mime   string   // the row's type
}

func (r *attachmentRefs) String() string {
	var parts []string
	if n := len(r.leaves); n > 0 {
		parts = append(parts, fmt.Sprintf("doc.sha256 at log index %s", listFirst(r.leaves, 3)))
	}
	if n := len(r.cases); n > 0 {
		parts = append(parts, "attached to "+listFirst(r.cases, 3))
	}
	if len(parts) == 0 {
		return "named by nothing"
	}
	return strings.Join(parts, ", ")
}

func listFirst[T any](xs []T, n int) string {
	var b strings.Builder
	for i, x := range xs {
		if i == n {
			fmt.Fprintf(&b, " and %d more", len(xs)-n)
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprint(&b, x)
	}
	return b.String()
}

func (s *Store) auditAttachments(ctx context.Context, rep *AuditReport) error {
	refs := map[string]*attachmentRefs{}
	ref := func(sum string) *attachmentRefs {
		r := refs[sum]
		if r == nil {
			r = &attachmentRefs{}
			refs[sum] = r
		}
		return r
	}
	// Most leaves name no attachment: only those with the field's line are
	// parsed.
	docLine := []byte("\n" + proof.FieldDoc + " ")
	if err := s.log.ScanLeaves(ctx, 0, func(idx int64, _ string, leaf []byte) error {
		if !bytes.Contains(leaf, docLine) {
			return nil
		}
		e, err := proof.ParseEntry(leaf)
		if err != nil {
			return nil // the ledger's own audit reports a leaf that does not parse
		}
		for _, d := range e.All(proof.FieldDoc) {
			r := ref(d)
			r.leaves = append(r.leaves, idx)
		}
		return nil
	}); err != nil {
		return err
	}
	pa, err := s.db.QueryContext(ctx, `SELECT proposal_id, sha256 FROM proposal_attachments ORDER BY proposal_id, sha256`)
	if err != nil {
		return err
	}
	for pa.Next() {
		var id, sum string
		if err := pa.Scan(&id, &sum); err != nil {
			pa.Close()
			return err
		}
		r := ref(sum)
		r.cases = append(r.cases, id)
	}
	pa.Close()
	if err := pa.Err(); err != nil {
		return err
	}
	ar, err := s.db.QueryContext(ctx, `SELECT sha256, size, mime FROM attachments`)
	if err != nil {
		return err
	}
	for ar.Next() {
		var sum string
		var size int64
		var mime string
		if err := ar.Scan(&sum, &size, &mime); err != nil {
			ar.Close()
			return err
		}
		r := ref(sum)
		r.row, r.size, r.mime = true, size, mime
	}
	ar.Close()
	if err := ar.Err(); err != nil {
		return err
	}
	if s.attachmentDir == "" {
		if len(refs) == 0 {
			return nil
		}
		rep.add("attachments: %d files are named, but this store has no attachments folder: none was checked", len(refs))
		return nil
	}
	sums := make([]string, 0, len(refs))
	for sum := range refs {
		sums = append(sums, sum)
	}
	slices.Sort(sums)
	for _, sum := range sums {
		if err := ctx.Err(); err != nil {
			return err
		}
		r := refs[sum]
		where := "attachments " + sum
		if !isHexSHA256(sum) {
			rep.add("%s: sha256: not a hex SHA-256 (%s)", where, r)
			continue
		}
		if !r.row {
			rep.add("%s: no attachments row, yet %s", where, r)
		}
		got, n, mime, err := hashFile(filepath.Join(s.attachmentDir, sum[:2], sum))
		switch {
		case errors.Is(err, fs.ErrNotExist):
			rep.add("%s: file: missing from the attachments folder (%s)", where, r)
			continue
		case err != nil:
			rep.add("%s: file: %v (%s)", where, err, r)
			continue
		case got != sum:
			rep.add("%s: file: SHA-256 %s differs from its name (%s)", where, got, r)
		}
		if r.row && r.size != n {
			rep.add("%s: size: the row says %d bytes, the file has %d", where, r.size, n)
		}
		if r.row && got == sum && r.mime != mime {
			rep.add("%s: mime: the row says %s, the file's bytes are %s", where, quoteEmpty(r.mime), mime)
		}
	}
	return s.auditStrayFiles(ctx, rep, refs)
}

// auditStrayFiles names every file in the attachments folder that nothing
// names: a file slipped in beside the record proves nothing, but a dossier
// or a reader that trusted the folder's listing would be misled by it.
// A crash between writing a file and its row leaves one too, harmless;
// the audit still says so, and the operator may delete it.
func (s *Store) auditStrayFiles(ctx context.Context, rep *AuditReport, refs map[string]*attachmentRefs) error {
	root := s.attachmentDir
	if _, err := os.Stat(root); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		if d.IsDir() {
			if path != root && (len(d.Name()) != 2 || strings.Contains(rel, string(filepath.Separator))) {
				rep.add("attachments folder %s: a folder the store never makes", rel)
				return fs.SkipDir
			}
			return nil
		}
		name := d.Name()
		if _, named := refs[name]; named && filepath.Dir(rel) == name[:2] {
			return nil
		}
		if strings.HasPrefix(name, ".tmp-") {
			rep.add("attachments folder %s: an unfinished write left behind; harmless, may be deleted", rel)
			return nil
		}
		rep.add("attachments folder %s: a file no row or leaf names", rel)
		return nil
	})
}

// hashFile opens a stored attachment read-only and hashes it. It reads at
// most a byte more than an attachment may hold, and refuses anything but a
// regular file, so that a link to a device or a huge file cannot stall the
// audit.
func hashFile(path string) (sum string, size int64, mime string, err error) {
	fi, err := os.Lstat(path)
	if err != nil {
		return "", 0, "", err
	}
	if !fi.Mode().IsRegular() {
		return "", 0, "", fmt.Errorf("not a regular file (%s)", fi.Mode().Type())
	}
	f, err := os.Open(path)
	if err != nil {
		return "", 0, "", err
	}
	defer f.Close()
	h := sha256.New()
	// The type is detected from the first 512 bytes, as casework.Service.Attach does.
	var head headBuffer
	n, err := io.Copy(io.MultiWriter(h, &head), io.LimitReader(f, MaxAttachment+1))
	if err != nil {
		return "", n, "", err
	}
	if n > MaxAttachment {
		return "", n, "", fmt.Errorf("larger than the %d MiB an attachment may hold", MaxAttachment>>20)
	}
	return hex.EncodeToString(h.Sum(nil)), n, http.DetectContentType(head.b), nil
}

// headBuffer keeps the first 512 bytes written to it.
type headBuffer struct{ b []byte }

func (w *headBuffer) Write(p []byte) (int, error) {
	if room := 512 - len(w.b); room > 0 {
		w.b = append(w.b, p[:min(room, len(p))]...)
	}
	return len(p), nil
}

// isHexSHA256 reports whether s is a SHA-256 in lower-case hex, the form
// attachments are stored and named under.
func isHexSHA256(s string) bool {
	if len(s) != 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}
