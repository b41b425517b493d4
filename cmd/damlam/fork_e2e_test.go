package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	neturl "net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"modernc.org/sqlite"

	"damlam/internal/proof"
	"damlam/internal/testdb"
	"damlam/internal/witness"
)

// tryServe runs `damlam serve` on port 0 and returns once it listens, with
// a function that stops it (the test stops and restarts servers to back up
// and restore their data), or with the error it stopped on.
func tryServe(t *testing.T, data string, extra ...string) (in *instance, stop func(), stderr *syncBuffer, err error) {
	t.Helper()
	in = &instance{t: t, data: data, env: map[string]string{}}
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	stderr = &syncBuffer{}
	go func() {
		args := append([]string{"serve", "--addr", "127.0.0.1:0", "--data", data}, extra...)
		done <- run(ctx, args, in.getenv, strings.NewReader(""), pw, stderr)
		pw.Close()
	}()
	urlc := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			if m := listening.FindStringSubmatch(sc.Text()); m != nil {
				urlc <- m[1]
			}
		}
	}()
	select {
	case in.url = <-urlc:
	case err := <-done:
		cancel()
		return nil, nil, stderr, err
	case <-time.After(60 * time.Second):
		t.Fatalf("server did not start\n%s", stderr.String())
	}
	stopped := false
	stop = func() {
		if stopped {
			return
		}
		stopped = true
		cancel()
		if err := <-done; err != nil {
			t.Errorf("server: %v\n%s", err, stderr.String())
		}
	}
	t.Cleanup(stop)
	return in, stop, stderr, nil
}

// waitWitnessed waits until the witness has cosigned the log at size.
func waitWitnessed(t *testing.T, c *witness.Client, size string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		w, err := c.Latest(context.Background(), "damlam.local/log")
		if err == nil && w != nil && strconv.FormatUint(w.Checkpoint.Size, 10) == size {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the witness never cosigned size %s (last: %+v, %v)", size, w, err)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// TestRestoredBackupCaughtByTheWitness restores a whole data folder — the
// SQLite database and the key folder with its copy of the last checkpoint,
// as one backup holds them — after the server took more decisions that a
// witness cosigned. The key folder went back with the database, so only
// the witness can tell: `damlam serve --witness` must refuse to start,
// saying so in Vietnamese and then English, with the witness's name and
// both sizes; so must `serve --checkpoint` with a checkpoint published
// after the backup. A witness that cannot be reached only warns, and is
// checked as soon as it answers.
func TestRestoredBackupCaughtByTheWitness(t *testing.T) {
	dir := t.TempDir()
	boot := &instance{t: t, data: dir, env: map[string]string{}}
	writeFile(t, dir, "units.csv", unitsCSV)
	if out, err := boot.cli("", "import", "units", dir+"/units.csv"); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if out, err := boot.cli(testPassword+"\n", "user", "add", "--id", "admin", "--name", "Quản trị", "--email", "admin@test.vn",
		"--unit", "VN", "--role", "admin", "--password-stdin"); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	keys, err := boot.cli("", "keys")
	if err != nil {
		t.Fatalf("%v\n%s", err, keys)
	}
	outside := t.TempDir() // what the operator keeps apart from the data folder
	url, wkey := startWitness(t, writeFile(t, outside, "log.vkey", keys))
	witnessKey := writeFile(t, outside, "witness.vkey", wkey+"\n")
	v, err := proof.NewCosignatureVerifier(wkey)
	if err != nil {
		t.Fatal(err)
	}
	wc := &witness.Client{URL: url, Verifier: v}
	withWitness := []string{"--witness", url + "=" + witnessKey}

	in, stop, _, err := tryServe(t, dir, withWitness...)
	if err != nil {
		t.Fatal(err)
	}
	admin := in.login("admin@test.vn")
	seedPeople(t, in, admin)
	proposer := in.login("pct1.bth@test.vn")
	id := in.must(201, "POST", "/api/v1/proposals", proposer, map[string]any{"unit_id": "HCM-BTH", "content": alleyRoadContent()})["id"].(string)
	in.must(200, "POST", "/api/v1/proposals/"+id+"/submit", proposer, nil)
	older := logSize(t, in)
	waitWitnessed(t, wc, older)
	stop()
	backup := t.TempDir()
	if err := os.CopyFS(backup, os.DirFS(dir)); err != nil {
		t.Fatal(err)
	}

	in, stop, _, err = tryServe(t, dir, withWitness...)
	if err != nil {
		t.Fatal(err)
	}
	in.must(200, "POST", "/api/v1/proposals/"+id+"/convene", in.login("chutich.bth@test.vn"), map[string]any{"note": "Họp tập thể lãnh đạo"})
	newer := logSize(t, in)
	waitWitnessed(t, wc, newer)
	// Someone outside archives the checkpoint, as the guide suggests.
	published := writeFile(t, outside, "checkpoint.txt", string(in.call("GET", "/api/v1/log/checkpoint", "", nil).body))
	stop()

	// The restore: database and key folder together, from the one backup.
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	if err := os.CopyFS(dir, os.DirFS(backup)); err != nil {
		t.Fatal(err)
	}
	_, _, _, err = tryServe(t, dir, withWitness...)
	if err == nil {
		t.Fatal("the server started on a restored backup behind its witness")
	}
	msg := describe(err)
	vi, en := strings.Index(msg, "Nhân chứng thanhtra.test/witness"), strings.Index(msg, "Witness thanhtra.test/witness")
	if vi < 0 || en < vi {
		t.Fatalf("the refusal does not name the witness in Vietnamese, then English:\n%s", msg)
	}
	for _, want := range []string{
		fmt.Sprintf("sổ ghi có %s mục, nhưng cơ sở dữ liệu chỉ có %s mục", newer, older),
		fmt.Sprintf("seen the log at %s entries, but the database has only %s", newer, older),
		"khôi phục bản sao lưu mới nhất", "restore the newest backup",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("the refusal does not say %q:\n%s", want, msg)
		}
	}

	t.Logf("the refusal:\n%s", msg)

	// A published checkpoint catches it the same way, without a witness.
	_, _, _, err = tryServe(t, dir, "--checkpoint", published)
	if err == nil || !strings.Contains(describe(err), "The published checkpoint in "+published+" has seen the log at "+newer+" entries") {
		t.Fatalf("serve --checkpoint with a newer published checkpoint: %v", err)
	}

	// With the witness out of reach the server starts, and says what it
	// could not check (docs/deployment.md: what a witness outage costs);
	// once the witness answers, the log stops writing, and says why.
	var down atomic.Bool
	down.Store(true)
	proxy := httputil.NewSingleHostReverseProxy(mustURL(t, url))
	flaky := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if down.Load() {
			http.Error(w, "down for maintenance", http.StatusServiceUnavailable)
			return
		}
		proxy.ServeHTTP(w, r)
	}))
	defer flaky.Close()
	in, stop, stderr, err := tryServe(t, dir, "--witness", flaky.URL+"="+witnessKey)
	if err != nil {
		t.Fatalf("an unreachable witness stopped the server: %v", err)
	}
	defer stop()
	if !strings.Contains(stderr.String(), "could not check the database against the witness") {
		t.Errorf("no warning about the unreachable witness:\n%s", stderr.String())
	}
	down.Store(false)
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(stderr.String(), "the log stopped writing") {
		if time.Now().After(deadline) {
			t.Fatalf("the witness answered, and the server did not check against it:\n%s", stderr.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
	if !strings.Contains(stderr.String(), "has seen the log at "+newer+" entries, but the database has only "+older) {
		t.Errorf("the late refusal does not say why:\n%s", stderr.String())
	}
	r := in.call("POST", "/api/v1/proposals/"+id+"/convene", in.login("chutich.bth@test.vn"), map[string]any{"note": "Họp lại"})
	if r.status != 500 || logSize(t, in) != older {
		t.Errorf("a decision after the late refusal: %d %s; log size %s", r.status, r.body, logSize(t, in))
	}
}

func mustURL(t *testing.T, s string) *neturl.URL {
	t.Helper()
	u, err := neturl.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// TestDecisionOnADatabaseReplacedUnderTheServer replaces the SQLite
// database under a running server with a copy that went another way: a
// backup that a second server, started on it with a copy of the key
// folder, took further. The next decision commits (the copy is as big as
// the checkpoints the server handed out, so the sequencer cannot tell) and
// then the signer refuses the tree. The answer must say that the decision
// was recorded, not that nothing was written.
func TestDecisionOnADatabaseReplacedUnderTheServer(t *testing.T) {
	f := startFleet(t, 1, map[string]string{})
	in := f.instances[0]
	id, err := f.toImplementation(0, func(decision) {})
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if _, err := f.progress(0, id); err != nil {
			t.Fatal(err)
		}
	}
	// An online backup of the running server's database, and its keys.
	live := filepath.Join(in.data, "damlam.db")
	db := testdb.Open(t, testdb.DialectSQLite, testdb.SQLiteDSN(live))
	copyDir := t.TempDir()
	if _, err := db.Exec(`VACUUM INTO '` + filepath.Join(copyDir, "damlam.db") + `'`); err != nil {
		t.Fatal(err)
	}
	if err := os.CopyFS(filepath.Join(copyDir, "log-key"), os.DirFS(filepath.Join(in.data, "log-key"))); err != nil {
		t.Fatal(err)
	}
	before, _ := strconv.Atoi(logSize(t, in))
	for range 2 {
		if _, err := f.progress(0, id); err != nil {
			t.Fatal(err)
		}
	}
	// The copy takes three decisions of its own on another server.
	other, stopOther, _, err := tryServe(t, copyDir)
	if err != nil {
		t.Fatal(err)
	}
	fork := &fleet{tb: t, instances: []*instance{other}, tokens: f.tokens}
	for range 3 {
		if _, err := fork.progress(0, id); err != nil {
			t.Fatal(err)
		}
	}
	stopOther()

	// sqlite3 damlam.db ".restore copy.db", under the running server.
	conn, err := db.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	err = conn.Raw(func(dc any) error {
		r, err := dc.(interface {
			NewRestore(string) (*sqlite.Backup, error)
		}).NewRestore(filepath.Join(copyDir, "damlam.db"))
		if err != nil {
			return err
		}
		if _, err := r.Step(-1); err != nil {
			r.Finish()
			return err
		}
		return r.Finish()
	})
	conn.Close()
	if err != nil {
		t.Fatal(err)
	}

	r := in.call("POST", "/api/v1/proposals/"+id+"/report_progress", f.tokens["pct1.bth"],
		map[string]any{"unit": "HCM-BTH", "date": "2026-12-11", "amount_vnd": 1000, "summary": "Đổ bê tông thêm 5 m."})
	recorded := before + 3 // the copy's three, then this one
	p := r.json(t)
	msg, _ := p["message"].(map[string]any)
	if r.status != 503 || p["code"] != "recorded_no_receipt" ||
		!strings.Contains(str(msg["vi"]), "đã được ghi") || !strings.Contains(str(msg["en"]), fmt.Sprintf("was recorded (log entry %d)", recorded)) {
		t.Fatalf("status %d, want 503 saying the decision was recorded as entry %d:\n%s", r.status, recorded, r.body)
	}
	// And it was: the case's history holds it, in the database now in use.
	view := in.must(200, "GET", "/api/v1/proposals/"+id, f.tokens["pct1.bth"], nil)
	found := false
	for _, ev := range view["history"].([]any) {
		if ev := ev.(map[string]any); ev["log_index"] == float64(recorded) && strings.Contains(str(ev["type"]), "progress") {
			found = true
		}
	}
	if !found {
		t.Errorf("the recorded decision is not in the case's history:\n%v", view["history"])
	}
}
