package server

import (
	"bytes"
	"encoding/binary"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"damlam/internal/i18n"
)

// foldRune is i18n.Fold of one rune, remembered for the runes Vietnamese
// text is made of: folding rune by rune through Fold (a normalisation per
// rune) was most of the search page's time (docs/performance.md).
func foldRune(r rune) string {
	if r >= 0 && r < 0x80 {
		return asciiFolds[r]
	}
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

// asciiFolds are the foldings of ASCII, most of any Vietnamese text, and
// foldedASCII the same as bytes: each folds to one byte (lower case).
var asciiFolds, foldedASCII = func() (t [0x80]string, b [0x80]byte) {
	for i := range t {
		t[i] = i18n.Fold(string(rune(i)))
		if len(t[i]) != 1 {
			panic("ASCII folds to one byte")
		}
		b[i] = t[i][0]
	}
	return t, b
}()

// foldedRunes covers Latin with its extensions and combining marks.
var foldedRunes [0x2000]atomic.Pointer[string]

// marker holds highlight's buffers, reused from page to page (they were a
// third of highlighting's time, in allocation and collection).
type marker struct {
	folded []byte
	from   []int32 // per folded byte, the offset in the text of its rune
	spans  []span  // the matches
}

var markers = sync.Pool{New: func() any { return new(marker) }}

// marked is a text with its matches to be marked, as the "marked"
// fragment writes it: a comparable value, so that rows that hold one can
// be kept by it. Marks holds each marked run's first and last byte
// offsets (end excluded) as pairs of 32-bit numbers, in order, apart.
type marked struct {
	Text  string
	Marks string
}

// markedPart is a run of a marked text: marked or not.
type markedPart struct {
	Text string
	Mark bool
}

// Parts splits the text into its runs.
func (m marked) Parts() []markedPart {
	var out []markedPart
	done := 0
	for k := 0; k+8 <= len(m.Marks); k += 8 {
		start, end := int(binary.LittleEndian.Uint32([]byte(m.Marks[k:]))), int(binary.LittleEndian.Uint32([]byte(m.Marks[k+4:])))
		if start > done {
			out = append(out, markedPart{m.Text[done:start], false})
		}
		out = append(out, markedPart{m.Text[start:end], true})
		done = end
	}
	if done < len(m.Text) {
		out = append(out, markedPart{m.Text[done:], false})
	}
	return out
}

// highlight finds every match of words in text, to be marked. Matches are
// found as byte ranges of text, merged where they touch: marking rune by
// rune (marker.mark, which the tests keep as the reference) was a sixth of
// the search page, for a title and an excerpt per result.
func highlight(text string, words []string) marked {
	if len(words) == 0 {
		return marked{Text: text}
	}
	m := markers.Get().(*marker)
	defer markers.Put(m)
	// folded, and per folded byte the offset in text of its rune.
	m.folded, m.from = m.folded[:0], m.from[:0]
	for i, r := range text {
		if r < 0x80 {
			m.folded, m.from = append(m.folded, foldedASCII[r]), append(m.from, int32(i))
			continue
		}
		f := foldRune(r)
		m.folded = append(m.folded, f...)
		for range len(f) {
			m.from = append(m.from, int32(i))
		}
	}
	spans := m.spans[:0]
	for _, w := range words {
		if w == "" {
			continue
		}
		for at := 0; ; {
			i := bytes.Index(m.folded[at:], []byte(w))
			if i < 0 {
				break
			}
			start, last := int(m.from[at+i]), int(m.from[at+i+len(w)-1])
			_, size := utf8.DecodeRuneInString(text[last:])
			end := last + size
			// Combining marks after the last letter belong to it.
			for end < len(text) {
				r, size := utf8.DecodeRuneInString(text[end:])
				if foldRune(r) != "" {
					break
				}
				end += size
			}
			spans = append(spans, span{start, end})
			at += i + len(w)
		}
	}
	m.spans = spans
	slices.SortFunc(spans, func(a, b span) int { return a.start - b.start })
	var marks []byte
	done := 0 // text before done is placed
	for k := 0; k < len(spans); {
		start, end := spans[k].start, spans[k].end
		// Spans that overlap or touch are one run of marked runes.
		for k++; k < len(spans) && spans[k].start <= end; k++ {
			end = max(end, spans[k].end)
		}
		start = max(start, done)
		marks = binary.LittleEndian.AppendUint32(marks, uint32(start))
		marks = binary.LittleEndian.AppendUint32(marks, uint32(end))
		done = end
	}
	return marked{Text: text, Marks: string(marks)}
}

// span is a match's bytes in a text.
type span struct{ start, end int }

// excerpt cuts about radius runes either side of the first match. It needs
// only where the first match starts: the text (about 1,600 bytes of a
// proposal's content) is folded into a reused buffer and each word looked
// up once, rather than mapping and marking every match of every word,
// which was a tenth of the search page. Folding stops once a match is
// found and no word could still match earlier: most matches are early.
func excerpt(text string, words []string, radius int) (string, bool) {
	longest := 0
	for _, w := range words {
		longest = max(longest, len(w))
	}
	if longest == 0 {
		return "", false
	}
	bp := foldBuffers.Get().(*[]byte)
	defer foldBuffers.Put(bp)
	folded := (*bp)[:0]
	at, searched := -1, 0
	// search looks for each word's first match beginning after what was
	// searched before, less a word's length: a match beginning earlier
	// lies wholly within the part searched, and was found there.
	search := func() {
		from := max(0, searched-longest+1)
		for _, w := range words {
			if w == "" {
				continue
			}
			if i := bytes.Index(folded[from:], []byte(w)); i >= 0 && (at < 0 || from+i < at) {
				at = from + i
			}
		}
		searched = len(folded)
	}
	for _, r := range text {
		if r < 0x80 {
			folded = append(folded, foldedASCII[r])
		} else {
			folded = append(folded, foldRune(r)...)
		}
		if len(folded)-searched >= excerptStep {
			search()
			// A match beginning before at would end before at+longest.
			if at >= 0 && len(folded) >= at+longest {
				break
			}
		}
	}
	search()
	*bp = folded
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

// excerptStep is how many folded bytes excerpt adds between searches.
const excerptStep = 128

// foldBuffers are excerpt's folded texts, reused across requests.
var foldBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 4096); return &b }}
