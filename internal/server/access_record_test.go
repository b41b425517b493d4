package server

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"damlam/internal/org"
	"damlam/internal/sqlstore"
	"damlam/internal/testdb"
)

// roleEvents are the access events of role and seat changes.
func roleEvents(t *testing.T, ps *pageSite, token string) []sqlstore.AuthEvent {
	t.Helper()
	var events []sqlstore.AuthEvent
	if st := call(t, ps.base, token, "GET", "/api/v1/access-events", nil, &events); st != http.StatusOK {
		t.Fatalf("access events: %d", st)
	}
	var out []sqlstore.AuthEvent
	for _, e := range events {
		if e.Kind == sqlstore.EventRoleGranted || e.Kind == sqlstore.EventRoleWithdrawn {
			out = append(out, e)
		}
	}
	return out
}

func TestRoleChangesAreRecordedWithThem(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { roleChangesRecorded(t, "") })
	t.Run("postgres", func(t *testing.T) { roleChangesRecorded(t, testdb.Postgres(t)) })
}

func roleChangesRecorded(t *testing.T, target string) {
	ps := newPageSiteOn(t, Options{}, target)
	admin, colleague := ps.token("admin"), ps.token("pct1.bth")

	// Refused changes record nothing: by someone who administers nothing,
	// with a role that does not exist, over a unit that does not exist.
	for _, c := range []struct {
		token string
		in    sqlstore.GrantInput
		want  int
	}{
		{colleague, sqlstore.GrantInput{Role: org.Inspector, UnitID: "HCM-BTH"}, http.StatusForbidden},
		{admin, sqlstore.GrantInput{Role: "king", UnitID: "HCM-BTH"}, http.StatusUnprocessableEntity},
		{admin, sqlstore.GrantInput{Role: org.Inspector, UnitID: "NOWHERE"}, http.StatusUnprocessableEntity},
	} {
		if st := call(t, ps.base, c.token, "POST", "/api/v1/people/canbo.bth/grants", c.in, nil); st != c.want {
			t.Fatalf("grant %+v: %d, want %d", c.in, st, c.want)
		}
	}
	if st := call(t, ps.base, colleague, "DELETE", "/api/v1/people/canbo.bth/seats/HCM-BTH", nil, nil); st != http.StatusForbidden {
		t.Fatalf("a colleague ends a seat: %d", st)
	}
	if ev := roleEvents(t, ps, admin); len(ev) != 0 {
		t.Fatalf("refused changes were recorded: %+v", ev)
	}

	// Accepted ones are, with who, when and from where.
	if st := call(t, ps.base, admin, "POST", "/api/v1/people/canbo.bth/grants", sqlstore.GrantInput{Role: org.Inspector, UnitID: "HCM-BTH"}, nil); st != http.StatusOK {
		t.Fatalf("grant: %d", st)
	}
	ps.site.Clock.Advance(time.Minute)
	if st := call(t, ps.base, admin, "DELETE", "/api/v1/people/canbo.bth/grants/inspector/HCM-BTH", nil, nil); st != http.StatusOK {
		t.Fatalf("revoke: %d", st)
	}
	ps.site.Clock.Advance(time.Minute)
	if st := call(t, ps.base, admin, "POST", "/api/v1/people/canbo.bth/seats", sqlstore.SeatInput{Position: org.Deputy, UnitID: "HCM-BTH"}, nil); st != http.StatusOK {
		t.Fatalf("seat: %d", st)
	}
	ev := roleEvents(t, ps, admin)
	if len(ev) != 3 {
		t.Fatalf("role events: %+v", ev)
	}
	want := []struct{ kind, detail string }{ // newest first
		{sqlstore.EventRoleGranted, "deputy HCM-BTH"},
		{sqlstore.EventRoleWithdrawn, "inspector HCM-BTH"},
		{sqlstore.EventRoleGranted, "inspector HCM-BTH"},
	}
	for i, e := range ev {
		if e.Kind != want[i].kind || e.Detail != want[i].detail || e.ActorID != "admin" || e.Subject != "canbo.bth" || e.Address != "127.0.0.1" || e.At.IsZero() {
			t.Errorf("event %d: %+v, want %v", i, e, want[i])
		}
	}
	// Each is in the transaction of its change: as many as the log's
	// authority facts of the person.
	var facts int
	ps.site.Store.DB().QueryRowContext(t.Context(), `SELECT count(*) FROM org_events WHERE person_id = 'canbo.bth' AND kind IN ('org.granted', 'org.revoked', 'org.seated', 'org.unseated') AND actor_id = 'admin'`).Scan(&facts)
	if facts != 3 {
		t.Errorf("%d authority facts for 3 recorded changes", facts)
	}
	// The page shows them, and the configuration changes serve records.
	if _, err := ps.site.Store.RecordConfig(t.Context(), "serve", SecurityConfig(Options{PublicURL: "https://damlam.example.vn"})); err != nil {
		t.Fatal(err)
	}
	body := ps.mustGet(ps.client("admin"), "/admin/access")
	if !containsAll(body, "Cấp vai trò", "Thu hồi vai trò", "deputy HCM-BTH", "Thay đổi cấu hình bảo mật", "public_url: https://damlam.example.vn") {
		t.Errorf("the access page does not show the role changes:\n%s", body)
	}
}

func containsAll(s string, parts ...string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}
