package proof

import (
	"bytes"
	"os"
	"testing"
)

func FuzzParseEntry(f *testing.F) {
	good, _ := sampleEntry().Marshal()
	f.Add(good)
	f.Add([]byte(LeafHeader + "\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		e, err := ParseEntry(b)
		if err != nil {
			return
		}
		again, err := e.Marshal()
		if err != nil || !bytes.Equal(again, b) {
			t.Fatalf("parsed leaf does not marshal back: %v\n%q\n%q", err, b, again)
		}
	})
}

func FuzzParseReceipt(f *testing.F) {
	l := newMemLog(f, testOrigin, trustSeed)
	l.append([]byte("a"))
	l.append([]byte("b"))
	l.sign()
	f.Add(l.receipt(0, 2).Marshal())
	f.Add([]byte(ReceiptHeader + "\nindex 0\n\n"))
	trusted := verifiers(f, l.vkey)
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := ParseReceipt(b)
		if err != nil {
			return
		}
		if !bytes.Equal(r.Marshal(), b) {
			t.Fatal("parsed receipt does not marshal back")
		}
		_ = VerifyReceipt(r, []byte("a"), trusted)
	})
}

func FuzzCheckpoint(f *testing.F) {
	l := newMemLog(f, testOrigin, trustSeed)
	l.append([]byte("a"))
	f.Add(l.sign())
	f.Add([]byte("o\n1\nAAAA\n"))
	trusted := verifiers(f, l.vkey)
	f.Fuzz(func(t *testing.T, b []byte) {
		if c, err := ParseCheckpointBody(b); err == nil && !bytes.HasPrefix(b, []byte(c.Text())) {
			t.Fatal("parsed body is not a prefix of its input")
		}
		_, _, _ = OpenCheckpoint(b, trusted)
		_, _ = ParseHashes(b)
	})
}

func FuzzReadZip(f *testing.F) {
	if b, err := os.ReadFile("testdata/valid.zip"); err == nil {
		f.Add(b)
	}
	f.Add([]byte("PK\x05\x06" + string(make([]byte, 18))))
	trusted := verifiers(f, mustRead(f, "testdata/trusted.vkey"))
	f.Fuzz(func(t *testing.T, b []byte) {
		d, err := ReadZip(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			return
		}
		Verify(d, trusted)
	})
}

func mustRead(t testing.TB, name string) string {
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(bytes.TrimSuffix(b, []byte("\n")))
}
