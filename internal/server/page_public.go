package server

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"strconv"
	"sync"

	"damlam/internal/i18n"
	"damlam/internal/problem"
	"damlam/internal/sqlstore"
)

// The public transparency page (/cong-khai): what each unit that opted in
// is piloting, within which approved scope, how far it has come, and the
// log entries that prove each decision. It is the same for everyone, so
// it is rendered without the reader (a signed-in visitor sees the public
// page too), kept until anything it shows could have changed
// (sqlstore.PublicVersion), and sent with an ETag so that a browser or a
// proxy asks again for nothing.

// publicRoutes registers the public pages, their feeds and robots.txt.
func (s *Server) publicRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /cong-khai", s.publicIndex)
	mux.HandleFunc("GET /cong-khai/{$}", s.publicIndex)
	mux.HandleFunc("GET /cong-khai/atom.xml", s.publicFeed(feedAtom))
	mux.HandleFunc("GET /cong-khai/thi-diem.csv", s.publicFeed(feedCSV))
	mux.HandleFunc("GET /cong-khai/thi-diem.json", s.publicFeed(feedJSON))
	mux.HandleFunc("GET /cong-khai/{unit}", s.publicUnitPage)
	mux.HandleFunc("GET /cong-khai/{unit}/atom.xml", s.publicFeed(feedAtom))
	mux.HandleFunc("GET /cong-khai/{unit}/thi-diem.csv", s.publicFeed(feedCSV))
	mux.HandleFunc("GET /cong-khai/{unit}/thi-diem.json", s.publicFeed(feedJSON))
	mux.HandleFunc("GET /cong-khai/{unit}/xac-minh/{index}", s.publicVerifyPage)
	mux.HandleFunc("GET /robots.txt", robots)
}

// robots lets search engines index the public pages and keeps them out
// of everything that needs a sign-in.
func robots(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=86400")
	w.Write([]byte("User-agent: *\nAllow: /cong-khai\nAllow: /huong-dan\nDisallow: /\n"))
}

// publicEntry is one kept answer.
type publicEntry struct {
	version string
	status  int
	ctype   string
	etag    string
	body    []byte
}

// publicCache keeps the public answers by what they show (path, language,
// host for absolute links) and the version they were made at.
type publicCache struct {
	mu sync.Mutex
	by map[string]*publicEntry
}

// maxPublicEntries bounds the kept answers; past it the cache starts
// again (the answers are cheap to make once, and a crawler asking for
// every unit should not grow memory without end).
const maxPublicEntries = 4096

func (c *publicCache) get(key, version string) *publicEntry {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.by[key]; ok && e.version == version {
		return e
	}
	return nil
}

func (c *publicCache) put(key string, e *publicEntry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.by == nil || len(c.by) >= maxPublicEntries {
		c.by = map[string]*publicEntry{}
	}
	c.by[key] = e
}

var publicAnswers publicCache

// publicServe answers from the cache when nothing changed since the answer
// was made, else makes it with build. build returns the status, the
// content type and the body; only 200s are kept.
func (s *Server) publicServe(w http.ResponseWriter, r *http.Request, key string, build func(ctx context.Context) (int, string, []byte, error)) {
	version, err := s.store.PublicVersion(r.Context())
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	key = r.Host + "\x00" + key
	e := publicAnswers.get(key, version)
	if e == nil {
		status, ctype, body, err := build(r.Context())
		if err != nil {
			s.pageError(w, r, err)
			return
		}
		sum := sha256.Sum256(body)
		e = &publicEntry{version: version, status: status, ctype: ctype, body: body, etag: `"` + hex.EncodeToString(sum[:12]) + `"`}
		if status == http.StatusOK {
			publicAnswers.put(key, e)
		}
	}
	h := w.Header()
	h.Set("Content-Type", e.ctype)
	// A minute in shared caches; after that they ask again with the ETag.
	h.Set("Cache-Control", "public, max-age=60")
	h.Set("ETag", e.etag)
	h.Set("Vary", "Cookie")
	if r.Header.Get("If-None-Match") == e.etag && e.status == http.StatusOK {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.WriteHeader(e.status)
	if r.Method != http.MethodHead {
		w.Write(e.body)
	}
}

// publicView is a page's view for everyone: no reader, and a URL without
// the query, so that the kept page is the same whoever asked first.
func (s *Server) publicView(r *http.Request, titleKey string, args ...any) *view {
	u := &url.URL{Path: r.URL.Path}
	v := &view{Lang: pageLang(r), URL: u, Now: s.store.Now()}
	v.Title = v.T(titleKey, args...)
	return v
}

// renderBytes is render into a byte slice.
func renderBytes(name string, v *view) ([]byte, error) {
	var buf bytes.Buffer
	head, tail, err := v.layout()
	if err != nil {
		return nil, err
	}
	buf.WriteString(head.markup)
	if err := pages[name].ExecuteTemplate(&buf, "content", v); err != nil {
		return nil, err
	}
	buf.WriteString(tail.markup)
	return buf.Bytes(), nil
}

const htmlContentType = "text/html; charset=utf-8"

// publicIndexData lists the publishing units.
type publicIndexData struct {
	Units []sqlstore.PublicUnit
}

func (s *Server) publicIndex(w http.ResponseWriter, r *http.Request) {
	rememberLang(w, r)
	lang := pageLang(r)
	s.publicServe(w, r, "index\x00"+string(lang), func(ctx context.Context) (int, string, []byte, error) {
		units, err := s.store.PublicUnits(ctx)
		if err != nil {
			return 0, "", nil, err
		}
		v := s.publicView(r, "web.public.title")
		v.Data = publicIndexData{Units: units}
		b, err := renderBytes("public", v)
		return http.StatusOK, htmlContentType, b, err
	})
}

// publicUnitData is one unit's public page.
type publicUnitData struct {
	Unit   sqlstore.PublicUnit
	Pilots []publicPilot
}

// publicPilot is a pilot with its figures ready for the page.
type publicPilot struct {
	sqlstore.PublicPilot
	Indicators    []publicIndicator
	Money         bool
	Budget, Spent int64
	SpentPct      int64
}

type publicIndicator struct {
	sqlstore.PublicIndicator
	Has   bool
	Value float64
	Pct   int
}

func pilotsForPage(ps []sqlstore.PublicPilot) []publicPilot {
	out := make([]publicPilot, len(ps))
	for i, p := range ps {
		out[i].PublicPilot = p
		if p.BudgetVND != nil {
			out[i].Money, out[i].Budget, out[i].Spent = true, *p.BudgetVND, *p.SpentVND
			if out[i].Budget > 0 {
				out[i].SpentPct = out[i].Spent * 100 / out[i].Budget
			}
		}
		for _, ind := range p.Indicators {
			pi := publicIndicator{PublicIndicator: ind}
			if ind.Latest != nil {
				pi.Has, pi.Value = true, *ind.Latest
				if ind.Target > 0 {
					pi.Pct = int(*ind.Latest * 100 / ind.Target)
				}
			}
			out[i].Indicators = append(out[i].Indicators, pi)
		}
	}
	return out
}

// publicUnit finds a publishing unit, or says "not found" for any other
// (the public cannot tell an unpublished unit from one that does not
// exist).
func (s *Server) publicUnit(ctx context.Context, id string) (sqlstore.PublicUnit, error) {
	u, ok, err := s.store.PublicUnitByID(ctx, id)
	if err != nil {
		return u, err
	}
	if !ok {
		return u, problem.New(problem.NotFound, "not_found")
	}
	return u, nil
}

func (s *Server) publicUnitPage(w http.ResponseWriter, r *http.Request) {
	rememberLang(w, r)
	id := r.PathValue("unit")
	lang := pageLang(r)
	s.publicServe(w, r, "unit\x00"+id+"\x00"+string(lang), func(ctx context.Context) (int, string, []byte, error) {
		u, err := s.publicUnit(ctx, id)
		if err != nil {
			return 0, "", nil, err
		}
		pilots, err := s.store.PublicPilots(ctx, id)
		if err != nil {
			return 0, "", nil, err
		}
		v := s.publicView(r, "web.public.unit_title", u.Name)
		v.Data = publicUnitData{Unit: u, Pilots: pilotsForPage(pilots)}
		b, err := renderBytes("public_unit", v)
		return http.StatusOK, htmlContentType, b, err
	})
}

// publicVerifyData is the check of one decision's log entry, which the
// visitor's browser makes (static/verify.js).
type publicVerifyData struct {
	Unit     sqlstore.PublicUnit
	Pilot    sqlstore.PublicPilot
	Decision sqlstore.PublicDecision
}

func (s *Server) publicVerifyPage(w http.ResponseWriter, r *http.Request) {
	rememberLang(w, r)
	id := r.PathValue("unit")
	index, err := strconv.ParseInt(r.PathValue("index"), 10, 64)
	if err != nil || index < 0 {
		s.pageError(w, r, problem.New(problem.NotFound, "not_found"))
		return
	}
	lang := pageLang(r)
	s.publicServe(w, r, "verify\x00"+id+"\x00"+strconv.FormatInt(index, 10)+"\x00"+string(lang), func(ctx context.Context) (int, string, []byte, error) {
		u, err := s.publicUnit(ctx, id)
		if err != nil {
			return 0, "", nil, err
		}
		pilots, err := s.store.PublicPilots(ctx, id)
		if err != nil {
			return 0, "", nil, err
		}
		// Only a published decision's entry is checked here: the page is
		// about a decision, not a way to browse the log.
		for _, p := range pilots {
			for _, d := range p.Decisions {
				if d.LogIndex == index {
					v := s.publicView(r, "web.public.verify_title", index)
					v.Data = publicVerifyData{Unit: u, Pilot: p, Decision: d}
					b, err := renderBytes("public_verify", v)
					return http.StatusOK, htmlContentType, b, err
				}
			}
		}
		return 0, "", nil, problem.New(problem.NotFound, "not_found")
	})
}

// decisionLabel names a decision that set a scope.
func (v *view) DecisionLabel(d sqlstore.PublicDecision) string {
	return i18n.T("web.public.decision." + string(d.Action)).In(v.Lang)
}
