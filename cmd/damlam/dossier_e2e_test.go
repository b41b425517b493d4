package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// verifyDossier downloads a case's dossier through the API and checks it
// with the real damlam-verify binary against the log's published key; then
// changes one byte at a time, anywhere, and requires a rejection.
func verifyDossier(t *testing.T, in *instance, token, id string) {
	t.Helper()
	r := in.call("GET", "/api/v1/proposals/"+id+"/dossier", token, nil)
	if r.status != 200 || r.header.Get("Content-Type") != "application/zip" {
		t.Fatalf("dossier: %d %s", r.status, r.body)
	}
	dir := t.TempDir()
	zipPath := writeFile(t, dir, "dossier.zip", string(r.body))
	keys := in.call("GET", "/api/v1/log/keys", "", nil)
	keyPath := writeFile(t, dir, "log.vkey", strings.SplitN(string(keys.body), "\n", 2)[0]+"\n")

	bin := filepath.Join(dir, "damlam-verify")
	if out, err := exec.Command("go", "build", "-o", bin, "damlam/cmd/damlam-verify").CombinedOutput(); err != nil {
		t.Fatalf("build damlam-verify: %v\n%s", err, out)
	}
	verify := func(path string) (int, string) {
		out, err := exec.Command(bin, "--key", keyPath, path).CombinedOutput()
		if ee, ok := err.(*exec.ExitError); ok {
			return ee.ExitCode(), string(out)
		} else if err != nil {
			t.Fatal(err)
		}
		return 0, string(out)
	}
	if code, out := verify(zipPath); code != 0 || !strings.Contains(out, "HỒ SƠ XÁC THỰC VÀ ĐẦY ĐỦ") {
		t.Fatalf("the dossier does not verify (exit %d):\n%s", code, out)
	}
	for _, frac := range []float64{0.01, 0.1, 0.25, 0.4, 0.5, 0.6, 0.75, 0.9, 0.99} {
		b := []byte(string(r.body))
		i := int(frac * float64(len(b)))
		b[i] ^= 0x01
		bad := filepath.Join(dir, "bad.zip")
		os.WriteFile(bad, b, 0o600)
		if code, out := verify(bad); code != 1 {
			t.Errorf("one byte changed at %d of %d: exit %d, want 1\n%s", i, len(b), code, out)
		}
	}
}
