package document

import (
	"bytes"
	"crypto/sha256"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden texts")

// poppler finds one of poppler's tools; without it the test skips, or
// fails in CI, where .ci/install-deps.sh installs poppler-utils.
func poppler(t testing.TB, tool string) string {
	t.Helper()
	p, err := exec.LookPath(tool)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is missing: install poppler-utils (.ci/install-deps.sh)", tool)
		}
		t.Skipf("%s is missing: install poppler-utils", tool)
	}
	return p
}

// run writes pdf to a file and runs a poppler tool on it.
func run(t testing.TB, pdf []byte, tool string, args ...string) string {
	t.Helper()
	bin := poppler(t, tool)
	file := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(file, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, append(args, file, "-")...).CombinedOutput()
	if tool == "pdffonts" || tool == "pdfinfo" {
		out, err = exec.Command(bin, append(args, file)...).CombinedOutput()
	}
	if err != nil {
		t.Fatalf("%s: %v\n%s", tool, err, out)
	}
	return string(out)
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	file := filepath.Join("testdata", "golden", name+".txt")
	if *update {
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s: the text differs from %s (run with -update after checking the PDF):\n%s", name, file, got)
	}
}

// The demo's cases and the documents each produces: every kind.
var demoCases = []string{"DX-2026-000001", "DX-2026-000005", "DX-2026-000006", "DX-2026-000008", "DX-2026-000011",
	"DX-2026-000012", "DX-2026-000013", "DX-2026-000014", "DX-2026-000015", "DX-2026-000016", "DX-2026-000020"}

// TestDemoDocuments renders every document of the demo's cases (and an
// inspection record) and compares the text poppler extracts, laid out,
// with the golden files; it checks the header block's places on the page.
func TestDemoDocuments(t *testing.T) {
	poppler(t, "pdftotext")
	seen := map[Kind]bool{}
	for _, id := range demoCases {
		c := loadCase(t, id)
		if id == "DX-2026-000001" {
			c.History = append(c.History, inspectionLine(c))
		}
		for i, e := range Entries(c.History) {
			d, err := Build(c, e.Seq, e.Kind, 7+i)
			if err != nil {
				t.Fatalf("%s %d %s: %v", id, e.Seq, e.Kind, err)
			}
			pdf, err := Render(d)
			if err != nil {
				t.Fatalf("%s %d %s: %v", id, e.Seq, e.Kind, err)
			}
			seen[e.Kind] = true
			if dir := os.Getenv("DAMLAM_DOCUMENT_DIR"); dir != "" {
				// Keep the PDFs to look at (pdftoppm -png).
				if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s-%02d-%s.pdf", id, e.Seq, e.Kind)), pdf, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			text := run(t, pdf, "pdftotext", "-layout", "-enc", "UTF-8")
			name := fmt.Sprintf("%s-%02d-%s", id, e.Seq, e.Kind)
			golden(t, name, text)
			checkHeader(t, name, text, d)
		}
	}
	for _, k := range Kinds {
		if !seen[k] {
			t.Errorf("no demo case produced a %s", k)
		}
	}
}

// checkHeader finds the header block's parts where Decree 30 puts them:
// the agency left and the national title right on the first line, the motto
// right, the number left and the place and date right on one line, the
// type centred below, and the signer's capacity right of "Nơi nhận".
func checkHeader(t *testing.T, name, text string, d Doc) {
	t.Helper()
	lines := strings.Split(text, "\n")
	first := lines[0]
	ag, nt := strings.Index(first, strings.ToUpper(d.Issuer[0])), strings.Index(first, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
	if d.Governing != "" {
		ag = strings.Index(first, strings.ToUpper(d.Governing))
	}
	if ag < 0 || nt < 0 || ag > nt {
		t.Errorf("%s: first line %q: want the agency left of the national title", name, first)
	}
	if !strings.Contains(lines[1], "Độc lập - Tự do - Hạnh phúc") {
		t.Errorf("%s: second line %q: want the motto", name, lines[1])
	}
	num, date := -1, -1
	for i, l := range lines[:8] {
		if strings.Contains(l, NumberLine(d.Number, d.Symbol)) && strings.Contains(l, PlaceDate(d.Place, d.Date)) {
			num = i
			date = strings.Index(l, PlaceDate(d.Place, d.Date))
			if strings.Index(l, "Số:") > date {
				t.Errorf("%s: %q: the number must be left of the date", name, l)
			}
		}
	}
	if num < 0 {
		t.Errorf("%s: no line holds %q and %q side by side", name, NumberLine(d.Number, d.Symbol), PlaceDate(d.Place, d.Date))
	}
	kind := strings.ToUpper(d.Kind)
	found := false
	for _, l := range lines[num+1:] {
		if strings.TrimSpace(l) == kind {
			found = true
			if lead := len(l) - len(strings.TrimLeft(l, " ")); lead < 20 {
				t.Errorf("%s: %q: the type is not centred", name, l)
			}
			break
		}
	}
	if !found {
		t.Errorf("%s: the type %q is not on a line of its own", name, kind)
	}
	if len(d.Signers) == 1 && len(d.Recipients) > 0 {
		ok := false
		for _, l := range lines {
			if i := strings.Index(l, "Nơi nhận:"); i >= 0 && strings.Index(l, strings.ToUpper(d.Signers[0].Capacity[0])) > i {
				ok = true
			}
		}
		if !ok {
			t.Errorf("%s: want \"Nơi nhận:\" left of %q on one line", name, d.Signers[0].Capacity[0])
		}
	}
	if len(d.Signers) > 0 && d.Signers[len(d.Signers)-1].Name != "" && !strings.Contains(text, d.Signers[len(d.Signers)-1].Name) {
		t.Errorf("%s: the signer's name is missing", name)
	}
}

// TestFontsEmbedded: pdffonts lists the serif in its four styles, embedded
// and subset-free of substitution (emb yes), with Unicode maps.
func TestFontsEmbedded(t *testing.T) {
	c := loadCase(t, "DX-2026-000001")
	e := Entries(c.History)[0]
	d, err := Build(c, e.Seq, e.Kind, 12)
	if err != nil {
		t.Fatal(err)
	}
	pdf, err := Render(d)
	if err != nil {
		t.Fatal(err)
	}
	out := run(t, pdf, "pdffonts")
	rows := 0
	for _, l := range strings.Split(out, "\n") {
		f := strings.Fields(l)
		if len(f) < 7 || !strings.Contains(strings.ToLower(f[0]), "liberationserif") {
			continue
		}
		rows++
		if f[1] != "CID" || f[len(f)-5] != "yes" || f[len(f)-3] != "yes" {
			t.Errorf("font row %q: want an embedded CID TrueType with a Unicode map", l)
		}
	}
	if rows < 3 {
		t.Errorf("pdffonts lists %d Liberation Serif fonts, want the regular, bold and italic at least:\n%s", rows, out)
	}
}

// TestDeterministic: the same document gives the same bytes, so its
// digest can stand in the log.
func TestDeterministic(t *testing.T) {
	c := loadCase(t, "DX-2026-000014")
	for _, e := range Entries(c.History) {
		d, err := Build(c, e.Seq, e.Kind, 3)
		if err != nil {
			t.Fatal(err)
		}
		var first [32]byte
		for i := range 4 {
			pdf, err := Render(d)
			if err != nil {
				t.Fatal(err)
			}
			sum := sha256.Sum256(pdf)
			if i == 0 {
				first = sum
			} else if sum != first {
				t.Fatalf("%s: render %d gave other bytes", e.Kind, i)
			}
			if !bytes.Contains(pdf, []byte("/CreationDate (D:"+d.Date.UTC().Format("20060102150405"))) {
				t.Fatalf("%s: the creation date is not the document's", e.Kind)
			}
		}
	}
}

// TestLongDocument: twenty pages of content break between lines, keep
// every word, and number the pages from the second on, centred at the top.
func TestLongDocument(t *testing.T) {
	d := Doc{Issuer: []string{"Ủy ban nhân dân", "Phường Bình Thạnh"}, Number: 5, Symbol: "QĐ-UBND", Place: "Bình Thạnh",
		Date: time.Date(2026, 2, 3, 2, 0, 0, 0, time.UTC), Kind: "Quyết định", Subject: "Về việc thử một văn bản dài",
		Signers: []Signer{{Capacity: []string{"Chủ tịch"}, Name: "Trần Văn Bình"}}, Recipients: []string{"Lưu: VT"}}
	for i := 1; i <= 300; i++ {
		d.Body = append(d.Body, Block{Lead: fmt.Sprintf("Điều %d.", i), Text: fmt.Sprintf("Đoạn số %d: cán bộ năng động, sáng tạo, dám nghĩ, dám làm vì lợi ích chung được khuyến khích và bảo vệ theo đúng quy định của pháp luật hiện hành.", i)})
	}
	pdf, err := Render(d)
	if err != nil {
		t.Fatal(err)
	}
	info := run(t, pdf, "pdfinfo")
	pages := 0
	for _, l := range strings.Split(info, "\n") {
		if f := strings.Fields(l); len(f) == 2 && f[0] == "Pages:" {
			fmt.Sscan(f[1], &pages)
		}
		if strings.HasPrefix(l, "Page size:") && !strings.Contains(l, "595.28 x 841.89") {
			t.Errorf("not A4: %s", l)
		}
	}
	if pages < 20 {
		t.Fatalf("%d pages, want at least 20", pages)
	}
	text := run(t, pdf, "pdftotext", "-layout", "-enc", "UTF-8")
	pageTexts := strings.Split(strings.TrimRight(text, "\f\n"), "\f")
	if len(pageTexts) != pages {
		t.Fatalf("%d page texts for %d pages", len(pageTexts), pages)
	}
	for i, p := range pageTexts {
		firstLine := strings.Split(strings.TrimLeft(p, "\n"), "\n")[0]
		if i == 0 {
			if strings.TrimSpace(firstLine) == "1" {
				t.Error("the first page carries a number")
			}
			continue
		}
		if got := strings.TrimSpace(firstLine); got != fmt.Sprint(i+1) {
			t.Errorf("page %d starts with %q, want its number", i+1, firstLine)
		}
		// In the top margin (20 mm, 57 pt), within 15 mm of the centre.
		n := fmt.Sprint(i + 1)
		top := run(t, pdf, "pdftotext", "-f", n, "-l", n, "-x", "255", "-y", "0", "-W", "85", "-H", "56", "-enc", "UTF-8")
		if strings.TrimSpace(top) != n {
			t.Errorf("page %d: the top margin's centre holds %q, want the page number", i+1, top)
		}
	}
	flat := strings.Join(strings.Fields(text), " ")
	for i := 1; i <= 300; i++ {
		if !strings.Contains(flat, fmt.Sprintf("Điều %d. Đoạn số %d:", i, i)) {
			t.Fatalf("paragraph %d is lost", i)
		}
	}
	if !strings.Contains(pageTexts[len(pageTexts)-1], "Trần Văn Bình") {
		t.Error("the signature is not on the last page")
	}
}

func TestNumberAndDate(t *testing.T) {
	for _, tc := range []struct {
		n    int
		at   time.Time
		num  string
		date string
	}{
		{12, time.Date(2026, 12, 7, 1, 0, 0, 0, time.UTC), "Số: 12/QĐ-UBND", "Bình Thạnh, ngày 07 tháng 12 năm 2026"},
		{5, time.Date(2026, 2, 14, 1, 0, 0, 0, time.UTC), "Số: 05/QĐ-UBND", "Bình Thạnh, ngày 14 tháng 02 năm 2026"},
		{110, time.Date(2026, 3, 9, 18, 0, 0, 0, time.UTC), "Số: 110/QĐ-UBND", "Bình Thạnh, ngày 10 tháng 3 năm 2026"}, // 01:00 on the 10th in Việt Nam
		{0, time.Date(2026, 1, 1, 1, 0, 0, 0, time.UTC), "Số:        /QĐ-UBND", "Bình Thạnh, ngày 01 tháng 01 năm 2026"},
	} {
		if got := NumberLine(tc.n, "QĐ-UBND"); got != tc.num {
			t.Errorf("NumberLine(%d) = %q, want %q", tc.n, got, tc.num)
		}
		if got := PlaceDate("Bình Thạnh", tc.at); got != tc.date {
			t.Errorf("PlaceDate(%v) = %q, want %q", tc.at, got, tc.date)
		}
	}
}

// TestNFC: text typed in decomposed form prints as the composed letters.
func TestNFC(t *testing.T) {
	d := Doc{Issuer: []string{"Ủy ban nhân dân", "Phường Bình Thạnh"}, Symbol: "TB-UBND", Place: "Bình Thạnh",
		Date: time.Date(2026, 12, 7, 1, 0, 0, 0, time.UTC), Kind: "Thông báo", Subject: "Về việc thử",
		Body: []Block{{Text: "Nguye\u0302\u0303n Thi\u0323 Ha\u0300"}}}
	pdf, err := Render(d)
	if err != nil {
		t.Fatal(err)
	}
	text := run(t, pdf, "pdftotext", "-layout", "-enc", "UTF-8")
	if !strings.Contains(text, "Nguyễn Thị Hà") {
		t.Errorf("want the composed name in:\n%s", text)
	}
}

func TestRenderRefusesIncomplete(t *testing.T) {
	for _, d := range []Doc{
		{Symbol: "QĐ-UBND", Kind: "Quyết định", Date: time.Now()},
		{Issuer: []string{"X"}, Kind: "Quyết định", Date: time.Now()},
		{Issuer: []string{"X"}, Symbol: "QĐ-UBND", Kind: "Quyết định"},
	} {
		if _, err := Render(d); err == nil {
			t.Errorf("Render(%+v) gave no error", d)
		}
	}
}

// BenchmarkRender is the cost a decision pays to issue its document: the
// approval of the demo's alley-road case.
func BenchmarkRender(b *testing.B) {
	c := loadCase(b, "DX-2026-000001")
	d, err := Build(c, 8, PilotApproval, 12)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Render(d); err != nil {
			b.Fatal(err)
		}
	}
}
