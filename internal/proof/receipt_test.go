package proof

import (
	"bytes"
	"strings"
	"testing"

	fmtproof "github.com/transparency-dev/formats/proof"
)

func TestReceiptRoundTripAndInterop(t *testing.T) {
	l := newMemLog(t, testOrigin, trustSeed)
	for i := range 11 {
		l.append([]byte{byte(i)})
	}
	l.sign()
	trusted := verifiers(t, l.vkey)
	for i := range uint64(11) {
		r := l.receipt(i, 11)
		b := r.Marshal()
		// The transparency-dev implementation must write the same text.
		var hashes [][32]byte
		hashes = append(hashes, r.Proof...)
		ref := fmtproof.TLogProof{Index: i, Hashes: hashes, Checkpoint: r.Checkpoint}
		if !bytes.Equal(ref.Marshal(), b) {
			t.Fatalf("index %d: our receipt differs from formats/proof:\n%s\n%s", i, b, ref.Marshal())
		}
		got, err := ParseReceipt(b)
		if err != nil {
			t.Fatal(err)
		}
		if err := VerifyReceipt(got, []byte{byte(i)}, trusted); err != nil {
			t.Fatalf("index %d: %v", i, err)
		}
		if VerifyReceipt(got, []byte{byte(i + 1)}, trusted) == nil {
			t.Fatalf("index %d: accepted another leaf", i)
		}
	}
	other := newMemLog(t, testOrigin, "other")
	if err := VerifyReceipt(l.receipt(0, 11), []byte{0}, verifiers(t, other.vkey)); !IsUnverified(err) {
		t.Errorf("untrusted key: %v, want an unverified-note error", err)
	}
}

func TestParseReceiptRejectsVariants(t *testing.T) {
	l := newMemLog(t, testOrigin, trustSeed)
	l.append([]byte("a"))
	l.append([]byte("b"))
	l.sign()
	good := string(l.receipt(1, 2).Marshal())
	for name, bad := range map[string]string{
		"extra line":    strings.Replace(good, "index 1\n", "extra AA==\nindex 1\n", 1),
		"leading zero":  strings.Replace(good, "index 1\n", "index 01\n", 1),
		"no header":     strings.TrimPrefix(good, ReceiptHeader+"\n"),
		"no blank line": strings.Replace(good, "=\n\n", "=\n", 1),
		"crlf":          strings.ReplaceAll(good, "\n", "\r\n"),
		"short hash":    strings.Replace(good, "index 1\n", "index 1\nAAAA\n", 1),
		"no final nl":   strings.TrimSuffix(good, "\n"),
	} {
		if _, err := ParseReceipt([]byte(bad)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if _, err := ParseReceipt([]byte(good)); err != nil {
		t.Fatal(err)
	}
}

func TestCheckFork(t *testing.T) {
	l := newMemLog(t, testOrigin, trustSeed)
	for i := range 5 {
		l.append([]byte{byte(i)})
	}
	old := l.sign()
	for i := range 4 {
		l.append([]byte{byte(10 + i)})
	}
	cur := l.sign()
	trusted := verifiers(t, l.vkey)
	if c := CheckFork(old, cur, l.consistency(5, 9), trusted); c.Status != Holds {
		t.Errorf("honest log: %v %s", c.Status, c.Detail)
	}
	if c := CheckFork(old, cur, nil, trusted); c.Status != CannotTell {
		t.Errorf("no proof: %v", c.Status)
	}
	// A forked log: same first five leaves? No: a different fifth leaf.
	f := newMemLog(t, testOrigin, trustSeed)
	for i := range 4 {
		f.append([]byte{byte(i)})
	}
	f.append([]byte("rewritten"))
	for i := range 4 {
		f.append([]byte{byte(10 + i)})
	}
	forked := f.sign()
	if c := CheckFork(old, forked, f.consistency(5, 9), trusted); c.Status != Fails {
		t.Errorf("forked log: %v", c.Status)
	}
	if c := CheckFork(cur, forked, nil, trusted); c.Status != Fails {
		t.Errorf("same size, other root: %v", c.Status)
	}
}
