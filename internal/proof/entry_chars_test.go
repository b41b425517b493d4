package proof

import (
	"regexp"
	"testing"
)

// The hand-written checks must accept exactly what the patterns they
// replaced accept.
func TestKeyAndDecimalMatchTheirPatterns(t *testing.T) {
	keyRE := regexp.MustCompile(`^[a-z0-9][a-z0-9._-]*$`)
	digitRE := regexp.MustCompile(`^(0|[1-9][0-9]*)$`)
	for _, s := range []string{"", "a", "0", "00", "01", "10", "a.b", ".a", "-a", "a-", "a_b", "A", "aB", "payload.sha256",
		"proposal.approved", "c0ffee", "x y", "é", "9", "123456789", "1a", "a\n", "-", "_", "a..b", "0.1"} {
		if isKey(s) != keyRE.MatchString(s) {
			t.Errorf("isKey(%q) = %v", s, isKey(s))
		}
		if isDecimal(s) != digitRE.MatchString(s) {
			t.Errorf("isDecimal(%q) = %v", s, isDecimal(s))
		}
	}
}

func FuzzKeyAndDecimal(f *testing.F) {
	keyRE := regexp.MustCompile(`^[a-z0-9][a-z0-9._-]*$`)
	digitRE := regexp.MustCompile(`^(0|[1-9][0-9]*)$`)
	f.Add("payload.sha256")
	f.Add("0123")
	f.Fuzz(func(t *testing.T, s string) {
		if isKey(s) != keyRE.MatchString(s) || isDecimal(s) != digitRE.MatchString(s) {
			t.Fatalf("%q: key %v decimal %v", s, isKey(s), isDecimal(s))
		}
	})
}
