package export

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"
)

// xlsxWriter streams rows into one sheet (excelize's StreamWriter keeps
// them in a temporary file past a few megabytes, not in memory).
type xlsxWriter struct {
	out    io.Writer
	f      *excelize.File
	sw     *excelize.StreamWriter
	cols   []Column
	styles map[Kind]int
	row    int
	cells  []any
}

// The number formats: Vietnamese day order, and đồng with "." between
// thousands as Vietnamese locales show it ("#,##0" is the locale's own
// grouping; the suffix names the currency).
const (
	fmtDate  = "dd/mm/yyyy"
	fmtTime  = "dd/mm/yyyy hh:mm"
	fmtMoney = `#,##0 "đ"`
	fmtInt   = "#,##0"
)

func newXLSX(out io.Writer, sheet string, cols []Column) (*xlsxWriter, error) {
	if sheet == "" {
		sheet = "Sheet1"
	}
	f := excelize.NewFile()
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return nil, err
	}
	x := &xlsxWriter{out: out, f: f, cols: cols, styles: map[Kind]int{}, cells: make([]any, len(cols))}
	var err error
	for k, code := range map[Kind]string{Date: fmtDate, Time: fmtTime, Money: fmtMoney, Int: fmtInt} {
		code := code
		if x.styles[k], err = f.NewStyle(&excelize.Style{CustomNumFmt: &code}); err != nil {
			return nil, err
		}
	}
	head, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDE6F0"}},
		Alignment: &excelize.Alignment{WrapText: true, Vertical: "center"}})
	if err != nil {
		return nil, err
	}
	if x.sw, err = f.NewStreamWriter(sheet); err != nil {
		return nil, err
	}
	for i, c := range cols {
		w := c.Width
		if w == 0 {
			w = map[Kind]float64{Text: 30, Int: 10, Money: 18, Date: 12, Time: 17, Bool: 9}[c.Kind]
		}
		if err := x.sw.SetColWidth(i+1, i+1, w); err != nil {
			return nil, err
		}
	}
	if err := x.sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return nil, err
	}
	for i, c := range cols {
		x.cells[i] = excelize.Cell{StyleID: head, Value: c.Header}
	}
	x.row = 1
	return x, x.sw.SetRow("A1", x.cells)
}

func (x *xlsxWriter) Row(values ...any) error {
	if len(values) != len(x.cols) {
		return fmt.Errorf("export: %d values for %d columns", len(values), len(x.cols))
	}
	for i, v := range values {
		c, err := x.cell(x.cols[i].Kind, v)
		if err != nil {
			return fmt.Errorf("export: column %q: %w", x.cols[i].Header, err)
		}
		x.cells[i] = c
	}
	x.row++
	ref, err := excelize.CoordinatesToCellName(1, x.row)
	if err != nil {
		return err
	}
	return x.sw.SetRow(ref, x.cells)
}

func (x *xlsxWriter) cell(k Kind, v any) (any, error) {
	switch k {
	case Int, Money:
		n, ok, err := whole(v)
		if !ok || err != nil {
			return nil, err
		}
		return excelize.Cell{StyleID: x.styles[k], Value: n}, nil
	case Date:
		t, ok, err := day(v)
		if !ok || err != nil {
			return nil, err
		}
		return excelize.Cell{StyleID: x.styles[Date], Value: t}, nil
	case Time:
		t, ok, err := clock(v)
		if !ok || err != nil {
			return nil, err
		}
		return excelize.Cell{StyleID: x.styles[Time], Value: t}, nil
	case Bool:
		b, _ := v.(bool)
		return b, nil
	}
	s, err := text(v)
	if err != nil || s == "" {
		return nil, err
	}
	return s, nil
}

// Close adds the autofilter over every row written (as a table, which
// Excel shows with a filter on each header) and writes the file.
func (x *xlsxWriter) Close() error {
	defer x.f.Close()
	last, err := excelize.CoordinatesToCellName(len(x.cols), max(x.row, 2))
	if err != nil {
		return err
	}
	if err := x.sw.AddTable(&excelize.Table{Range: "A1:" + last, Name: "Bang", StyleName: "TableStyleLight1"}); err != nil {
		return err
	}
	if err := x.sw.Flush(); err != nil {
		return err
	}
	_, err = x.f.WriteTo(x.out)
	return err
}
