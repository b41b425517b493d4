package main

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var golden = filepath.Join("..", "..", "internal", "proof", "testdata")

func runCmd(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := run(args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestGoldenExitCodes(t *testing.T) {
	key := filepath.Join(golden, "trusted.vkey")
	for name, want := range map[string]int{
		"valid": 0, "changed-leaf": 1, "missing-receipt": 1, "broken-chain": 1,
		"outside-scope": 3, "action-before-approval": 1, "wrong-key": 2,
		"v2/valid": 0, "v2/swapped-attachment": 1, "v2/altered-version": 1, "v2/altered-record": 1,
	} {
		code, out, errs := runCmd("--key", key, filepath.Join(golden, name+".zip"))
		if code != want {
			t.Errorf("%s: exit %d, want %d\n%s%s", name, code, want, out, errs)
		}
		if want == 1 && !strings.Contains(out, "[SAI / FAILS]") {
			t.Errorf("%s: no failed claim printed:\n%s", name, out)
		}
	}
}

// TestSwappedDocumentIsNamed: a dossier whose seal holds but whose content
// version, attachment or record is not what the log names is invalid, and
// the report says which file, in both languages, and what it should match.
func TestSwappedDocumentIsNamed(t *testing.T) {
	key := filepath.Join(golden, "trusted.vkey")
	for name, want := range map[string][]string{
		"v2/swapped-attachment": {
			"6. [SAI / FAILS] Mọi tài liệu",
			"attachments/aca3506853d7cd6245b064b6d1747b8ee352a1f8e37f8873cb0149839868f514.pdf có SHA-256 ",
			"attachments/aca3506853d7cd6245b064b6d1747b8ee352a1f8e37f8873cb0149839868f514.pdf has SHA-256 ",
			"of leaves 1, 5: the file was swapped or altered.",
		},
		"v2/altered-version": {
			"6. [SAI / FAILS] Mọi tài liệu",
			"versions/2.json có SHA-256 ",
			"of version 2 submitted at leaf 5 (records/5.json): the content was swapped or altered.",
		},
		"v2/altered-record": {
			"5. [SAI / FAILS] Mỗi hồ sơ nghiệp vụ",
			"records/7.json có SHA-256 ",
			"of leaf 7: the content was changed.",
		},
	} {
		code, out, _ := runCmd("--key", key, filepath.Join(golden, name+".zip"))
		if code != 1 || !strings.Contains(out, "VERDICT 1 — AUTHENTICITY: NOT AUTHENTIC") {
			t.Errorf("%s: exit %d, want 1 and INVALID:\n%s", name, code, out)
		}
		for _, s := range want {
			if !strings.Contains(out, s) {
				t.Errorf("%s: the report does not say %q:\n%s", name, s, out)
			}
		}
	}
}

// TestTwoVerdicts: a genuine dossier of a case with actions outside its
// scope reads as authentic, with the overstep as its own verdict; a
// tampered one reads as not authentic, and its scope as not judged.
func TestTwoVerdicts(t *testing.T) {
	key := filepath.Join(golden, "trusted.vkey")
	for _, tc := range []struct {
		name     string
		code     int
		say, not []string
	}{
		{"outside-scope", 3, []string{"VERDICT 1 — AUTHENTICITY: AUTHENTIC AND COMPLETE", "KẾT LUẬN 1 — TÍNH XÁC THỰC: HỒ SƠ XÁC THỰC VÀ ĐẦY ĐỦ",
			"VERDICT 2 — SCOPE: SOME ACTIONS WERE OUTSIDE THE APPROVED SCOPE", "this is not a sign of forgery", "đây không phải dấu hiệu giả mạo"},
			[]string{"INVALID", "NOT AUTHENTIC", "KHÔNG HỢP LỆ"}},
		{"valid", 0, []string{"AUTHENTIC AND COMPLETE", "VERDICT 2 — SCOPE: EVERY ACTION STAYED INSIDE THE APPROVED SCOPE"}, []string{"OUTSIDE THE APPROVED"}},
		{"changed-leaf", 1, []string{"VERDICT 1 — AUTHENTICITY: NOT AUTHENTIC", "VERDICT 2 — SCOPE: CANNOT TELL"}, []string{"AUTHENTIC AND COMPLETE"}},
	} {
		code, out, _ := runCmd("--key", key, filepath.Join(golden, tc.name+".zip"))
		if code != tc.code {
			t.Errorf("%s: exit %d, want %d", tc.name, code, tc.code)
		}
		for _, s := range tc.say {
			if !strings.Contains(out, s) {
				t.Errorf("%s: does not say %q:\n%s", tc.name, s, out)
			}
		}
		for _, s := range tc.not {
			if strings.Contains(out, s) {
				t.Errorf("%s: says %q:\n%s", tc.name, s, out)
			}
		}
	}
}

func TestNoKeyTrustsDossierLoudly(t *testing.T) {
	code, out, _ := runCmd(filepath.Join(golden, "valid.zip"))
	if code != 2 || !strings.Contains(out, "WARNING: no --key") || !strings.Contains(out, "key in the dossier: damlam.example.gov.vn/log+") {
		t.Fatalf("exit %d:\n%s", code, out)
	}
}

func TestJSON(t *testing.T) {
	code, out, _ := runCmd("--json", filepath.Join(golden, "outside-scope.zip"), "--key", filepath.Join(golden, "trusted.vkey"))
	var rep struct {
		Overall, Authenticity, Compliance string
		Claims                            []struct{ ID, Status string }
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil || code != 3 || rep.Overall != "fails" || len(rep.Claims) != 8 ||
		rep.Authenticity != "holds" || rep.Compliance != "fails" {
		t.Fatalf("exit %d, %v: %s", code, err, out)
	}
	if c := rep.Claims[5]; c.ID != "case.documents" || c.Status != "holds" {
		t.Errorf("sixth claim %+v", c)
	}
	if c := rep.Claims[7]; c.ID != "case.in_scope" || c.Status != "fails" {
		t.Errorf("last claim %+v", c)
	}
}

func TestUsage(t *testing.T) {
	if code, out, _ := runCmd("--help"); code != 0 || !strings.Contains(out, "--key FILE") {
		t.Errorf("--help: %d %s", code, out)
	}
	if code, _, _ := runCmd(); code != 2 {
		t.Errorf("no arguments: exit %d", code)
	}
	if code, _, _ := runCmd("--key", filepath.Join(golden, "trusted.vkey"), "no-such.zip"); code != 2 {
		t.Errorf("missing file: exit %d", code)
	}
}

// TestOneByteChangeRejected flips one byte at many places of a valid
// dossier (every header region and a spread of content bytes), in both
// formats: every copy must be rejected, never accepted as valid.
func TestOneByteChangeRejected(t *testing.T) {
	for _, name := range []string{"valid.zip", "v2/valid.zip"} {
		t.Run(name, func(t *testing.T) { oneByteChangesRejected(t, filepath.Join(golden, name)) })
	}
}

func oneByteChangesRejected(t *testing.T, path string) {
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	key := filepath.Join(golden, "trusted.vkey")
	dir := t.TempDir()
	positions := map[int]bool{}
	for i := 0; i < len(raw); i += 37 {
		positions[i] = true
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 200 {
		positions[rng.IntN(len(raw))] = true
	}
	for i := len(raw) - 200; i < len(raw); i++ { // the central directory's tail
		positions[i] = true
	}
	for pos := range positions {
		for _, delta := range []byte{1, 0x40} {
			b := bytes.Clone(raw)
			b[pos] ^= delta
			file := filepath.Join(dir, "x.zip")
			os.WriteFile(file, b, 0o644)
			code, out, _ := runCmd("--key", key, file)
			if code == 0 {
				t.Fatalf("byte %d ^ %#x: accepted as valid", pos, delta)
			}
			if code == 1 && !strings.Contains(out, "[SAI / FAILS]") {
				t.Fatalf("byte %d: rejected without naming the failed claim:\n%s", pos, out)
			}
		}
	}
}

func TestCheckpointCommand(t *testing.T) {
	// The golden dossier carries receipts at sizes 4..14 and the
	// latest checkpoint at 15, with consistency proofs between them.
	dir := t.TempDir()
	raw, _ := os.ReadFile(filepath.Join(golden, "valid.zip"))
	files := unzip(t, raw)
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, b, 0o644)
		return p
	}
	receipt := string(files["receipts/3.tlog-proof"])
	archived := write("old.txt", []byte(receipt[strings.Index(receipt, "\n\n")+2:]))
	latest := write("new.txt", files["checkpoint.txt"])
	proofFile := write("proof.txt", files["consistency/4-15.txt"])
	key := filepath.Join(golden, "trusted.vkey")
	if code, out, errs := runCmd("checkpoint", "--key", key, "--proof", proofFile, archived, latest); code != 0 {
		t.Errorf("consistent: exit %d\n%s%s", code, out, errs)
	}
	if code, _, _ := runCmd("checkpoint", "--key", key, archived, latest); code != 2 {
		t.Errorf("no proof: exit %d", code)
	}
	bad := write("bad.txt", files["consistency/8-15.txt"])
	if code, _, _ := runCmd("checkpoint", "--key", key, "--proof", bad, archived, latest); code != 1 {
		t.Errorf("wrong proof: exit %d", code)
	}
}
