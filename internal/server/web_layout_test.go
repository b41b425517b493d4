package server

import (
	"bytes"
	"net/url"
	"testing"

	"damlam/internal/i18n"
	"damlam/internal/org"
)

// TestLayoutAsTheTemplate checks that the layout written in Go is what
// templates/layout.html writes, byte for byte, escaping included: hostile
// titles, names, notices and problems, and URLs with quotes, markup,
// spaces, percent signs, non-ASCII letters and another scheme.
func TestLayoutAsTheTemplate(t *testing.T) {
	hostile := `<script>alert("x&y")</script> 'a'+b`
	head := &org.Person{ID: "h", Name: hostile, Seats: []org.Seat{{UnitID: "U", UnitPath: "/U/", Position: org.Head}}}
	admin := &org.Person{ID: "a", Name: "Quản trị & <b>", Grants: []org.Grant{{Role: org.Admin, UnitID: "U", UnitPath: "/U/"}}}
	staff := &org.Person{ID: "s", Name: "Nguyễn Văn A", Seats: []org.Seat{{UnitID: "U", UnitPath: "/U/", Position: org.Staff}}}
	u := func(s string) *url.URL {
		p, err := url.Parse(s)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	for i, v := range []*view{
		{Lang: i18n.VI, Title: "Tra cứu", Me: head, InboxN: 12, Unread: 3, Nav: "search", URL: u("/search?q=l%C3%A0m+%22x%22&unit=HCM")},
		{Lang: i18n.EN, Title: hostile, Me: admin, Nav: "admin", URL: u("/admin")},
		{Lang: i18n.EN, Title: "x", Me: staff, Unread: 1, Nav: "notifications", URL: u("/notifications?filter=unread")},
		{Lang: i18n.VI, Title: "x", Me: staff, Nav: "inbox", URL: u("/inbox"), Notice: hostile},
		{Lang: i18n.VI, Title: "x", Me: head, Nav: "dashboard", URL: u("/dashboard"), Problem: hostile, Errors: map[string]string{"a": "b"}},
		{Lang: i18n.EN, Title: "x", Me: staff, Nav: "new", URL: u("/proposals/new"), Problem: "<p>"},
		{Lang: i18n.VI, Title: "Đăng nhập", URL: u("/login?next=%2Fsearch%3Fq%3D%3Cscript%3E")},
		{Lang: i18n.VI, Title: "x", URL: nil},
		{Lang: i18n.EN, Title: "x", URL: &url.URL{Path: `/a b/"q'<x>%zz%41é`, RawQuery: "a=1&b=<&c=%"}},
		{Lang: i18n.VI, Title: "x", URL: &url.URL{Path: "javascript:alert(1)"}},
		{Lang: i18n.VI, Title: "\x00 nul", Me: &org.Person{Name: "\x00"}, URL: u("/models")},
	} {
		t.Run("", func(t *testing.T) {
			v.Data = nil
			var want, got bytes.Buffer
			if err := pages["error"].ExecuteTemplate(&want, "layout", v); err != nil {
				t.Fatal(err)
			}
			writeLayoutHead(&got, v)
			if err := pages["error"].ExecuteTemplate(&got, "content", v); err != nil {
				t.Fatal(err)
			}
			writeLayoutTail(&got, v)
			if got.String() != want.String() {
				t.Errorf("view %d: the layout differs from the template's\n got: %s\nwant: %s", i, got.String(), want.String())
			}
		})
	}
}
