package server

import (
	"context"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"damlam/internal/casework"
	"damlam/internal/webtest"
	"damlam/internal/workflow"
)

var openForm = regexp.MustCompile(`<form method="post" action="(/notifications/n_[0-9a-f]+/open)" class="inline"><input type="hidden" name="to" value="([^"]+)">`)

// TestNotificationPages: the bell counts the head's unread notices on
// every page; the notifications page lists them, filters them and opens
// one at its page; the profile keeps the mail preference and refuses a
// bad one; the outbox page is the system administrator's, and says that
// mail stays there without SMTP.
func TestNotificationPages(t *testing.T) {
	ps := newPageSite(t, Options{})
	ctx := context.Background()
	store, proposer := ps.site.Store, ps.site.Person(t, "pct1.bth")
	id, err := casework.New(store).Create(ctx, proposer, "HCM-BTH", webtest.AlleyRoadContent())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := casework.New(store).Do(ctx, proposer, id, workflow.Submit, nil); err != nil {
		t.Fatal(err)
	}
	head := ps.client("chutich.bth")
	body := ps.mustGet(head, "/search")
	if !strings.Contains(body, `<a href="/notifications" class="bell unread" title="Thông báo chưa đọc: 1"><span aria-hidden="true">&#x1F514;</span> <span class="count">1</span>`) {
		t.Fatalf("no bell with one unread on the search page:\n%s", body)
	}
	body = ps.mustGet(head, "/notifications?filter=unread")
	if !strings.Contains(body, "Đề xuất "+id+" cần được xem xét: ") || !strings.Contains(body, `aria-current="page">Chưa đọc</a>`) {
		t.Fatalf("notifications page:\n%s", body)
	}
	m := openForm.FindStringSubmatch(body)
	if m == nil || m[2] != "/proposals/"+id {
		t.Fatalf("no form to open the notice: %v", m)
	}
	if p := ps.post(head, m[1], url.Values{"to": {m[2]}}); p.status != 303 || p.header.Get("Location") != "/proposals/"+id {
		t.Fatalf("opening the notice: %d %v", p.status, p.header)
	}
	if body := ps.mustGet(head, "/notifications?filter=unread"); !strings.Contains(body, "Không có thông báo.") || !strings.Contains(body, `class="bell" aria-current="page" title="Thông báo chưa đọc: 0"`) {
		t.Fatalf("after opening, still unread:\n%s", body)
	}
	if body := ps.mustGet(head, "/notifications?filter=read"); !strings.Contains(body, "cần được xem xét") {
		t.Fatalf("read filter:\n%s", body)
	}
	if p := ps.get(head, "/notifications?filter=old"); p.status != 422 || !strings.Contains(p.body, "Bộ lọc không hợp lệ") {
		t.Fatalf("bad filter: %d", p.status)
	}
	// Someone else's notice cannot be opened.
	if p := ps.post(ps.client("pct2.bth"), m[1], url.Values{"to": {m[2]}}); p.status != 404 {
		t.Fatalf("another person opened the notice: %d", p.status)
	}

	// The profile keeps the preference.
	body = ps.mustGet(head, "/profile")
	if !strings.Contains(body, `value="every" checked`) || !strings.Contains(body, "luôn được gửi thư") {
		t.Fatalf("profile:\n%s", body)
	}
	if p := ps.post(head, "/profile", url.Values{"mail": {"sometimes"}}); p.status != 422 || !strings.Contains(p.body, "Cách nhận thông báo không hợp lệ") {
		t.Fatalf("bad preference: %d", p.status)
	}
	if p := ps.post(head, "/profile", url.Values{"mail": {"digest"}}); p.status != 303 {
		t.Fatalf("saving the preference: %d\n%s", p.status, p.body)
	}
	if body := ps.mustGet(head, "/profile?saved=1"); !strings.Contains(body, `value="digest" checked`) || !strings.Contains(body, "Đã lưu cách nhận thông báo.") {
		t.Fatalf("the saved preference:\n%s", body)
	}

	// The language of mail and notices: Vietnamese unless chosen; a bad
	// choice writes nothing, not even the valid half of the form.
	if !strings.Contains(body, `name="lang" value="vi" checked`) {
		t.Fatalf("profile without the language choice:\n%s", body)
	}
	if p := ps.post(head, "/profile", url.Values{"mail": {"none"}, "lang": {"fr"}}); p.status != 422 || !strings.Contains(p.body, "Ngôn ngữ không hợp lệ: fr") {
		t.Fatalf("bad language: %d\n%s", p.status, p.body)
	}
	if got, _ := store.MailPreference(ctx, "chutich.bth"); got != "digest" {
		t.Fatalf("a refused form changed the mail preference to %q", got)
	}
	p := ps.post(head, "/profile", url.Values{"mail": {"digest"}, "lang": {"en"}})
	if p.status != 303 || !strings.Contains(p.header.Get("Set-Cookie"), "lang=en") {
		t.Fatalf("choosing English: %d %v", p.status, p.header)
	}
	if body := ps.mustGet(head, "/profile"); !strings.Contains(body, `name="lang" value="en" checked`) || !strings.Contains(body, "Language of mail and notices") {
		t.Fatalf("profile after choosing English:\n%s", body)
	}
	// Saving the mail choice again leaves the pages' language alone.
	if p := ps.post(ps.client("chutich.bth"), "/profile", url.Values{"mail": {"every"}, "lang": {"en"}}); p.status != 303 || p.header.Get("Set-Cookie") != "" {
		t.Fatalf("saving the same language: %d %v", p.status, p.header)
	}
	// The notices are written in English, whatever the page's language.
	if body := ps.mustGet(ps.client("chutich.bth"), "/notifications"); !strings.Contains(body, "Proposal "+id+" awaits your review: ") || strings.Contains(body, "cần được xem xét") {
		t.Fatalf("notices of a person who chose English:\n%s", body)
	}
	if body := ps.mustGet(ps.client("pct2.bth"), "/profile"); !strings.Contains(body, `name="lang" value="vi" checked`) {
		t.Fatal("another person's language changed")
	}

	// The outbox.
	if p := ps.get(head, "/admin/outbox"); p.status != 403 {
		t.Fatalf("a head read the outbox: %d", p.status)
	}
	admin := ps.client("admin")
	body = ps.mustGet(admin, "/admin/outbox")
	if !strings.Contains(body, "Chưa cấu hình máy chủ thư") || !strings.Contains(body, "Đang chờ: 1 · Đã gửi: 0 · Gửi lỗi: 0") || !strings.Contains(body, "cần được xem xét") {
		t.Fatalf("outbox page:\n%s", body)
	}
	if body := ps.mustGet(admin, "/admin/outbox?state=failed"); !strings.Contains(body, "Không có thư nào.") {
		t.Fatalf("failed outbox:\n%s", body)
	}
	if body := ps.mustGet(admin, "/admin"); !strings.Contains(body, `<a href="/admin/outbox">Hộp thư đi</a>`) {
		t.Fatal("the admin page does not link to the outbox")
	}
}
