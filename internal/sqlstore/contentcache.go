package sqlstore

import (
	"container/list"
	"encoding/json"
	"sync"

	"damlam/internal/workflow"
)

// Decoding a proposal's content (a couple of kilobytes of JSON with
// Vietnamese text) costs about 60 us, and the answer to every action
// decodes it again, once for the case and once per submitted version,
// though it rarely changes. decodeContent keeps the recently decoded ones,
// keyed by their JSON. The values are shared: callers must not change
// what a Content's slices or pointers refer to (assigning its fields in a
// copy is fine).

const contentCacheSize = 4096

var contents = struct {
	sync.Mutex
	lru *list.List // of *cachedContent, most recently used first
	by  map[string]*list.Element
}{lru: list.New(), by: map[string]*list.Element{}}

type cachedContent struct {
	raw string
	c   workflow.Content
}

func decodeContent(raw string) (workflow.Content, error) {
	contents.Lock()
	if e, ok := contents.by[raw]; ok {
		contents.lru.MoveToFront(e)
		c := e.Value.(*cachedContent).c
		contents.Unlock()
		return c, nil
	}
	contents.Unlock()
	var c workflow.Content
	if err := json.Unmarshal([]byte(raw), &c); err != nil {
		return c, err
	}
	contents.Lock()
	defer contents.Unlock()
	if _, ok := contents.by[raw]; !ok {
		contents.by[raw] = contents.lru.PushFront(&cachedContent{raw, c})
		if contents.lru.Len() > contentCacheSize {
			old := contents.lru.Back()
			contents.lru.Remove(old)
			delete(contents.by, old.Value.(*cachedContent).raw)
		}
	}
	return c, nil
}
