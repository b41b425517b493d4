package document

import (
	"bytes"
	"errors"
	"strconv"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"
)

// The page of Decree 30/2020, Appendix I, §I: A4, margins top and bottom
// 20–25 mm, left 30–35 mm, right 15–20 mm.
const (
	pageW   = 210.0
	marginT = 20.0
	marginB = 20.0
	marginL = 30.0
	marginR = 15.0
	textW   = pageW - marginL - marginR

	// The header block is a two-column table: the agency on the left, the
	// national title on the right.
	leftW  = 65.0
	rightX = marginL + leftW
	rightW = textW - leftW

	indent   = 12.0 // first-line indent, 1–1.27 cm
	bodyLine = 6.4  // 14 pt text at about 1.3 line spacing
	paraGap  = 2.1  // at least 6 pt between paragraphs
	headLine = 5.6  // the header block's 13 pt lines
)

const family = "LiberationSerif"

// Render lays d out and returns the PDF's bytes: the same bytes for the
// same Doc, since the creation date is the document's own and nothing
// random goes in.
func Render(d Doc) ([]byte, error) {
	if len(d.Issuer) == 0 || d.Kind == "" || d.Symbol == "" {
		return nil, errors.New("document: a document needs an issuer, a type and a symbol")
	}
	if d.Date.IsZero() {
		return nil, errors.New("document: a document needs its date")
	}
	pdf := fpdf.New("P", "mm", "A4", "")
	fonts, err := loadFonts()
	if err != nil {
		return nil, err
	}
	for _, f := range fonts {
		pdf.AddUTF8FontFromBytes(family, f.style, f.data)
	}
	stamp := d.Date.UTC().Truncate(time.Second)
	pdf.SetCreationDate(stamp)
	pdf.SetModificationDate(stamp)
	pdf.SetCatalogSort(true)
	pdf.SetCompression(true)
	pdf.SetProducer("damlam", false)
	pdf.SetCreator("damlam", false)
	pdf.SetTitle(nfc(d.Kind+" "+d.Subject), true)
	pdf.SetAuthor(nfc(strings.Join(d.Issuer, " ")), true)
	pdf.SetLang("vi-VN")
	pdf.SetMargins(marginL, marginT, marginR)
	pdf.SetCellMargin(0)
	pdf.SetAutoPageBreak(true, marginB)
	// Page numbers in Arabic numerals, centred in the top margin, from the
	// second page on (Appendix I, §II.12).
	pdf.SetHeaderFuncMode(func() {
		if n := pdf.PageNo(); n > 1 {
			pdf.SetFont(family, "", 13)
			pdf.SetXY(marginL, 9)
			pdf.CellFormat(textW, 6, strconv.Itoa(n), "", 0, "C", false, 0, "")
		}
	}, true)
	pdf.AddPage()
	r := &renderer{pdf: pdf}
	r.header(d)
	r.title(d)
	r.body(d)
	r.signatures(d)
	if err := pdf.Error(); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

type renderer struct {
	pdf *fpdf.Fpdf
}

// centred prints text centred in the column [x, x+w], wrapped, and returns
// the width of its widest line.
func (r *renderer) centred(x, w, lineH float64, style string, size float64, text string) float64 {
	r.pdf.SetFont(family, style, size)
	widest := 0.0
	for _, line := range r.wrap(strings.Fields(nfc(text)), w, w) {
		s := strings.Join(line, " ")
		widest = max(widest, r.pdf.GetStringWidth(s))
		r.pdf.SetX(x)
		r.pdf.CellFormat(w, lineH, s, "", 1, "C", false, 0, "")
	}
	return widest
}

// rule draws the short solid line under a centred heading.
func (r *renderer) rule(x, w, length, y float64) {
	r.pdf.SetLineWidth(0.3)
	mid := x + w/2
	r.pdf.Line(mid-length/2, y, mid+length/2, y)
}

// header prints the header block: the agency and the number on the left;
// the national title, the motto with its rule and the place and date on
// the right.
func (r *renderer) header(d Doc) {
	pdf := r.pdf
	top := pdf.GetY()
	pdf.SetY(top)
	if d.Governing != "" {
		r.centred(marginL, leftW, headLine, "", 13, strings.ToUpper(d.Governing))
	}
	widest := 0.0
	for _, line := range d.Issuer {
		widest = max(widest, r.centred(marginL, leftW, headLine, "B", 13, strings.ToUpper(line)))
	}
	// The rule under the agency's name: a third to a half of its line.
	y := pdf.GetY() + 1.2
	r.rule(marginL, leftW, widest*0.4, y)
	leftEnd := y

	pdf.SetY(top)
	title := "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
	size := 13.0
	pdf.SetFont(family, "B", size)
	if pdf.GetStringWidth(title) > rightW {
		size = 12
	}
	r.centred(rightX, rightW, headLine, "B", size, title)
	motto := r.centred(rightX, rightW, headLine+0.4, "B", 14, "Độc lập - Tự do - Hạnh phúc")
	y = pdf.GetY() + 0.8
	r.rule(rightX, rightW, motto, y)
	rightEnd := y

	row := max(leftEnd, rightEnd) + 3
	pdf.SetY(row)
	r.centred(marginL, leftW, headLine+0.6, "", 13, NumberLine(d.Number, d.Symbol))
	pdf.SetY(row)
	// The place and date in 13–14 pt italics, on one line.
	when := PlaceDate(d.Place, d.Date)
	size = 14
	pdf.SetFont(family, "I", size)
	if pdf.GetStringWidth(when) > rightW {
		size = 13
	}
	r.centred(rightX, rightW, headLine+0.6, "I", size, when)
	pdf.SetY(pdf.GetY() + 8)
}

// title prints the type, the subject with its rule, and a decision's
// authority, legal bases and enacting line.
func (r *renderer) title(d Doc) {
	pdf := r.pdf
	r.centred(marginL, textW, bodyLine, "B", 14, strings.ToUpper(d.Kind))
	if d.Subject != "" {
		widest := r.centred(marginL+10, textW-20, bodyLine, "B", 14, d.Subject)
		y := pdf.GetY() + 0.8
		r.rule(marginL, textW, widest*0.4, y)
		pdf.SetY(y + 4)
	}
	if d.Authority != "" {
		r.centred(marginL, textW, bodyLine, "B", 14, strings.ToUpper(d.Authority))
		pdf.SetY(pdf.GetY() + paraGap)
	}
	for _, b := range d.Bases {
		r.block(Block{Style: Italic, Text: b})
	}
	if d.Enact != "" {
		pdf.SetY(pdf.GetY() + paraGap)
		r.block(Block{Style: Heading, Text: d.Enact})
	}
}

func (r *renderer) body(d Doc) {
	for _, b := range d.Body {
		r.block(b)
	}
}

// space makes sure h millimetres fit below the cursor, starting a new page
// when they do not.
func (r *renderer) space(h float64) {
	_, pageH := r.pdf.GetPageSize()
	if r.pdf.GetY()+h > pageH-marginB {
		r.pdf.AddPage()
	}
}

// block prints one paragraph: wrapped to the text width, justified but for
// its last line, its lead in bold.
func (r *renderer) block(b Block) {
	pdf := r.pdf
	text := nfc(b.Text)
	lead := nfc(b.Lead)
	switch b.Style {
	case Heading:
		r.space(3 * bodyLine) // a heading never ends a page
		r.centred(marginL, textW, bodyLine, "B", 14, strings.TrimSpace(lead+" "+text))
		pdf.SetY(pdf.GetY() + paraGap/2)
		return
	}
	style, first, x0 := "", indent, marginL
	if b.Style == Italic {
		style = "I"
	}
	if b.Style == Item {
		first, x0 = 0, marginL+indent
	}
	width := marginL + textW - x0
	leadW := 0.0
	if lead != "" {
		pdf.SetFont(family, "B"+style, 14)
		leadW = pdf.GetStringWidth(lead + " ")
	}
	pdf.SetFont(family, style, 14)
	lines := r.wrap(strings.Fields(text), width-first-leadW, width)
	if len(lines) == 0 {
		lines = [][]string{nil}
	}
	for i, line := range lines {
		x, w := x0, width
		if i == 0 {
			x, w = x0+first, width-first
			if lead != "" {
				pdf.SetX(x)
				pdf.SetFont(family, "B"+style, 14)
				pdf.CellFormat(leadW, bodyLine, lead, "", 0, "L", false, 0, "")
				x, w = x+leadW, w-leadW
				pdf.SetFont(family, style, 14)
			}
		}
		align := "J"
		if i == len(lines)-1 || b.Style == Item || len(line) < 2 {
			align = "L"
		}
		pdf.SetX(x)
		pdf.CellFormat(w, bodyLine, strings.Join(line, " "), "", 1, align, false, 0, "")
	}
	if b.Style == Item {
		pdf.SetY(pdf.GetY() + paraGap/3)
	} else {
		pdf.SetY(pdf.GetY() + paraGap)
	}
}

// wrap breaks words into lines no wider than first (the first line) and
// rest (the others), in the current font; a word wider than a whole line
// is cut between runes.
func (r *renderer) wrap(words []string, first, rest float64) [][]string {
	var lines [][]string
	var line []string
	width := first
	space := r.pdf.GetStringWidth(" ")
	used := 0.0
	flush := func() {
		lines = append(lines, line)
		line, used, width = nil, 0, rest
	}
	for _, w := range words {
		ww := r.pdf.GetStringWidth(w)
		for ww > rest {
			// Cut an overlong word (a link, a digest) where it fills a line.
			if len(line) > 0 {
				flush()
			}
			runes := []rune(w)
			n := len(runes)
			for n > 1 && r.pdf.GetStringWidth(string(runes[:n])) > width {
				n--
			}
			line = []string{string(runes[:n])}
			flush()
			w = string(runes[n:])
			ww = r.pdf.GetStringWidth(w)
		}
		need := ww
		if len(line) > 0 {
			need += space
		}
		if used+need > width && len(line) > 0 {
			flush()
			need = ww
		}
		line = append(line, w)
		used += need
	}
	if len(line) > 0 {
		lines = append(lines, line)
	}
	return lines
}

// signatures prints the signature blocks and the recipients: one signer on
// the right with "Nơi nhận" on the left at the same height; two signers
// side by side, the recipients below them.
func (r *renderer) signatures(d Doc) {
	pdf := r.pdf
	capLines := 0
	for _, s := range d.Signers {
		capLines = max(capLines, len(s.Capacity))
	}
	const sigGap = 26.0 // room for the signature and the seal
	need := float64(capLines)*bodyLine + sigGap + bodyLine
	if len(d.Signers) <= 1 {
		need = max(need, 6+5.2*float64(len(d.Recipients)))
	}
	pdf.SetY(pdf.GetY() + 2)
	r.space(need)
	top := pdf.GetY()
	bottom := top
	sign := func(x, w float64, s Signer) {
		pdf.SetY(top)
		for _, c := range s.Capacity {
			r.centred(x, w, bodyLine, "B", 14, strings.ToUpper(c))
		}
		pdf.SetY(top + float64(capLines)*bodyLine + sigGap)
		r.centred(x, w, bodyLine, "B", 14, s.Name)
		bottom = max(bottom, pdf.GetY())
	}
	switch len(d.Signers) {
	case 0:
	case 1:
		sign(marginL+textW/2-8, textW/2+8, d.Signers[0])
	default:
		sign(marginL, textW/2, d.Signers[0])
		sign(marginL+textW/2, textW/2, d.Signers[1])
	}
	if len(d.Recipients) == 0 {
		pdf.SetY(bottom)
		return
	}
	y := top
	if len(d.Signers) > 1 {
		y = bottom + 4
		pdf.SetY(y)
		r.space(6 + 5.2*float64(len(d.Recipients)))
		y = pdf.GetY()
	}
	w := textW/2 - 10
	pdf.SetXY(marginL, y)
	pdf.SetFont(family, "BI", 12)
	pdf.CellFormat(w, 6, "Nơi nhận:", "", 1, "L", false, 0, "")
	pdf.SetFont(family, "", 11)
	for i, rc := range d.Recipients {
		end := ";"
		if i == len(d.Recipients)-1 {
			end = "."
		}
		for j, line := range r.wrap(strings.Fields("- "+strings.TrimRight(nfc(rc), ";. ")+end), w, w-3) {
			x := marginL
			if j > 0 {
				x += 3
			}
			pdf.SetX(x)
			pdf.CellFormat(w, 5.2, strings.Join(line, " "), "", 1, "L", false, 0, "")
		}
	}
	pdf.SetY(max(bottom, pdf.GetY()))
}
