package server

import (
	"bytes"
	"fmt"
	"strings"
	"sync"

	"damlam/internal/i18n"
)

// The layout around every page is written here, not by the "layout"
// template: through the template engine it was a third of the list page's
// CPU (a dozen catalogue lookups, method calls and escapers by reflection,
// for markup that differs only in the title, the reader, the badge and the
// language link). templates/layout.html stays as its definition: a test
// renders both over hostile values and requires the same bytes, and the
// golden pages check every page.

// layoutText is the layout's fixed text in one language, already escaped.
type layoutText struct {
	skip, motto, signout, navMain, inbox, items, newP, search, models, dashboard, admin, fixMarked, footer string
}

var layoutTexts sync.Map // i18n.Lang → *layoutText

func textsFor(lang i18n.Lang) *layoutText {
	if t, ok := layoutTexts.Load(lang); ok {
		return t.(*layoutText)
	}
	e := func(key string) string {
		var b strings.Builder
		writeEscaped(&b, i18n.T(key).In(lang))
		return b.String()
	}
	t := &layoutText{skip: e("web.skip"), motto: e("web.motto"), signout: e("web.nav.signout"), navMain: e("web.nav.main"),
		inbox: e("web.nav.inbox"), items: e("web.nav.items"), newP: e("web.nav.new"), search: e("web.nav.search"),
		models: e("web.nav.models"), dashboard: e("web.nav.dashboard"), admin: e("web.nav.admin"), fixMarked: e("web.fix_marked"),
		footer: e("web.footer")}
	layoutTexts.Store(lang, t)
	return t
}

// writeLayoutHead writes the layout up to where the page's content goes.
func writeLayoutHead(b *bytes.Buffer, v *view) {
	t := textsFor(v.Lang)
	b.WriteString("<!doctype html>\n<html lang=\"")
	escapeTo(b, string(v.Lang))
	b.WriteString("\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
	escapeTo(b, v.Title)
	b.WriteString(" — damlam</title>\n<link rel=\"stylesheet\" href=\"/static/app.css\">\n<script src=\"/static/app.js\" defer></script>\n</head>\n<body>\n<a class=\"skip\" href=\"#main\">")
	b.WriteString(t.skip)
	b.WriteString("</a>\n<header class=\"site\">\n<div class=\"bar\">\n<a class=\"brand\" href=\"/\">damlam<span class=\"motto\"> — ")
	b.WriteString(t.motto)
	b.WriteString("</span></a>\n<div class=\"tools\">\n")
	if v.Lang == "vi" {
		b.WriteString(`<a href="`)
		urlAttrTo(b, v.LangURL("en"))
		b.WriteString(`" lang="en" hreflang="en">English</a>`)
	} else {
		b.WriteString(`<a href="`)
		urlAttrTo(b, v.LangURL("vi"))
		b.WriteString(`" lang="vi" hreflang="vi">Tiếng Việt</a>`)
	}
	b.WriteString("\n")
	if v.Me != nil {
		b.WriteString(`<form method="post" action="/logout" class="signout"><span class="who">`)
		escapeTo(b, v.Me.Name)
		b.WriteString(`</span> <button type="submit" class="link">`)
		b.WriteString(t.signout)
		b.WriteString(`</button></form>`)
		writeBell(b, v) // web_bell.go
	}
	b.WriteString("\n</div>\n</div>\n")
	if v.Me != nil {
		link := func(href, nav, text string) {
			b.WriteString(`<a href="`)
			b.WriteString(href)
			b.WriteByte('"')
			if v.Nav == nav {
				b.WriteString(` aria-current="page"`)
			}
			b.WriteByte('>')
			b.WriteString(text)
		}
		b.WriteString(`<nav aria-label="`)
		b.WriteString(t.navMain)
		b.WriteString("\" class=\"main-nav\"><ul>\n<li>")
		link("/inbox", "inbox", t.inbox)
		b.WriteString(` <span class="count">`)
		fmt.Fprint(b, v.InboxN)
		b.WriteString(`<span class="vh"> `)
		b.WriteString(t.items)
		b.WriteString("</span></span></a></li>\n<li>")
		link("/proposals/new", "new", t.newP)
		b.WriteString("</a></li>\n<li>")
		link("/search", "search", t.search)
		b.WriteString("</a></li>\n<li>")
		link("/models", "models", t.models)
		b.WriteString("</a></li>\n")
		if v.Oversees() {
			b.WriteString(`<li>`)
			link("/dashboard", "dashboard", t.dashboard)
			b.WriteString(`</a></li>`)
		}
		b.WriteString("\n")
		if v.IsAdmin() {
			b.WriteString(`<li>`)
			link("/admin", "admin", t.admin)
			b.WriteString(`</a></li>`)
		}
		b.WriteString("\n</ul></nav>")
	}
	b.WriteString("\n</header>\n<main id=\"main\" tabindex=\"-1\">\n")
	if v.Notice != "" {
		b.WriteString(`<div class="notice" role="status">`)
		escapeTo(b, v.Notice)
		b.WriteString(`</div>`)
	}
	b.WriteString("\n")
	if v.Problem != "" {
		b.WriteString(`<div class="problem" role="alert"><p>`)
		escapeTo(b, v.Problem)
		b.WriteString(`</p>`)
		if len(v.Errors) > 0 {
			b.WriteString(`<p>`)
			b.WriteString(t.fixMarked)
			b.WriteString(`</p>`)
		}
		b.WriteString(`</div>`)
	}
	b.WriteString("\n")
}

// writeLayoutTail writes the layout after the page's content.
func writeLayoutTail(b *bytes.Buffer, v *view) {
	b.WriteString("\n</main>\n<footer class=\"site\"><p>")
	b.WriteString(textsFor(v.Lang).footer)
	b.WriteString("</p></footer>\n</body>\n</html>\n")
}

// escapeTo is writeEscaped onto a buffer.
func escapeTo(b *bytes.Buffer, s string) { writeEscaped(b, s) }

// urlAttrTo writes a URL in a quoted href as html/template does: its URL
// filter (a scheme other than http, https or mailto becomes "#ZgotmplZ"),
// then its normaliser (bytes a URL may not hold percent-encoded, valid
// escapes kept), then the attribute escaper.
func urlAttrTo(b *bytes.Buffer, s string) {
	if i := strings.IndexByte(s, ':'); i >= 0 && !strings.Contains(s[:i], "/") {
		switch strings.ToLower(s[:i]) {
		case "http", "https", "mailto":
		default:
			s = "#ZgotmplZ"
		}
	}
	var n strings.Builder
	written := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case strings.IndexByte("!#$&*+,/:;=?@[]-._~", c) >= 0,
			'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
			continue
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			continue
		}
		n.WriteString(s[written:i])
		fmt.Fprintf(&n, "%%%02x", c)
		written = i + 1
	}
	if written == 0 {
		escapeTo(b, s)
		return
	}
	n.WriteString(s[written:])
	escapeTo(b, n.String())
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
