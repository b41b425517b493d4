package server

import (
	"html/template"
	"math"
	"strconv"
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

// svgChart is a bar chart as the "bar_chart" fragment draws it: every
// number already written, the texts as they are (the template escapes).
type svgChart struct {
	ID, W, H, Title, Desc string
	Bars                  []svgBar
}

type svgBar struct {
	Label, Short, Text, Class                   string
	LabelX, TextY, X, Y, PlotW, BarH, W, ValueX string
	Target                                      bool
	TX, Y1, Y2                                  string
}

// barChart draws bars as an SVG on the server: no script, no external
// library, readable without colour (values are written beside the bars).
// The chart is an image with a title and a description; the table next
// to it carries the same numbers for screen readers and for printing.
func barChart(id, title, desc string, bars []bar) (template.HTML, error) {
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
	g := func(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }
	f1 := func(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) }
	plotW := width - labelW - textW
	height := top*2 + rowH*float64(len(bars))
	c := svgChart{ID: id, W: g(width), H: g(height), Title: title, Desc: desc, Bars: make([]svgBar, len(bars))}
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
		cb := svgBar{Label: b.Label, Short: shorten(b.Label, 26), Text: b.Text, Class: class,
			LabelX: g(labelW - 8), TextY: g(y + barH - 3), X: g(labelW), Y: g(y), PlotW: g(plotW), BarH: g(barH), W: f1(w),
			ValueX: g(labelW + plotW + 6)}
		if b.Target > 0 {
			tx := labelW + plotW*b.Target/max
			cb.Target, cb.TX, cb.Y1, cb.Y2 = true, f1(tx), g(y-2), g(y+barH+2)
		}
		c.Bars[i] = cb
	}
	f, err := charts.getFor(c.key(), c)
	return f.HTML(), err
}

// charts keeps drawn charts by everything they show: a dashboard draws
// the same charts for every reader until its counts change.
var charts = newMemo[string]("bar_chart")

// key is every text of the chart, each ended by a byte no text holds.
func (c svgChart) key() string {
	var b strings.Builder
	w := func(ss ...string) {
		for _, s := range ss {
			b.WriteString(s)
			b.WriteByte(0)
		}
	}
	w(c.ID, c.W, c.H, c.Title, c.Desc)
	for _, x := range c.Bars {
		w(x.Label, x.Short, x.Text, x.Class, x.LabelX, x.TextY, x.X, x.Y, x.PlotW, x.BarH, x.W, x.ValueX, x.TX, x.Y1, x.Y2)
		if x.Target {
			w("t")
		}
	}
	return b.String()
}
