// Package export writes the tables people see as spreadsheets: .xlsx with
// Vietnamese headers, typed cells (dates as dates, money as numbers in
// the đồng format), a frozen header row and an autofilter; or CSV in
// UTF-8 with a byte-order mark, which Excel needs to read Vietnamese. Rows
// are written as they come: a large export never holds its whole result.
package export

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"golang.org/x/text/unicode/norm"
)

// Kind is what a column holds, so that a spreadsheet can compute with it.
type Kind int

const (
	Text  Kind = iota
	Int        // a whole number
	Money      // đồng, a whole number shown as 1.234.567 đ
	Date       // a calendar day (time.Time or "yyyy-mm-dd")
	Time       // a day and a time (time.Time)
	Bool       // yes or no
)

// Column is one column of a table.
type Column struct {
	Header string
	Kind   Kind
	Width  float64 // in characters; 0: by kind
}

// Writer takes a table's rows one at a time.
type Writer interface {
	// Row writes one row: one value per column, of the column's kind
	// (string for Text; int, int64 for Int and Money; time.Time or a
	// yyyy-mm-dd string for Date and Time; bool for Bool). A nil or empty
	// value leaves the cell empty.
	Row(values ...any) error
	// Close finishes the file and writes what is left of it.
	Close() error
}

// Format is a file format to export to.
type Format string

const (
	XLSX Format = "xlsx"
	CSV  Format = "csv"
)

// ParseFormat reads ?format=; xlsx by default.
func ParseFormat(s string) (Format, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "xlsx":
		return XLSX, nil
	case "csv":
		return CSV, nil
	}
	return "", fmt.Errorf("export: unknown format %q (xlsx, csv)", s)
}

// ContentType is the format's media type.
func (f Format) ContentType() string {
	if f == CSV {
		return "text/csv; charset=utf-8"
	}
	return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
}

// New starts a table in format f on w, with a sheet named sheet (xlsx).
func New(f Format, w io.Writer, sheet string, cols []Column) (Writer, error) {
	if len(cols) == 0 {
		return nil, errors.New("export: a table needs columns")
	}
	if f == CSV {
		return newCSV(w, cols)
	}
	return newXLSX(w, sheet, cols)
}

// vietnam is the zone dates are read in.
var vietnam = time.FixedZone("ICT", 7*3600)

// day turns a Date value into a time at midnight, or false if empty.
func day(v any) (time.Time, bool, error) {
	switch x := v.(type) {
	case nil:
		return time.Time{}, false, nil
	case time.Time:
		if x.IsZero() {
			return x, false, nil
		}
		y, m, d := x.In(vietnam).Date()
		return time.Date(y, m, d, 0, 0, 0, 0, time.UTC), true, nil
	case string:
		if x == "" {
			return time.Time{}, false, nil
		}
		t, err := time.Parse("2006-01-02", x)
		return t, err == nil, err
	}
	return time.Time{}, false, fmt.Errorf("export: a date cell holds %T", v)
}

// clock turns a Time value into Vietnamese wall time, or false if empty.
func clock(v any) (time.Time, bool, error) {
	switch x := v.(type) {
	case nil:
		return time.Time{}, false, nil
	case time.Time:
		if x.IsZero() {
			return x, false, nil
		}
		w := x.In(vietnam)
		return time.Date(w.Year(), w.Month(), w.Day(), w.Hour(), w.Minute(), w.Second(), 0, time.UTC), true, nil
	}
	return time.Time{}, false, fmt.Errorf("export: a time cell holds %T", v)
}

func whole(v any) (int64, bool, error) {
	switch x := v.(type) {
	case nil:
		return 0, false, nil
	case int:
		return int64(x), true, nil
	case int64:
		return x, true, nil
	}
	return 0, false, fmt.Errorf("export: a number cell holds %T", v)
}

// text normalises a text cell to NFC and keeps a spreadsheet from reading
// it as a formula (a cell starting with = + - @ is one, in Excel).
func text(v any) (string, error) {
	var s string
	switch x := v.(type) {
	case nil:
		return "", nil
	case string:
		s = x
	case fmt.Stringer:
		s = x.String()
	default:
		return "", fmt.Errorf("export: a text cell holds %T", v)
	}
	s = norm.NFC.String(s)
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		s = "'" + s
	}
	return s, nil
}
