package server

import (
	"encoding/json"
	"testing"
	"unicode/utf8"

	"damlam/internal/problem"
)

// FuzzCheckText feeds arbitrary bodies to the strict text check: it never
// panics; a refusal is a 400 that names fields; and a valid JSON body it
// lets through is valid UTF-8 whose strings hold no control character but
// tab and newline.
func FuzzCheckText(f *testing.F) {
	for _, seed := range []string{
		`{"summary":"Đã đổ bê tông 120 m."}`, `{"summary":"a\u0000b"}`, "{\"summary\":\"b\xe1\xbb\"}", `{"unit":"A\nB"}`,
		`{"violations":[{"deadline":"2027-01-04\t"}]}`, `[["\u007f"]]`, `{"a":{"b":[1,"\u0085",{"c":"\u2028"}]}}`, `"x"`, `{"a":`, `{"\u0001":1}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		err := checkText(data)
		if err != nil {
			pe := problem.As(err)
			if pe.Kind != problem.Malformed || len(pe.Fields) == 0 || len(pe.Fields) > maxTextErrors {
				t.Fatalf("a refusal of kind %s with %d fields", pe.Kind, len(pe.Fields))
			}
			return
		}
		if !json.Valid(data) {
			return
		}
		if !utf8.Valid(data) {
			t.Fatalf("let invalid UTF-8 through: %q", data)
		}
		var v any
		if json.Unmarshal(data, &v) != nil {
			return
		}
		walkStrings(v, func(s string) {
			for _, r := range s {
				if r < 0x20 && r != '\t' && r != '\n' || r == 0x7f || r >= 0x80 && r <= 0x9f {
					t.Fatalf("let %U through in %q", r, data)
				}
			}
		})
	})
}

func walkStrings(v any, fn func(string)) {
	switch x := v.(type) {
	case string:
		fn(x)
	case []any:
		for _, e := range x {
			walkStrings(e, fn)
		}
	case map[string]any:
		for k, e := range x {
			fn(k)
			walkStrings(e, fn)
		}
	}
}
