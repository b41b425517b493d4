package i18n

import (
	"bytes"
	"slices"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// SortByName sorts items by name in Vietnamese dictionary order (CLDR's
// Vietnamese tailoring: a < ă < â, d < đ, e < ê, o < ô < ơ, u < ư, tones
// after letters), keeping the given order among equal names.
//
// Sorting happens here rather than in SQL because SQLite and PostgreSQL
// collate differently (and PostgreSQL's depends on the server's ICU or
// libc), while every list must read the same on both databases.
func SortByName[T any](items []T, name func(T) string) {
	// A Collator is not safe for concurrent use, and building one is cheap
	// next to sorting; keys are computed once per item.
	c := collate.New(language.Vietnamese)
	var buf collate.Buffer
	type keyed struct {
		key []byte
		pos int
	}
	keys := make([]keyed, len(items))
	for i, it := range items {
		keys[i] = keyed{bytes.Clone(c.KeyFromString(&buf, name(it))), i}
		buf.Reset()
	}
	slices.SortStableFunc(keys, func(a, b keyed) int { return bytes.Compare(a.key, b.key) })
	sorted := make([]T, len(items))
	for i, k := range keys {
		sorted[i] = items[k.pos]
	}
	copy(items, sorted)
}
