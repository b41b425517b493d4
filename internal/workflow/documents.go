package workflow

import (
	"strconv"
	"strings"
)

// IssuedDocument is an official document a step issued (a decision, the
// minutes, a notice, a record, a conclusion): its entry in the issuing
// unit's register and the SHA-256 of its PDF. The step's payload carries
// it, so its leaf binds the number, the date and the bytes.
type IssuedDocument struct {
	Kind   string `json:"kind"`
	Unit   string `json:"unit"`
	Year   int    `json:"year"`
	Number int    `json:"number"`
	Symbol string `json:"symbol"`
	Date   string `json:"date"` // yyyy-mm-dd, Vietnamese time
	SHA256 string `json:"sha256"`
}

// LeafValue is the document's line in its step's leaf ("official"): unit,
// year, number, symbol, date, digest, each a token.
func (d IssuedDocument) LeafValue() string {
	return strings.Join([]string{d.Unit, strconv.Itoa(d.Year), strconv.Itoa(d.Number), d.Symbol, d.Date, d.SHA256}, " ")
}

// Reference is "12/QĐ-UBND", as people cite it.
func (d IssuedDocument) Reference() string {
	n := strconv.Itoa(d.Number)
	if d.Number < 10 {
		n = "0" + n
	}
	return n + "/" + d.Symbol
}
