package server

import (
	"bytes"
	"html"
	"math/rand/v2"
	"strings"
	"testing"
)

// runeMarker is how matches were marked before highlight found them as
// byte ranges, kept as the reference: it folds text rune by rune,
// remembering which rune each folded byte came from, and marks each rune
// that is part of a match ("lam duong" on "làm đường").
type runeMarker struct {
	folded []byte
	from   []int32 // per folded byte, the index of its rune
	runes  []rune
	marked []bool // per rune: part of a match
}

// mark sets m.marked, per rune of text, to whether it is part of a match
// of any of the folded words.
func (m *runeMarker) mark(text string, words []string) {
	m.folded, m.from, m.runes = m.folded[:0], m.from[:0], m.runes[:0]
	for _, r := range text {
		i := int32(len(m.runes))
		m.runes = append(m.runes, r)
		if r < 0x80 {
			m.folded, m.from = append(m.folded, foldedASCII[r]), append(m.from, i)
			continue
		}
		f := foldRune(r)
		m.folded = append(m.folded, f...)
		for range len(f) {
			m.from = append(m.from, i)
		}
	}
	if cap(m.marked) < len(m.runes) {
		m.marked = make([]bool, len(m.runes))
	} else {
		m.marked = m.marked[:len(m.runes)]
		clear(m.marked)
	}
	for _, w := range words {
		if w == "" {
			continue
		}
		for at := 0; ; {
			i := bytes.Index(m.folded[at:], []byte(w))
			if i < 0 {
				break
			}
			start, end := m.from[at+i], m.from[at+i+len(w)-1]
			// Combining marks after the last letter belong to it.
			for int(end)+1 < len(m.runes) && foldRune(m.runes[end+1]) == "" {
				end++
			}
			for k := start; k <= end; k++ {
				m.marked[k] = true
			}
			at += i + len(w)
		}
	}
}

// marks returns, per rune of text, whether it is part of a match of any of
// the folded words, and the runes.
func marks(text string, words []string) ([]bool, []rune) {
	var m runeMarker
	m.mark(text, words)
	return m.marked, m.runes
}

// excerptByMarks is how excerpts were cut before excerpt looked up only
// the first match: every match marked, the first marked rune taken.
func excerptByMarks(text string, words []string, radius int) (string, bool) {
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

// TestExcerptAsByMarks compares excerpts with the marking way over random
// Vietnamese texts, with decomposed marks, and random searches.
func TestExcerptAsByMarks(t *testing.T) {
	syllables := strings.Fields("làm đường hẻm Đường nước thải rác kênh rạch nông thôn chuyển đổi số y tế lưu động công viên thủ tục hành chính " +
		"thanh toán không dùng tiền mặt du lịch cộng đồng hợp tác xã bán trú chiếu sáng Nghi\u0323 đi\u0323nh · – 45 2026 a b")
	queries := []string{"lam duong", "duong", "d", "nghi dinh", "thai", "so", "y te", "45", "2026 a", "xyz", "tru chieu", "o"}
	r := rand.New(rand.NewPCG(1, 2))
	for n := 0; n < 3000; n++ {
		var b strings.Builder
		for range r.IntN(400) {
			b.WriteString(syllables[r.IntN(len(syllables))])
			b.WriteByte(" ,. "[r.IntN(4)])
		}
		text, q := b.String(), queries[r.IntN(len(queries))]
		words, radius := foldedWords(q), 1+r.IntN(40)
		got, gotOK := excerpt(text, words, radius)
		want, wantOK := excerptByMarks(text, words, radius)
		if got != want || gotOK != wantOK {
			t.Fatalf("excerpt(%q, %q, %d) = %q %v, want %q %v", text, q, radius, got, gotOK, want, wantOK)
		}
	}
}

// highlightByRunes is how highlighting was written before: rune by rune.
func highlightByRunes(text string, words []string) string {
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
	return b.String()
}

func TestHighlightAsByRunes(t *testing.T) {
	syllables := strings.Fields("làm đường hẻm <b> & 'x' \"q\" Đường nước thải kênh rạch Nghi\u0323 đi\u0323nh 45 a")
	queries := []string{"lam duong", "duong", "d", "nghi dinh", "thai", "45 a", "xyz", "b", "x q", "duong d", "nghi n ng", "a an", "hem em m"}
	r := rand.New(rand.NewPCG(3, 4))
	for n := 0; n < 3000; n++ {
		var b strings.Builder
		for range r.IntN(60) {
			b.WriteString(syllables[r.IntN(len(syllables))])
			b.WriteByte(" ,. "[r.IntN(4)])
		}
		text, q := b.String(), queries[r.IntN(len(queries))]
		if got, want := markedHTML(t, highlight(text, foldedWords(q))), highlightByRunes(text, foldedWords(q)); got != want {
			t.Fatalf("highlight(%q, %q) = %q, want %q", text, q, got, want)
		}
	}
}
