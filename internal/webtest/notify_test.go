package webtest_test

import (
	"context"
	"strings"
	"testing"

	"damlam/internal/casework"
	"damlam/internal/webtest"
	"damlam/internal/workflow"
)

// TestBellAndNotificationPages in a real browser: the head sees the bell
// count a submission, opens the notice from the notifications page and
// lands on the case; the profile keeps the mail preference; the
// administrator's outbox says the mail is waiting there. Every page passes
// axe-core.
func TestBellAndNotificationPages(t *testing.T) {
	v := newVisitor(t)
	b := v.b
	ctx := context.Background()
	proposer := v.site.Person(t, "pct1.bth")
	id, err := casework.New(v.site.Store).Create(ctx, proposer, "HCM-BTH", webtest.AlleyRoadContent())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := casework.New(v.site.Store).Do(ctx, proposer, id, workflow.Submit, nil); err != nil {
		t.Fatal(err)
	}
	v.go_("/login", "")
	v.signIn("chutich.bth")
	v.go_("/inbox", "")
	if got := b.Text(".bell .count"); got != "1" {
		t.Fatalf("bell %q, want 1", got)
	}
	b.Submit(".bell") // a link: wait for the page it opens
	v.check("thong-bao")
	if !strings.Contains(b.Text(".notifications"), "Đề xuất "+id+" cần được xem xét") {
		t.Fatalf("notifications page: %s", b.Text("main"))
	}
	b.Submit(".notifications form.inline button")
	if !strings.HasSuffix(strings.SplitN(b.URL(), "?", 2)[0], "/proposals/"+id) {
		t.Fatalf("opening the notice led to %s", b.URL())
	}
	if got := b.Text(".bell .count"); got != "0" {
		t.Fatalf("bell after reading %q, want 0", got)
	}
	v.go_("/profile", "ho-so-ca-nhan")
	b.Check("input[name=mail][value=digest]", true)
	b.Submit("form.card button[type=submit]")
	if !strings.Contains(b.Text(".notice"), "Đã lưu") || !b.Exists("input[name=mail][value=digest]:checked") {
		t.Fatalf("preference not saved: %s", b.Text("main"))
	}
	v.signOut()
	v.signIn("admin")
	v.go_("/admin/outbox", "hop-thu-di")
	if !strings.Contains(b.Text("main"), "thư được giữ trong hộp thư đi") || !strings.Contains(b.Text("main"), "Đang chờ: 1") {
		t.Fatalf("outbox page: %s", b.Text("main"))
	}
}
