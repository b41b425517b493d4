package main

import (
	"bufio"
	"context"
	"io"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"damlam/internal/mailtest"
)

// startProcess starts the damlam binary at bin as `serve` on port 0 and
// returns it once it listens.
func startProcess(t *testing.T, bin, data string, env []string, extra ...string) (*exec.Cmd, string) {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"serve", "--addr", "127.0.0.1:0", "--data", data}, extra...)...)
	cmd.Env = env
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	urlc := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if m := listening.FindStringSubmatch(sc.Text()); m != nil {
				urlc <- m[1]
			}
		}
	}()
	select {
	case u := <-urlc:
		return cmd, u
	case <-time.After(60 * time.Second):
		cmd.Process.Kill()
		t.Fatal("the server did not start")
	}
	return nil, ""
}

// TestMailSurvivesSIGKILL: decisions leave mail in the outbox; a server
// whose SMTP server refuses everything is killed with SIGKILL while
// delivering; restarted later against a server that accepts, it sends
// every message, each exactly once.
func TestMailSurvivesSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	dir := t.TempDir()
	env := map[string]string{"DAMLAM_NOW": "2026-11-26T03:00:00Z"}
	boot := &instance{t: t, data: dir, env: env}
	writeFile(t, dir, "units.csv", unitsCSV)
	if out, err := boot.cli("", "import", "units", dir+"/units.csv"); err != nil {
		t.Fatalf("import units: %v\n%s", err, out)
	}
	if out, err := boot.cli(testPassword+"\n", "user", "add", "--id", "admin", "--name", "Quản trị", "--email", "admin@test.vn",
		"--unit", "VN", "--position", "staff", "--role", "admin", "--password-stdin"); err != nil {
		t.Fatalf("user add: %v\n%s", err, out)
	}
	// The decisions, through a server without SMTP: the mail stays pending.
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan error, 1)
	pr, pw := io.Pipe()
	go func() {
		done <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--data", dir}, boot.getenv, strings.NewReader(""), pw, io.Discard)
		pw.Close()
	}()
	sc := bufio.NewScanner(pr)
	for sc.Scan() {
		if m := listening.FindStringSubmatch(sc.Text()); m != nil {
			boot.url = m[1]
			break
		}
	}
	go io.Copy(io.Discard, pr)
	admin := boot.login("admin@test.vn")
	seedPeople(t, boot, admin)
	proposer := boot.login("pct1.bth@test.vn")
	id := str(boot.must(201, "POST", "/api/v1/proposals", proposer, map[string]any{"unit_id": "HCM-BTH", "content": alleyRoadContent()})["id"])
	boot.must(200, "POST", "/api/v1/proposals/"+id+"/submit", proposer, nil)
	boot.must(200, "POST", "/api/v1/proposals/"+id+"/convene", boot.login("chutich.bth@test.vn"), nil)
	boot.must(200, "POST", "/api/v1/proposals/"+id+"/party_opinion", boot.login("danguy.bth@test.vn"), map[string]any{"opinion": "agree", "text": "Đồng ý."})
	pending := boot.must(200, "GET", "/api/v1/admin/outbox", admin, nil)["counts"].(map[string]any)["pending"].(float64)
	if pending != 7 {
		t.Fatalf("pending %v, want 7", pending)
	}
	stop()
	if err := <-done; err != nil {
		t.Fatal(err)
	}

	bin := filepath.Join(t.TempDir(), "damlam")
	if out, err := exec.Command("go", "build", "-o", bin, "damlam/cmd/damlam").CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	srv := mailtest.Start(t, mailtest.Options{})
	srv.Refuse(1 << 20)
	first, _ := startProcess(t, bin, dir, []string{"DAMLAM_NOW=2026-11-26T03:00:00Z", "DAMLAM_SMTP=" + srv.URL()}, "--mail-every", "20ms")
	deadline := time.Now().Add(20 * time.Second)
	for srv.Refused() < 3 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	first.Process.Signal(syscall.SIGKILL)
	first.Wait()
	if srv.Refused() < 3 || len(srv.Messages()) != 0 {
		t.Fatalf("before the kill: %d refused, %d accepted", srv.Refused(), len(srv.Messages()))
	}

	// An hour later, the mail server accepts again.
	srv.Refuse(0)
	second, _ := startProcess(t, bin, dir, []string{"DAMLAM_NOW=2026-11-26T04:00:00Z", "DAMLAM_SMTP=" + srv.URL()}, "--mail-every", "20ms")
	defer func() { second.Process.Signal(syscall.SIGTERM); second.Wait() }()
	msgs := srv.Wait(7, 30*time.Second)
	time.Sleep(200 * time.Millisecond) // several more rounds: nothing more may come
	seen := map[string]int{}
	for _, m := range srv.Messages() {
		p, err := m.Parse()
		if err != nil {
			t.Fatal(err)
		}
		seen[p.Header.Get("X-Damlam-Outbox")]++
	}
	if len(msgs) != 7 || len(seen) != 7 || len(srv.Messages()) != 7 {
		t.Fatalf("%d messages (%d distinct), want 7 once each", len(srv.Messages()), len(seen))
	}
}
