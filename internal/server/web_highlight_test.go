package server

import (
	"html"
	"math/rand/v2"
	"strings"
	"testing"
)

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
	queries := []string{"lam duong", "duong", "d", "nghi dinh", "thai", "45 a", "xyz", "b", "x q"}
	r := rand.New(rand.NewPCG(3, 4))
	for n := 0; n < 3000; n++ {
		var b strings.Builder
		for range r.IntN(30) {
			b.WriteString(syllables[r.IntN(len(syllables))])
			b.WriteByte(" ,. "[r.IntN(4)])
		}
		text, q := b.String(), queries[r.IntN(len(queries))]
		if got, want := string(highlight(text, foldedWords(q))), highlightByRunes(text, foldedWords(q)); got != want {
			t.Fatalf("highlight(%q, %q) = %q, want %q", text, q, got, want)
		}
	}
}
