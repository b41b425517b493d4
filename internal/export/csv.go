package export

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
)

// csvWriter writes UTF-8 with a byte-order mark, dates as dd/mm/yyyy and
// money as plain whole numbers, so that Excel reads both as it should.
type csvWriter struct {
	buf  *bufio.Writer
	w    *csv.Writer
	cols []Column
	rec  []string
}

func newCSV(w io.Writer, cols []Column) (*csvWriter, error) {
	b := bufio.NewWriterSize(w, 64<<10)
	if _, err := b.WriteString("\uFEFF"); err != nil {
		return nil, err
	}
	c := &csvWriter{buf: b, w: csv.NewWriter(b), cols: cols, rec: make([]string, len(cols))}
	c.w.UseCRLF = true
	for i, col := range cols {
		c.rec[i] = col.Header
	}
	return c, c.w.Write(c.rec)
}

func (c *csvWriter) Row(values ...any) error {
	if len(values) != len(c.cols) {
		return fmt.Errorf("export: %d values for %d columns", len(values), len(c.cols))
	}
	for i, v := range values {
		var err error
		c.rec[i], err = csvCell(c.cols[i].Kind, v)
		if err != nil {
			return fmt.Errorf("export: column %q: %w", c.cols[i].Header, err)
		}
	}
	return c.w.Write(c.rec)
}

func csvCell(k Kind, v any) (string, error) {
	switch k {
	case Int, Money:
		n, ok, err := whole(v)
		if !ok || err != nil {
			return "", err
		}
		return strconv.FormatInt(n, 10), nil
	case Date:
		t, ok, err := day(v)
		if !ok || err != nil {
			return "", err
		}
		return t.Format("02/01/2006"), nil
	case Time:
		t, ok, err := clock(v)
		if !ok || err != nil {
			return "", err
		}
		return t.Format("02/01/2006 15:04"), nil
	case Bool:
		b, _ := v.(bool)
		if b {
			return "Có", nil
		}
		return "Không", nil
	}
	return text(v)
}

func (c *csvWriter) Close() error {
	c.w.Flush()
	if err := c.w.Error(); err != nil {
		return err
	}
	return c.buf.Flush()
}
