package sqlstore_test

import (
	"context"
	"damlam/internal/casework"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"damlam/internal/sqlstore"
	"damlam/internal/testdb"
	"damlam/internal/workflow"
)

// submittedTwice drafts a case with the given attachments, submits it, has
// it returned and submits it again, so it has versions 1 and 2. It returns
// the case id, the attachments' digests and the log index of each
// submission.
func (f *fixture) submittedTwice(files ...string) (string, []string, [2]int64) {
	f.t.Helper()
	id := f.draft("staff.bth", "BTH")
	var sums []string
	for _, name := range files {
		a, err := casework.New(f.store).Attach(f.ctx, f.people["staff.bth"], id, name, []byte("nội dung "+name+" của "+id))
		if err != nil {
			f.t.Fatal(err)
		}
		sums = append(sums, a.SHA256)
	}
	var at [2]int64
	at[0] = f.do("staff.bth", id, workflow.Submit, nil).Event.LogIndex
	f.do("head.bth", id, workflow.Return, &workflow.ReasonRequiredInput{Reason: "Bổ sung."})
	c := fullContent("BTH")
	c.Necessity = "Hẻm ngập nặng mỗi khi mưa."
	if err := casework.New(f.store).Edit(f.ctx, f.people["staff.bth"], id, c); err != nil {
		f.t.Fatal(err)
	}
	at[1] = f.do("staff.bth", id, workflow.Submit, nil).Event.LogIndex
	return id, sums, at
}

// TestAuditDocumentsNamesChangedRows changes content versions and
// attachment files behind the service's back, each on its own case, and
// requires the documents audit to name every changed row or file, and
// nothing else. Every leaf and event row stays intact throughout: only
// hashing the documents again can tell.
func TestAuditDocumentsNamesChangedRows(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dialect, dsn string) {
		f := newFixture(t, dsn)
		dir := sqlstore.AttachmentDir(f.store)
		path := func(sum string) string { return filepath.Join(dir, sum[:2], sum) }
		// The changes accumulate, each on a case of its own: what earlier
		// subtests changed on purpose is set aside in later ones.
		var known []string

		for _, tc := range []struct {
			name string
			do   func(t *testing.T) (want []string)
		}{
			{"version content edited", func(t *testing.T) []string {
				id, _, at := f.submittedTwice("ke-hoach.pdf")
				exec(t, f.db, `UPDATE proposal_versions SET content = replace(content, 'Hẻm ngập nặng', 'Hẻm khô ráo') WHERE proposal_id = $1 AND version = 2`, id)
				return []string{fmt.Sprintf("proposal_versions %s version 2: content: SHA-256 ", id) +
					"%s differs from content_sha256 " + fmt.Sprintf("%%s logged at log index %d", at[1])}
			}},
			{"two attachment files swapped", func(t *testing.T) []string {
				_, sums, _ := f.submittedTwice("ke-hoach.pdf", "du-toan-kinh-phi.xlsx")
				a, _ := os.ReadFile(path(sums[0]))
				b, _ := os.ReadFile(path(sums[1]))
				os.WriteFile(path(sums[0]), b, 0o640)
				os.WriteFile(path(sums[1]), a, 0o640)
				return []string{
					"attachments " + sums[0] + ": file: SHA-256 " + sums[1] + " differs from its name (doc.sha256 at log index ",
					"attachments " + sums[1] + ": file: SHA-256 " + sums[0] + " differs from its name (doc.sha256 at log index ",
					fmt.Sprintf("attachments %s: size: the row says %d bytes, the file has %d", sums[0], len(a), len(b)),
					fmt.Sprintf("attachments %s: size: the row says %d bytes, the file has %d", sums[1], len(b), len(a)),
				}
			}},
			{"attachment file deleted", func(t *testing.T) []string {
				id, sums, _ := f.submittedTwice("bien-ban.pdf")
				if err := os.Remove(path(sums[0])); err != nil {
					t.Fatal(err)
				}
				return []string{"attachments " + sums[0] + ": file: missing from the attachments folder (doc.sha256 at log index %s, attached to " + id + ")"}
			}},
			{"attachment row's size changed", func(t *testing.T) []string {
				_, sums, _ := f.submittedTwice("phu-luc.pdf")
				exec(t, f.db, `UPDATE attachments SET size = size + 1 WHERE sha256 = $1`, sums[0])
				return []string{"attachments " + sums[0] + ": size: the row says "}
			}},
			{"version row deleted", func(t *testing.T) []string {
				id, _, at := f.submittedTwice()
				exec(t, f.db, `DELETE FROM proposal_versions WHERE proposal_id = $1 AND version = 1`, id)
				return []string{fmt.Sprintf("proposal_versions %s version 1: missing; events %s seq 1 (log index %d) submitted it", id, id, at[0])}
			}},
			{"version row added", func(t *testing.T) []string {
				id, _, _ := f.submittedTwice()
				exec(t, f.db, `INSERT INTO proposal_versions (proposal_id, version, content, created_at, created_by)
					SELECT proposal_id, 3, content, created_at, created_by FROM proposal_versions WHERE proposal_id = $1 AND version = 2`, id)
				return []string{fmt.Sprintf("proposal_versions %s version 3: content: no submission logs a content_sha256", id)}
			}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				// The case is clean before the change.
				before := auditDocuments(t, f, known)
				if len(before) != 0 {
					t.Fatalf("clean store audits dirty: %v", before)
				}
				want := tc.do(t)
				folder, rows := snapshot(t, f, dir), tableRows(t, f)
				got := auditDocuments(t, f, known)
				if !slices.Equal(folder, snapshot(t, f, dir)) || !slices.Equal(rows, tableRows(t, f)) {
					t.Error("the audit changed the attachments folder or the documents' rows")
				}
				for _, w := range want {
					if !slices.ContainsFunc(got, func(p string) bool { return matches(p, w) }) {
						t.Errorf("the audit did not say %q; it said:\n%s", w, strings.Join(got, "\n"))
					}
				}
				for _, p := range got {
					if !slices.ContainsFunc(want, func(w string) bool { return matches(p, w) }) {
						t.Errorf("a problem no change explains: %s", p)
					}
				}
				t.Logf("audit:\n%s", strings.Join(got, "\n"))
				known = append(known, want...)
			})
		}
	})
}

// auditDocuments runs the documents audit alone and drops the problems
// that match known, those earlier changes caused on purpose.
func auditDocuments(t *testing.T, f *fixture, known []string) []string {
	t.Helper()
	rep, err := sqlstore.AuditDocuments(context.Background(), f.store)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, p := range rep.Problems {
		if !slices.ContainsFunc(known, func(w string) bool { return matches(p, w) }) {
			out = append(out, p)
		}
	}
	return out
}

// matches reports whether problem p fits want, in which each %s stands for
// any text.
func matches(p, want string) bool {
	parts := strings.Split(want, "%s")
	if !strings.HasPrefix(p, parts[0]) {
		return false
	}
	p = p[len(parts[0]):]
	for _, part := range parts[1:] {
		i := strings.Index(p, part)
		if i < 0 {
			return false
		}
		p = p[i+len(part):]
	}
	return true
}

// snapshot lists every file under dir with its size, mode and time.
func snapshot(t *testing.T, f *fixture, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		out = append(out, fmt.Sprintf("%s %d %v %v", p, fi.Size(), fi.Mode(), fi.ModTime().UnixNano()))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// tableRows lists the rows the documents audit reads.
func tableRows(t *testing.T, f *fixture) []string {
	t.Helper()
	var out []string
	for _, q := range []string{
		`SELECT proposal_id || ' ' || CAST(version AS TEXT) || ' ' || content FROM proposal_versions ORDER BY proposal_id, version`,
		`SELECT sha256 || ' ' || CAST(size AS TEXT) FROM attachments ORDER BY sha256`,
		`SELECT proposal_id || ' ' || sha256 || ' ' || name FROM proposal_attachments ORDER BY proposal_id, sha256`,
	} {
		rows, err := f.db.QueryContext(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var s string
			rows.Scan(&s)
			out = append(out, s)
		}
		rows.Close()
	}
	return out
}

// exec runs an edit behind the service's back.
func exec(t *testing.T, db *sqlstore.DB, q string, args ...any) {
	t.Helper()
	if _, err := db.ExecContext(context.Background(), q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}
