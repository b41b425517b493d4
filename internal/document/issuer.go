package document

import (
	"strings"

	"golang.org/x/text/unicode/norm"

	"damlam/internal/i18n"
	"damlam/internal/org"
)

// Issuer is how a unit signs its documents: the header lines, the
// abbreviation in its symbols, the place before its dates and the titles of
// its head and deputies.
type Issuer struct {
	UnitID    string
	Name      string   // "Phường Bình Thạnh"
	Governing string   // the governing agency, for a department: "Ủy ban nhân dân Thành phố Hồ Chí Minh"
	Lines     []string // the issuer's name in the header: "ỦY BAN NHÂN DÂN", "PHƯỜNG BÌNH THẠNH"
	Abbrev    string   // "UBND"
	Place     string   // "Bình Thạnh"
	// Body is the agency as a collective ("Ủy ban nhân dân"), for "TM.";
	// Head and Deputy are its head's and deputies' titles.
	Body   string
	Head   string
	Deputy string
	// Authority is the competent authority line of its decisions.
	Authority string
	Party     string // its same-level Party committee, a recipient
}

// IssuerFor derives a unit's issuer from the organisation tree: a ward, a
// commune, a special zone or a province issues as its People's Committee
// (ỦY BAN NHÂN DÂN / PHƯỜNG …, symbol UBND); a department as itself under
// its province's committee (symbol from its initials). abbrev, when not
// empty, is the unit's configured abbreviation and wins.
func IssuerFor(u org.Unit, parent *org.Unit, abbrev string) Issuer {
	name := norm.NFC.String(strings.TrimSpace(u.Name))
	is := Issuer{UnitID: u.ID, Name: name, Party: u.PartyCommittee}
	switch u.Kind {
	case "ward", "commune", "special_zone", "province":
		is.Lines = []string{"Ủy ban nhân dân", name}
		is.Abbrev = "UBND"
		is.Body, is.Head, is.Deputy = "Ủy ban nhân dân", "Chủ tịch", "Phó Chủ tịch"
		is.Authority = "Chủ tịch Ủy ban nhân dân " + lowerFirst(name)
		is.Place = placeOf(name)
	case "department":
		short := name
		if parent != nil {
			short = strings.TrimSpace(strings.TrimSuffix(name, parent.Name))
			is.Governing = "Ủy ban nhân dân " + parent.Name
			is.Place = placeOf(parent.Name)
		}
		is.Lines = []string{short}
		is.Abbrev = initials(short)
		is.Body, is.Head, is.Deputy = short, "Giám đốc", "Phó Giám đốc"
		is.Authority = "Giám đốc " + short
	default:
		is.Lines = []string{name}
		is.Abbrev = initials(name)
		is.Body, is.Head, is.Deputy = name, "Thủ trưởng", "Phó Thủ trưởng"
		is.Authority = "Thủ trưởng " + name
		if parent != nil {
			is.Governing = parent.Name
			is.Place = placeOf(parent.Name)
		}
	}
	if is.Place == "" {
		is.Place = placeOf(name)
	}
	if abbrev = strings.TrimSpace(abbrev); abbrev != "" {
		is.Abbrev = abbrev
	}
	return is
}

// placeOf is the địa danh of a unit's name: the name without its kind
// ("Phường Bình Thạnh" → "Bình Thạnh"), except where the kind is part of
// how the city is written ("Thành phố Hồ Chí Minh").
func placeOf(name string) string {
	if name == "Thành phố Hồ Chí Minh" {
		return name
	}
	for _, p := range []string{"Phường ", "Xã ", "Đặc khu ", "Thị trấn ", "Thành phố ", "Tỉnh ", "Sở "} {
		if strings.HasPrefix(name, p) {
			return strings.TrimPrefix(name, p)
		}
	}
	return name
}

// initials abbreviates a name the way symbols do: "Sở Xây dựng" → "SXD".
func initials(name string) string {
	var b strings.Builder
	for _, w := range strings.Fields(i18n.Fold(name)) {
		b.WriteString(strings.ToUpper(w[:1]))
	}
	return b.String()
}

// LowerFirst lowers a text's first letter, to run a subject on after the
// document's type ("Quyết định về việc …").
func LowerFirst(s string) string { return lowerFirst(s) }

func lowerFirst(s string) string {
	for i, r := range s {
		return strings.ToLower(string(r)) + s[i+len(string(r)):]
	}
	return s
}
