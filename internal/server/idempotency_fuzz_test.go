package server

import (
	"bytes"
	"strings"
	"testing"
)

// FuzzDecodeAnswer feeds arbitrary kept records to the answer decoder: it
// never panics, what it accepts is a success with a JSON body, and
// encoding what it decoded gives the record back.
func FuzzDecodeAnswer(f *testing.F) {
	for _, seed := range []struct {
		status int
		rec    string
	}{
		{200, "application/json\n{\"id\":\"DX-2026-000001\"}\n"}, {201, "application/json\n[]"},
		{200, "application/json"}, {500, "application/json\n{}"}, {200, "text/html\n<p>"},
		{200, "application/json\n{\"a\":"}, {200, "application/json\n\xff"}, {0, ""}, {299, "application/json\nnull"},
	} {
		f.Add(seed.status, seed.rec)
	}
	f.Fuzz(func(t *testing.T, status int, rec string) {
		a, err := decodeAnswer(status, rec)
		if err != nil {
			return
		}
		if a.status < 200 || a.status > 299 || !keptTypes[a.contentType] {
			t.Fatalf("accepted status %d, type %q", a.status, a.contentType)
		}
		if got := encodeAnswer(a.contentType, a.body); got != rec {
			t.Fatalf("round trip: %q → %q", rec, got)
		}
		b, err := decodeAnswer(a.status, encodeAnswer(a.contentType, a.body))
		if err != nil || !bytes.Equal(b.body, a.body) {
			t.Fatalf("re-encoded record refused: %v", err)
		}
	})
}

// FuzzIdempotencyKey feeds arbitrary header values to the key parser: a key
// it accepts is 1 to 255 visible ASCII characters, and parses to itself.
func FuzzIdempotencyKey(f *testing.F) {
	for _, seed := range []string{"abc", `"8e03978e-40d5-43e8-bc93-6894a57f9324"`, `""`, "", " k ", "a b", "a,b", `"a`, "\x00", "khóa", strings.Repeat("k", 256)} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, v string) {
		k, err := parseIdempotencyKey(v)
		if err != nil {
			return
		}
		if k == "" || len(k) > maxKeyLen {
			t.Fatalf("accepted %q as %q", v, k)
		}
		for i := 0; i < len(k); i++ {
			if k[i] < 0x21 || k[i] > 0x7e {
				t.Fatalf("accepted byte %#x in %q", k[i], v)
			}
		}
		if again, err := parseIdempotencyKey(k); err != nil || again != k {
			t.Fatalf("%q does not parse to itself: %q %v", k, again, err)
		}
	})
}
