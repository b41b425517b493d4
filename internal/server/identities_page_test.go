package server

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"damlam/internal/org"
	"damlam/internal/sqlstore"
	"damlam/internal/testdb"
)

// TestIdentitiesPageIsScoped: the page that links provider accounts is
// checked as the API is: someone who administers nothing is refused; a
// ward's administrator sees, adds and removes links of their ward's
// people only; what is refused writes nothing; each change is recorded.
func TestIdentitiesPageIsScoped(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { identitiesScoped(t, "") })
	t.Run("postgres", func(t *testing.T) { identitiesScoped(t, testdb.Postgres(t)) })
}

func identitiesScoped(t *testing.T, target string) {
	const issuer = "https://sso.example.gov.vn"
	ps := newPageSiteOn(t, Options{OIDC: &OIDC{Issuer: issuer, ClientID: "damlam", ClientSecret: "x"}}, target)
	ctx := t.Context()
	if err := ps.cases().Give(ctx, nil, "chutich.gd", nil, &sqlstore.GrantInput{Role: org.Admin, UnitID: "HCM-GD"}); err != nil {
		t.Fatal(err)
	}
	if err := ps.site.Store.LinkIdentity(ctx, nil, "", issuer, "bth-0001", "canbo.bth"); err != nil {
		t.Fatal(err)
	}
	if p := ps.get(ps.client("pct1.bth"), "/admin/identities"); p.status != http.StatusForbidden {
		t.Fatalf("someone who administers nothing opens the page: %d", p.status)
	}
	ward := ps.client("chutich.gd")
	if body := ps.mustGet(ward, "/admin/identities"); strings.Contains(body, "bth-0001") {
		t.Fatal("a ward's administrator sees another ward's links")
	}
	if p := ps.post(ward, "/admin/identities/remove", url.Values{"issuer": {issuer}, "subject": {"bth-0001"}}); p.status != http.StatusNotFound {
		t.Fatalf("a ward's administrator removes another ward's link: %d", p.status)
	}
	if p := ps.post(ward, "/admin/identities", url.Values{"person_id": {"chutich.bth"}, "subject": {"bth-0002"}}); p.status != http.StatusForbidden {
		t.Fatalf("a ward's administrator links another ward's person: %d", p.status)
	}
	if p := ps.post(ward, "/admin/identities", url.Values{"person_id": {"chutich.gd"}, "subject": {"gd-0001"}}); p.status != http.StatusForbidden {
		t.Fatalf("an administrator links their own account: %d", p.status)
	}
	if n := ps.rows("identity_links"); n != 1 {
		t.Fatalf("refused changes wrote links: %d", n)
	}
	// The API answers the same.
	var listed []sqlstore.IdentityLinkRow
	if st := call(t, ps.base, ps.token("chutich.gd"), "GET", "/api/v1/identities", nil, &listed); st != http.StatusOK || len(listed) != 0 {
		t.Fatalf("a ward's administrator lists %d %+v", st, listed)
	}
	if st := call(t, ps.base, ps.token("pct1.bth"), "GET", "/api/v1/identities", nil, nil); st != http.StatusForbidden {
		t.Fatalf("someone who administers nothing lists links: %d", st)
	}
	if st := call(t, ps.base, ps.token("chutich.gd"), "DELETE", "/api/v1/people/canbo.bth/identity/bth-0001", nil, nil); st != http.StatusNotFound {
		t.Fatalf("a ward's administrator removes another ward's link through the API: %d", st)
	}
	if st := call(t, ps.base, ps.token("admin"), "DELETE", "/api/v1/people/pct1.bth/identity/bth-0001", nil, nil); st != http.StatusNotFound {
		t.Fatalf("a link removed under another person: %d", st)
	}
	if st := call(t, ps.base, ps.token("admin"), "GET", "/api/v1/identities", nil, &listed); st != http.StatusOK || len(listed) != 1 || listed[0].PersonID != "canbo.bth" || listed[0].Issuer != issuer {
		t.Fatalf("the administrator lists %d %+v", st, listed)
	}
	// The city's administrator sees and removes it on the page; the
	// removal is recorded; the API then removes another.
	admin := ps.client("admin")
	if body := ps.mustGet(admin, "/admin/identities"); !strings.Contains(body, "bth-0001") || !strings.Contains(body, "Trương Ngọc Ánh") {
		t.Fatalf("the administrator's list:\n%s", body)
	}
	if p := ps.post(admin, "/admin/identities", url.Values{"person_id": {"pct1.bth"}, "subject": {"bth-0001"}}); p.status != http.StatusUnprocessableEntity {
		t.Fatalf("an account linked twice: %d", p.status)
	}
	if p := ps.post(admin, "/admin/identities/remove", url.Values{"issuer": {issuer}, "subject": {"bth-0001"}}); p.status != http.StatusSeeOther {
		t.Fatalf("remove: %d", p.status)
	}
	if n := ps.rows("identity_links"); n != 0 {
		t.Fatalf("%d links after the removal", n)
	}
	var events []sqlstore.AuthEvent
	call(t, ps.base, ps.token("admin"), "GET", "/api/v1/access-events", nil, &events)
	found := false
	for _, e := range events {
		found = found || (e.Kind == sqlstore.EventIdentityUnlinked && e.ActorID == "admin" && e.Subject == "canbo.bth" && e.Detail == "bth-0001" && e.Address != "")
	}
	if !found {
		t.Errorf("the removal is not recorded: %+v", events)
	}
	if err := ps.site.Store.LinkIdentity(ctx, nil, "", issuer, "bth-0003", "canbo.bth"); err != nil {
		t.Fatal(err)
	}
	if st := call(t, ps.base, ps.token("admin"), "DELETE", "/api/v1/people/canbo.bth/identity/bth-0003", nil, nil); st != http.StatusOK || ps.rows("identity_links") != 0 {
		t.Fatalf("remove through the API: %d, %d links left", st, ps.rows("identity_links"))
	}
}
