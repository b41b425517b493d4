package server

import (
	"net/url"
	"strings"
	"unicode"
)

// sameOriginPath reports whether p, a ?next= value, names a page on this
// site and nothing else. Browsers repair what they are given before they
// follow it: they drop tabs and newlines, read a backslash as a slash and
// two leading slashes as another host, and some decode percent signs in
// the path first; so p is refused if any reading of it could leave the
// origin, not only the strict one. A refused p falls back to a fixed page.
func sameOriginPath(p string) bool {
	if p == "" || len(p) > 2048 || p[0] != '/' {
		return false
	}
	if !cleanPathText(p) {
		return false
	}
	u, err := url.Parse(p)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" || !strings.HasPrefix(u.Path, "/") {
		return false
	}
	// Read the path decoded, and decoded again, as a lenient browser or
	// proxy might: no reading may start another authority or hide a
	// control character.
	for range 2 {
		d, err := url.PathUnescape(p)
		if err != nil {
			return false
		}
		if !cleanPathText(d) {
			return false
		}
		p = d
	}
	return true
}

// cleanPathText refuses scheme-relative starts, backslashes, control and
// invisible format characters (a right-to-left override, a zero-width
// space) and spaces other than the plain one, which only serve to hide
// what a link does.
func cleanPathText(p string) bool {
	if strings.HasPrefix(p, "//") || strings.ContainsRune(p, '\\') || !strings.HasPrefix(p, "/") {
		return false
	}
	for _, c := range p {
		if c == unicode.ReplacementChar || unicode.IsControl(c) || unicode.Is(unicode.Cf, c) || (unicode.IsSpace(c) && c != ' ') {
			return false
		}
		// Full-width and other look-alike slashes and dots.
		switch c {
		case '／', '＼', '％', '⁄', '∕', '⧸', '﹨', '．', '。':
			return false
		}
	}
	return true
}
