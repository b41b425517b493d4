package main

import (
	"bufio"
	"context"
	"io"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"damlam/internal/testdb"
)

var witnessKeyLine = regexp.MustCompile(`witness key: (\S+)`)

// startWitness runs `damlam witness` on port 0 for a log key file and
// returns its URL and cosignature key.
func startWitness(t *testing.T, logKeyFile string) (url, vkey string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"witness", "--name", "thanhtra.test/witness", "--log-key", logKeyFile,
			"--addr", "127.0.0.1:0", "--data", t.TempDir()}, func(string) string { return "" }, nil, pw, io.Discard)
		pw.Close()
	}()
	t.Cleanup(func() { cancel(); <-done })
	sc := bufio.NewScanner(pr)
	for sc.Scan() {
		if m := witnessKeyLine.FindStringSubmatch(sc.Text()); m != nil {
			vkey = m[1]
		}
		if m := listening.FindStringSubmatch(sc.Text()); m != nil {
			url = m[1]
			go io.Copy(io.Discard, pr)
			return url, vkey
		}
	}
	t.Fatal("witness did not start")
	return "", ""
}

// TestWitnessDatesTheDecisions runs an independent witness beside the
// server: the server sends it each new checkpoint, and the case's dossier
// proves, with the witness's key, by when each decision existed.
func TestWitnessDatesTheDecisions(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dialect, dsn string) { witnessDatesTheDecisions(t, dbEnv(dialect, dsn)) })
}

func witnessDatesTheDecisions(t *testing.T, env map[string]string) {
	dir := t.TempDir()
	boot := &instance{t: t, data: dir, env: env}
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
	logKey := writeFile(t, dir, "log.vkey", keys)
	url, wkey := startWitness(t, logKey)
	witnessKey := writeFile(t, dir, "witness.vkey", wkey+"\n")
	in := startServer(t, dir, boot.env, "--witness", url+"="+witnessKey)

	admin := in.login("admin@test.vn")
	seedPeople(t, in, admin)
	proposer := in.login("pct1.bth@test.vn")
	p := in.must(201, "POST", "/api/v1/proposals", proposer, map[string]any{"unit_id": "HCM-BTH", "content": alleyRoadContent()})
	id := p["id"].(string)
	in.must(200, "POST", "/api/v1/proposals/"+id+"/submit", proposer, nil)
	in.must(200, "POST", "/api/v1/proposals/"+id+"/convene", in.login("chutich.bth@test.vn"), nil)

	bin := filepath.Join(t.TempDir(), "damlam-verify")
	if out, err := exec.Command("go", "build", "-o", bin, "damlam/cmd/damlam-verify").CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	// The server witnesses every second; wait for the case to be covered.
	deadline := time.Now().Add(20 * time.Second)
	for {
		r := in.call("GET", "/api/v1/proposals/"+id+"/dossier", proposer, nil)
		zipPath := writeFile(t, dir, "dossier.zip", string(r.body))
		out, err := exec.Command(bin, "--key", logKey, "--witness-key", witnessKey, zipPath).CombinedOutput()
		if err == nil && strings.Count(string(out), "existed no later than 20") == 2 {
			if !strings.Contains(string(out), "thanhtra.test/witness") {
				t.Fatalf("the witness is not named:\n%s", out)
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the dossier never carried the witness's dates (last: %v):\n%s", err, out)
		}
		time.Sleep(300 * time.Millisecond)
	}
}
