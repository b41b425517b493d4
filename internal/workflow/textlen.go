package workflow

import (
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// TextLen is a text's length as its reader counts it: characters after
// NFC. A Vietnamese letter with two marks ("ệ") is one character, however
// it was typed (precomposed, or a base letter and combining marks), and
// three or more bytes.
func TextLen(s string) int {
	if !utf8.ValidString(s) {
		return len(s)
	}
	return utf8.RuneCountInString(norm.NFC.String(s))
}
