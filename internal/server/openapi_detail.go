package server

import (
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"damlam/internal/workflow"
)

// describe adds to the document what the Go types alone do not say: the
// closed value lists (enums), formats (dates, money in đồng), limits, the
// idempotency header and the statuses every operation can answer. The
// conformance test (openapi_conformance_test.go) sends each operation what
// the document forbids and checks the server refuses it as documented.
func describe(doc *huma.OpenAPI, reg huma.Registry) {
	states := make([]any, len(workflow.States))
	for i, st := range workflow.States {
		states[i] = string(st)
	}
	for name, sc := range reg.Map() {
		for prop, p := range sc.Properties {
			if vals, ok := schemaEnums[name+"."+prop]; ok {
				p.Enum = vals
			}
			switch {
			case prop == "state" && p.Type == "string":
				p.Enum = states
			case dateFields[prop] && p.Type == "string" && p.Format == "":
				p.Format = "date"
			case strings.HasSuffix(prop, "_vnd") && p.Type == "integer":
				p.Minimum = ptr(0.0)
				if p.Description == "" {
					p.Description = "amount in đồng (VND), a whole number"
				}
			}
		}
	}
	if c, ok := reg.Map()["CorrectionInput"]; ok {
		for _, name := range []string{"inspection", "violation"} {
			if p := c.Properties[name]; p != nil {
				p.Deprecated = true
				p.Description = "Deprecated: name the violation by violation_id, from the case's violations list. The inspection's event number and the violation's place (1-based) in it, still accepted."
			}
		}
		if p := c.Properties["violation_id"]; p != nil {
			p.Description = "The violation's id, as the case's violations list gives it (GET /api/v1/proposals/{id})."
		}
	}
	if c, ok := reg.Map()["Content"]; ok {
		if t := c.Properties["title"]; t != nil {
			t.MaxLength = ptr(300)
			t.Description = "at most 300 characters, counted after NFC"
		}
	}
	for path, item := range doc.Paths {
		for method, op := range map[string]*huma.Operation{"POST": item.Post, "PUT": item.Put, "GET": item.Get, "DELETE": item.Delete} {
			if op == nil {
				continue
			}
			if (method == "POST" || method == "PUT") && op.Security != nil {
				op.Parameters = append(op.Parameters, &huma.Param{Name: idempotencyHeader, In: "header",
					Description: "Optional. The same key and the same request within 24 hours get the first answer (header Idempotent-Replayed: true) and take no second action; the same key with another request is 422 (idempotency_key_reused); while the first is running, 409 (idempotency_in_progress).",
					Schema:      &huma.Schema{Type: "string", MinLength: ptr(1), MaxLength: ptr(maxKeyLen), Pattern: `^[!#-+\--\[\]-~]+$`}})
			}
			if op.RequestBody != nil {
				op.Responses["413"] = problemResponse(op, "413")
			}
			if method == "GET" && totalled[path] {
				if ok := op.Responses["200"]; ok != nil {
					if ok.Headers == nil {
						ok.Headers = map[string]*huma.Header{}
					}
					ok.Headers[totalHeader] = &huma.Header{Description: "How many items the list holds over all its pages.", Schema: &huma.Schema{Type: "integer", Minimum: ptr(0.0)}}
				}
			}
			if path == "/api/v1/proposals" && method == "GET" {
				for _, p := range op.Parameters {
					switch p.Name {
					case "state":
						p.Schema = &huma.Schema{Type: "string", Enum: states}
					case "overdue":
						p.Schema = &huma.Schema{Type: "string", Enum: []any{"true", "false"}}
					case "limit":
						p.Schema = &huma.Schema{Type: "integer", Minimum: ptr(1.0), Maximum: ptr(float64(maxListLimit)), Default: defaultListLimit}
					case "after":
						p.Schema = &huma.Schema{Type: "string", Pattern: "^[A-Z0-9-]{4,64}$"}
					}
				}
			}
		}
	}
}

// totalled are the lists answered as bare arrays that say their total in
// the X-Total-Count header.
var totalled = map[string]bool{"/api/v1/inbox": true, "/api/v1/notifications": true, "/api/v1/units/{id}/documents": true}

func problemResponse(op *huma.Operation, code string) *huma.Response {
	for _, r := range op.Responses {
		if c, ok := r.Content["application/problem+json"]; ok {
			return &huma.Response{Description: problemDescriptions[code], Content: map[string]*huma.MediaType{"application/problem+json": c}}
		}
	}
	return &huma.Response{Description: problemDescriptions[code]}
}

func ptr[T any](v T) *T { return &v }

// dateFields are the properties that hold a calendar date (yyyy-mm-dd).
var dateFields = map[string]bool{"date": true, "start": true, "end": true, "deadline": true, "due_date": true}

// schemaEnums are the closed value lists of the inputs, by schema and
// property, as the domain checks them.
var schemaEnums = map[string][]any{
	"VoteInput.ballot":            {"yes", "no", "abstain"},
	"PartyOpinionInput.opinion":   {"agree", "agree_with_conditions", "disagree"},
	"EvaluationInput.result":      {"completed", "partly_completed", "not_completed"},
	"LiabilityInput.outcome":      {"none", "excluded", "exempted", "mitigated", "disciplined"},
	"RewardInput.kind":            {"praise", "commendation", "early_salary_step", "appointment_priority"},
	"InstitutionaliseInput.level": {"government", "prime_minister", "ministry", "locality"},
	"Bottleneck.kind":             {"missing", "unclear", "outdated"},
	"Bottleneck.level":            {"government", "prime_minister", "ministry", "locality"},
	"Content.legal_basis":         {"decree73", "party", "local"},
}
