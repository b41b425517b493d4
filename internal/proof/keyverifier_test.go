package proof

import (
	"testing"

	"golang.org/x/mod/sumdb/note"
)

// countingVerifier answers every signature with ok and counts the checks.
type countingVerifier struct {
	name  string
	hash  uint32
	ok    bool
	calls *int
}

func (v countingVerifier) Name() string    { return v.name }
func (v countingVerifier) KeyHash() uint32 { return v.hash }
func (v countingVerifier) Verify(msg, sig []byte) bool {
	*v.calls++
	return v.ok
}

func TestSignatureMemoSharesOnlyEqualKeyTexts(t *testing.T) {
	var good, forged, plain int
	// Same name and key hash, different key texts: a collision of the
	// 4-byte hash must not let one key vouch for the other.
	a := keyVerifier{countingVerifier{"log.example", 7, true, &good}, "log.example+00000007+AAAA"}
	b := keyVerifier{countingVerifier{"log.example", 7, false, &forged}, "log.example+00000007+BBBB"}
	c := countingVerifier{"log.example", 7, true, &plain} // no key text known
	m := newSignatureMemo()
	open := func(v note.Verifier, msg, sig string) bool {
		got, err := m.verifiers(note.VerifierList(v)).Verifier(v.Name(), v.KeyHash())
		if err != nil {
			t.Fatal(err)
		}
		return got.Verify([]byte(msg), []byte(sig))
	}
	for _, tc := range []struct {
		v    note.Verifier
		msg  string
		sig  string
		want bool
	}{
		{a, "body 1", "sig 1", true},
		{a, "body 1", "sig 1", true},  // remembered
		{b, "body 1", "sig 1", false}, // other key text: checked itself
		{b, "body 1", "sig 1", false},
		{a, "body 2", "sig 1", true}, // other message: checked again
		{a, "body 1", "sig 2", true}, // other signature: checked again
		{c, "body 1", "sig 1", true},
		{c, "body 1", "sig 1", true},
	} {
		if got := open(tc.v, tc.msg, tc.sig); got != tc.want {
			t.Errorf("%s %q %q: %v, want %v", tc.v.Name(), tc.msg, tc.sig, got, tc.want)
		}
	}
	if good != 3 || forged != 1 || plain != 2 {
		t.Errorf("checks: key a %d (want 3), key b %d (want 1), no text %d (want 2)", good, forged, plain)
	}
}
