package proof

import (
	"bytes"
	"encoding/json"
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
	for _, name := range []string{"testdata/valid.zip", "testdata/v2/valid.zip", "testdata/v2/swapped-attachment.zip"} {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b)
		}
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

// FuzzParseRecord: whatever a record holds, parseRecord must not panic, and
// what it accepts must be one JSON object whose digests are well formed and
// whose content digest comes with the version it is for.
func FuzzParseRecord(f *testing.F) {
	f.Add([]byte(`{"details":{"content_sha256":"` + hexSum(contentV1) + `","version":1},"docs":["` + hexSum(keHoach.body) + `"]}`))
	f.Add([]byte(`{"scope":` + string(scope1.Canonical()) + `,"details":{"minutes":{"yes":3}}}`))
	f.Add([]byte(`{"details":{"version":2,"version":3}}`))
	f.Add([]byte(`{"docs":null,"details":[1,2]} `))
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := parseRecord(b)
		if err != nil {
			return
		}
		if !json.Valid(b) || bytes.TrimSpace(b)[0] != '{' {
			t.Fatalf("accepted something other than a JSON object: %q", b)
		}
		if (r.content == "") != (r.version == 0) || r.content != "" && !isSHA256Hex(r.content) {
			t.Fatalf("content %q with version %d", r.content, r.version)
		}
		for _, d := range r.docs {
			if !isSHA256Hex(d) {
				t.Fatalf("doc %q", d)
			}
		}
		if r.scope != nil {
			_ = r.scope.Digest()
		}
	})
}
