package i18n

import (
	"math"
	"testing"
)

func TestVNDInWords(t *testing.T) {
	for _, c := range []struct {
		n      int64
		vi, en string
	}{
		{0, "không đồng", "zero dong"},
		{5, "năm đồng", "five dong"},
		{15, "mười lăm đồng", "fifteen dong"},
		{21, "hai mươi mốt đồng", "twenty-one dong"},
		{105, "một trăm linh năm đồng", "one hundred five dong"},
		{2001, "hai nghìn không trăm linh một đồng", "two thousand one dong"},
		{1_500_000, "một triệu năm trăm nghìn đồng", "one million five hundred thousand dong"},
		{1_050_000, "một triệu không trăm năm mươi nghìn đồng", "one million fifty thousand dong"},
		{450_000_000, "bốn trăm năm mươi triệu đồng", "four hundred fifty million dong"},
		{2_000_000_000, "hai tỷ đồng", "two billion dong"},
		{1_000_500_000_000, "một nghìn tỷ năm trăm triệu đồng", "one trillion five hundred million dong"},
		{-5, "âm năm đồng", "minus five dong"},
	} {
		if got := VNDInWords(c.n, VI); got != c.vi {
			t.Errorf("VNDInWords(%d, vi) = %q, want %q", c.n, got, c.vi)
		}
		if got := VNDInWords(c.n, EN); got != c.en {
			t.Errorf("VNDInWords(%d, en) = %q, want %q", c.n, got, c.en)
		}
	}
	if VNDInWords(math.MinInt64, VI) == "" || VNDInWords(math.MaxInt64, EN) == "" {
		t.Error("the extremes have no words")
	}
}
