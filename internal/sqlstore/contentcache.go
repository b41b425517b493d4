package sqlstore

import (
	"container/list"
	"encoding/json"
	"strings"
	"sync"

	"damlam/internal/workflow"
)

// Decoding a proposal's content (a couple of kilobytes of JSON with
// Vietnamese text) is one of an action's larger costs, and the views and
// search excerpts decode it again and again, though it rarely changes. A Store keeps the
// recently decoded ones, keyed by their JSON: the key is the whole value,
// so what is kept is exact by construction and needs no invalidation. The
// values are shared: callers must not change what a Content's slices or
// pointers refer to (assigning its fields in a copy is fine).

const contentCacheSize = 4096

// contentCache is a Store's decoded contents, most recently used first.
type contentCache struct {
	mu  sync.Mutex
	lru *list.List // of *cachedContent
	by  map[string]*list.Element
}

func newContentCache() *contentCache {
	return &contentCache{lru: list.New(), by: map[string]*list.Element{}}
}

type cachedContent struct {
	raw string
	c   workflow.Content
}

// decode is json.Unmarshal of raw into a Content, from those kept when it
// can be. A nil cache decodes every time.
func (k *contentCache) decode(raw string) (workflow.Content, error) {
	var c workflow.Content
	if k == nil {
		err := json.Unmarshal([]byte(raw), &c)
		return c, err
	}
	k.mu.Lock()
	if e, ok := k.by[raw]; ok {
		k.lru.MoveToFront(e)
		c := e.Value.(*cachedContent).c
		k.mu.Unlock()
		return c, nil
	}
	k.mu.Unlock()
	if err := json.Unmarshal([]byte(raw), &c); err != nil {
		return c, err
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	if _, ok := k.by[raw]; !ok {
		k.by[raw] = k.lru.PushFront(&cachedContent{raw, c})
		if k.lru.Len() > contentCacheSize {
			old := k.lru.Back()
			k.lru.Remove(old)
			delete(k.by, old.Value.(*cachedContent).raw)
		}
	}
	return c, nil
}

// excerpt is the searchable text of a proposal's content as written, or
// "" if the content does not decode.
func (k *contentCache) excerpt(content string) string {
	c, err := k.decode(content)
	if err != nil {
		return ""
	}
	return strings.Join([]string{c.Bottleneck.Rule, c.Necessity, c.Purpose, c.Contents, c.ScopeText}, " · ")
}
