package bench

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// Figure is one line of the table: what was measured, the measurement,
// the target, whether it is met, and how it was measured.
type Figure struct {
	Name   string
	Value  string
	Target string
	// Met is "yes", "no", or "" for a figure reported without a target.
	Met    string
	Method string
}

func met(ok bool) string {
	if ok {
		return "yes"
	}
	return "no"
}

// WriteTable prints figures as a Markdown table, so the same text reads in
// a terminal and pastes into docs/performance.md.
func WriteTable(w io.Writer, title string, figs []Figure) {
	head := []string{"figure", "measured", "target", "met", "method"}
	rows := [][]string{head}
	for _, f := range figs {
		rows = append(rows, []string{f.Name, f.Value, f.Target, f.Met, f.Method})
	}
	width := make([]int, len(head))
	for _, r := range rows {
		for i, c := range r {
			width[i] = max(width[i], utf8.RuneCountInString(c))
		}
	}
	if title != "" {
		fmt.Fprintf(w, "%s\n\n", title)
	}
	line := func(r []string) {
		var b strings.Builder
		b.WriteString("|")
		for i, c := range r {
			b.WriteString(" " + c + strings.Repeat(" ", width[i]-utf8.RuneCountInString(c)) + " |")
		}
		fmt.Fprintln(w, b.String())
	}
	line(rows[0])
	var sep strings.Builder
	for i := range head {
		sep.WriteString("|" + strings.Repeat("-", width[i]+2))
	}
	fmt.Fprintln(w, sep.String()+"|")
	for _, r := range rows[1:] {
		line(r)
	}
}
