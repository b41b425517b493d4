package server

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"
)

// TestDocumentPages: the case page's "Văn bản" section links each
// document; the link downloads the PDF whose digest the page shows; the
// unit's register lists it by year and finds it by a word of its subject
// typed without diacritics; another ward's head sees neither.
func TestDocumentPages(t *testing.T) {
	ps := newPageSite(t, Options{})
	id := ps.site.AlleyRoad(t, "")
	head := ps.client("chutich.bth")
	body := ps.mustGet(head, "/proposals/"+id)
	i := strings.Index(body, `<h2 id="docs-h">Văn bản</h2>`)
	if i < 0 {
		t.Fatal("the case page has no Văn bản section")
	}
	link := "/proposals/" + id + "/documents/HCM-BTH-2026-3"
	if !strings.Contains(body[i:], `href="`+link+`"`) {
		t.Fatalf("no link to the approval decision in:\n%s", body[i:min(len(body), i+3000)])
	}
	pdf := ps.get(head, link)
	sum := sha256.Sum256([]byte(pdf.body))
	if pdf.status != 200 || pdf.header.Get("Content-Type") != "application/pdf" || !strings.Contains(body[i:], hex.EncodeToString(sum[:])) {
		t.Fatalf("the download: %d %s; its digest is not the one the page shows", pdf.status, pdf.header.Get("Content-Type"))
	}
	if !strings.Contains(pdf.header.Get("Content-Disposition"), id+"_3-Q") {
		t.Errorf("file name: %s", pdf.header.Get("Content-Disposition"))
	}

	reg := ps.mustGet(head, "/units/HCM-BTH/documents?year=2026")
	if !strings.Contains(reg, "Sổ văn bản Phường Bình Thạnh năm 2026") || !strings.Contains(reg, "03/QĐ-UBND") || !strings.Contains(reg, "02/BB-UBND") || !strings.Contains(reg, "01/TTr-UBND") {
		t.Errorf("the register page lacks the ward's 2026 documents")
	}
	found := ps.mustGet(head, "/units/HCM-BTH/documents?year=2026&q=bien+ban")
	if !strings.Contains(found, "02/BB-UBND") || strings.Contains(found, "03/QĐ-UBND") {
		t.Errorf("a search for the minutes found something else")
	}
	if empty := ps.mustGet(head, "/units/HCM-BTH/documents?year=2021"); !strings.Contains(empty, "Không có văn bản nào.") {
		t.Errorf("another year is not empty")
	}
	other := ps.client("chutich.gd")
	if p := ps.get(other, link); p.status != 404 {
		t.Errorf("another ward's head downloads the decision: %d", p.status)
	}
	if p := ps.get(other, "/units/HCM-BTH/documents"); p.status != 404 {
		t.Errorf("another ward's head reads the register: %d", p.status)
	}
}
