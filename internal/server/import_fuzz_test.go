package server

import (
	"bytes"
	"encoding/csv"
	"testing"

	"damlam/internal/problem"

	"github.com/xuri/excelize/v2"
)

// FuzzImportFile: whatever bytes are uploaded as a workbook, reading them
// either refuses the file as a field error or gives CSV that reads back,
// and the preview of any bytes never panics.
func FuzzImportFile(f *testing.F) {
	wb := excelize.NewFile()
	wb.SetSheetRow("Sheet1", "A1", &[]any{"id", "parent_id", "name", "kind", "party_committee"})
	wb.SetSheetRow("Sheet1", "A2", &[]any{"HCM-TD", "HCM", "Phường Tân Định", "ward", ""})
	var x bytes.Buffer
	wb.Write(&x)
	f.Add(x.Bytes())
	f.Add([]byte("PK\x03\x04"))
	f.Add([]byte("id,name\n\"a,b\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		previewRows(data)
		out, err := workbookCSV(data)
		if err != nil {
			if problem.KindOf(err) != problem.Invalid {
				t.Fatalf("an unreadable workbook is not a field error: %v", err)
			}
			return
		}
		r := csv.NewReader(bytes.NewReader(out))
		r.FieldsPerRecord = -1
		if _, err := r.ReadAll(); err != nil {
			t.Fatalf("the CSV of a workbook does not read back: %v\n%q", err, out)
		}
	})
}
