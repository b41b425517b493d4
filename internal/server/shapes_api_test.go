package server

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// TestListShapes: empty lists are [], and the calendar speaks the API's
// one convention (snake_case names, closed values by name).
func TestListShapes(t *testing.T) {
	onBothDatabases(t, func(t *testing.T, ps *pageSite) {
		tok := ps.token("canbo.bth")
		for _, tc := range []struct{ path, want string }{
			{"/api/v1/notifications", "[]\n"},
			{"/api/v1/inbox", "[]\n"},
			{"/api/v1/proposals", `{"items":[],"has_more":false,"total":0}` + "\n"},
		} {
			if a := ps.api("GET", tc.path, tok, nil); a.status != http.StatusOK || string(a.body) != tc.want {
				t.Errorf("GET %s: %d %q, want %q", tc.path, a.status, a.body, tc.want)
			}
		}
		a := ps.api("GET", "/api/v1/calendar/2027", "", nil)
		var cy struct {
			Holidays []map[string]any `json:"holidays"`
			Days     []any            `json:"announced"`
		}
		if err := json.Unmarshal(a.body, &cy); err != nil || len(cy.Holidays) == 0 || cy.Days == nil {
			t.Fatalf("calendar: %d %v %s", a.status, err, a.body)
		}
		h := cy.Holidays[0]
		if h["date"] != "2027-01-01" || h["kind"] != "statutory" || h["name_vi"] == nil || strings.Contains(string(a.body), `"NameVI"`) {
			t.Errorf("a holiday: %v", h)
		}
	})
}
