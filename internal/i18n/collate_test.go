package i18n

import (
	"slices"
	"testing"
)

func TestSortByNameIsVietnameseOrder(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   []string
		want []string
	}{
		{"a before ă before â", []string{"Ân", "An", "Ăn"}, []string{"An", "Ăn", "Ân"}},
		{"d before đ, whatever follows", []string{"Đào", "Dương", "Đặng", "Duy"}, []string{"Duy", "Dương", "Đào", "Đặng"}},
		{"e before ê", []string{"Ếch", "Em", "Ê"}, []string{"Em", "Ê", "Ếch"}},
		{"o before ô before ơ", []string{"Ơn", "Ông", "Oanh"}, []string{"Oanh", "Ông", "Ơn"}},
		{"u before ư", []string{"Ưng", "Uyên"}, []string{"Uyên", "Ưng"}},
		{"a tone mark ranks after the letter", []string{"Lý", "Lê", "Lã", "La"}, []string{"La", "Lã", "Lê", "Lý"}},
		{"case does not come first", []string{"bình", "An", "Bảo"}, []string{"An", "Bảo", "bình"}},
		{"full names", []string{"Đỗ Minh Tuấn", "Bùi Thị Hạnh", "Huỳnh Thị Lan", "Dương Văn An", "Ngô Văn Hùng"},
			[]string{"Bùi Thị Hạnh", "Dương Văn An", "Đỗ Minh Tuấn", "Huỳnh Thị Lan", "Ngô Văn Hùng"}},
		{"equal names keep their order", []string{"Lan#1", "Lan#2"}, []string{"Lan#1", "Lan#2"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := slices.Clone(tc.in)
			SortByName(got, func(s string) string {
				if i := len(s) - 2; i > 0 && s[i] == '#' {
					return s[:i] // the suffix only tells equal names apart
				}
				return s
			})
			if !slices.Equal(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}
