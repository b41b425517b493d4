package server

import (
	"encoding/json"
	"html/template"
	"net/http"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/danielgtaylor/huma/v2"

	"damlam/internal/workflow"
)

var pathParam = regexp.MustCompile(`\{([a-z0-9_]+)\}`)

// openAPI builds the OpenAPI 3.1 document from the route list and the Go
// types of each body, so the document is the code.
func (s *Server) openAPI() *huma.OpenAPI {
	reg := huma.NewMapRegistry("#/components/schemas/", huma.DefaultSchemaNamer)
	doc := &huma.OpenAPI{
		OpenAPI: "3.1.0",
		Info: &huma.Info{Title: "damlam API", Version: s.opts.Version,
			Description: "Khuyến khích và bảo vệ cán bộ năng động, sáng tạo vì lợi ích chung (Nghị định 73/2023/NĐ-CP). Errors are application/problem+json (RFC 9457) with a Vietnamese and an English message."},
		Paths:      map[string]*huma.PathItem{},
		Components: &huma.Components{Schemas: reg, SecuritySchemes: map[string]*huma.SecurityScheme{"bearer": {Type: "http", Scheme: "bearer"}}},
	}
	problemSchema := reg.Schema(reflect.TypeOf(Problem{}), true, "Problem")
	add := func(method, path, summary, tag string, public bool, in, out any, query []queryParam) {
		op := &huma.Operation{Summary: summary, Tags: []string{tag}, OperationID: operationID(method, path),
			Responses: map[string]*huma.Response{}}
		for _, m := range pathParam.FindAllStringSubmatch(path, -1) {
			op.Parameters = append(op.Parameters, &huma.Param{Name: m[1], In: "path", Required: true, Schema: &huma.Schema{Type: "string"}})
		}
		for _, q := range query {
			op.Parameters = append(op.Parameters, &huma.Param{Name: q.name, In: "query", Description: q.desc, Schema: &huma.Schema{Type: "string"}})
		}
		if in != nil {
			op.RequestBody = &huma.RequestBody{Required: true, Content: map[string]*huma.MediaType{
				"application/json": {Schema: reg.Schema(reflect.TypeOf(in), true, "")}}}
		}
		ok := &huma.Response{Description: "OK"}
		if out != nil {
			ok.Content = map[string]*huma.MediaType{"application/json": {Schema: reg.Schema(reflect.TypeOf(out), true, "")}}
		}
		status := "200"
		if method == "POST" && strings.HasSuffix(path, "/proposals") || path == "/api/v1/units" || path == "/api/v1/people" {
			status = "201"
		}
		op.Responses[status] = ok
		for _, code := range []string{"400", "401", "403", "404", "409", "422"} {
			if public && (code == "401" || code == "403") {
				continue
			}
			op.Responses[code] = &huma.Response{Description: problemDescriptions[code],
				Content: map[string]*huma.MediaType{"application/problem+json": {Schema: problemSchema}}}
		}
		if !public {
			op.Security = []map[string][]string{{"bearer": {}}}
		}
		item := doc.Paths[path]
		if item == nil {
			item = &huma.PathItem{}
			doc.Paths[path] = item
		}
		switch method {
		case "GET":
			item.Get = op
		case "POST":
			item.Post = op
		case "PUT":
			item.Put = op
		case "DELETE":
			item.Delete = op
		}
	}
	for _, rt := range s.api {
		add(rt.method, rt.path, rt.summary, rt.tag, rt.public, rt.in, rt.out, rt.query)
	}
	// One path per lifecycle action, each with its own body, from the table.
	for _, a := range workflow.Actions() {
		if !workflow.Personal(a) {
			continue
		}
		who, _ := workflow.WhoFor(a)
		var from []string
		for _, t := range workflow.Table {
			if t.Action == a {
				from = append(from, string(t.From))
			}
		}
		summary := a.Label().EN + " (" + a.Label().VI + "). Who: " + string(who) + ". From: " + strings.Join(from, ", ") + "."
		in := reflect.ValueOf(workflow.NewInput(a)).Elem().Interface()
		add("POST", "/api/v1/proposals/{id}/"+string(a), summary, "actions", false, in, ActionResultDoc{}, nil)
	}
	describe(doc, reg) // openapi_detail.go
	return doc
}

// ActionResultDoc documents an action's answer.
type ActionResultDoc struct {
	ID             string          `json:"id" doc:"the proposal acted on"`
	Event          json.RawMessage `json:"event" doc:"the event recorded, as a line of the proposal's history"`
	Receipt        string          `json:"receipt" doc:"C2SP tlog-proof: log index, inclusion proof and signed checkpoint"`
	State          string          `json:"state" doc:"the proposal's state after the action (absent if the caller may no longer see it)"`
	StateLabel     json.RawMessage `json:"state_label" doc:"the state's name in Vietnamese and English"`
	DueDate        string          `json:"due_date,omitempty" format:"date" doc:"when the next step is due, if the proposal waits"`
	AllowedActions json.RawMessage `json:"allowed_actions" doc:"the steps the caller may take next"`
	Created        []string        `json:"created,omitempty" doc:"cases the action started (replication)"`
}

var problemDescriptions = map[string]string{
	"400": "Malformed request: bad JSON, an unknown field, text that is not UTF-8 or holds control characters, an unknown query value (the problem names the field and the allowed values)",
	"413": "The body is over the limit (the problem says the limit); nothing was written",
	"401": "Not signed in",
	"403": "Not allowed for your role or unit",
	"404": "Not found, or not visible to you",
	"409": "Not allowed in the current state",
	"422": "Invalid fields; nothing was written",
}

func operationID(method, path string) string {
	p := strings.NewReplacer("/api/v1/", "", "/", "-", "{", "", "}", "").Replace(path)
	return strings.ToLower(method) + "-" + p
}

var (
	openAPIOnce sync.Once
	openAPIJSON []byte
)

func (s *Server) openAPIBytes() []byte {
	openAPIOnce.Do(func() {
		b, err := json.MarshalIndent(s.openAPI(), "", "  ")
		if err != nil {
			panic(err)
		}
		openAPIJSON = b
	})
	return openAPIJSON
}

func (s *Server) apiOpenAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Write(s.openAPIBytes())
}

// apiDocs renders the API document as a page on the server: nothing is
// loaded from the internet, and it works without JavaScript.
func (s *Server) apiDocs(w http.ResponseWriter, r *http.Request) {
	doc := s.openAPI()
	type op struct {
		Method, Path, Summary, Body string
	}
	var ops []op
	for path, item := range doc.Paths {
		for method, o := range map[string]*huma.Operation{"GET": item.Get, "POST": item.Post, "PUT": item.Put, "DELETE": item.Delete} {
			if o == nil {
				continue
			}
			body := ""
			if o.RequestBody != nil {
				if s := o.RequestBody.Content["application/json"].Schema; s != nil {
					body = s.Ref
				}
			}
			ops = append(ops, op{method, path, o.Summary, strings.TrimPrefix(body, "#/components/schemas/")})
		}
	}
	sort.Slice(ops, func(i, j int) bool {
		if ops[i].Path != ops[j].Path {
			return ops[i].Path < ops[j].Path
		}
		return ops[i].Method < ops[j].Method
	})
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	docsPage.Execute(w, map[string]any{"Ops": ops, "Version": s.opts.Version})
}

var docsPage = template.Must(template.New("docs").Parse(`<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>damlam API</title><link rel="stylesheet" href="/static/app.css"></head>
<body><main class="container"><h1>damlam API {{.Version}}</h1>
<p>Tài liệu máy đọc: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a> (OpenAPI 3.1). Lỗi trả về dạng <code>application/problem+json</code> (RFC 9457).</p>
<table><thead><tr><th scope="col">Phương thức</th><th scope="col">Đường dẫn</th><th scope="col">Mô tả</th><th scope="col">Nội dung gửi</th></tr></thead><tbody>
{{range .Ops}}<tr><td><code>{{.Method}}</code></td><td><code>{{.Path}}</code></td><td>{{.Summary}}</td><td>{{if .Body}}<code>{{.Body}}</code>{{end}}</td></tr>
{{end}}</tbody></table></main></body></html>`))
