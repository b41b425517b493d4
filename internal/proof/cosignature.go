package proof

// Witness cosignatures (c2sp.org/tlog-cosignature, cosignature/v1 with
// Ed25519). A cosignature is an independent party's signed statement that,
// at a given time, it had seen the log at that size and root and that the
// log had only grown: evidence that a decision existed before that time,
// which the log operator alone cannot forge.

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"golang.org/x/mod/sumdb/note"
)

// algCosignatureV1 is the signed-note algorithm byte of Ed25519 cosignatures.
const algCosignatureV1 = 0x04

func cosignKeyHash(name string, pub ed25519.PublicKey) uint32 {
	h := sha256.New()
	h.Write([]byte(name + "\n"))
	h.Write([]byte{algCosignatureV1})
	h.Write(pub)
	return binary.BigEndian.Uint32(h.Sum(nil)[:4])
}

// cosignedMessage is what a cosignature/v1 signs: a header, the time, and the
// checkpoint's note body.
func cosignedMessage(ts uint64, body []byte) []byte {
	return append([]byte("cosignature/v1\ntime "+strconv.FormatUint(ts, 10)+"\n"), body...)
}

// Cosigner signs checkpoints as a note.Signer whose signatures carry the
// time of signing, so note.Sign adds a proper cosignature line.
type Cosigner struct {
	name string
	priv ed25519.PrivateKey
	now  func() time.Time
}

// NewCosigner makes a cosigner from a name and an Ed25519 private key.
func NewCosigner(name string, priv ed25519.PrivateKey, now func() time.Time) (*Cosigner, error) {
	if name == "" || strings.ContainsAny(name, " \n+") {
		return nil, fmt.Errorf("cosignature: bad name %q", name)
	}
	if now == nil {
		now = time.Now
	}
	return &Cosigner{name: name, priv: priv, now: now}, nil
}

// GenerateCosigner creates a new key and returns the cosigner and its
// private key bytes (the seed) for storing.
func GenerateCosigner(rand io.Reader, name string, now func() time.Time) (*Cosigner, []byte, error) {
	_, priv, err := ed25519.GenerateKey(rand)
	if err != nil {
		return nil, nil, err
	}
	c, err := NewCosigner(name, priv, now)
	return c, priv.Seed(), err
}

func (c *Cosigner) Name() string    { return c.name }
func (c *Cosigner) KeyHash() uint32 { return cosignKeyHash(c.name, c.public()) }

func (c *Cosigner) public() ed25519.PublicKey { return c.priv.Public().(ed25519.PublicKey) }

// Sign returns timestamp || Ed25519 signature over the cosigned message.
func (c *Cosigner) Sign(body []byte) ([]byte, error) {
	ts := uint64(c.now().Unix())
	sig := ed25519.Sign(c.priv, cosignedMessage(ts, body))
	out := make([]byte, 8, 8+len(sig))
	binary.BigEndian.PutUint64(out, ts)
	return append(out, sig...), nil
}

// VerifierKey is the cosigner's public key as a vkey line:
// name+keyhash+base64(0x04 || public key).
func (c *Cosigner) VerifierKey() string {
	return fmt.Sprintf("%s+%08x+%s", c.name, c.KeyHash(),
		base64.StdEncoding.EncodeToString(append([]byte{algCosignatureV1}, c.public()...)))
}

// CosignatureVerifier checks the cosignatures of one witness.
type CosignatureVerifier struct {
	name string
	pub  ed25519.PublicKey
	hash uint32
}

// NewCosignatureVerifier parses a witness's cosignature vkey.
func NewCosignatureVerifier(vkey string) (*CosignatureVerifier, error) {
	name, rest, ok := strings.Cut(strings.TrimSpace(vkey), "+")
	if !ok {
		return nil, errors.New("cosignature: malformed verifier key")
	}
	hashHex, key64, ok := strings.Cut(rest, "+")
	if !ok {
		return nil, errors.New("cosignature: malformed verifier key")
	}
	h, err := strconv.ParseUint(hashHex, 16, 32)
	if err != nil || len(hashHex) != 8 {
		return nil, errors.New("cosignature: malformed key hash")
	}
	key, err := base64.StdEncoding.DecodeString(key64)
	if err != nil || len(key) != 1+ed25519.PublicKeySize || key[0] != algCosignatureV1 {
		return nil, errors.New("cosignature: not a cosignature/v1 Ed25519 key")
	}
	v := &CosignatureVerifier{name: name, pub: ed25519.PublicKey(key[1:]), hash: uint32(h)}
	if cosignKeyHash(name, v.pub) != v.hash {
		return nil, errors.New("cosignature: key hash does not match the key")
	}
	return v, nil
}

func (v *CosignatureVerifier) Name() string    { return v.name }
func (v *CosignatureVerifier) KeyHash() uint32 { return v.hash }

// Verify checks a cosignature over a note body.
func (v *CosignatureVerifier) Verify(body, sig []byte) bool {
	if len(sig) != 8+ed25519.SignatureSize {
		return false
	}
	ts := binary.BigEndian.Uint64(sig[:8])
	if ts > 1<<63-1 {
		return false
	}
	return ed25519.Verify(v.pub, cosignedMessage(ts, body), sig[8:])
}

// Cosigned is a witness's verified statement about a checkpoint.
type Cosigned struct {
	Witness string
	Time    time.Time
}

// Cosignatures opens a signed checkpoint with the log's verifiers and
// returns the verified cosignatures of the given witnesses with their times.
// Signatures of unknown keys are ignored, as the protocol requires.
func Cosignatures(signed []byte, logKeys note.Verifiers, witnesses []*CosignatureVerifier) ([]Cosigned, error) {
	list := []note.Verifier{}
	for _, w := range witnesses {
		list = append(list, w)
	}
	n, err := note.Open(signed, logKeys)
	if err != nil {
		return nil, fmt.Errorf("cosignature: checkpoint: %w", err)
	}
	var out []Cosigned
	wv := note.VerifierList(list...)
	for _, s := range n.UnverifiedSigs {
		v, err := wv.Verifier(s.Name, s.Hash)
		if err != nil {
			continue
		}
		raw, err := base64.StdEncoding.DecodeString(s.Base64)
		if err != nil || len(raw) < 4 || !v.Verify([]byte(n.Text), raw[4:]) {
			return nil, fmt.Errorf("cosignature: invalid cosignature by %s", s.Name)
		}
		out = append(out, Cosigned{Witness: s.Name, Time: time.Unix(int64(binary.BigEndian.Uint64(raw[4:12])), 0).UTC()})
	}
	return out, nil
}
