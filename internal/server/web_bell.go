package server

import (
	"bytes"
	"strconv"

	"damlam/internal/i18n"
)

// writeBell writes the notification bell with the reader's unread count
// into the layout's tools (templates/part_bell.html is its definition, and
// the layout test holds the two to the same bytes).
func writeBell(b *bytes.Buffer, v *view) {
	b.WriteString(` <a href="/notifications" class="bell`)
	if v.Unread > 0 {
		b.WriteString(` unread`)
	}
	b.WriteByte('"')
	if v.Nav == "notifications" {
		b.WriteString(` aria-current="page"`)
	}
	b.WriteString(` title="`)
	escapeTo(b, i18n.T("web.notify.bell", v.Unread).In(v.Lang))
	b.WriteString(`"><span aria-hidden="true">&#x1F514;</span> <span class="count">`)
	b.WriteString(strconv.Itoa(v.Unread))
	b.WriteString(`</span><span class="vh"> `)
	escapeTo(b, i18n.T("web.notify.title").In(v.Lang))
	b.WriteString(`</span></a>`)
}
