package i18n

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Fold reduces Vietnamese text to a search key: lower case, no diacritics,
// đ → d. "Làm ĐƯỜNG" and "lam duong" fold to the same string. SQLite FTS5's
// own remove_diacritics misses đ (it is a letter, not a mark), so we fold
// ourselves and store the folded text beside the original.
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == 'đ' || r == 'Đ':
			b.WriteByte('d')
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// FoldedWords splits folded text into words of letters and digits.
func FoldedWords(s string) []string {
	return strings.FieldsFunc(Fold(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}
