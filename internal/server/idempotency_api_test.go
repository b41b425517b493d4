package server

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"damlam/internal/casework"
	"damlam/internal/sqlstore"
	"damlam/internal/workflow"
)

const progressBody = `{"unit":"HCM-BTH","date":"2026-12-10","amount_vnd":100000000,"summary":"Đã đổ bê tông 120 m."}`

// TestRetriedProgressReportIsOneEvent sends the same progress report five
// times at once under one key: one event, one answer given five times.
func TestRetriedProgressReportIsOneEvent(t *testing.T) {
	onBothDatabases(t, func(t *testing.T, ps *pageSite) {
		id := ps.site.AlleyRoad(t, workflow.InImplementation)
		tok := ps.token("pct1.bth")
		path := "/api/v1/proposals/" + id + "/report_progress"
		size := ps.logSize()
		answers := make([]apiAnswer, 5)
		var wg sync.WaitGroup
		for i := range answers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				answers[i] = ps.api("POST", path, tok, []byte(progressBody), "Idempotency-Key", "retry-5-at-once")
			}()
		}
		wg.Wait()
		replayed := 0
		for i, a := range answers {
			if a.status != http.StatusOK {
				t.Fatalf("answer %d: %d %s", i, a.status, a.body)
			}
			if !bytes.Equal(a.body, answers[0].body) {
				t.Errorf("answer %d differs from the first:\n%s\n%s", i, a.body, answers[0].body)
			}
			if a.header.Get("Idempotent-Replayed") == "true" {
				replayed++
			}
		}
		if replayed != 4 {
			t.Errorf("%d answers say they are replays, want 4", replayed)
		}
		if n := ps.events(id, "pilot.progress_reported"); n != 1 {
			t.Fatalf("%d progress events, want 1", n)
		}
		if got := ps.logSize(); got != size+1 {
			t.Fatalf("log %d → %d, want one entry", size, got)
		}
		if r := answers[0].object(t); r["receipt"] == "" || r["event"] == nil {
			t.Fatalf("the answer has no receipt or event: %s", answers[0].body)
		}

		// Later, the same retry is the same answer.
		again := ps.api("POST", path, tok, []byte(progressBody), "Idempotency-Key", `"retry-5-at-once"`)
		if again.status != http.StatusOK || !bytes.Equal(again.body, answers[0].body) || again.header.Get("Idempotent-Replayed") != "true" {
			t.Fatalf("a later retry: %d %s", again.status, again.body)
		}
		if ps.logSize() != size+1 {
			t.Fatal("a later retry wrote")
		}
	})
}

// TestIdempotencyRefusals: each refusal writes nothing, not even the key.
func TestIdempotencyRefusals(t *testing.T) {
	onBothDatabases(t, func(t *testing.T, ps *pageSite) {
		id := ps.site.AlleyRoad(t, workflow.InImplementation)
		tok := ps.token("pct1.bth")
		path := "/api/v1/proposals/" + id + "/report_progress"
		if a := ps.api("POST", path, tok, []byte(progressBody), "Idempotency-Key", "k-1"); a.status != http.StatusOK {
			t.Fatalf("first: %d %s", a.status, a.body)
		}
		for _, tc := range []struct {
			name, key, path, body string
			status                int
			code                  string
		}{
			{"same key, another body", "k-1", path, `{"unit":"HCM-BTH","date":"2026-12-10","amount_vnd":200000000,"summary":"Đã đổ bê tông 120 m."}`, 422, "idempotency_key_reused"},
			{"same key, another action", "k-1", "/api/v1/proposals/" + id + "/raise_obstacle", `{"description":"Một hộ chưa đồng ý."}`, 422, "idempotency_key_reused"},
			{"a key with a space", "k 2", path, progressBody, 400, "idempotency_key_malformed"},
			{"an empty key", `""`, path, progressBody, 400, "idempotency_key_malformed"},
			{"a key of 256 characters", string(bytes.Repeat([]byte("k"), 256)), path, progressBody, 400, "idempotency_key_malformed"},
			{"a refused report", "k-3", path, `{"unit":"HCM-BTH","date":"2026-12-10","amount_vnd":-1,"summary":"x"}`, 422, "invalid_fields"},
		} {
			size, keys := ps.logSize(), ps.rows("idempotency_keys")
			a := ps.api("POST", tc.path, tok, []byte(tc.body), "Idempotency-Key", tc.key)
			if a.status != tc.status || a.code() != tc.code {
				t.Errorf("%s: %d %s, want %d %s", tc.name, a.status, a.body, tc.status, tc.code)
			}
			if ps.logSize() != size || ps.rows("idempotency_keys") != keys {
				t.Errorf("%s: the refusal wrote (log %d → %d, keys %d → %d)", tc.name, size, ps.logSize(), keys, ps.rows("idempotency_keys"))
			}
		}
		// The refused report kept no key: corrected, it goes through.
		if a := ps.api("POST", path, tok, []byte(`{"unit":"HCM-BTH","date":"2026-12-11","amount_vnd":1,"summary":"x"}`), "Idempotency-Key", "k-3"); a.status != http.StatusOK {
			t.Fatalf("the corrected report: %d %s", a.status, a.body)
		}
		// A day later the key is forgotten and may name a new request.
		ps.site.Clock.Advance(sqlstore.KeyTTL + time.Minute)
		size := ps.logSize()
		tok = ps.token("pct1.bth")
		if a := ps.api("POST", path, tok, []byte(`{"unit":"HCM-BTH","date":"2026-12-12","amount_vnd":1,"summary":"y"}`), "Idempotency-Key", "k-1"); a.status != http.StatusOK || a.header.Get("Idempotent-Replayed") != "" {
			t.Fatalf("an expired key: %d %s", a.status, a.body)
		}
		if ps.logSize() != size+1 {
			t.Fatal("an expired key's new request was not taken")
		}
	})
}

// TestRetryAfterACrash: the server committed a report and died before it
// answered. The retry gets the event the log holds, with a receipt for it,
// and no second event; so does a draft created and never answered.
func TestRetryAfterACrash(t *testing.T) {
	defer func(d time.Duration) { answerWait = d }(answerWait)
	answerWait = 50 * time.Millisecond
	onBothDatabases(t, func(t *testing.T, ps *pageSite) {
		id := ps.site.AlleyRoad(t, workflow.InImplementation)
		tok := ps.token("pct1.bth")
		path := "/api/v1/proposals/" + id + "/report_progress"
		ctx := context.Background()
		// What the server did before it died: the action, under the key,
		// in its transaction; no answer kept.
		claim := claimFor(t, ps, "pct1.bth", "crash-1", "POST", path, progressBody)
		in := &workflow.ProgressInput{ScopedAction: workflow.ScopedAction{Unit: "HCM-BTH", Date: "2026-12-10", AmountVND: 100_000_000}, Summary: "Đã đổ bê tông 120 m."}
		done, err := casework.New(ps.site.Store).Do(sqlstore.WithClaim(ctx, claim), ps.site.Person(t, "pct1.bth"), id, workflow.ReportProgress, in)
		if err != nil {
			t.Fatal(err)
		}
		size := ps.logSize()
		a := ps.api("POST", path, tok, []byte(progressBody), "Idempotency-Key", "crash-1")
		if a.status != http.StatusOK || a.header.Get("Idempotent-Replayed") != "true" {
			t.Fatalf("the retry: %d %s", a.status, a.body)
		}
		r := a.object(t)
		ev, _ := r["event"].(map[string]any)
		if ev == nil || int64(ev["log_index"].(float64)) != done.Event.LogIndex || r["receipt"] == "" || r["state"] != string(workflow.InImplementation) {
			t.Fatalf("the rebuilt answer names another event: %s (the action wrote %d)", a.body, done.Event.LogIndex)
		}
		if ps.logSize() != size || ps.events(id, "pilot.progress_reported") != 1 {
			t.Fatalf("the retry wrote: log %d → %d, %d reports", size, ps.logSize(), ps.events(id, "pilot.progress_reported"))
		}
		// The rebuilt answer is kept: the next retry is byte for byte the same.
		if b := ps.api("POST", path, tok, []byte(progressBody), "Idempotency-Key", "crash-1"); !bytes.Equal(b.body, a.body) {
			t.Fatalf("a second retry:\n%s\n%s", b.body, a.body)
		}

		// A draft created, unanswered: the retry gets the draft, 201.
		body := `{"unit_id":"HCM-BTH","content":{"title":"Thử nghiệm khóa","field":"Đô thị"}}`
		claim = claimFor(t, ps, "pct1.bth", "crash-2", "POST", "/api/v1/proposals", body)
		var req CreateProposalRequest
		if err := decodeBytes([]byte(body), &req); err != nil {
			t.Fatal(err)
		}
		newID, err := casework.New(ps.site.Store).Create(sqlstore.WithClaim(ctx, claim), ps.site.Person(t, "pct1.bth"), "HCM-BTH", req.Content)
		if err != nil {
			t.Fatal(err)
		}
		drafts := ps.rows("proposals")
		a = ps.api("POST", "/api/v1/proposals", tok, []byte(body), "Idempotency-Key", "crash-2")
		if a.status != http.StatusCreated || a.object(t)["id"] != newID || ps.rows("proposals") != drafts {
			t.Fatalf("the draft's retry: %d %s (drafts %d → %d)", a.status, a.body, drafts, ps.rows("proposals"))
		}
	})
}

// TestRetriedDraftIsOneDraft creates a draft and retries it.
func TestRetriedDraftIsOneDraft(t *testing.T) {
	ps := newPageSite(t, Options{})
	tok := ps.token("pct1.bth")
	body := []byte(`{"unit_id":"HCM-BTH","content":{"title":"Vận động làm đường hẻm 7","field":"Giao thông"}}`)
	n := ps.rows("proposals")
	a := ps.api("POST", "/api/v1/proposals", tok, body, "Idempotency-Key", "draft-1")
	b := ps.api("POST", "/api/v1/proposals", tok, body, "Idempotency-Key", "draft-1")
	if a.status != http.StatusCreated || b.status != http.StatusCreated || !bytes.Equal(a.body, b.body) || ps.rows("proposals") != n+1 {
		t.Fatalf("%d %d, drafts %d → %d\n%s\n%s", a.status, b.status, n, ps.rows("proposals"), a.body, b.body)
	}
	// Without a key, each request is its own.
	ps.api("POST", "/api/v1/proposals", tok, body)
	if ps.rows("proposals") != n+2 {
		t.Fatal("a request without a key was not taken")
	}
}

// claimFor is the claim the server makes for a request.
func claimFor(t *testing.T, ps *pageSite, caller, key, method, path, body string) *sqlstore.Claim {
	t.Helper()
	r := httptest.NewRequest(method, path, nil)
	return &sqlstore.Claim{Caller: caller, Key: key, Digest: requestDigest(r, []byte(body)), At: ps.site.Store.Now()}
}

// TestDoubleClickedFormIsOneDecision posts a case's progress form twice at
// once with the key the page drew: one event, both answers lead to it.
func TestDoubleClickedFormIsOneDecision(t *testing.T) {
	onBothDatabases(t, func(t *testing.T, ps *pageSite) {
		id := ps.site.AlleyRoad(t, workflow.InImplementation)
		c := ps.client("pct1.bth")
		body := ps.mustGet(c, "/proposals/"+id+"/pilot")
		m := regexp.MustCompile(`action="/proposals/` + id + `/do/report_progress"[^>]*>\s*<input type="hidden" name="back" value="([a-z]*)"><input type="hidden" name="form_key" value="([0-9a-f]{32})">`).FindStringSubmatch(body)
		if m == nil {
			t.Fatal("the progress form carries no key")
		}
		form := url.Values{"back": {m[1]}, "form_key": {m[2]}, "unit": {"HCM-BTH"}, "date": {"2026-12-10"}, "amount_vnd": {"100000000"}, "summary": {"Đã đổ bê tông 120 m."}}
		size := ps.logSize()
		answers := make([]page, 2)
		var wg sync.WaitGroup
		for i := range answers {
			wg.Add(1)
			go func() { defer wg.Done(); answers[i] = ps.post(c, "/proposals/"+id+"/do/report_progress", form) }()
		}
		wg.Wait()
		for i, a := range answers {
			if a.status != http.StatusSeeOther || a.header.Get("Location") != answers[0].header.Get("Location") {
				t.Fatalf("submit %d: %d %s", i, a.status, a.header.Get("Location"))
			}
		}
		if ps.events(id, "pilot.progress_reported") != 1 || ps.logSize() != size+1 {
			t.Fatalf("a double click took %d steps", ps.logSize()-size)
		}
		// The page drawn after the step has a new key; the old form sent
		// with other values is refused and writes nothing.
		if again := ps.mustGet(c, "/proposals/"+id+"/pilot"); strings.Contains(again, m[2]) {
			t.Fatal("the form drawn after the step has the old key")
		}
		form.Set("amount_vnd", "5")
		if a := ps.post(c, "/proposals/"+id+"/do/report_progress", form); a.status != http.StatusConflict || !strings.Contains(a.body, "Biểu mẫu này đã được gửi") || ps.logSize() != size+1 {
			t.Fatalf("an old form with other values: %d, log %d → %d", a.status, size, ps.logSize())
		}
	})
}
