package proof

import (
	"fmt"
	"regexp"
	"strconv"
)

// Official documents: each step that issued a decision, minutes, a notice,
// a record or a conclusion names it in its leaf as
//
//	official <unit> <year> <number> <symbol> <yyyy-mm-dd> <sha256>
//
// and the dossier carries its PDF as official/<unit>-<year>-<number>.pdf.
// The verifier checks each PDF against the digest its leaf gives, and that
// the dossier carries no PDF that no leaf names.

var (
	officialName   = regexp.MustCompile(`^official/([A-Za-z0-9][A-Za-z0-9._-]{0,127}\.pdf)$`)
	officialFileRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,127}\.pdf$`)
	officialValue  = regexp.MustCompile(`^([A-Za-z0-9][A-Za-z0-9._-]{0,63}) ([0-9]{4}) ([1-9][0-9]{0,8}) (\S{1,64}) ([0-9]{4}-[0-9]{2}-[0-9]{2}) ([0-9a-f]{64})$`)
)

// Official is one official document a leaf names.
type Official struct {
	Unit   string
	Year   int
	Number int
	Symbol string
	Date   string
	SHA256 string
}

// ParseOfficial reads an "official" field's value.
func ParseOfficial(v string) (Official, bool) {
	m := officialValue.FindStringSubmatch(v)
	if m == nil {
		return Official{}, false
	}
	y, _ := strconv.Atoi(m[2])
	n, _ := strconv.Atoi(m[3])
	return Official{Unit: m[1], Year: y, Number: n, Symbol: m[4], Date: m[5], SHA256: m[6]}, true
}

// File is the document's name in a dossier, under official/.
func (o Official) File() string {
	return o.Unit + "-" + strconv.Itoa(o.Year) + "-" + strconv.Itoa(o.Number) + ".pdf"
}

// Reference is "12/QĐ-UBND" with its date, as the document itself prints it.
func (o Official) Reference() string {
	n := strconv.Itoa(o.Number)
	if o.Number < 10 {
		n = "0" + n
	}
	return n + "/" + o.Symbol
}

// official checks official/ against the leaves' "official" fields.
func (v *verifier) official(c *claim) {
	named := map[string]uint64{}
	refs := map[string]Official{}
	for _, i := range v.idx {
		for _, val := range v.entries[i].All(FieldOfficial) {
			o, ok := ParseOfficial(val)
			if !ok {
				c.fail(fmt.Sprintf("Bản ghi %d nêu một văn bản chính thức không đúng dạng: %q.", i, val),
					fmt.Sprintf("Leaf %d names an official document in a malformed field: %q.", i, val))
				continue
			}
			named[o.File()], refs[o.File()] = i, o
		}
	}
	for _, name := range sortedKeys(named) {
		o, leaf := refs[name], named[name]
		file := "official/" + name
		b, present := v.d.Official[name]
		what := fmt.Sprintf("%s ngày %s", o.Reference(), o.Date)
		whatEN := fmt.Sprintf("%s of %s", o.Reference(), o.Date)
		switch sum := sha256Hex(b); {
		case !present:
			c.fail(fmt.Sprintf("Thiếu văn bản %s (%s): bản ghi %d ghi SHA-256 %s.", what, file, leaf, o.SHA256),
				fmt.Sprintf("Document %s (%s) is missing: leaf %d gives SHA-256 %s.", whatEN, file, leaf, o.SHA256))
		case sum != o.SHA256:
			c.fail(fmt.Sprintf("Văn bản %s (%s) có SHA-256 %s, khác %s mà bản ghi %d ghi: văn bản đã bị tráo hoặc sửa.", what, file, sum, o.SHA256, leaf),
				fmt.Sprintf("Document %s (%s) has SHA-256 %s, not the %s leaf %d gives: the document was swapped or altered.", whatEN, file, sum, o.SHA256, leaf))
		default:
			c.note(fmt.Sprintf("Văn bản %s (%s) khớp SHA-256 mà bản ghi %d ghi.", what, file, leaf),
				fmt.Sprintf("Document %s (%s) matches the SHA-256 leaf %d gives.", whatEN, file, leaf))
		}
	}
	for _, name := range sortedKeys(v.d.Official) {
		if _, ok := named[name]; !ok {
			c.fail(fmt.Sprintf("official/%s không được bản ghi nào nêu: không gì trong sổ cái bảo đảm cho văn bản này.", name),
				fmt.Sprintf("official/%s is named by no leaf: nothing in the log vouches for it.", name))
		}
	}
}
