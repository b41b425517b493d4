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

// memo keeps the fragments of the template name by their key.
type memo[K comparable] struct {
	name  string
	mu    sync.Mutex
	m     map[K]fragment
	bytes int
}

// Bounds on what one memo keeps; past either it starts again empty, so a
// memo holds the recent keys and never grows without bound.
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
func (m *memo[K]) get(k K) (fragment, error) {
	m.mu.Lock()
	f, ok := m.m[k]
	m.mu.Unlock()
	if ok {
		return f, nil
	}
	f, err := execFragment(m.name, k)
	if err != nil {
		return fragment{}, err
	}
	m.mu.Lock()
	if m.m == nil || len(m.m) >= memoEntries || m.bytes+len(f.markup) > memoBytes {
		m.m, m.bytes = map[K]fragment{}, 0
	}
	m.m[k] = f
	m.bytes += len(f.markup)
	m.mu.Unlock()
	return f, nil
}

// each returns the fragment of each key.
func (m *memo[K]) each(keys []K) ([]fragment, error) {
	fs := make([]fragment, len(keys))
	var missing []int
	m.mu.Lock()
	for i, k := range keys {
		f, ok := m.m[k]
		if !ok {
			missing = append(missing, i)
		}
		fs[i] = f
	}
	m.mu.Unlock()
	for _, i := range missing {
		f, err := m.get(keys[i])
		if err != nil {
			return nil, err
		}
		fs[i] = f
	}
	return fs, nil
}
