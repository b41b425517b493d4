package server

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
)

// slotCheckingWriter records whether a page slot was held when the page
// was sent.
type slotCheckingWriter struct {
	*httptest.ResponseRecorder
	s          *Server
	heldOnSend bool
}

func (w *slotCheckingWriter) Write(p []byte) (int, error) {
	w.heldOnSend = w.heldOnSend || len(w.s.pageSlots) > 0
	return w.ResponseRecorder.Write(p)
}

func TestPageSlots(t *testing.T) {
	s := &Server{pageSlots: make(chan struct{}, 1)}
	for _, tc := range []struct {
		name     string
		method   string
		handler  http.HandlerFunc
		status   int
		location string
		body     string
	}{
		{"page", "GET", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write([]byte("<p>trang</p>"))
		}, 200, "", "<p>trang</p>"},
		{"status kept", "GET", func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusNotFound)
			w.Write([]byte("không thấy"))
		}, 404, "", "không thấy"},
		{"redirect", "GET", func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "/login?next=%2Finbox", http.StatusSeeOther)
		}, 303, "/login?next=%2Finbox", ""},
		{"form post not held", "POST", func(w http.ResponseWriter, r *http.Request) {
			if len(s.pageSlots) != 0 {
				t.Error("a form post took a page slot")
			}
			w.WriteHeader(http.StatusSeeOther)
		}, 303, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := &slotCheckingWriter{ResponseRecorder: httptest.NewRecorder(), s: s}
			s.page(tc.handler)(w, httptest.NewRequest(tc.method, "/inbox", nil))
			if w.Code != tc.status || w.Header().Get("Location") != tc.location || (tc.body != "" && w.Body.String() != tc.body) {
				t.Errorf("got %d %q %q, want %d %q %q", w.Code, w.Header().Get("Location"), w.Body.String(), tc.status, tc.location, tc.body)
			}
			if w.heldOnSend {
				t.Error("the page was sent while its slot was held")
			}
			if len(s.pageSlots) != 0 {
				t.Error("the slot was not given back")
			}
		})
	}

	t.Run("a reader who leaves while waiting is not served", func(t *testing.T) {
		s.pageSlots <- struct{}{} // every slot taken
		defer func() { <-s.pageSlots }()
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		ran := false
		s.page(func(w http.ResponseWriter, r *http.Request) { ran = true })(httptest.NewRecorder(), httptest.NewRequest("GET", "/search", nil).WithContext(ctx))
		if ran {
			t.Error("the page was made for a reader who had left")
		}
	})

	t.Run("a page that panics gives its slot back", func(t *testing.T) {
		func() {
			defer func() { recover() }()
			s.page(func(w http.ResponseWriter, r *http.Request) { panic("hỏng") })(httptest.NewRecorder(), httptest.NewRequest("GET", "/", nil))
		}()
		if len(s.pageSlots) != 0 {
			t.Error("the slot was not given back")
		}
	})
}
