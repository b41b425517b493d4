package proof

import (
	"strings"
	"testing"
)

func TestParseOfficial(t *testing.T) {
	sum := strings.Repeat("ab", 32)
	for _, tc := range []struct {
		in   string
		ok   bool
		file string
		ref  string
	}{
		{"HCM-BTH 2026 12 QĐ-UBND 2026-12-07 " + sum, true, "HCM-BTH-2026-12.pdf", "12/QĐ-UBND"},
		{"HCM-BTH 2026 5 TB-UBND 2026-02-03 " + sum, true, "HCM-BTH-2026-5.pdf", "05/TB-UBND"},
		{"HCM-BTH 2026 0 TB-UBND 2026-02-03 " + sum, false, "", ""},
		{"HCM-BTH 2026 05 TB-UBND 2026-02-03 " + sum, false, "", ""},
		{"../x 2026 1 TB-UBND 2026-02-03 " + sum, false, "", ""},
		{"HCM-BTH 2026 1 TB-UBND 2026-02-03 " + sum[:63], false, "", ""},
		{"HCM-BTH 2026 1 TB-UBND 2026-02-03 " + sum + " extra", false, "", ""},
		{"", false, "", ""},
	} {
		o, ok := ParseOfficial(tc.in)
		if ok != tc.ok || ok && (o.File() != tc.file || o.Reference() != tc.ref) {
			t.Errorf("ParseOfficial(%q) = %+v, %v", tc.in, o, ok)
		}
	}
}

// FuzzParseOfficial: whatever a leaf says, a value that parses names a
// file of the dossier's official/ folder and prints back to itself.
func FuzzParseOfficial(f *testing.F) {
	f.Add("HCM-BTH 2026 12 QĐ-UBND 2026-12-07 " + strings.Repeat("0", 64))
	f.Add("a 0000 1 / 0000-00-00 " + strings.Repeat("f", 64))
	f.Fuzz(func(t *testing.T, v string) {
		o, ok := ParseOfficial(v)
		if !ok {
			return
		}
		if !officialFileRE.MatchString(o.File()) || strings.Contains(o.File(), "/") {
			t.Fatalf("%q names file %q", v, o.File())
		}
		back := strings.Join([]string{o.Unit, itoa(o.Year), itoa(o.Number), o.Symbol, o.Date, o.SHA256}, " ")
		if o.Year >= 1000 && back != v {
			t.Fatalf("%q reads back as %q", v, back)
		}
	})
}

func itoa(n int) string {
	s := ""
	for {
		s = string(rune('0'+n%10)) + s
		if n /= 10; n == 0 {
			return s
		}
	}
}
