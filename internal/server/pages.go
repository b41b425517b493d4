package server

import (
	"embed"
	"io/fs"
	"net/http"
)

//go:embed static
var staticFiles embed.FS

// pageRoutes registers the HTML pages and their embedded assets.
func (s *Server) pageRoutes(mux *http.ServeMux) {
	static, _ := fs.Sub(staticFiles, "static")
	mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(static)))
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(`<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>damlam</title><link rel="stylesheet" href="/static/app.css"></head>
<body><main class="container"><h1>damlam — Dám nghĩ, dám làm</h1><p><a href="/api/docs">API</a></p></main></body></html>`))
	})
}
