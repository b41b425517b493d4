package server

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"

	"damlam/internal/casework"
	"damlam/internal/sqlstore"
	"damlam/internal/testdb"
	"damlam/internal/webtest"
	"damlam/internal/workflow"
)

// folderState lists the attachments folder: every file with its size.
func folderState(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			info, _ := d.Info()
			out = append(out, fmt.Sprintf("%s %d %v", strings.TrimPrefix(path, dir), info.Size(), info.ModTime()))
		}
		return nil
	})
	sort.Strings(out)
	return out
}

func upload(t *testing.T, base, token, id, name string, body []byte) (int, string) {
	t.Helper()
	req, _ := http.NewRequest("POST", base+"/api/v1/proposals/"+id+"/attachments?name="+url.QueryEscape(name), bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

func TestUploads(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { uploads(t, "") })
	t.Run("postgres", func(t *testing.T) { uploads(t, testdb.Postgres(t)) })
}

func uploads(t *testing.T, target string) {
	ps := newPageSiteOn(t, Options{Quota: &workflow.Quota{PerPerson: 3 << 20, PerUnit: 5 << 20}}, target)
	id := ps.site.AlleyRoad(t, workflow.Draft)
	dir := filepath.Join(ps.site.Dir, "attachments")
	token := func(who string) string {
		tok, err := ps.site.Store.IssueToken(t.Context(), who, sqlstore.TokenAPI, time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	proposer, colleague, outsider, unitmate := token("pct1.bth"), token("canbo.bth"), token("chutich.gd"), token("pct2.bth")
	// sized is n bytes, distinct by tag.
	sized := func(n int, tag byte) []byte { return append([]byte{tag}, bytes.Repeat([]byte("a"), n-1)...) }
	big := sized(2<<20, 0)

	// Refused uploads (403, 404, 404 for a case that does not exist) leave
	// the folder exactly as it was.
	before := folderState(t, dir)
	for _, c := range []struct {
		who, id string
		want    int
	}{
		{colleague, id, http.StatusForbidden},
		{outsider, id, http.StatusForbidden},
		{proposer, "DX-2099-999999", http.StatusNotFound},
	} {
		for i := range 3 {
			body := append([]byte{byte(i)}, big...)
			if st, b := upload(t, ps.base, c.who, c.id, "tep-bi-tu-choi.bin", body); st != c.want {
				t.Fatalf("a refused upload: %d, want %d\n%s", st, c.want, b)
			}
		}
	}
	if after := folderState(t, dir); strings.Join(after, "\n") != strings.Join(before, "\n") {
		t.Fatalf("refused uploads changed the attachments folder:\nbefore %v\nafter %v", before, after)
	}

	// The refusal comes before the body: a client that has sent only its
	// first bytes of 20 MB already has its answer.
	pr, pw := io.Pipe()
	req, _ := http.NewRequest("POST", ps.base+"/api/v1/proposals/"+id+"/attachments?name=x.bin", pr)
	req.ContentLength = 20 << 20
	req.Header.Set("Authorization", "Bearer "+colleague)
	go pw.Write(make([]byte, 1024))
	done := make(chan int, 1)
	go func() {
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			done <- 0
			return
		}
		res.Body.Close()
		done <- res.StatusCode
	}()
	select {
	case st := <-done:
		if st != http.StatusForbidden {
			t.Fatalf("a refused upload before its body: %d", st)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the server waited for the body of an upload it refuses")
	}
	pw.Close()

	// Names are normalised: path parts of either kind, control and
	// invisible characters go; a decomposed name is stored composed; the
	// download names it exactly (RFC 6266 filename*).
	raw := `C:\Giấy tờ\..\` + norm.NFD.String("Tờ trình\u202e đề xuất.pdf")
	st, b := upload(t, ps.base, proposer, id, raw, []byte("%PDF-1.4 tờ trình"))
	if st != http.StatusCreated || !strings.Contains(b, `"name":"Tờ trình đề xuất.pdf"`) {
		t.Fatalf("upload: %d %s", st, b)
	}
	sum := b[strings.Index(b, `"sha256":"`)+10:][:64]
	req, _ = http.NewRequest("GET", ps.base+"/api/v1/proposals/"+id+"/attachments/"+sum, nil)
	req.Header.Set("Authorization", "Bearer "+proposer)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if cd := res.Header.Get("Content-Disposition"); cd != `attachment; filename="To trinh de xuat.pdf"; filename*=UTF-8''T%E1%BB%9D%20tr%C3%ACnh%20%C4%91%E1%BB%81%20xu%E1%BA%A5t.pdf` {
		t.Errorf("Content-Disposition: %s", cd)
	}
	page := ps.get(ps.client("pct1.bth"), "/proposals/"+id+"/attachments/"+sum)
	if cd := page.header.Get("Content-Disposition"); !strings.Contains(cd, "filename*=UTF-8''T%E1%BB%9D") {
		t.Errorf("the page's download: %s", cd)
	}
	if st, _ := upload(t, ps.base, proposer, id, "../", []byte("x")); st != http.StatusUnprocessableEntity {
		t.Errorf("a name that is only a path: %d", st)
	}

	// The quota: 3 MB a person, 5 MB a unit. Over it: 422, nothing written.
	if st, b := upload(t, ps.base, proposer, id, "phu-luc-1.bin", big); st != http.StatusCreated {
		t.Fatalf("within the quota: %d %s", st, b)
	}
	before = folderState(t, dir)
	if st, b := upload(t, ps.base, proposer, id, "phu-luc-2.bin", sized(1<<20, 1)); st != http.StatusUnprocessableEntity || !strings.Contains(b, "quota_person") {
		t.Fatalf("over a person's quota: %d %s", st, b)
	}
	if after := folderState(t, dir); strings.Join(after, "\n") != strings.Join(before, "\n") {
		t.Fatal("a refused upload over a person's quota changed the folder")
	}
	mine, err := ps.cases().Create(t.Context(), ps.site.Person(t, "pct2.bth"), "HCM-BTH", webtest.AlleyRoadContent())
	if err != nil {
		t.Fatal(err)
	}
	for i := range 2 {
		if st, b := upload(t, ps.base, unitmate, mine, "phu-luc.bin", sized(1<<20, byte(10+i))); st != http.StatusCreated {
			t.Fatalf("a unit-mate within the unit's quota: %d %s", st, b)
		}
	}
	before = folderState(t, dir)
	if st, b := upload(t, ps.base, unitmate, mine, "phu-luc.bin", sized(1<<20, 20)); st != http.StatusUnprocessableEntity || !strings.Contains(b, "quota_unit") {
		t.Fatalf("over the unit's quota: %d %s", st, b)
	}
	if after := folderState(t, dir); strings.Join(after, "\n") != strings.Join(before, "\n") {
		t.Fatal("a refused upload over the quota changed the folder")
	}
}

func (ps *pageSite) cases() *casework.Service { return casework.New(ps.site.Store) }
