package server

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"testing"

	"damlam/internal/workflow"
)

// TestOpenAPIConformance walks every operation of the document against the
// real server: without credentials where it needs them (401), with a field
// the schema does not have (400), with each documented enum property given
// a value outside its list (refused), and the list's query values outside
// their documented ranges (400). Every answer's status must be one the
// document lists for the operation, and no refusal writes anything.
func TestOpenAPIConformance(t *testing.T) {
	ps := newPageSite(t, Options{})
	id := ps.site.AlleyRoad(t, workflow.InImplementation)
	rec := httptest.NewRecorder()
	New(ps.site.Store, Options{}).ServeHTTP(rec, httptest.NewRequest("GET", "/api/v1/openapi.json", nil))
	var doc struct {
		Paths map[string]map[string]struct {
			Security    []any                       `json:"security"`
			Responses   map[string]any              `json:"responses"`
			Parameters  []struct{ Name, In string } `json:"parameters"`
			RequestBody *struct {
				Content map[string]struct {
					Schema struct {
						Ref string `json:"$ref"`
					} `json:"schema"`
				} `json:"content"`
			} `json:"requestBody"`
		} `json:"paths"`
		Components struct {
			Schemas map[string]struct {
				Properties map[string]struct {
					Enum []any `json:"enum"`
				} `json:"properties"`
			} `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	fill := strings.NewReplacer("{id}", id, "{unit}", "HCM-BTH", "{role}", "admin", "{sha256}", strings.Repeat("0", 64),
		"{year}", "2026", "{date}", "2026-12-25", "{index}", "0")
	admin, staff := ps.token("admin"), ps.token("pct1.bth")
	paths := make([]string, 0, len(doc.Paths))
	for p := range doc.Paths {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	ops, enums := 0, 0
	for _, path := range paths {
		for method, op := range doc.Paths[path] {
			ops++
			m := strings.ToUpper(method)
			url := fill.Replace(path)
			if strings.HasPrefix(path, "/api/v1/people/{id}") {
				url = strings.Replace(path, "{id}", "pct1.bth", 1)
				url = fill.Replace(url)
			} else if strings.HasPrefix(path, "/api/v1/units/{id}") || strings.HasPrefix(path, "/api/v1/notifications/{id}") {
				url = strings.Replace(path, "{id}", "HCM-BTH", 1)
			}
			check := func(what string, a apiAnswer, want ...int) {
				t.Helper()
				if _, ok := op.Responses[itoa(a.status)]; !ok {
					t.Errorf("%s %s, %s: status %d is not documented (%v)\n%.200s", m, path, what, a.status, keys(op.Responses), a.body)
				}
				if len(want) > 0 && !containsInt(want, a.status) {
					t.Errorf("%s %s, %s: status %d, want one of %v\n%.200s", m, path, what, a.status, want, a.body)
				}
			}
			if (m == "POST" || m == "PUT") && op.Security != nil {
				documented := false
				for _, p := range op.Parameters {
					documented = documented || p.In == "header" && p.Name == idempotencyHeader
				}
				if !documented {
					t.Errorf("%s %s does not document the %s header", m, path, idempotencyHeader)
				}
			}
			if m == "GET" && op.Security == nil {
				continue // public reads: nothing to refuse
			}
			size := ps.logSize()
			if op.Security != nil {
				check("no credentials", ps.api(m, url, "", nil), http.StatusUnauthorized)
			}
			if op.RequestBody != nil {
				check("an unknown field", ps.api(m, url, admin, []byte(`{"no_such_field":1}`)), http.StatusBadRequest)
				ref := op.RequestBody.Content["application/json"].Schema.Ref
				schema := doc.Components.Schemas[strings.TrimPrefix(ref, "#/components/schemas/")]
				for prop, p := range schema.Properties {
					if len(p.Enum) == 0 {
						continue
					}
					enums++
					body, _ := json.Marshal(map[string]any{prop: "not-in-the-list"})
					a := ps.api(m, url, staff, body)
					if a.status < 400 {
						t.Errorf("%s %s: %s outside its enum was taken: %d", m, path, prop, a.status)
					}
					check(prop+" outside its enum", a)
				}
			}
			if ps.logSize() != size {
				t.Errorf("%s %s: a refusal wrote", m, path)
			}
		}
	}
	for _, q := range []string{"overdue=yes", "limit=0", "limit=201", "state=OPEN", "after=x y"} {
		a := ps.api("GET", "/api/v1/proposals?"+strings.ReplaceAll(q, " ", "%20"), staff, nil)
		if a.status != http.StatusBadRequest {
			t.Errorf("GET /api/v1/proposals?%s: %d", q, a.status)
		}
	}
	if ops < 60 || enums < 7 {
		t.Errorf("walked %d operations and %d enums: the document lost some", ops, enums)
	}
	t.Logf("walked %d operations, %d enum properties", ops, enums)
}

func keys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func containsInt(list []int, v int) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}
