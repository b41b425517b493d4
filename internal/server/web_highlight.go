package server

import (
	"html"
	"html/template"
	"strings"
	"sync/atomic"

	"damlam/internal/i18n"
)

// foldMap folds text rune by rune, remembering which original rune each
// folded byte came from, so that a match found without diacritics ("lam
// duong") can be marked on the text as written ("làm đường").
func foldMap(text string) (folded string, from []int, runes []rune) {
	runes = []rune(text)
	var b strings.Builder
	b.Grow(len(text))
	from = make([]int, 0, len(text))
	for i, r := range runes {
		f := foldRune(r)
		b.WriteString(f)
		for range len(f) {
			from = append(from, i)
		}
	}
	return b.String(), from, runes
}

// foldRune is i18n.Fold of one rune, remembered for the runes Vietnamese
// text is made of: folding rune by rune through Fold (a normalisation per
// rune) was most of the search page's time, about 1 ms per result.
func foldRune(r rune) string {
	if r >= 0 && r < int32(len(foldedRunes)) {
		if f := foldedRunes[r].Load(); f != nil {
			return *f
		}
		f := i18n.Fold(string(r))
		foldedRunes[r].Store(&f)
		return f
	}
	return i18n.Fold(string(r))
}

// foldedRunes covers Latin with its extensions and combining marks.
var foldedRunes [0x2000]atomic.Pointer[string]

// marks returns, per rune of text, whether it is part of a match of any of
// the folded words.
func marks(text string, words []string) ([]bool, []rune) {
	folded, from, runes := foldMap(text)
	marked := make([]bool, len(runes))
	for _, w := range words {
		if w == "" {
			continue
		}
		for at := 0; ; {
			i := strings.Index(folded[at:], w)
			if i < 0 {
				break
			}
			start, end := from[at+i], from[at+i+len(w)-1]
			// Combining marks after the last letter belong to it.
			for end+1 < len(runes) && foldRune(runes[end+1]) == "" {
				end++
			}
			for k := start; k <= end; k++ {
				marked[k] = true
			}
			at += i + len(w)
		}
	}
	return marked, runes
}

// highlight writes text with every match of words in <mark>.
func highlight(text string, words []string) template.HTML {
	if len(words) == 0 {
		return template.HTML(html.EscapeString(text))
	}
	marked, runes := marks(text, words)
	var b strings.Builder
	open := false
	for i, r := range runes {
		if marked[i] != open {
			if marked[i] {
				b.WriteString("<mark>")
			} else {
				b.WriteString("</mark>")
			}
			open = marked[i]
		}
		b.WriteString(html.EscapeString(string(r)))
	}
	if open {
		b.WriteString("</mark>")
	}
	return template.HTML(b.String())
}

// excerpt cuts about radius runes either side of the first match.
func excerpt(text string, words []string, radius int) (string, bool) {
	marked, runes := marks(text, words)
	first := -1
	for i, m := range marked {
		if m {
			first = i
			break
		}
	}
	if first < 0 {
		return "", false
	}
	start, end := max(0, first-radius), min(len(runes), first+radius)
	out := strings.TrimSpace(string(runes[start:end]))
	if start > 0 {
		out = "…" + out
	}
	if end < len(runes) {
		out += "…"
	}
	return out, true
}
