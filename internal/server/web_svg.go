package server

import (
	"fmt"
	"html"
	"html/template"
	"math"
	"strings"
)

// bar is one row of a horizontal bar chart.
type bar struct {
	Label string
	Value float64
	// Target draws a marker (an indicator's goal); 0 means none.
	Target float64
	// Text is the value as written beside the bar.
	Text string
	// Class picks the bar's colour from the stylesheet (no inline style:
	// the Content-Security-Policy forbids it).
	Class string
}

// barChart draws bars as an SVG on the server: no script, no external
// library, readable without colour (values are written beside the bars).
// The chart is an image with a title and a description; the table next
// to it carries the same numbers for screen readers and for printing.
func barChart(id, title, desc string, bars []bar) template.HTML {
	const (
		width  = 560.0
		labelW = 210.0
		textW  = 100.0
		rowH   = 28.0
		barH   = 18.0
		top    = 6.0
	)
	max := 0.0
	for _, b := range bars {
		max = math.Max(max, math.Max(b.Value, b.Target))
	}
	if max == 0 {
		max = 1
	}
	plotW := width - labelW - textW
	height := top*2 + rowH*float64(len(bars))
	var sb strings.Builder
	fmt.Fprintf(&sb, `<svg class="chart" id="%s" viewBox="0 0 %g %g" width="%g" height="%g" role="img" aria-labelledby="%s-t %s-d" xmlns="http://www.w3.org/2000/svg">`,
		id, width, height, width, height, id, id)
	fmt.Fprintf(&sb, `<title id="%s-t">%s</title><desc id="%s-d">%s</desc>`, id, html.EscapeString(title), id, html.EscapeString(desc))
	for i, b := range bars {
		y := top + rowH*float64(i)
		w := plotW * b.Value / max
		if b.Value > 0 && w < 2 {
			w = 2
		}
		class := "bar"
		if b.Class != "" {
			class += " " + b.Class
		}
		fmt.Fprintf(&sb, `<g><title>%s: %s</title>`, html.EscapeString(b.Label), html.EscapeString(b.Text))
		fmt.Fprintf(&sb, `<text class="label" x="%g" y="%g" text-anchor="end">%s</text>`, labelW-8, y+barH-3, html.EscapeString(shorten(b.Label, 26)))
		fmt.Fprintf(&sb, `<rect class="track" x="%g" y="%g" width="%g" height="%g"/>`, labelW, y, plotW, barH)
		fmt.Fprintf(&sb, `<rect class="%s" x="%g" y="%g" width="%.1f" height="%g"/>`, class, labelW, y, w, barH)
		if b.Target > 0 {
			tx := labelW + plotW*b.Target/max
			fmt.Fprintf(&sb, `<line class="target" x1="%.1f" x2="%.1f" y1="%g" y2="%g"/>`, tx, tx, y-2, y+barH+2)
		}
		fmt.Fprintf(&sb, `<text class="value" x="%g" y="%g">%s</text></g>`, labelW+plotW+6, y+barH-3, html.EscapeString(b.Text))
	}
	sb.WriteString(`</svg>`)
	return template.HTML(sb.String())
}
