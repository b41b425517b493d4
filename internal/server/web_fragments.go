package server

import (
	"html/template"
	"strings"
	"sync"
)

// Every byte of a page comes from html/template. The parts that repeat
// from request to request — the layout around a page, a list's rows, a
// select's options — are fragments: one named template of the shared set
// (templates/layout.html and part_*.html) executed over a comparable value
// that holds everything the fragment shows, and kept by that value. The
// template is executed over the key itself, so the same key can only give
// the same markup, and the escaping is the engine's. A fragment begins and
// ends in HTML text (element content), which is where pages insert it.

// fragmentSet is the shared templates fragments are executed from.
var fragmentSet = template.Must(template.New("").Funcs(templateFuncs).ParseFS(templateFiles, "templates/layout.html", "templates/part_*.html"))

// fragment is the output of the template name over one key. Its markup is
// unexported: only executing a template makes one.
type fragment struct{ markup string }

// HTML is the fragment for a page template.
func (f fragment) HTML() template.HTML { return template.HTML(f.markup) }

// execFragment executes the template name over data.
func execFragment(name string, data any) (fragment, error) {
	var b strings.Builder
	if err := fragmentSet.ExecuteTemplate(&b, name, data); err != nil {
		return fragment{}, err
	}
	return fragment{b.String()}, nil
}

// joinFragments puts fragments one after another: fragments begin and end
// in element content, so their concatenation is one too.
func joinFragments(fs []fragment) template.HTML {
	n := 0
	for _, f := range fs {
		n += len(f.markup)
	}
	var b strings.Builder
	b.Grow(n)
	for _, f := range fs {
		b.WriteString(f.markup)
	}
	return template.HTML(b.String())
}

// memo keeps the fragments of the template name by their key, in two
// generations: a fragment is put in the current one; when that is full it
// becomes the previous one and the one before is dropped; a fragment
// found in the previous one moves to the current one. What is read again
// within a generation's span stays, and a memo holds at most two
// generations.
type memo[K comparable] struct {
	name      string
	mu        sync.Mutex
	cur, prev map[K]fragment
	bytes     int // of cur's markup
}

// Bounds on one generation of a memo.
const (
	memoEntries = 10_000
	memoBytes   = 2 << 20
)

func newMemo[K comparable](name string) *memo[K] {
	if fragmentSet.Lookup(name) == nil {
		panic("no fragment template " + name)
	}
	return &memo[K]{name: name}
}

// get returns the fragment for k, executing the template over k if it is
// not kept.
func (m *memo[K]) get(k K) (fragment, error) { return m.getFor(k, k) }

// getFor returns the fragment kept under k, executing the template over
// data if it is not kept: for data that is not comparable itself, with k
// holding everything the template reads of it.
func (m *memo[K]) getFor(k K, data any) (fragment, error) {
	m.mu.Lock()
	f, ok := m.cur[k]
	if !ok {
		if f, ok = m.prev[k]; ok {
			m.put(k, f)
		}
	}
	m.mu.Unlock()
	if ok {
		return f, nil
	}
	f, err := execFragment(m.name, data)
	if err != nil {
		return fragment{}, err
	}
	m.mu.Lock()
	m.put(k, f)
	m.mu.Unlock()
	return f, nil
}

// put keeps f in the current generation; m.mu is held.
func (m *memo[K]) put(k K, f fragment) {
	if m.cur == nil || len(m.cur) >= memoEntries || m.bytes+len(f.markup) > memoBytes {
		m.prev, m.cur, m.bytes = m.cur, map[K]fragment{}, 0
	}
	m.cur[k] = f
	m.bytes += len(f.markup)
}

// each returns the fragment of each key.
func (m *memo[K]) each(keys []K) ([]fragment, error) {
	fs := make([]fragment, len(keys))
	for i, k := range keys {
		var err error
		if fs[i], err = m.get(k); err != nil {
			return nil, err
		}
	}
	return fs, nil
}
