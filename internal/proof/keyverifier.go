package proof

import (
	"sync"

	"golang.org/x/mod/sumdb/note"
)

// NewVerifier is note.NewVerifier that remembers the verifier key text it
// was made from. A dossier's checkpoints are opened twice, against the
// keys the inspector trusts and against the dossier's own keys/, and those
// are usually the same key: knowing the key texts lets Verify check each
// signature once. Only equal texts are taken as the same key; the 4-byte
// key hash alone could collide.
func NewVerifier(vkey string) (note.Verifier, error) {
	v, err := note.NewVerifier(vkey)
	if err != nil {
		return nil, err
	}
	return keyVerifier{v, vkey}, nil
}

type keyVerifier struct {
	note.Verifier
	vkey string
}

// signatureMemo remembers which signatures verified under which key text,
// shared by every key set one verification opens notes with. Concurrent
// checks of the same signature wait for the first instead of repeating it.
type signatureMemo struct {
	mu    sync.Mutex
	cells map[string]*signatureCell
}

type signatureCell struct {
	once sync.Once
	ok   bool
}

func newSignatureMemo() *signatureMemo {
	return &signatureMemo{cells: map[string]*signatureCell{}}
}

// verifiers returns vs with every verifier whose key text is known routed
// through the memo; others (keys made by note.NewVerifier directly) are
// checked every time, as before.
func (m *signatureMemo) verifiers(vs note.Verifiers) note.Verifiers {
	if vs == nil {
		return nil
	}
	return memoVerifiers{vs, m}
}

type memoVerifiers struct {
	inner note.Verifiers
	memo  *signatureMemo
}

func (mv memoVerifiers) Verifier(name string, hash uint32) (note.Verifier, error) {
	v, err := mv.inner.Verifier(name, hash)
	if err != nil {
		return v, err
	}
	if kv, ok := v.(keyVerifier); ok {
		return memoVerifier{kv, mv.memo}, nil
	}
	return v, nil
}

type memoVerifier struct {
	keyVerifier
	memo *signatureMemo
}

func (v memoVerifier) Verify(msg, sig []byte) bool {
	k := v.vkey + "\x00" + string(sig) + "\x00" + string(msg)
	v.memo.mu.Lock()
	c := v.memo.cells[k]
	if c == nil {
		c = &signatureCell{}
		v.memo.cells[k] = c
	}
	v.memo.mu.Unlock()
	c.once.Do(func() { c.ok = v.keyVerifier.Verify(msg, sig) })
	return c.ok
}
