package server

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"damlam/internal/sqlstore"
	"damlam/internal/testdb"
)

// sentLinks is a LinkSender that keeps what it was given, as the mail
// outbox will.
type sentLinks struct {
	mu    sync.Mutex
	links map[string]string // person id → link
}

func (s *sentLinks) SendLink(_ context.Context, l sqlstore.OneTimeLink, link string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.links[l.PersonID] = link
	return nil
}

func TestInvitations(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { invitations(t, func() string { return "" }) })
	t.Run("postgres", func(t *testing.T) { invitations(t, func() string { return testdb.Postgres(t) }) })
}

func invitations(t *testing.T, target func() string) {
	ps := newPageSiteOn(t, Options{}, target())
	admin, colleague := ps.token("admin"), ps.token("pct1.bth")
	old := ps.client("canbo.bth")

	if st := call(t, ps.base, colleague, "POST", "/api/v1/people/canbo.bth/invitation", InvitationRequest{Kind: "reset"}, nil); st != http.StatusForbidden {
		t.Fatalf("a colleague issues a reset: %d", st)
	}
	var first, inv InvitationResponse
	call(t, ps.base, admin, "POST", "/api/v1/people/canbo.bth/invitation", InvitationRequest{Kind: "reset"}, &first)
	if st := call(t, ps.base, admin, "POST", "/api/v1/people/canbo.bth/invitation", InvitationRequest{Kind: "reset"}, &inv); st != http.StatusCreated || inv.Delivered != "shown" || !strings.HasPrefix(inv.URL, ps.base+"/invite/") {
		t.Fatalf("a reset link: %d %+v", st, inv)
	}
	if !inv.ExpiresAt.Equal(ps.site.Clock.Now().Add(24 * time.Hour)) {
		t.Errorf("a reset link expires %v", inv.ExpiresAt)
	}
	path := strings.TrimPrefix(inv.URL, ps.base)
	// Only the hash is kept.
	var n int
	ps.site.Store.DB().QueryRowContext(t.Context(), `SELECT count(*) FROM invitations WHERE hash LIKE $1`, "%"+strings.TrimPrefix(path, "/invite/")+"%").Scan(&n)
	if n != 0 {
		t.Fatal("a link's secret is stored")
	}
	// A newer link ends the earlier one.
	if p := ps.get(ps.client(""), strings.TrimPrefix(first.URL, ps.base)); p.status != http.StatusNotFound {
		t.Fatalf("a link replaced by a newer one: %d", p.status)
	}
	body := ps.mustGet(ps.client(""), path)
	if !strings.Contains(body, "Trương Ngọc Ánh") || !strings.Contains(body, "Mọi phiên đăng nhập cũ sẽ kết thúc") {
		t.Fatalf("the reset page:\n%s", body)
	}
	if p := ps.post(ps.client(""), path, url.Values{"password": {"mat-khau-moi-2026"}, "confirm": {"khac"}}); p.status != http.StatusUnprocessableEntity {
		t.Fatalf("a mismatched confirmation: %d", p.status)
	}
	if p := ps.post(ps.client(""), path, url.Values{"password": {"ngan"}, "confirm": {"ngan"}}); p.status != http.StatusUnprocessableEntity {
		t.Fatalf("a weak password: %d", p.status)
	}

	// Redeemed at once from ten places: exactly one wins.
	var won atomic.Int64
	var wg sync.WaitGroup
	for range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if p := ps.post(ps.client(""), path, url.Values{"password": {"mat-khau-moi-2026"}, "confirm": {"mat-khau-moi-2026"}}); p.status == http.StatusSeeOther {
				won.Add(1)
			} else if p.status != http.StatusNotFound && p.status != http.StatusTooManyRequests {
				t.Errorf("a losing redemption: %d", p.status)
			}
		}()
	}
	wg.Wait()
	if won.Load() != 1 {
		t.Fatalf("%d redemptions of one link succeeded", won.Load())
	}
	if ps.get(old, "/inbox").status != http.StatusSeeOther {
		t.Error("a session from before the reset lives on")
	}
	signInBrowser(t, ps, "canbo.bth@test.vn", "mat-khau-moi-2026")

	// An invitation expires after seven days.
	call(t, ps.base, admin, "POST", "/api/v1/people/pct2.bth/invitation", InvitationRequest{}, &inv)
	ps.site.Clock.Advance(7*24*time.Hour + time.Minute)
	if p := ps.get(ps.client(""), strings.TrimPrefix(inv.URL, ps.base)); p.status != http.StatusNotFound || !strings.Contains(p.body, "không còn hiệu lực") {
		t.Fatalf("an expired invitation: %d", p.status)
	}

	// From the access page without a mail server: the link is shown, and
	// the notice says why.
	page := ps.post(ps.client("admin"), "/admin/access/invite", url.Values{"person": {"pct3.bth"}, "kind": {"reset"}})
	if page.status != http.StatusOK || !strings.Contains(page.body, "Chưa cấu hình máy chủ thư") || !strings.Contains(page.body, ps.base+"/invite/") {
		t.Fatalf("the access page after a reset without mail: %d\n%s", page.status, page.body)
	}

	// Imported people each receive an invitation, through the sender when
	// one is configured (the link is then not shown).
	sent := &sentLinks{links: map[string]string{}}
	ps2 := newPageSiteOn(t, Options{Links: sent}, target())
	csvBody := "id,name,email,unit_id,position,roles\nmoi1.bth,Lê Văn Mới,moi1.bth@test.vn,HCM-BTH,staff,\nmoi2.bth,Trần Thị Hai,moi2.bth@test.vn,HCM-BTH,deputy,\n"
	req, _ := http.NewRequest("POST", ps2.base+"/api/v1/import/people", bytes.NewReader([]byte(csvBody)))
	req.Header.Set("Authorization", "Bearer "+ps2.token("admin"))
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK || len(sent.links) != 2 {
		t.Fatalf("import: %d, links sent %v", res.StatusCode, sent.links)
	}
	p := ps2.post(ps2.client(""), strings.TrimPrefix(sent.links["moi2.bth"], ps2.base), url.Values{"password": {"mat-khau-dau-tien"}, "confirm": {"mat-khau-dau-tien"}})
	if p.status != http.StatusSeeOther {
		t.Fatalf("an imported person's first password: %d", p.status)
	}
	signInBrowser(t, ps2, "moi2.bth@test.vn", "mat-khau-dau-tien")
}
