package server

import (
	"bytes"
	"html"
	"html/template"
	"strings"
	"sync"
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

// highlight writes text with every match of words in <mark>. Runs of
// marked and unmarked text are escaped whole, not rune by rune.
func highlight(text string, words []string) template.HTML {
	if len(words) == 0 {
		return template.HTML(html.EscapeString(text))
	}
	marked, _ := marks(text, words)
	var b strings.Builder
	b.Grow(len(text) + 32)
	open, from, i := false, 0, 0
	for at := range text {
		if marked[i] != open {
			b.WriteString(html.EscapeString(text[from:at]))
			from = at
			if marked[i] {
				b.WriteString("<mark>")
			} else {
				b.WriteString("</mark>")
			}
			open = marked[i]
		}
		i++
	}
	b.WriteString(html.EscapeString(text[from:]))
	if open {
		b.WriteString("</mark>")
	}
	return template.HTML(b.String())
}

// excerpt cuts about radius runes either side of the first match. It needs
// only where the first match starts: the text (about 1,600 bytes of a
// proposal's content) is folded once into a reused buffer and each word
// looked up once, rather than mapping and marking every match of every
// word, which was a tenth of the search page.
func excerpt(text string, words []string, radius int) (string, bool) {
	bp := foldBuffers.Get().(*[]byte)
	defer foldBuffers.Put(bp)
	folded := (*bp)[:0]
	for _, r := range text {
		folded = append(folded, foldRune(r)...)
	}
	*bp = folded
	at := -1
	for _, w := range words {
		if w == "" {
			continue
		}
		if i := bytes.Index(folded, []byte(w)); i >= 0 && (at < 0 || i < at) {
			at = i
		}
	}
	if at < 0 {
		return "", false
	}
	// The rune whose folding holds byte at, and the byte offsets of the
	// runes radius before and after it.
	first, n := 0, 0
	for _, r := range text {
		if n += len(foldRune(r)); n > at {
			break
		}
		first++
	}
	startRune, endRune := max(0, first-radius), first+radius
	start, end, k := 0, len(text), 0
	for i := range text {
		if k == startRune {
			start = i
		}
		if k == endRune {
			end = i
			break
		}
		k++
	}
	out := strings.TrimSpace(text[start:end])
	if start > 0 {
		out = "…" + out
	}
	if end < len(text) {
		out += "…"
	}
	return out, true
}

// foldBuffers are excerpt's folded texts, reused across requests.
var foldBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 4096); return &b }}
