package server

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"sync"

	"damlam/internal/i18n"
	"damlam/internal/problem"
)

var errInternal = problem.New(problem.Internal, "internal")

// serverFault reports whether an error of kind k is the server's, whose
// cause belongs in the log.
func serverFault(k problem.Kind) bool { return k == problem.Internal || k == problem.Unavailable }

// statusOf maps an error kind to its HTTP status: the one place it happens.
// Unavailable is 503, not 500: the request was carried out (an action
// committed) and only its answer is missing, which a 500's "nothing was
// written" would deny.
func statusOf(k problem.Kind) int {
	switch k {
	case problem.Malformed:
		return http.StatusBadRequest
	case problem.Invalid:
		return http.StatusUnprocessableEntity
	case problem.Forbidden:
		return http.StatusForbidden
	case problem.Conflict:
		return http.StatusConflict
	case problem.NotFound:
		return http.StatusNotFound
	case problem.Unauthenticated:
		return http.StatusUnauthorized
	case problem.TooMany:
		return http.StatusTooManyRequests
	case problem.Unavailable:
		return http.StatusServiceUnavailable
	case problem.TooLarge:
		return http.StatusRequestEntityTooLarge
	}
	return http.StatusInternalServerError
}

// Problem is an RFC 9457 problem document with damlam's extensions: a
// stable code, the message in both languages, and the fields at fault.
type Problem struct {
	Type    string               `json:"type"`
	Title   string               `json:"title"`
	Status  int                  `json:"status"`
	Detail  string               `json:"detail,omitempty"`
	Code    string               `json:"code"`
	Message i18n.Message         `json:"message"`
	Errors  []problem.FieldError `json:"errors,omitempty"`
}

func langOf(r *http.Request) i18n.Lang {
	if l := r.URL.Query().Get("lang"); l != "" {
		return i18n.ParseLang(l)
	}
	if c, err := r.Cookie("lang"); err == nil {
		return i18n.ParseLang(c.Value)
	}
	return i18n.ParseLang(r.Header.Get("Accept-Language"))
}

func toProblem(r *http.Request, err error) Problem {
	pe := problem.As(err)
	lang := langOf(r)
	status := statusOf(pe.Kind)
	p := Problem{Type: "urn:damlam:problem:" + pe.Code, Title: pe.Message.In(lang), Status: status, Code: pe.Code, Message: pe.Message, Errors: pe.Fields}
	for _, f := range pe.Fields {
		if p.Detail != "" {
			p.Detail += " "
		}
		p.Detail += f.Field + ": " + f.Message.In(lang)
	}
	return p
}

func writeProblem(w http.ResponseWriter, r *http.Request, err error) {
	p := toProblem(r, err)
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(p.Status)
	json.NewEncoder(w).Encode(p)
}

// jsonBuffers hold answers while they are encoded.
var jsonBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// writeJSON encodes v whole before writing it: with its length known,
// net/http sends an answer (a case with its history is several of its
// buffers) in one write instead of a chunk per buffer, and a value that fails
// to encode is a 500 rather than half an answer.
func writeJSON(w http.ResponseWriter, status int, v any) {
	buf := jsonBuffers.Get().(*bytes.Buffer)
	defer func() {
		if buf.Cap() <= 1<<20 {
			buf.Reset()
			jsonBuffers.Put(buf)
		}
	}()
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}
