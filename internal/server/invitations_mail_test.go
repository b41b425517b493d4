package server

import (
	"bytes"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"damlam/internal/mailer"
	"damlam/internal/mailtest"
	"damlam/internal/sqlstore"
	"damlam/internal/testdb"
)

// TestInvitationsByMail: with a mail server configured, an invitation
// and a reset go out through the outbox to a real SMTP server; the
// issuer is told where, not shown the link; the mailed link works once;
// an expired one does not; the outbox keeps no link once it is sent;
// imported people receive theirs.
func TestInvitationsByMail(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { invitationsByMail(t, "") })
	t.Run("postgres", func(t *testing.T) { invitationsByMail(t, testdb.Postgres(t)) })
}

var mailedLink = regexp.MustCompile(`https?://[^\s"<>]+/invite/[A-Za-z0-9_-]{43}`)

func invitationsByMail(t *testing.T, target string) {
	srv := mailtest.Start(t, mailtest.Options{})
	ps := newPageSiteOn(t, Options{Mail: true, SMTP: "127.0.0.1"}, target)
	cfg, err := mailer.ParseURL(srv.URL())
	if err != nil {
		t.Fatal(err)
	}
	sender, err := mailer.NewSender(cfg, "Hệ thống damlam <noreply@test.vn>", ps.base, ps.site.Clock.Now)
	if err != nil {
		t.Fatal(err)
	}
	worker := mailer.NewWorker(ps.site.Store, sender.Send, 0, nil)
	// deliver sends what the outbox holds and returns the n-th message
	// the server has accepted, read back.
	deliver := func(n int) mailtest.Parsed {
		t.Helper()
		if _, failed, err := worker.Round(t.Context()); err != nil || failed != 0 {
			t.Fatalf("delivery: %d failed, %v", failed, err)
		}
		msgs := srv.Wait(n, 10*time.Second)
		if len(msgs) < n {
			t.Fatalf("%d messages arrived, want %d", len(msgs), n)
		}
		p, err := msgs[n-1].Parse()
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	admin, colleague := ps.token("admin"), ps.token("pct1.bth")
	before := ps.rows("outbox")

	// A refused invitation writes neither a link nor a mail.
	if st := call(t, ps.base, colleague, "POST", "/api/v1/people/pct2.bth/invitation", InvitationRequest{}, nil); st != http.StatusForbidden {
		t.Fatalf("a colleague invites: %d", st)
	}
	if ps.rows("outbox") != before || ps.rows("invitations") != 0 {
		t.Fatal("a refused invitation was written")
	}

	var inv InvitationResponse
	if st := call(t, ps.base, admin, "POST", "/api/v1/people/pct2.bth/invitation", InvitationRequest{}, &inv); st != http.StatusCreated {
		t.Fatalf("invite: %d", st)
	}
	if inv.Delivered != "mailed" || inv.URL != "" || inv.SentTo != "pct2.bth@test.vn" || !strings.Contains(inv.Note, "pct2.bth@test.vn") {
		t.Fatalf("the issuer is told %+v", inv)
	}
	var pending string
	ps.site.Store.DB().QueryRowContext(t.Context(), `SELECT link FROM outbox WHERE person_id = 'pct2.bth' AND sent_at = ''`).Scan(&pending)
	if !strings.HasPrefix(pending, "/invite/") {
		t.Fatalf("the invitation's mail waits in the outbox with %q", pending)
	}
	msg := deliver(1)
	if got := srv.Messages()[0].To; len(got) != 1 || got[0] != "pct2.bth@test.vn" {
		t.Fatalf("the invitation went to %v", got)
	}
	if msg.Subject != "Mời bạn đặt mật khẩu để đăng nhập hệ thống damlam" || !strings.Contains(msg.Text, "Bùi Thị Hạnh") || !strings.Contains(msg.Text, "08/12/2026") {
		t.Fatalf("the invitation reads %q\n%s", msg.Subject, msg.Text)
	}
	link := mailedLink.FindString(msg.Text)
	if link == "" || !strings.Contains(msg.HTML, link) {
		t.Fatalf("no link in the mail:\n%s", msg.Text)
	}
	// Sent, the row no longer holds the secret; the administrators' list
	// never shows it.
	var kept int
	ps.site.Store.DB().QueryRowContext(t.Context(), `SELECT count(*) FROM outbox WHERE link LIKE '%/invite/%'`).Scan(&kept)
	if kept != 0 {
		t.Fatal("a sent invitation's link stays in the outbox")
	}
	if body := ps.mustGet(ps.client("admin"), "/admin/outbox?state=sent"); !strings.Contains(body, "Mời bạn đặt mật khẩu") || strings.Contains(body, "/invite/") {
		t.Fatalf("the outbox page:\n%s", body)
	}

	path := strings.TrimPrefix(link, ps.base)
	if body := ps.mustGet(ps.client(""), path); !strings.Contains(body, "Bùi Thị Hạnh") {
		t.Fatalf("the invitation page:\n%s", body)
	}
	set := url.Values{"password": {"mat-khau-tu-thu-moi"}, "confirm": {"mat-khau-tu-thu-moi"}}
	if p := ps.post(ps.client(""), path, set); p.status != http.StatusSeeOther {
		t.Fatalf("the mailed link: %d", p.status)
	}
	signInBrowser(t, ps, "pct2.bth@test.vn", "mat-khau-tu-thu-moi")
	if p := ps.post(ps.client(""), path, url.Values{"password": {"mat-khau-lan-hai"}, "confirm": {"mat-khau-lan-hai"}}); p.status != http.StatusNotFound {
		t.Fatalf("the link used twice: %d", p.status)
	}

	// A reset expires after a day.
	if st := call(t, ps.base, admin, "POST", "/api/v1/people/canbo.bth/invitation", InvitationRequest{Kind: "reset"}, &inv); st != http.StatusCreated || inv.Delivered != "mailed" {
		t.Fatalf("reset: %d %+v", st, inv)
	}
	msg = deliver(2)
	if msg.Subject != "Đặt lại mật khẩu đăng nhập hệ thống damlam" {
		t.Fatalf("the reset reads %q", msg.Subject)
	}
	ps.site.Clock.Advance(24*time.Hour + time.Minute)
	if p := ps.post(ps.client(""), strings.TrimPrefix(mailedLink.FindString(msg.Text), ps.base), set); p.status != http.StatusNotFound {
		t.Fatalf("an expired reset: %d", p.status)
	}

	// A link replaced before its mail went out: only the newer one is
	// mailed, and the older mail leaves the outbox with its secret.
	admin = ps.token("admin")
	for range 2 {
		if st := call(t, ps.base, admin, "POST", "/api/v1/people/chutich.bth/invitation", InvitationRequest{Kind: "reset"}, nil); st != http.StatusCreated {
			t.Fatalf("reset: %d", st)
		}
	}
	msg = deliver(3)
	if n := len(srv.Messages()); n != 3 {
		t.Fatalf("%d messages after two resets of one person, want one more", n)
	}
	if p := ps.post(ps.client(""), strings.TrimPrefix(mailedLink.FindString(msg.Text), ps.base), set); p.status != http.StatusSeeOther {
		t.Fatalf("the newer reset's link: %d", p.status)
	}
	var secrets int
	ps.site.Store.DB().QueryRowContext(t.Context(), `SELECT count(*) FROM outbox WHERE link <> '' AND kind LIKE 'link.%'`).Scan(&secrets)
	if secrets != 0 {
		t.Fatalf("%d link mails keep their secret", secrets)
	}

	// Imported people receive their invitation by mail.
	csvBody := "id,name,email,unit_id,position,roles\nmoi1.bth,Lê Văn Mới,moi1.bth@test.vn,HCM-BTH,staff,\n"
	req, _ := http.NewRequest("POST", ps.base+"/api/v1/import/people", bytes.NewReader([]byte(csvBody)))
	req.Header.Set("Authorization", "Bearer "+admin)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("import: %d", res.StatusCode)
	}
	msg = deliver(4)
	if got := srv.Messages()[3].To; len(got) != 1 || got[0] != "moi1.bth@test.vn" {
		t.Fatalf("the imported person's invitation went to %v", got)
	}
	if p := ps.post(ps.client(""), strings.TrimPrefix(mailedLink.FindString(msg.Text), ps.base), set); p.status != http.StatusSeeOther {
		t.Fatalf("an imported person's mailed link: %d", p.status)
	}
	// From the access page: the administrator is told where it went.
	page := ps.post(ps.client("admin"), "/admin/access/invite", url.Values{"person": {"pct3.bth"}, "kind": {"invite"}})
	if page.status != http.StatusOK || !strings.Contains(page.body, "Đường dẫn đã được gửi tới pct3.bth@test.vn") || strings.Contains(page.body, "/invite/") {
		t.Fatalf("the access page after an invitation: %d\n%s", page.status, page.body)
	}
	if got := deliver(5); !strings.Contains(got.Text, "Đỗ Minh Tuấn") || len(srv.Messages()[4].To) != 1 || srv.Messages()[4].To[0] != "pct3.bth@test.vn" {
		t.Fatalf("the page's invitation went to %v", srv.Messages()[4].To)
	}
	if p := ps.post(ps.client("pct1.bth"), "/admin/access/invite", url.Values{"person": {"pct4.bth"}, "kind": {"reset"}}); p.status != http.StatusForbidden {
		t.Fatalf("a colleague sends a reset from the page: %d", p.status)
	}
	if p := ps.post(ps.client("admin"), "/admin/access/invite", url.Values{"person": {"khong-co-ai"}, "kind": {"reset"}}); p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, "khong-co-ai") {
		t.Fatalf("a reset for nobody: %d", p.status)
	}
	var events []sqlstore.AuthEvent
	call(t, ps.base, admin, "GET", "/api/v1/access-events", nil, &events)
	issued := 0
	for _, e := range events {
		if e.Kind == sqlstore.EventLinkIssued {
			issued++
		}
	}
	if issued != 6 {
		t.Errorf("%d links issued recorded, want 6", issued)
	}
}
