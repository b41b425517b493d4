package server

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"damlam/internal/webtest"
	"damlam/internal/workflow"
)

// TestLegalBasisNamesAnInstrument: an administrator adds an instrument to
// the list (an empty form is refused field by field), a proposer names it
// with its article, the saved draft carries its number, date and issuing
// body, and the case page shows them; an instrument the list does not
// hold is refused.
func TestLegalBasisNamesAnInstrument(t *testing.T) {
	onBothDatabases(t, func(t *testing.T, ps *pageSite) {
		admin := ps.client("admin")
		if p := ps.post(admin, "/admin/instruments", url.Values{"kind": {"local"}}); p.status != http.StatusUnprocessableEntity ||
			!strings.Contains(p.body, `id="a-instr-number-err"`) || !strings.Contains(p.body, `id="a-instr-issuer-err"`) {
			t.Fatalf("empty form: %d", p.status)
		}
		if n := ps.rows("instruments"); n != 0 {
			t.Fatalf("%d instruments added by a refused form", n)
		}
		if p := ps.post(ps.client("chutich.bth"), "/admin/instruments", url.Values{"id": {"x"}, "kind": {"local"}, "number": {"1"}, "issuer": {"x"}, "title": {"x"}}); p.status != http.StatusForbidden {
			t.Fatalf("a ward's head added an instrument: %d", p.status)
		}
		form := url.Values{"id": {"qd-bth-1"}, "kind": {"local"}, "number": {"15/QĐ-UBND"}, "issued_on": {"02/03/2026"},
			"issuer": {"Ủy ban nhân dân phường Bình Thạnh"}, "title": {"Quyết định ban hành quy chế thí điểm"}}
		if p := ps.post(admin, "/admin/instruments", form); p.status != http.StatusSeeOther {
			t.Fatalf("add: %d\n%s", p.status, p.body)
		}
		if body := ps.mustGet(admin, "/admin/rules"); !strings.Contains(body, "Quyết định ban hành quy chế thí điểm — 15/QĐ-UBND, 02/03/2026, Ủy ban nhân dân phường Bình Thạnh") {
			t.Fatal("the instrument is not listed")
		}

		c := webtest.AlleyRoadContent()
		c.Basis = &workflow.BasisRef{Instrument: "nope"}
		body, _ := json.Marshal(CreateProposalRequest{UnitID: "HCM-BTH", Content: c})
		if a := ps.api("POST", "/api/v1/proposals", ps.token("pct1.bth"), body); a.status != http.StatusUnprocessableEntity || !strings.Contains(string(a.body), "basis.instrument") {
			t.Fatalf("an unknown instrument: %d %s", a.status, a.body)
		}
		c.Basis = &workflow.BasisRef{Instrument: "qd-bth-1", Article: "Điều 3", Number: "forged"}
		body, _ = json.Marshal(CreateProposalRequest{UnitID: "HCM-BTH", Content: c})
		a := ps.api("POST", "/api/v1/proposals", ps.token("pct1.bth"), body)
		if a.status != http.StatusCreated {
			t.Fatalf("create: %d %s", a.status, a.body)
		}
		v := a.object(t)
		got, _ := json.Marshal(v["content"].(map[string]any)["basis"])
		if want := `{"article":"Điều 3","instrument":"qd-bth-1","issued_on":"2026-03-02","issuer":"Ủy ban nhân dân phường Bình Thạnh","number":"15/QĐ-UBND","title":"Quyết định ban hành quy chế thí điểm"}`; string(got) != want {
			t.Fatalf("basis %s, want %s", got, want)
		}
		page := ps.mustGet(ps.client("pct1.bth"), "/proposals/"+v["id"].(string))
		if !strings.Contains(page, "Quyết định ban hành quy chế thí điểm — 15/QĐ-UBND, 02/03/2026, Ủy ban nhân dân phường Bình Thạnh; Điều 3") {
			t.Fatal("the case page does not name the instrument")
		}
		if a := ps.api("GET", "/api/v1/instruments", ps.token("canbo.bth"), nil); a.status != http.StatusOK || strings.Count(string(a.body), `"id"`) != 4 {
			t.Fatalf("instruments: %d %s", a.status, a.body)
		}
	})
}
