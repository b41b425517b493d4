package server

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"damlam/internal/workflow"
)

// TestOpenAPIDocumentsEveryRouteAndAction checks the generated document
// against the route list and the transition table it is made from.
func TestOpenAPIDocumentsEveryRouteAndAction(t *testing.T) {
	s := &Server{opts: Options{Version: "test"}}
	s.routes(http.NewServeMux())
	rec := httptest.NewRecorder()
	s.apiOpenAPI(rec, httptest.NewRequest("GET", "/api/v1/openapi.json", nil))
	var doc struct {
		OpenAPI string                               `json:"openapi"`
		Paths   map[string]map[string]map[string]any `json:"paths"`
		Comps   struct {
			Schemas map[string]any `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.OpenAPI != "3.1.0" {
		t.Errorf("openapi %q", doc.OpenAPI)
	}
	methods := map[string]string{"GET": "get", "POST": "post", "PUT": "put", "DELETE": "delete"}
	for _, rt := range s.api {
		if _, ok := doc.Paths[rt.path][methods[rt.method]]; !ok {
			t.Errorf("%s %s is not documented", rt.method, rt.path)
		}
	}
	for _, a := range workflow.Actions() {
		if !workflow.Personal(a) {
			continue
		}
		op, ok := doc.Paths["/api/v1/proposals/{id}/"+string(a)]["post"]
		if !ok {
			t.Errorf("action %s is not documented", a)
			continue
		}
		if op["requestBody"] == nil {
			t.Errorf("action %s has no request body schema", a)
		}
		responses, _ := op["responses"].(map[string]any)
		for _, code := range []string{"200", "400", "403", "404", "409", "422"} {
			if responses[code] == nil {
				t.Errorf("action %s does not document %s", a, code)
			}
		}
	}
	for _, name := range []string{"Problem", "Content", "Scope"} {
		if doc.Comps.Schemas[name] == nil {
			t.Errorf("schema %s missing", name)
		}
	}
}

func TestProblemStatuses(t *testing.T) {
	cases := map[string]int{
		`{"x":`:            400,
		`{"unknown": 1}`:   400,
		`{"ballot": 5}`:    400,
		`{} {}`:            400,
		`{"ballot":"yes"}`: 0,
	}
	for body, want := range cases {
		in := workflow.NewInput(workflow.CastVote)
		err := decodeBytes([]byte(body), in)
		got := 0
		if err != nil {
			rec := httptest.NewRecorder()
			writeProblem(rec, httptest.NewRequest("POST", "/x?lang=en", nil), err)
			got = rec.Code
			if rec.Header().Get("Content-Type") != "application/problem+json" {
				t.Errorf("%s: content type %q", body, rec.Header().Get("Content-Type"))
			}
		}
		if got != want {
			t.Errorf("%s: status %d, want %d", body, got, want)
		}
	}
}
