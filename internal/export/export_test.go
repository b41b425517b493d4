package export

import (
	"bytes"
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

var cols = []Column{{Header: "Mã hồ sơ"}, {Header: "Tiêu đề", Width: 50}, {Header: "Kinh phí", Kind: Money}, {Header: "Hạn xử lý", Kind: Date},
	{Header: "Cập nhật", Kind: Time}, {Header: "Số văn bản", Kind: Int}, {Header: "Quá hạn", Kind: Bool}}

var at = time.Date(2026, 12, 7, 2, 30, 0, 0, time.UTC) // 09:30 in Việt Nam

func rows() [][]any {
	return [][]any{
		{"DX-2026-000001", "Vận động Nhân dân góp vốn, ngày công làm đường hẻm", int64(450_000_000), "2026-12-10", at, 12, true},
		{"DX-2026-000002", "=HYPERLINK(\"x\")", nil, at, time.Time{}, nil, false},
	}
}

// TestXLSX: the file opens with excelize; the header is frozen and
// filtered; dates are dates, money is a number in the đồng format, and a
// text that looks like a formula stays text.
func TestXLSX(t *testing.T) {
	var buf bytes.Buffer
	w, err := New(XLSX, &buf, "Đề xuất", cols)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows() {
		if err := w.Row(r...); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	const sh = "Đề xuất"
	get := func(cell string, raw bool) string {
		v, err := f.GetCellValue(sh, cell, excelize.Options{RawCellValue: raw})
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	typ := func(cell string) excelize.CellType {
		c, err := f.GetCellType(sh, cell)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	for cell, want := range map[string]string{"A1": "Mã hồ sơ", "B2": "Vận động Nhân dân góp vốn, ngày công làm đường hẻm", "C2": "450.000.000 đ",
		"D2": "10/12/2026", "E2": "07/12/2026 09:30", "F2": "12", "G2": "TRUE", "B3": "'=HYPERLINK(\"x\")", "D3": "07/12/2026", "C3": "", "E3": ""} {
		got := get(cell, false)
		if cell == "C2" && got == "450,000,000 đ" {
			got = "450.000.000 đ" // the grouping is the reader's locale's
		}
		if got != want {
			t.Errorf("%s = %q, want %q", cell, got, want)
		}
	}
	if raw := get("C2", true); raw != "450000000" {
		t.Errorf("money is stored as %q, want the number", raw)
	}
	if raw := get("D2", true); raw != "46366" { // 10/12/2026 as Excel's day number
		t.Errorf("the date is stored as %q, want its day number", raw)
	}
	for cell, want := range map[string]excelize.CellType{"C2": excelize.CellTypeUnset, "D2": excelize.CellTypeUnset, "B2": excelize.CellTypeSharedString, "G2": excelize.CellTypeBool} {
		if got := typ(cell); got != want && !(want == excelize.CellTypeSharedString && got == excelize.CellTypeInlineString) {
			t.Errorf("%s has type %v, want %v", cell, got, want)
		}
	}
	panes, err := f.GetPanes(sh)
	if err != nil || !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("the header is not frozen: %+v %v", panes, err)
	}
	tables, err := f.GetTables(sh)
	if err != nil || len(tables) != 1 || tables[0].Range != "A1:G3" {
		t.Errorf("no table with a filter over the rows: %+v %v", tables, err)
	}
}

func TestCSV(t *testing.T) {
	var buf bytes.Buffer
	w, err := New(CSV, &buf, "", cols)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows() {
		if err := w.Row(r...); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	want := "\uFEFFMã hồ sơ,Tiêu đề,Kinh phí,Hạn xử lý,Cập nhật,Số văn bản,Quá hạn\r\n" +
		"DX-2026-000001,\"Vận động Nhân dân góp vốn, ngày công làm đường hẻm\",450000000,10/12/2026,07/12/2026 09:30,12,Có\r\n" +
		"DX-2026-000002,\"'=HYPERLINK(\"\"x\"\")\",,07/12/2026,,,Không\r\n"
	if buf.String() != want {
		t.Errorf("got\n%q\nwant\n%q", buf.String(), want)
	}
}

func TestRefusals(t *testing.T) {
	for _, f := range []Format{XLSX, CSV} {
		w, err := New(f, io.Discard, "", cols)
		if err != nil {
			t.Fatal(err)
		}
		if err := w.Row("a"); err == nil {
			t.Errorf("%s: a short row was written", f)
		}
		if err := w.Row("a", "b", "nhiều", nil, nil, nil, false); err == nil || !strings.Contains(err.Error(), "Kinh phí") {
			t.Errorf("%s: text in a money column: %v", f, err)
		}
		if err := w.Row("a", "b", nil, "10/12/2026", nil, nil, false); err == nil {
			t.Errorf("%s: a date not as yyyy-mm-dd", f)
		}
	}
	if _, err := ParseFormat("pdf"); err == nil {
		t.Error("pdf is not an export format")
	}
	if _, err := New(XLSX, io.Discard, "", nil); err == nil {
		t.Error("a table without columns")
	}
}

// BenchmarkExport100k writes 100,000 rows and reports the peak of the heap
// above what it was before (peak-MB): rows stream, the file does not grow
// in memory.
func BenchmarkExport100k(b *testing.B) {
	for _, f := range []Format{XLSX, CSV} {
		b.Run(string(f), func(b *testing.B) {
			for b.Loop() {
				runtime.GC()
				var ms runtime.MemStats
				runtime.ReadMemStats(&ms)
				base := ms.HeapInuse
				var peak atomic.Uint64
				stop := make(chan struct{})
				done := make(chan struct{})
				go func() {
					defer close(done)
					var m runtime.MemStats
					for {
						select {
						case <-stop:
							return
						case <-time.After(20 * time.Millisecond):
						}
						runtime.ReadMemStats(&m)
						if m.HeapInuse > peak.Load() {
							peak.Store(m.HeapInuse)
						}
					}
				}()
				w, err := New(f, io.Discard, "Đề xuất", cols)
				if err != nil {
					b.Fatal(err)
				}
				for i := range 100_000 {
					if err := w.Row(fmt.Sprintf("DX-2026-%06d", i), "Vận động Nhân dân góp vốn, ngày công làm đường hẻm số "+fmt.Sprint(i), int64(i)*1000, "2026-12-10", at, i, i%2 == 0); err != nil {
						b.Fatal(err)
					}
				}
				if err := w.Close(); err != nil {
					b.Fatal(err)
				}
				close(stop)
				<-done
				b.ReportMetric(float64(peak.Load()-min(peak.Load(), base))/(1<<20), "peak-MB")
			}
		})
	}
}
