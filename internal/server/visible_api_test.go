package server

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"damlam/internal/casework"
	"damlam/internal/org"
	"damlam/internal/workflow"
)

// TestIdsOutsideTheCallersView: every unit, person or case id a body or a
// filter names must exist and be in the caller's view. Another province's
// ward in a pilot's scope or a progress report, a cadre the proposer
// cannot see as implementer or recipient, a list narrowed to a unit the
// caller does not read or paged after a case they cannot read: each is
// refused naming the field, and writes nothing. What is in view passes.
func TestIdsOutsideTheCallersView(t *testing.T) {
	onBothDatabases(t, func(t *testing.T, ps *pageSite) {
		ctx := context.Background()
		cases := casework.New(ps.site.Store)
		for _, u := range []org.UnitInput{{ID: "HN", ParentID: "VN", Name: "Thành phố Hà Nội", Kind: "province"},
			{ID: "HN-HK", ParentID: "HN", Name: "Phường Hoàn Kiếm", Kind: "ward"}} {
			if _, err := cases.CreateUnit(ctx, nil, u); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := cases.CreatePerson(ctx, nil, org.PersonInput{ID: "canbo.hk", Name: "Nguyễn Thị Hoa", Email: "canbo.hk@test.vn",
			Seats: []org.SeatInput{{UnitID: "HN-HK", Position: org.Staff}}}); err != nil {
			t.Fatal(err)
		}
		// A draft in the neighbouring ward, which a deputy of Bình Thạnh
		// does not read.
		other, err := cases.Create(ctx, ps.site.Person(t, "chutich.gd"), "HCM-GD", workflow.Content{Title: "Số hóa hồ sơ hộ tịch", Field: "Chuyển đổi số"})
		if err != nil {
			t.Fatal(err)
		}
		voting := ps.site.AlleyRoad(t, workflow.CollectiveReview)
		running := ps.site.AlleyRoad(t, workflow.InImplementation)
		rewarding := ps.site.AlleyRoad(t, workflow.ProtectionDetermined)
		draft := ps.site.AlleyRoad(t, workflow.Draft)
		staff, head, reward := ps.token("pct1.bth"), ps.token("chutich.bth"), ps.token("thiduakt.hcm")
		scope := func(units string) string {
			return `"scope":{"units":[` + units + `],"start":"2026-12-01","end":"2027-02-28","budget_vnd":450000000}`
		}
		for _, tc := range []struct {
			name, method, path, token, body string
			status                          int
			field, code, id                 string
		}{
			{"another province's ward in a pilot's scope", "POST", "/api/v1/proposals/" + voting + "/approve_pilot", head,
				`{"document_number":"45/QĐ-UBND",` + scope(`"HCM-BTH","HN-HK"`) + `}`, 422, "scope.units[1]", "field.unit_not_visible", "HN-HK"},
			{"another province's ward in an adjusted scope", "POST", "/api/v1/proposals/" + running + "/adjust", head,
				`{"reason":"Mở rộng.",` + scope(`"HN-HK"`) + `}`, 422, "scope.units[0]", "field.unit_not_visible", "HN-HK"},
			{"progress reported in another province", "POST", "/api/v1/proposals/" + running + "/report_progress", staff,
				`{"unit":"HN-HK","date":"2026-12-10","amount_vnd":1,"summary":"Đã làm."}`, 422, "unit", "field.unit_not_visible", "HN-HK"},
			{"an implementer in another province", "POST", "/api/v1/proposals", staff,
				`{"unit_id":"HCM-BTH","content":{"title":"Hẻm sạch","implementers":["canbo.bth","canbo.hk"]}}`, 422, "implementers[1]", "field.person_not_visible", "canbo.hk"},
			{"an implementer nobody is", "POST", "/api/v1/proposals", staff,
				`{"unit_id":"HCM-BTH","content":{"title":"Hẻm sạch","implementers":["khong.co"]}}`, 422, "implementers[0]", "field.unknown_person", "khong.co"},
			{"an edit naming an implementer out of view", "PUT", "/api/v1/proposals/" + draft, staff,
				`{"title":"Hẻm sạch","implementers":["canbo.hk"]}`, 422, "implementers[0]", "field.person_not_visible", "canbo.hk"},
			{"a reward for someone the case does not name", "POST", "/api/v1/proposals/" + rewarding + "/reward", reward,
				`{"kind":"praise","recipient":"canbo.hk","decision":"5/QĐ-UBND","decision_date":"2027-03-20"}`, 422, "recipient", "field.not_recipient", "canbo.hk"},
			{"a list narrowed to another province", "GET", "/api/v1/proposals?unit=HN-HK", staff, "", 400, "unit", "query.unit_not_visible", "HN-HK"},
			{"a list narrowed to a ward not read", "GET", "/api/v1/proposals?unit=HCM-GD", staff, "", 400, "unit", "query.unit_not_visible", "HCM-GD"},
			{"a list paged after a case not read", "GET", "/api/v1/proposals?after=" + other, staff, "", 400, "after", "query.unknown_case", other},
			{"a list paged after no case", "GET", "/api/v1/proposals?after=DX-2026-999999", staff, "", 400, "after", "query.unknown_case", "DX-2026-999999"},
			{"an export narrowed to an unknown unit", "GET", "/api/v1/export/proposals?format=csv&unit=NO-SUCH-UNIT", staff, "", 400, "unit", "field.unknown_unit", "NO-SUCH-UNIT"},
			{"an export narrowed to another province", "GET", "/api/v1/export/proposals?format=csv&unit=HN-HK", staff, "", 400, "unit", "query.unit_not_visible", "HN-HK"},
		} {
			size, rows, events, people := ps.logSize(), ps.rows("proposals"), ps.rows("events"), ps.rows("proposal_implementers")
			var body []byte
			if tc.body != "" {
				body = []byte(tc.body)
			}
			a := ps.api(tc.method, tc.path, tc.token, body, "Accept-Language", "en")
			var p Problem
			json.Unmarshal(a.body, &p)
			found := false
			for _, f := range p.Errors {
				found = found || f.Field == tc.field && f.Code == tc.code && strings.Contains(f.Message.EN, tc.id)
			}
			if a.status != tc.status || !found {
				t.Errorf("%s: %d, want %d with %s %s naming %s\n%.500s", tc.name, a.status, tc.status, tc.field, tc.code, tc.id, a.body)
			}
			if ps.logSize() != size || ps.rows("proposals") != rows || ps.rows("events") != events || ps.rows("proposal_implementers") != people {
				t.Errorf("%s: the refusal wrote", tc.name)
			}
		}

		// In view: the neighbouring ward in the scope (as the case's own
		// approval took it), the province above, a colleague as implementer.
		for _, tc := range []struct {
			name, method, path, token, body string
			status                          int
		}{
			{"progress in the neighbouring ward the scope names", "POST", "/api/v1/proposals/" + running + "/report_progress", staff,
				`{"unit":"HCM-GD","date":"2026-12-10","amount_vnd":1,"summary":"Đã làm."}`, 200},
			{"a list narrowed to the province above", "GET", "/api/v1/proposals?unit=HCM", staff, "", 200},
			{"a list narrowed to one's ward", "GET", "/api/v1/proposals?unit=HCM-BTH&after=" + running, staff, "", 200},
			{"a colleague as implementer", "POST", "/api/v1/proposals", staff, `{"unit_id":"HCM-BTH","content":{"title":"Hẻm sạch","implementers":["canbo.bth"]}}`, 201},
			{"the neighbouring ward's head as implementer", "POST", "/api/v1/proposals", ps.token("canbo.bth"), `{"unit_id":"HCM-BTH","content":{"title":"Hẻm sạch","implementers":["chutich.gd"]}}`, 201},
			{"the inspector narrows to the other ward", "GET", "/api/v1/proposals?unit=HCM-GD", ps.token("kiemtra.hcm"), "", 200},
		} {
			var body []byte
			if tc.body != "" {
				body = []byte(tc.body)
			}
			if a := ps.api(tc.method, tc.path, tc.token, body); a.status != tc.status {
				t.Errorf("%s: %d, want %d\n%.400s", tc.name, a.status, tc.status, a.body)
			}
		}

		// The dashboard page narrowed to a unit: one the head reads, the
		// province above, or a ward out of view, which is not found
		// rather than an empty dashboard.
		for path, status := range map[string]int{"/dashboard?unit=HCM-BTH": 200, "/dashboard?unit=HCM": 200,
			"/dashboard?unit=HCM-GD": 404, "/dashboard?unit=HN-HK": 404, "/dashboard?unit=NO-SUCH-UNIT": 404} {
			if p := ps.get(ps.client("chutich.bth"), path); p.status != status {
				t.Errorf("the ward head's %s: %d, want %d", path, p.status, status)
			}
		}
	})
}
