package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"damlam/internal/testdb"
)

// TestOfficialDocumentsEndToEnd: a proposal is submitted (its plan is
// numbered 01 in the ward's register) and returned (the notice is 02), listed on the case, served as its
// PDF (whose digest the case's event carries) by the API, by the page and
// by `damlam document`, found in the register by a word of its subject,
// and kept from a head of another ward.
func TestOfficialDocumentsEndToEnd(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dialect, dsn string) {
		env := dbEnv(dialect, dsn)
		dir := t.TempDir()
		boot := &instance{t: t, data: dir, env: env}
		writeFile(t, dir, "units.csv", unitsCSV)
		if out, err := boot.cli("", "import", "units", dir+"/units.csv"); err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		if out, err := boot.cli(testPassword+"\n", "user", "add", "--id", "admin", "--name", "Quản trị", "--email", "admin@test.vn",
			"--unit", "VN", "--role", "admin", "--password-stdin"); err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		in := startServer(t, dir, boot.env)
		admin := in.login("admin@test.vn")
		seedPeople(t, in, admin)
		proposer := in.login("pct1.bth@test.vn")
		head := in.login("chutich.bth@test.vn")
		otherHead := in.login("chutich.gd@test.vn")

		p := in.must(201, "POST", "/api/v1/proposals", proposer, map[string]any{"unit_id": "HCM-BTH", "content": alleyRoadContent()})
		id := p["id"].(string)
		in.must(200, "POST", "/api/v1/proposals/"+id+"/submit", proposer, nil)
		in.must(200, "POST", "/api/v1/proposals/"+id+"/return", head, map[string]any{"reason": "Bổ sung dự toán kinh phí."})

		r := in.call("GET", "/api/v1/proposals/"+id+"/documents", head, nil)
		if r.status != 200 || !strings.Contains(string(r.body), `"reference":"02/TB-UBND"`) || !strings.Contains(string(r.body), `"kind":"return"`) {
			t.Fatalf("documents: %d %s", r.status, r.body)
		}
		pdf := in.call("GET", "/api/v1/proposals/"+id+"/documents/2", head, nil)
		sum := sha256.Sum256(pdf.body)
		digest := hex.EncodeToString(sum[:])
		if pdf.status != 200 || pdf.header.Get("Content-Type") != "application/pdf" || pdf.header.Get("Digest-SHA256") != digest || !strings.HasPrefix(string(pdf.body), "%PDF-") {
			t.Fatalf("the PDF: %d %v", pdf.status, pdf.header)
		}
		// The case's event binds the same digest.
		if v := in.call("GET", "/api/v1/proposals/"+id, head, nil); !strings.Contains(string(v.body), digest) {
			t.Error("the case's history does not carry the PDF's digest")
		}
		byRef := in.call("GET", "/api/v1/proposals/"+id+"/documents/"+url.PathEscape("02/TB-UBND"), head, nil)
		if byRef.status != 200 || string(byRef.body) != string(pdf.body) {
			t.Errorf("by reference: %d", byRef.status)
		}
		if r := in.call("GET", "/api/v1/proposals/"+id+"/documents/7", head, nil); r.status != 404 || !strings.Contains(string(r.body), "không có văn bản số 7") {
			t.Errorf("a number the case does not have: %d %s", r.status, r.body)
		}
		if r := in.call("GET", "/api/v1/proposals/"+id+"/documents/2", otherHead, nil); r.status != 404 {
			t.Errorf("another ward's head: %d", r.status)
		}
		reg := in.call("GET", "/api/v1/units/HCM-BTH/documents?q="+url.QueryEscape("tra lai"), head, nil)
		if reg.status != 200 || !strings.Contains(string(reg.body), id) {
			t.Errorf("register search: %d %s", reg.status, reg.body)
		}
		if r := in.call("GET", "/api/v1/units/HCM-BTH/documents", otherHead, nil); r.status != 404 {
			t.Errorf("another ward's head read the register: %d", r.status)
		}
		if r := in.call("GET", "/api/v1/units/HCM-BTH/documents?year=abc", head, nil); r.status != 422 {
			t.Errorf("a bad year: %d", r.status)
		}

		file := filepath.Join(t.TempDir(), "thong-bao.pdf")
		if out, err := in.cli("", "document", id, "2", "-o", file); err != nil || !strings.Contains(out, "02/TB-UBND") {
			t.Fatalf("damlam document: %v\n%s", err, out)
		}
		b, err := os.ReadFile(file)
		if err != nil || string(b) != string(pdf.body) {
			t.Fatalf("the command wrote other bytes than the API serves (%v)", err)
		}
		if out, err := in.cli("", "document", id, "9", "-o", file); err == nil {
			t.Errorf("a missing number was written: %s", out)
		}
		exports(t, in, head, id)

		if tool, err := exec.LookPath("pdftotext"); err == nil {
			text, err := exec.Command(tool, "-layout", file, "-").Output()
			if err != nil || !strings.Contains(string(text), "Số: 02/TB-UBND") || !strings.Contains(string(text), "THÔNG BÁO") {
				t.Errorf("pdftotext: %v\n%s", err, text)
			}
		}
	})
}

// exports: the list with its filters, the inbox and the register come as
// spreadsheets excelize opens, with typed cells, and as CSV with a BOM.
func exports(t *testing.T, in *instance, head, id string) {
	t.Helper()
	open := func(path string) *excelize.File {
		r := in.call("GET", path, head, nil)
		if r.status != 200 || !strings.Contains(r.header.Get("Content-Type"), "spreadsheetml") {
			t.Fatalf("%s: %d %s", path, r.status, r.body)
		}
		f, err := excelize.OpenReader(bytes.NewReader(r.body))
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		t.Cleanup(func() { f.Close() })
		return f
	}
	f := open("/api/v1/export/proposals?state=RETURNED&q=" + url.QueryEscape("duong hem"))
	rows, err := f.GetRows("Đề xuất")
	if err != nil || len(rows) != 2 || rows[0][0] != "Mã hồ sơ" || rows[1][0] != id || rows[1][3] != "Trả lại để hoàn thiện" {
		t.Errorf("the list export: %v %q", err, rows)
	}
	if n := open("/api/v1/export/proposals?state=APPROVED"); n != nil {
		if rows, _ := n.GetRows("Đề xuất"); len(rows) != 1 {
			t.Errorf("a filter that matches nothing exported %d rows", len(rows)-1)
		}
	}
	reg := open("/api/v1/export/units/HCM-BTH/documents")
	if raw, _ := reg.GetCellValue("Sổ văn bản", "C2", excelize.Options{RawCellValue: true}); raw == "" || strings.Contains(raw, "/") {
		t.Errorf("the register's date is not a date cell: %q", raw)
	}
	if v, _ := reg.GetCellValue("Sổ văn bản", "B2"); v != "02/TB-UBND" {
		t.Errorf("the register export: %q", v)
	}
	open("/api/v1/export/inbox")
	csv := in.call("GET", "/api/v1/export/units/HCM-BTH/documents?format=csv", head, nil)
	if csv.status != 200 || !strings.HasPrefix(string(csv.body), "\uFEFFSố,Số, ký hiệu") && !strings.HasPrefix(string(csv.body), "\uFEFFSố,\"Số, ký hiệu\"") {
		t.Errorf("the CSV: %d %q", csv.status, csv.body)
	}
	if r := in.call("GET", "/api/v1/export/inbox?format=pdf", head, nil); r.status != 422 {
		t.Errorf("an unknown format: %d", r.status)
	}
}
