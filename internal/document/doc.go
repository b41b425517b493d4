// Package document lays out the official documents a case produces in the
// format of Decree 30/2020/NĐ-CP (công tác văn thư): decisions, minutes,
// notices, conclusions and records, as PDF. It is pure: a case's logged
// facts go in, a document's canonical bytes come out, the same bytes every
// time, so that their SHA-256 can stand in the log and a dossier.
package document

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/unicode/norm"
)

// Doc is one document as Decree 30/2020's Appendix I lays it out, from the
// header block down to the recipients.
type Doc struct {
	// Governing is the directly governing agency (tên cơ quan chủ quản),
	// printed above the issuer in regular capitals; empty for a People's
	// Committee, which has none on its documents.
	Governing string
	// Issuer is the issuing agency's name, one entry a line, printed bold
	// with a short rule under it: "ỦY BAN NHÂN DÂN", "PHƯỜNG BÌNH THẠNH".
	Issuer []string
	// Number is the document's number in its unit's register for the year;
	// zero prints the blank a draft leaves for the clerk ("Số:     /QĐ-UBND").
	Number int
	// Symbol is the ký hiệu after the number: type and unit, "QĐ-UBND".
	Symbol string
	// Place is the địa danh before the date: "Bình Thạnh".
	Place string
	// Date is the document's date (its civil day in Việt Nam is printed);
	// Issued is the instant the PDF's creation date is fixed to.
	Date time.Time
	// Kind is the document's type in capitals ("QUYẾT ĐỊNH"); Subject its
	// trích yếu ("Về việc …"). A letter (công văn) has no Kind, and its
	// subject goes under the number as "V/v …".
	Kind    string
	Subject string
	// Authority is the competent authority line of a decision ("CHỦ TỊCH
	// ỦY BAN NHÂN DÂN PHƯỜNG BÌNH THẠNH"), Bases its legal bases, each a
	// "Căn cứ …" line in italics, and Enact the line before the articles
	// ("QUYẾT ĐỊNH:").
	Authority string
	Bases     []string
	Enact     string
	Body      []Block
	// Signers sign at the foot: one signs on the right; two (minutes) sign
	// side by side, the first on the left.
	Signers []Signer
	// Recipients are the "Nơi nhận" lines, each printed as "- …;", the last
	// with a full stop; none prints no list.
	Recipients []string
}

// Style is how a block of the body prints.
type Style int

const (
	// Para is a justified paragraph with a first-line indent.
	Para Style = iota
	// Heading is a bold, centred line (a section of minutes, "QUYẾT ĐỊNH:").
	Heading
	// Item is a line of a list, indented, not justified.
	Item
	// Italic is a justified paragraph in italics (a note, a quotation).
	Italic
)

// Block is one paragraph of the body. Lead, when set, is printed bold at
// its start ("Điều 1.").
type Block struct {
	Style Style
	Lead  string
	Text  string
}

// Signer is one signature block: the capacity lines in capitals ("TM. ỦY
// BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"), then room for the
// signature and seal, then the name.
type Signer struct {
	Capacity []string
	Name     string
}

// vietnam is the zone a document's date is read in (UTC+7, no DST).
var vietnam = time.FixedZone("ICT", 7*3600)

// NumberLine is "Số: 12/QĐ-UBND": numbers below 10 take a leading zero
// (Decree 30, Appendix I, §II.3), and a document not yet numbered leaves
// the blank a clerk fills in.
func NumberLine(n int, symbol string) string {
	if n <= 0 {
		return "Số:        /" + symbol
	}
	return "Số: " + FormatNumber(n) + "/" + symbol
}

// FormatNumber writes a register number as the decree prints it.
func FormatNumber(n int) string {
	if n < 10 {
		return fmt.Sprintf("%02d", n)
	}
	return strconv.Itoa(n)
}

// PlaceDate is "Bình Thạnh, ngày 07 tháng 12 năm 2026": a day below 10 and
// the months January and February take a leading zero (Decree 30,
// Appendix I, §II.4).
func PlaceDate(place string, t time.Time) string {
	t = t.In(vietnam)
	month := strconv.Itoa(int(t.Month()))
	if t.Month() <= 2 {
		month = "0" + month
	}
	s := fmt.Sprintf("ngày %02d tháng %s năm %d", t.Day(), month, t.Year())
	if place == "" {
		return strings.ToUpper(s[:1]) + s[1:]
	}
	return place + ", " + s
}

// nfc normalises text to NFC and folds the line breaks and tabs a form
// may carry into spaces; paragraphs are split before it is called.
func nfc(s string) string {
	s = norm.NFC.String(s)
	return strings.Join(strings.Fields(s), " ")
}

// paragraphs splits free text into its paragraphs (blank or single line
// breaks both end one), each normalised.
func paragraphs(s string) []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		if p = nfc(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
