package webtest_test

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"

	"damlam/internal/server"
	"damlam/internal/webtest"
)

// TestLinkingProviderAccounts in a real browser: an administrator links
// a person's account at the identity provider from the page, sees it
// listed, is told beside the field when the person does not exist, and
// removes the link; each state passes axe-core and the HTML check.
func TestLinkingProviderAccounts(t *testing.T) {
	site := webtest.NewSite(t)
	const issuer = "https://sso.hochiminhcity.gov.vn"
	h := server.New(site.Store, server.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		OIDC: &server.OIDC{Issuer: issuer, ClientID: "damlam", ClientSecret: "bi-mat"}})
	v := &visitor{t: t, b: webtest.Start(t), base: webtest.Serve(t, h), site: site, signedIn: true}
	b := v.b
	v.signIn("admin")
	v.go_("/admin", "")
	b.Submit(`a[href="/admin/identities"]`)
	v.check("tai-khoan-dinh-danh")
	if !strings.Contains(b.Text("main"), "Chưa có tài khoản nào được gắn") || !strings.Contains(b.Text("main"), issuer) {
		t.Fatalf("the empty page:\n%s", b.Text("main"))
	}

	b.Fill("#a-link-person-id", "khong-co-ai")
	b.Fill("#a-link-subject", "hcm-0001")
	b.Submit(`form[action="/admin/identities"] button[type=submit]`)
	v.check("")
	if got := b.Text("#a-link-person-id-err"); !strings.Contains(got, "khong-co-ai") {
		t.Fatalf("an unknown person is not named beside the field: %q\n%s", got, b.Text("main"))
	}

	b.Fill("#a-link-person-id", "chutich.bth")
	b.Fill("#a-link-subject", "hcm-0001")
	b.Submit(`form[action="/admin/identities"] button[type=submit]`)
	v.check("")
	if !strings.Contains(b.Text(".notice"), "Đã gắn tài khoản") || !strings.Contains(b.Text("tbody"), "Huỳnh Thị Lan") || !strings.Contains(b.Text("tbody"), "hcm-0001") {
		t.Fatalf("after linking:\n%s", b.Text("main"))
	}
	if id, err := site.Store.PersonByIdentity(context.Background(), issuer, "hcm-0001"); err != nil || id != "chutich.bth" {
		t.Fatalf("the link signs in as %q, %v", id, err)
	}

	b.Submit(`form[action="/admin/identities/remove"] button`)
	v.check("")
	if !strings.Contains(b.Text(".notice"), "Đã gỡ tài khoản") || b.Exists("tbody") {
		t.Fatalf("after removing:\n%s", b.Text("main"))
	}
	if _, err := site.Store.PersonByIdentity(context.Background(), issuer, "hcm-0001"); err == nil {
		t.Fatal("the removed link still signs in")
	}

	// The access record lists both, and sends a password link from its
	// form: without a mail server, shown in the notice.
	v.go_("/admin/access", "")
	if !strings.Contains(b.Text("tbody"), "Gắn tài khoản định danh") || !strings.Contains(b.Text("tbody"), "Gỡ tài khoản định danh") {
		t.Fatalf("the access record:\n%s", b.Text("main"))
	}
	b.Fill("#a-invite-person", "canbo.bth")
	b.Submit(`form[action="/admin/access/invite"] button[value=reset]`)
	v.check("")
	if n := b.Text(".notice"); !strings.Contains(n, "Trương Ngọc Ánh") || !strings.Contains(n, "/invite/") {
		t.Fatalf("the notice after a reset: %q", n)
	}
}
