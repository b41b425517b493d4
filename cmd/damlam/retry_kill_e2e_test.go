package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"
)

// TestRetryAfterServerKill: a client sends a progress report under an
// Idempotency-Key, five times at once as a client retrying on timeouts
// does; the server is killed with SIGKILL while the requests are in
// flight, restarted on the same data, and the client sends the report
// again under the same key, five times at once. Whatever the kill cut off
// (nothing, the commit, or only the answer), the case has exactly one
// progress event, and every answer, before and after the kill, carries
// the same receipt. Each round kills at another moment.
func TestRetryAfterServerKill(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and kills it")
	}
	dir := t.TempDir()
	env := []string{"DAMLAM_NOW=2026-12-08T03:00:00Z"}
	boot := &instance{t: t, data: dir, env: map[string]string{"DAMLAM_NOW": "2026-12-08T03:00:00Z"}}
	writeFile(t, dir, "units.csv", unitsCSV)
	if out, err := boot.cli("", "import", "units", dir+"/units.csv"); err != nil {
		t.Fatalf("import units: %v\n%s", err, out)
	}
	if out, err := boot.cli(testPassword+"\n", "user", "add", "--id", "admin", "--name", "Quản trị", "--email", "admin@test.vn",
		"--unit", "VN", "--position", "staff", "--role", "admin", "--password-stdin"); err != nil {
		t.Fatalf("user add: %v\n%s", err, out)
	}
	bin := filepath.Join(t.TempDir(), "damlam")
	if out, err := exec.Command("go", "build", "-o", bin, "damlam/cmd/damlam").CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	proc, url := startProcess(t, bin, dir, env)
	defer func() { proc.Process.Signal(syscall.SIGTERM); proc.Wait() }()
	in := &instance{t: t, data: dir, env: boot.env, url: url}
	f := &fleet{tb: t, instances: []*instance{in}, tokens: map[string]string{}}
	f.tokens["admin"] = in.login("admin@test.vn")
	seedPeople(t, in, f.tokens["admin"])
	for _, id := range []string{"pct1.bth", "pct2.bth", "pct3.bth", "pct4.bth", "chutich.bth", "danguy.bth"} {
		f.tokens[id] = in.login(id + "@test.vn")
	}

	body := []byte(`{"unit":"HCM-BTH","date":"2026-12-05","amount_vnd":1000,"summary":"Đã đổ bê tông thêm 10 m."}`)
	for round, delay := range []time.Duration{0, 10 * time.Millisecond, 20 * time.Millisecond, 25 * time.Millisecond, 30 * time.Millisecond, 35 * time.Millisecond, time.Second} {
		id, err := f.toImplementation(0, func(decision) {})
		if err != nil {
			t.Fatal(err)
		}
		key := fmt.Sprintf("progress-%d", round)
		path := "/api/v1/proposals/" + id + "/report_progress"
		sent := make(chan []keyedAnswer)
		go func() { sent <- keyedBurst(in.url+path, f.tokens["pct1.bth"], key, body, 5) }()
		time.Sleep(delay)
		proc.Process.Signal(syscall.SIGKILL)
		proc.Wait()
		before := <-sent
		cut := 0
		for _, a := range before {
			if a.err != nil {
				cut++
			}
		}

		proc, url = startProcess(t, bin, dir, env)
		in.url = url
		committed := progressEvents(in, f.tokens["pct1.bth"], id)
		after := keyedBurst(in.url+path, f.tokens["pct1.bth"], key, body, 5)
		receipt := ""
		for i, a := range append(before, after...) {
			if a.err != nil {
				if i >= len(before) {
					t.Fatalf("round %d: a retry after the restart failed: %v", round, a.err)
				}
				continue
			}
			if a.status != http.StatusOK || a.receipt == "" {
				t.Fatalf("round %d, answer %d: %d %s", round, i, a.status, a.body)
			}
			if receipt == "" {
				receipt = a.receipt
			} else if a.receipt != receipt {
				t.Fatalf("round %d: two receipts for one report:\n%s\n%s", round, receipt, a.receipt)
			}
		}
		n := progressEvents(in, f.tokens["pct1.bth"], id)
		if n != 1 {
			t.Fatalf("round %d (kill after %v, %d of 5 requests cut off): %d progress events, want 1", round, delay, cut, n)
		}
		t.Logf("round %d: killed after %v, %d of 5 requests cut off, %d progress event(s) committed before the kill; one event, one receipt", round, delay, cut, committed)
	}
}

// progressEvents counts case id's progress reports.
func progressEvents(in *instance, token, id string) int {
	n := 0
	for _, ev := range in.must(200, "GET", "/api/v1/proposals/"+id, token, nil)["history"].([]any) {
		if ev.(map[string]any)["type"] == "pilot.progress_reported" {
			n++
		}
	}
	return n
}

// keyedAnswer is one answer to a keyed request, or the error that cut it off.
type keyedAnswer struct {
	status  int
	body    []byte
	receipt string
	err     error
}

// keyedBurst sends n copies of one keyed POST at once and waits for them
// (or for the connection to break).
func keyedBurst(url, token, key string, body []byte, n int) []keyedAnswer {
	out := make([]keyedAnswer, n)
	var wg sync.WaitGroup
	for i := range out {
		wg.Go(func() {
			req, err := http.NewRequest("POST", url, bytes.NewReader(body))
			if err != nil {
				out[i].err = err
				return
			}
			req.Header.Set("Authorization", "Bearer "+token)
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Idempotency-Key", key)
			res, err := loadClient.Do(req)
			if err != nil {
				out[i].err = err
				return
			}
			defer res.Body.Close()
			var buf bytes.Buffer
			if _, err := buf.ReadFrom(res.Body); err != nil {
				out[i].err = err
				return
			}
			out[i].status, out[i].body = res.StatusCode, buf.Bytes()
			var r struct {
				Receipt string `json:"receipt"`
			}
			json.Unmarshal(out[i].body, &r)
			out[i].receipt = r.Receipt
		})
	}
	wg.Wait()
	return out
}
