package workflow

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

func TestFileName(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Tờ trình.pdf", "Tờ trình.pdf"},
		{norm.NFD.String("Tờ trình đề xuất.docx"), "Tờ trình đề xuất.docx"},
		{"C:\\Users\\lan\\Desktop\\du-toan.xlsx", "du-toan.xlsx"},
		{"../../etc/passwd", "passwd"},
		{"..\\..\\windows\\win.ini", "win.ini"},
		{"a/b\\c.txt", "c.txt"},
		{"hop-dong\u202efdp.exe", "hop-dongfdp.exe"},
		{"bao\x00cao\r\n.pdf", "baocao.pdf"},
		{"  .ẩn.txt. ", "ẩn.txt"},
		{"tab\tname.txt", "tabname.txt"},
		{"no\u00a0break.txt", "no break.txt"},
		{"zero\u200bwidth.txt", "zerowidth.txt"},
		{"\xff\xfebad.txt", "bad.txt"},
		{strings.Repeat("ư", 200) + ".pdf", strings.Repeat("ư", 125) + ".pdf"},
	} {
		got, err := FileName(c.in)
		if err != nil || got != c.want {
			t.Errorf("FileName(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
	for _, bad := range []string{"", "/", "dir/", "..", ".", " ", "\u202e", "a\\"} {
		if got, err := FileName(bad); err == nil {
			t.Errorf("FileName(%q) = %q, want a refusal", bad, got)
		}
	}
}

func FuzzFileName(f *testing.F) {
	for _, s := range []string{"Tờ trình.pdf", "../x", "a\\b", "\u202e", strings.Repeat("ả", 300)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		got, err := FileName(in)
		if err != nil {
			return
		}
		if got == "" || len(got) > maxFileName || !utf8.ValidString(got) || !norm.NFC.IsNormalString(got) ||
			strings.ContainsAny(got, `/\`) || got == "." || got == ".." {
			t.Fatalf("FileName(%q) = %q", in, got)
		}
		for _, c := range got {
			if unicode.IsControl(c) || unicode.Is(unicode.Cf, c) {
				t.Fatalf("FileName(%q) keeps %U", in, c)
			}
		}
		if again, _ := FileName(got); again != got {
			t.Fatalf("FileName is not stable: %q -> %q -> %q", in, got, again)
		}
	})
}

func TestCheckQuota(t *testing.T) {
	q := Quota{PerPerson: 100, PerUnit: 150}
	for _, c := range []struct {
		size int64
		f    FileFacts
		code string
	}{
		{50, FileFacts{50, 50}, ""},
		{51, FileFacts{50, 50}, "quota_person"},
		{10, FileFacts{0, 141}, "quota_unit"},
		{0, FileFacts{100, 150}, ""},
	} {
		err := CheckQuota(q, c.size, c.f)
		code := ""
		if err != nil {
			code = err.(interface{ Error() string }).Error()
			code = code[:strings.IndexByte(code, ':')]
		}
		if code != c.code {
			t.Errorf("%d over %+v: %q, want %q", c.size, c.f, code, c.code)
		}
	}
	if err := CheckQuota(Quota{}, 1<<40, FileFacts{1 << 40, 1 << 40}); err != nil {
		t.Errorf("a zero quota bounds: %v", err)
	}
}
