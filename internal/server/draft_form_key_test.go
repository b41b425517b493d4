package server

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
)

var formKeyField = regexp.MustCompile(`<input type="hidden" name="form_key" value="([0-9a-f]{32})">`)

// drawnFormKey is the key of the draft form at path, drawn for c.
func drawnFormKey(t *testing.T, ps *pageSite, c *http.Client, path string) string {
	t.Helper()
	m := formKeyField.FindStringSubmatch(ps.mustGet(c, path))
	if m == nil {
		t.Fatalf("the form at %s carries no key", path)
	}
	return m[1]
}

// postTwiceAtOnce sends form to path twice at once, as a double click does.
func postTwiceAtOnce(ps *pageSite, c *http.Client, path string, form url.Values) [2]page {
	var answers [2]page
	var wg sync.WaitGroup
	for i := range answers {
		wg.Add(1)
		go func() { defer wg.Done(); answers[i] = ps.post(c, path, form) }()
	}
	wg.Wait()
	return answers
}

// TestDoubleClickedDraftFormIsOneDraft: the new-proposal form sent twice
// at once with the key its render drew makes one draft, and both answers
// lead to it; each render draws its own key; a refused form keeps its key;
// the edit form sent twice is one edit.
func TestDoubleClickedDraftFormIsOneDraft(t *testing.T) {
	onBothDatabases(t, func(t *testing.T, ps *pageSite) {
		c := ps.client("pct1.bth")
		key := drawnFormKey(t, ps, c, "/proposals/new")
		if again := drawnFormKey(t, ps, c, "/proposals/new"); again == key {
			t.Fatal("two renders of the new-proposal form drew one key")
		}
		// A refused form writes nothing and comes back with its key.
		n := ps.rows("proposals")
		refused := ps.post(c, "/proposals/new", url.Values{"form_key": {key}, "unit_id": {"HCM-BTH"}})
		if refused.status != http.StatusUnprocessableEntity || !strings.Contains(refused.body, `name="form_key" value="`+key+`"`) || ps.rows("proposals") != n {
			t.Fatalf("a refused draft: %d, drafts %d → %d", refused.status, n, ps.rows("proposals"))
		}
		form := url.Values{"form_key": {key}, "unit_id": {"HCM-BTH"}, "title": {"Vận động làm đường hẻm 9"}, "field": {"Giao thông"}}
		answers := postTwiceAtOnce(ps, c, "/proposals/new", form)
		for i, a := range answers {
			if a.status != http.StatusSeeOther || a.header.Get("Location") != answers[0].header.Get("Location") {
				t.Fatalf("submit %d: %d %s, the other %s", i, a.status, a.header.Get("Location"), answers[0].header.Get("Location"))
			}
		}
		if got := ps.rows("proposals"); got != n+1 {
			t.Fatalf("a double-clicked create made %d drafts", got-n)
		}
		// The same key with other values is refused and writes nothing.
		form.Set("title", "Một đề xuất khác")
		if a := ps.post(c, "/proposals/new", form); a.status != http.StatusConflict || ps.rows("proposals") != n+1 {
			t.Fatalf("the key with another draft: %d, drafts %d", a.status, ps.rows("proposals")-n)
		}
		// Without a key, each form is its own.
		form.Del("form_key")
		if a := ps.post(c, "/proposals/new", form); a.status != http.StatusSeeOther || ps.rows("proposals") != n+2 {
			t.Fatalf("a form without a key: %d, drafts %d", a.status, ps.rows("proposals")-n)
		}

		// The edit form: a double click is one edit, and both answers lead
		// to the case.
		id := strings.TrimPrefix(strings.Split(answers[0].header.Get("Location"), "?")[0], "/proposals/")
		edit := url.Values{"form_key": {drawnFormKey(t, ps, c, "/proposals/"+id+"/edit")}, "unit_id": {"HCM-BTH"}, "title": {"Vận động làm đường hẻm 9A"}, "field": {"Giao thông"}}
		for i, a := range postTwiceAtOnce(ps, c, "/proposals/"+id+"/edit", edit) {
			if a.status != http.StatusSeeOther || !strings.HasPrefix(a.header.Get("Location"), "/proposals/"+id) {
				t.Fatalf("edit %d: %d %s", i, a.status, a.header.Get("Location"))
			}
		}
		if body := ps.mustGet(c, "/proposals/"+id); !strings.Contains(body, "Vận động làm đường hẻm 9A") {
			t.Fatal("the edit was not kept")
		}
	})
}
