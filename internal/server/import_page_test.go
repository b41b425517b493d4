package server

import (
	"bytes"
	"context"
	"html"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestImportPagePreviewsThenImports: an administrator uploads a file of
// units, sees every bad line named and nothing written, uploads a good one,
// sees the rows it would create and still nothing written, then imports
// exactly those rows; a workbook imports as its CSV would, and people who
// administer nothing may not open the page.
func TestImportPagePreviewsThenImports(t *testing.T) {
	ps := newPageSite(t, Options{})
	admin := ps.client("admin")
	ctx := context.Background()
	units := func() int {
		t.Helper()
		us, err := ps.site.Store.Units(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		return len(us)
	}
	upload := func(kind, name string, data []byte) page {
		t.Helper()
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		mw.WriteField("step", "preview")
		mw.WriteField("kind", kind)
		fw, _ := mw.CreateFormFile("file", name)
		fw.Write(data)
		mw.Close()
		req, _ := http.NewRequest("POST", ps.base+"/admin/import", &buf)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		res, err := admin.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var b bytes.Buffer
		b.ReadFrom(res.Body)
		return page{res.StatusCode, b.String(), res.Header}
	}
	if body := ps.mustGet(admin, "/admin/import"); !strings.Contains(body, "id,parent_id,name,kind,party_committee") {
		t.Fatal("the page does not say what the file's first line must be")
	}
	if p := ps.get(ps.client("pct1.bth"), "/admin/import"); p.status != http.StatusForbidden {
		t.Fatalf("a deputy opens the import page: %d", p.status)
	}
	before, size := units(), ps.logSize()

	bad := "id,parent_id,name,kind,party_committee\nHCM-TD,HCM,Phường Tân Định,ward,Đảng ủy phường Tân Định\nHCM-X,NO-SUCH,Phường X,ward,\nHCM-Y,HCM,,ward,\n"
	p := upload("units", "don-vi.csv", []byte(bad))
	if p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, "2 dòng cần sửa") {
		t.Fatalf("a file with bad lines: %d\n%s", p.status, p.body)
	}
	for _, want := range []string{"<td>3</td>", "<td>4</td>", "Không có đơn vị mã NO-SUCH", "Chưa có dòng nào được nhập"} {
		if !strings.Contains(p.body, want) {
			t.Errorf("the refusal does not show %q", want)
		}
	}
	if strings.Contains(p.body, `name="step" value="import"`) {
		t.Error("a file with bad lines can be imported")
	}
	if units() != before || ps.logSize() != size {
		t.Fatal("a refused preview wrote something")
	}

	good := "\ufeffid,parent_id,name,kind,party_committee\r\nHCM-TD,HCM,Phường Tân Định,ward,Đảng ủy phường Tân Định\r\nHCM-TD-1,HCM-TD,Khu phố 1,agency,\r\n"
	p = upload("units", "don-vi.csv", []byte(good))
	if p.status != http.StatusOK || !strings.Contains(p.body, "Tệp hợp lệ: 2 dòng sẵn sàng để nhập") || !strings.Contains(p.body, "<td>Phường Tân Định</td>") {
		t.Fatalf("a good file's preview: %d\n%s", p.status, p.body)
	}
	if units() != before || ps.logSize() != size {
		t.Fatal("a preview wrote something")
	}
	m := regexp.MustCompile(`name="data" value="([^"]*)"`).FindStringSubmatch(p.body)
	if m == nil {
		t.Fatal("the preview offers no import")
	}
	p = ps.post(admin, "/admin/import", url.Values{"step": {"import"}, "kind": {"units"}, "data": {html.UnescapeString(m[1])}})
	if p.status != http.StatusSeeOther || p.header.Get("Location") != "/admin?done=import&imported=2" {
		t.Fatalf("import: %d %s\n%s", p.status, p.header.Get("Location"), p.body)
	}
	if units() != before+2 || ps.logSize() <= size {
		t.Fatalf("import: %d units, log %d → %d", units()-before, size, ps.logSize())
	}
	if body := ps.mustGet(admin, "/admin?done=import&imported=2"); !strings.Contains(body, "Đã nhập 2 dòng.") {
		t.Error("the administration page does not say what was imported")
	}

	// A workbook: its first sheet is read as the CSV would be.
	wb := excelize.NewFile()
	for i, row := range [][]any{{"id", "name", "email", "unit_id", "position", "roles"},
		{"ct.td", "Chủ tịch Tân Định", "ct.td@test.vn", "HCM-TD", "head", ""},
		{"du.td", "Đảng ủy viên Tân Định", "du.td@test.vn", "HCM-TD", "staff", "party_committee"}} {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := wb.SetSheetRow("Sheet1", cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	var x bytes.Buffer
	if err := wb.Write(&x); err != nil {
		t.Fatal(err)
	}
	p = upload("people", "nguoi-dung.xlsx", x.Bytes())
	if p.status != http.StatusOK || !strings.Contains(p.body, "Tệp hợp lệ: 2 dòng sẵn sàng để nhập") || !strings.Contains(p.body, "<td>Chủ tịch Tân Định</td>") {
		t.Fatalf("a workbook's preview: %d\n%s", p.status, p.body)
	}
	m = regexp.MustCompile(`name="data" value="([^"]*)"`).FindStringSubmatch(p.body)
	if m == nil {
		t.Fatal("the workbook's preview offers no import")
	}
	p = ps.post(admin, "/admin/import", url.Values{"step": {"import"}, "kind": {"people"}, "data": {html.UnescapeString(m[1])}})
	if p.status != http.StatusOK || !strings.Contains(p.body, "Đã nhập 2 dòng.") || strings.Count(p.body, "/invite/") != 2 || !strings.Contains(p.body, "ct.td@test.vn") {
		t.Fatalf("imported people get no invitation: %d\n%s", p.status, p.body)
	}
	p = upload("people", "nguoi-dung.xlsx", []byte("PK\x03\x04 not a workbook"))
	if p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, "Không đọc được tệp Excel này") {
		t.Fatalf("a broken workbook: %d", p.status)
	}
}
