package proof

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"testing"
	"time"

	"github.com/transparency-dev/merkle/rfc6962"
	"github.com/transparency-dev/merkle/testonly"
	"golang.org/x/mod/sumdb/note"
)

// detRand is a deterministic byte stream, so that golden dossiers signed
// with test keys come out byte-identical on every run (Ed25519 signatures
// are deterministic once the key is).
type detRand struct {
	seed []byte
	n    uint64
	buf  []byte
}

func (r *detRand) Read(p []byte) (int, error) {
	for len(r.buf) < len(p) {
		var c [8]byte
		binary.BigEndian.PutUint64(c[:], r.n)
		r.n++
		s := sha256.Sum256(append(append([]byte{}, r.seed...), c[:]...))
		r.buf = append(r.buf, s[:]...)
	}
	n := copy(p, r.buf)
	r.buf = r.buf[n:]
	return n, nil
}

// testKey returns a deterministic signer and its verifier key.
func testKey(t testing.TB, origin, seed string) (note.Signer, string) {
	t.Helper()
	skey, vkey, err := note.GenerateKey(&detRand{seed: []byte(seed)}, origin)
	if err != nil {
		t.Fatal(err)
	}
	s, err := note.NewSigner(skey)
	if err != nil {
		t.Fatal(err)
	}
	return s, vkey
}

func verifiers(t testing.TB, vkeys ...string) note.Verifiers {
	t.Helper()
	var vs []note.Verifier
	for _, k := range vkeys {
		v, err := note.NewVerifier(k)
		if err != nil {
			t.Fatal(err)
		}
		vs = append(vs, v)
	}
	return note.VerifierList(vs...)
}

// memLog is an in-memory log built on transparency-dev's reference tree,
// an implementation independent of the one the ledger uses.
type memLog struct {
	t      testing.TB
	origin string
	signer note.Signer
	vkey   string
	tree   *testonly.Tree
	leaves [][]byte
	cps    map[uint64][]byte
}

func newMemLog(t testing.TB, origin, seed string) *memLog {
	s, v := testKey(t, origin, seed)
	return &memLog{t: t, origin: origin, signer: s, vkey: v, tree: testonly.New(rfc6962.DefaultHasher), cps: map[uint64][]byte{}}
}

func (l *memLog) append(leaf []byte) uint64 {
	l.tree.AppendData(leaf)
	l.leaves = append(l.leaves, leaf)
	return uint64(len(l.leaves) - 1)
}

// sign signs a checkpoint at the current size and returns it.
func (l *memLog) sign() []byte {
	size := l.tree.Size()
	if cp, ok := l.cps[size]; ok {
		return cp
	}
	cp := Checkpoint{Origin: l.origin, Size: size, Root: [32]byte(l.tree.Hash())}
	signed, err := note.Sign(&note.Note{Text: cp.Text()}, l.signer)
	if err != nil {
		l.t.Fatal(err)
	}
	l.cps[size] = signed
	return signed
}

func (l *memLog) receipt(index, size uint64) Receipt {
	p, err := l.tree.InclusionProof(index, size)
	if err != nil {
		l.t.Fatal(err)
	}
	return Receipt{Index: index, Proof: to32(p), Checkpoint: l.cps[size]}
}

func (l *memLog) consistency(old, size uint64) [][32]byte {
	p, err := l.tree.ConsistencyProof(old, size)
	if err != nil {
		l.t.Fatal(err)
	}
	return to32(p)
}

func to32(p [][]byte) [][32]byte {
	out := make([][32]byte, len(p))
	for i := range p {
		out[i] = [32]byte(p[i])
	}
	return out
}

func hexSum(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

var t0 = time.Date(2026, 3, 2, 1, 30, 0, 0, time.UTC)
