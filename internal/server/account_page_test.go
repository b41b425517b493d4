package server

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"damlam/internal/webtest"
)

// signInBrowser signs in through the sign-in form, as a browser does.
func signInBrowser(t *testing.T, ps *pageSite, email, password string) *http.Client {
	t.Helper()
	c := ps.client("")
	if p := ps.post(c, "/login", url.Values{"email": {email}, "password": {password}}); p.status != http.StatusSeeOther {
		t.Fatalf("sign-in as %s: %d", email, p.status)
	}
	return c
}

func TestAccountPage(t *testing.T) {
	ps := newPageSite(t, Options{})
	c := signInBrowser(t, ps, "canbo.bth@test.vn", webtest.Password)
	body := ps.mustGet(c, "/account")
	if !strings.Contains(body, "Phiên trình duyệt") || !strings.Contains(body, "(phiên này)") || !strings.Contains(body, "127.0.0.1") {
		t.Fatalf("the account page does not list this session:\n%s", body)
	}

	// A refused token request comes back with the message beside the field.
	p := ps.post(c, "/account/tokens", url.Values{"name": {""}, "scope": {"read"}, "days": {"30"}})
	if p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, "Trường này là bắt buộc.") {
		t.Fatalf("a token without a name: %d", p.status)
	}
	p = ps.post(c, "/account/tokens", url.Values{"name": {"Kết nối phần mềm một cửa"}, "scope": {"read"}, "days": {"abc"}})
	if p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, "Thời hạn phải từ 1 đến 365 ngày.") {
		t.Fatalf("a token with a bad expiry: %d", p.status)
	}

	// Issued: the secret is shown once, then never again.
	p = ps.post(c, "/account/tokens", url.Values{"name": {"Kết nối phần mềm một cửa"}, "scope": {"read"}, "days": {"90"}})
	secret := regexp.MustCompile(`dl_[A-Za-z0-9_-]{43}`).FindString(p.body)
	if p.status != http.StatusCreated || secret == "" {
		t.Fatalf("issue: %d\n%s", p.status, p.body)
	}
	for _, prob := range checkHTML(p.body) {
		t.Errorf("html: %s", prob)
	}
	body = ps.mustGet(c, "/account")
	if strings.Contains(body, secret) || !strings.Contains(body, "Kết nối phần mềm một cửa") || !strings.Contains(body, "Chỉ xem") {
		t.Fatal("the account page shows the secret again, or not the token")
	}
	if st := call(t, ps.base, secret, "GET", "/api/v1/me", nil, nil); st != http.StatusOK {
		t.Fatalf("the issued token: %d", st)
	}
	id := regexp.MustCompile(`/account/tokens/([0-9a-f]{22})/revoke`).FindAllStringSubmatch(body, -1)
	if len(id) != 2 {
		t.Fatalf("revoke forms: %v", id)
	}
	for _, m := range id {
		if strings.Contains(body, m[1]) && !strings.Contains(body[strings.Index(body, m[0])-400:strings.Index(body, m[0])], "phiên này") {
			if p := ps.post(c, m[0], nil); p.status != http.StatusSeeOther {
				t.Fatalf("revoke: %d", p.status)
			}
		}
	}
	if st := call(t, ps.base, secret, "GET", "/api/v1/me", nil, nil); st != http.StatusUnauthorized {
		t.Fatalf("a token revoked on the page: %d", st)
	}

	// A password change: mismatched twice refused with nothing changed; then
	// done, and this session ends with every other.
	other := signInBrowser(t, ps, "canbo.bth@test.vn", webtest.Password)
	p = ps.post(c, "/account/password", url.Values{"current": {webtest.Password}, "password": {"mat-khau-moi-2026"}, "confirm": {"mat-khau-moi-2027"}})
	if p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, "Hai lần nhập mật khẩu mới không khớp.") {
		t.Fatalf("a mismatched confirmation: %d", p.status)
	}
	p = ps.post(c, "/account/password", url.Values{"current": {"sai-roi"}, "password": {"mat-khau-moi-2026"}, "confirm": {"mat-khau-moi-2026"}})
	if p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, "Mật khẩu hiện tại không đúng.") {
		t.Fatalf("a wrong current password: %d", p.status)
	}
	p = ps.post(c, "/account/password", url.Values{"current": {webtest.Password}, "password": {"mat-khau-moi-2026"}, "confirm": {"mat-khau-moi-2026"}})
	if p.status != http.StatusSeeOther || p.header.Get("Location") != "/login?done=password" {
		t.Fatalf("the change: %d %s", p.status, p.header.Get("Location"))
	}
	for _, b := range []*http.Client{c, other} {
		if ps.get(b, "/inbox").status != http.StatusSeeOther {
			t.Fatal("a session from before the password change lives on")
		}
	}
	if !strings.Contains(ps.mustGet(c, "/login?done=password"), "Mọi phiên cũ đã kết thúc") {
		t.Error("the sign-in page does not say why")
	}
	signInBrowser(t, ps, "canbo.bth@test.vn", "mat-khau-moi-2026")
}

func TestAccessPage(t *testing.T) {
	ps := newPageSite(t, Options{})
	ps.post(ps.client(""), "/login", url.Values{"email": {"pct1.bth@test.vn"}, "password": {"sai-mat-khau"}})
	victim := signInBrowser(t, ps, "pct1.bth@test.vn", webtest.Password)
	admin := ps.client("admin")
	if p := ps.post(admin, "/admin/grants", url.Values{"person_id": {"canbo.bth"}, "role": {"inspector"}, "unit_id": {"HCM-BTH"}}); p.status != http.StatusSeeOther {
		t.Fatalf("grant: %d", p.status)
	}
	body := ps.mustGet(admin, "/admin/access")
	for _, want := range []string{"Đăng nhập sai", "Đăng nhập", "Cấp vai trò", "inspector HCM-BTH", "pct1.bth", "127.0.0.1"} {
		if !strings.Contains(body, want) {
			t.Errorf("the access record lacks %q", want)
		}
	}
	if p := ps.get(ps.client("canbo.bth"), "/admin/access"); p.status != http.StatusForbidden {
		t.Errorf("a non-administrator reads the access record: %d", p.status)
	}
	p := ps.post(admin, "/admin/access/sign-out", url.Values{"person": {"khong-co-ai"}})
	if p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, "khong-co-ai") {
		t.Fatalf("signing out nobody: %d", p.status)
	}
	p = ps.post(admin, "/admin/access/sign-out", url.Values{"person": {"pct1.bth"}})
	if p.status != http.StatusSeeOther {
		t.Fatalf("sign-out everywhere: %d", p.status)
	}
	if !strings.Contains(ps.mustGet(admin, p.header.Get("Location")), "Đã đăng xuất pct1.bth khỏi mọi nơi (1 phiên và mã truy cập).") {
		t.Error("no notice of the sign-out")
	}
	if ps.get(victim, "/inbox").status != http.StatusSeeOther {
		t.Error("the person's session lives on after sign-out everywhere")
	}
}
