package i18n

import "strings"

// VNDInWords writes an amount the way a payment order spells it out:
// "một triệu năm trăm nghìn đồng" (Vietnamese reading of each group of
// three digits, with "không trăm" and "linh" inside a number), or
// "one million five hundred thousand dong".
func VNDInWords(n int64, lang Lang) string {
	if lang == EN {
		return wordsEN(n) + " dong"
	}
	return wordsVI(n) + " đồng"
}

var viDigits = [10]string{"không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"}

// viScales name the groups of three digits, lowest first.
var viScales = []string{"", "nghìn", "triệu", "tỷ", "nghìn tỷ", "triệu tỷ", "tỷ tỷ"}

func groups(n uint64) []int {
	var g []int
	for n > 0 {
		g = append(g, int(n%1000))
		n /= 1000
	}
	return g
}

func magnitude(n int64) (uint64, bool) {
	if n < 0 {
		return uint64(-(n + 1)) + 1, true
	}
	return uint64(n), false
}

func wordsVI(n int64) string {
	m, neg := magnitude(n)
	if m == 0 {
		return viDigits[0]
	}
	g := groups(m)
	var parts []string
	if neg {
		parts = append(parts, "âm")
	}
	for i := len(g) - 1; i >= 0; i-- {
		if g[i] == 0 {
			continue
		}
		parts = append(parts, viGroup(g[i], i == len(g)-1))
		if viScales[i] != "" {
			parts = append(parts, viScales[i])
		}
	}
	return strings.Join(parts, " ")
}

// viGroup reads three digits; a group that does not lead the number reads
// its hundreds even when they are zero ("không trăm linh năm").
func viGroup(n int, leading bool) string {
	h, t, u := n/100, n/10%10, n%10
	var w []string
	if h > 0 || !leading {
		w = append(w, viDigits[h], "trăm")
	}
	switch {
	case t == 0 && u > 0 && (h > 0 || !leading):
		w = append(w, "linh")
	case t == 1:
		w = append(w, "mười")
	case t > 1:
		w = append(w, viDigits[t], "mươi")
	}
	switch {
	case u == 0:
	case u == 1 && t > 1:
		w = append(w, "mốt")
	case u == 5 && t > 0:
		w = append(w, "lăm")
	default:
		w = append(w, viDigits[u])
	}
	return strings.Join(w, " ")
}

var (
	enOnes   = []string{"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"}
	enTens   = []string{"", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"}
	enScales = []string{"", "thousand", "million", "billion", "trillion", "quadrillion", "quintillion"}
)

func wordsEN(n int64) string {
	m, neg := magnitude(n)
	if m == 0 {
		return enOnes[0]
	}
	g := groups(m)
	var parts []string
	if neg {
		parts = append(parts, "minus")
	}
	for i := len(g) - 1; i >= 0; i-- {
		if g[i] == 0 {
			continue
		}
		h, r := g[i]/100, g[i]%100
		if h > 0 {
			parts = append(parts, enOnes[h], "hundred")
		}
		switch {
		case r >= 20 && r%10 != 0:
			parts = append(parts, enTens[r/10]+"-"+enOnes[r%10])
		case r >= 20:
			parts = append(parts, enTens[r/10])
		case r > 0:
			parts = append(parts, enOnes[r])
		}
		if enScales[i] != "" {
			parts = append(parts, enScales[i])
		}
	}
	return strings.Join(parts, " ")
}
