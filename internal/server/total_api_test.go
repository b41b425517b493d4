package server

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"damlam/internal/workflow"
)

// TestListTotals: the proposal list's total is the number of proposals
// its pages hold, walked to the end, for readers who see whole subtrees
// (answered from the kept counts) and for those who do not (counted), and
// for every filter but a word search, which has none.
func TestListTotals(t *testing.T) {
	onBothDatabases(t, func(t *testing.T, ps *pageSite) {
		ps.site.AlleyRoad(t, workflow.InImplementation)
		ps.site.AlleyRoad(t, workflow.Draft)
		ps.site.AlleyRoad(t, workflow.Evaluation)
		ps.site.Overridden(t)
		type page struct {
			Items []struct {
				ID string `json:"id"`
			} `json:"items"`
			HasMore   bool   `json:"has_more"`
			NextAfter string `json:"next_after"`
			Total     *int   `json:"total"`
		}
		staff := map[string]bool{"canbo.bth": true, "danguy.bth": true}
		for _, who := range []string{"chutich.hcm", "kiemtra.hcm", "pct1.bth", "canbo.bth", "danguy.bth", "chutich.gd"} {
			tok := ps.token(who)
			for _, filter := range []string{"", "state=IN_IMPLEMENTATION", "field=" + url.QueryEscape("Giao thông – hạ tầng"), "unit=HCM",
				"state=DRAFT&field=" + url.QueryEscape("Đô thị"), "overdue=true", "unit=HCM-BTH&state=EVALUATION"} {
				if who == "chutich.gd" && filter == "unit=HCM-BTH&state=EVALUATION" {
					continue // not in view
				}
				walked, total := 0, -1
				after := ""
				for {
					q := filter + "&limit=2"
					if after != "" {
						q += "&after=" + after
					}
					a := ps.api("GET", "/api/v1/proposals?"+q, tok, nil)
					var p page
					if a.status != http.StatusOK || json.Unmarshal(a.body, &p) != nil {
						t.Fatalf("%s ?%s: %d %s", who, q, a.status, a.body)
					}
					if p.Total == nil {
						// Only a wide reader's overdue or state-and-field
						// list goes uncounted; a staff member's is counted.
						if staff[who] || !strings.Contains(filter, "overdue") && !strings.Contains(filter, "&field") {
							t.Fatalf("%s ?%s: no total\n%s", who, q, a.body)
						}
						total = -2
						break
					}
					if total >= 0 && *p.Total != total {
						t.Fatalf("%s ?%s: the total moved from %d to %d between pages", who, q, total, *p.Total)
					}
					total = *p.Total
					walked += len(p.Items)
					if !p.HasMore {
						break
					}
					after = p.NextAfter
				}
				if total != -2 && walked != total {
					t.Errorf("%s ?%s: total %d, the pages hold %d", who, filter, total, walked)
				}
			}
		}
		// The lists answered as arrays say their total in a header: the
		// notifications over every page, the inbox and a year's register
		// whole.
		head := ps.token("chutich.bth")
		all := ps.api("GET", "/api/v1/notifications?limit=200", head, nil)
		var notes []any
		if json.Unmarshal(all.body, &notes) != nil || len(notes) < 2 || all.header.Get(totalHeader) != strconv.Itoa(len(notes)) {
			t.Fatalf("notifications: %d, %s %s", len(notes), totalHeader, all.header.Get(totalHeader))
		}
		if one := ps.api("GET", "/api/v1/notifications?limit=1", head, nil); one.header.Get(totalHeader) != strconv.Itoa(len(notes)) {
			t.Errorf("a page of one notification says total %s, want %d", one.header.Get(totalHeader), len(notes))
		}
		for _, path := range []string{"/api/v1/inbox", "/api/v1/units/HCM-BTH/documents?year=2026"} {
			a := ps.api("GET", path, head, nil)
			var items []any
			if json.Unmarshal(a.body, &items) != nil || a.header.Get(totalHeader) != strconv.Itoa(len(items)) {
				t.Errorf("%s: %d items, %s %q\n%.300s", path, len(items), totalHeader, a.header.Get(totalHeader), a.body)
			}
		}
		if doc := ps.api("GET", "/api/v1/openapi.json", "", nil); !strings.Contains(string(doc.body), `"X-Total-Count"`) {
			t.Error("the API document does not describe X-Total-Count")
		}

		// A word search has no total.
		a := ps.api("GET", "/api/v1/proposals?q=hem", ps.token("chutich.hcm"), nil)
		var p page
		if json.Unmarshal(a.body, &p) != nil || a.status != http.StatusOK || p.Total != nil || len(p.Items) == 0 {
			t.Errorf("a word search: %d %s", a.status, a.body)
		}
	})
}
