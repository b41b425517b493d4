package webtest_test

import (
	"net/http"
	"strings"
	"testing"

	"damlam/internal/webtest"
)

// The harness must catch what it is there to catch: a page with an
// unlabelled field and unreadable text fails axe, and broken markup fails
// the validator.
func TestHarnessCatchesViolations(t *testing.T) {
	bad := `<!doctype html><html><head><title>x</title></head><body><main>
<p style="color:#ccc;background:#fff">chữ mờ khó đọc</p>
<form><input type="text" name="q" id="q"><input id="q"></form>
<div><span></div>
<label for="missing">?</label>
</main></body></html>`
	probs := strings.Join(webtest.CheckHTML(bad), "\n")
	for _, want := range []string{"no lang", `id "q" used 2 times`, "has no label", "does not close", "missing id \"missing\""} {
		if !strings.Contains(probs, want) {
			t.Errorf("the validator misses %q in:\n%s", want, probs)
		}
	}
	if p := webtest.CheckHTML(`<!doctype html><html lang="vi"><head><title>t</title></head><body><main><label for="a">A</label><input id="a" name="a"></main></body></html>`); len(p) != 0 {
		t.Errorf("a valid page fails: %v", p)
	}

	url := webtest.Serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(bad))
	}))
	b := webtest.Start(t)
	b.Go(url)
	ids := map[string]bool{}
	for _, v := range webtest.Serious(b.Axe()) {
		ids[v.ID] = true
	}
	for _, want := range []string{"label", "color-contrast", "html-has-lang"} {
		if !ids[want] {
			t.Errorf("axe misses %s; found %v", want, ids)
		}
	}
}
