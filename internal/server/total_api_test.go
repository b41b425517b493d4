package server

import (
	"encoding/json"
	"net/http"
	"net/url"
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
					if a.status != http.StatusOK || json.Unmarshal(a.body, &p) != nil || p.Total == nil {
						t.Fatalf("%s ?%s: %d %s", who, q, a.status, a.body)
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
				if walked != total {
					t.Errorf("%s ?%s: total %d, the pages hold %d", who, filter, total, walked)
				}
			}
		}
		// A word search has no total.
		a := ps.api("GET", "/api/v1/proposals?q=hem", ps.token("chutich.hcm"), nil)
		var p page
		if json.Unmarshal(a.body, &p) != nil || a.status != http.StatusOK || p.Total != nil || len(p.Items) == 0 {
			t.Errorf("a word search: %d %s", a.status, a.body)
		}
	})
}
