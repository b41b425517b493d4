package server

import (
	"net/http"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"damlam/internal/org"
)

// mayUpload asks the use case whether actor may attach to the case before
// a byte of the body is read, with the size the request declares.
func (s *Server) mayUpload(r *http.Request, actor *org.Person) error {
	return s.cases.MayAttach(r.Context(), actor, r.PathValue("id"), r.ContentLength)
}

// contentDisposition names a download for every browser (RFC 6266): an
// ASCII filename for old clients, the exact UTF-8 name in filename*
// (RFC 8187) for the rest, so "Tờ trình đề xuất.pdf" arrives as itself.
func contentDisposition(name string) string {
	fallback := asciiName(name)
	if fallback == name {
		return `attachment; filename="` + fallback + `"`
	}
	return `attachment; filename="` + fallback + `"; filename*=UTF-8''` + rfc8187(name)
}

// asciiName is name with Vietnamese marks dropped (đ as d) and anything
// else outside printable ASCII, quotes and backslashes replaced.
func asciiName(name string) string {
	var b strings.Builder
	for _, c := range norm.NFD.String(name) {
		switch {
		case unicode.Is(unicode.Mn, c):
		case c == 'đ':
			b.WriteByte('d')
		case c == 'Đ':
			b.WriteByte('D')
		case c < 0x20 || c >= 0x7f || c == '"' || c == '\\':
			b.WriteByte('_')
		default:
			b.WriteRune(c)
		}
	}
	return norm.NFC.String(b.String())
}

// rfc8187 percent-encodes every byte outside attr-char.
func rfc8187(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("!#$&+-.^_`|~", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}
