package i18n

import (
	"regexp"
	"testing"
)

var verb = regexp.MustCompile(`%[-+# 0]*[0-9]*[a-zA-Z%]`)

func TestCatalogueHasBothLanguages(t *testing.T) {
	for _, k := range Keys() {
		m, _ := Raw(k)
		if m.VI == "" || m.EN == "" {
			t.Errorf("%s: missing a language: %+v", k, m)
		}
		vi, en := verb.FindAllString(m.VI, -1), verb.FindAllString(m.EN, -1)
		if len(vi) != len(en) {
			t.Errorf("%s: placeholders differ: %v vs %v", k, vi, en)
			continue
		}
		for i := range vi {
			if vi[i] != en[i] {
				t.Errorf("%s: placeholder %d is %s in Vietnamese, %s in English", k, i, vi[i], en[i])
			}
		}
	}
}

func TestEnglishCountsOneInTheSingular(t *testing.T) {
	for key, one := range englishOne {
		m, ok := Raw(key)
		if !ok {
			t.Errorf("%s: singular for a key the catalogue does not have", key)
			continue
		}
		if a, b := verb.FindAllString(one, -1), verb.FindAllString(m.EN, -1); len(a) != len(b) || (len(a) > 0 && a[0] != b[0]) {
			t.Errorf("%s: singular placeholders %v, plural %v", key, a, b)
		}
	}
	for _, c := range []struct {
		n      any
		vi, en string
	}{{1, "1 kết quả", "1 result"}, {int64(1), "1 kết quả", "1 result"}, {0, "0 kết quả", "0 results"}, {2, "2 kết quả", "2 results"}} {
		if m := T("web.search.results", c.n); m.VI != c.vi || m.EN != c.en {
			t.Errorf("T(results, %v) = %+v, want %q / %q", c.n, m, c.vi, c.en)
		}
	}
}

func TestFold(t *testing.T) {
	cases := map[string]string{
		"Làm ĐƯỜNG":                   "lam duong",
		"đường hẻm":                   "duong hem",
		"Nạo vét kênh rạch":           "nao vet kenh rach",
		"Chỉnh trang hẻm":             "chinh trang hem",
		"Phường Bình Thạnh":           "phuong binh thanh",
		"ĐỔI MỚI SÁNG TẠO":            "doi moi sang tao",
		"lam duong":                   "lam duong",
		"Ngh\u0323i\u0300 đi\u0323nh": "nghi dinh", // decomposed input folds the same
	}
	for in, want := range cases {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFormat(t *testing.T) {
	cases := []struct {
		n    int64
		lang Lang
		want string
	}{
		{1234567, VI, "1.234.567 đồng"},
		{1234567, EN, "1,234,567 VND"},
		{0, VI, "0 đồng"},
		{999, VI, "999 đồng"},
		{1000, VI, "1.000 đồng"},
		{-25000, VI, "-25.000 đồng"},
	}
	for _, c := range cases {
		if got := FormatVND(c.n, c.lang); got != c.want {
			t.Errorf("FormatVND(%d, %s) = %q, want %q", c.n, c.lang, got, c.want)
		}
	}
}

func FuzzFold(f *testing.F) {
	for _, s := range []string{"Làm đường", "", "ĐĐđđ", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a := Fold(s)
		if Fold(a) != a {
			t.Errorf("Fold is not idempotent on %q", s)
		}
	})
}
