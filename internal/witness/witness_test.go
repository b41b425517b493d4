package witness

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"

	"damlam/internal/proof"
)

// memLog is a tiny in-memory log with a signing key, enough to produce
// checkpoints and consistency proofs.
type memLog struct {
	hashes []tlog.Hash
	size   int64
	signer note.Signer
	keys   note.Verifiers
	vkey   string
}

func newMemLog(t *testing.T, origin string) *memLog {
	skey, vkey, err := note.GenerateKey(rand.Reader, origin)
	if err != nil {
		t.Fatal(err)
	}
	s, _ := note.NewSigner(skey)
	v, _ := note.NewVerifier(vkey)
	return &memLog{signer: s, keys: note.VerifierList(v), vkey: vkey}
}

func (l *memLog) ReadHashes(idx []int64) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(idx))
	for i, x := range idx {
		out[i] = l.hashes[x]
	}
	return out, nil
}

func (l *memLog) grow(t *testing.T, n int) {
	for range n {
		hs, err := tlog.StoredHashes(l.size, []byte(fmt.Sprintf("leaf %d", l.size)), l)
		if err != nil {
			t.Fatal(err)
		}
		l.hashes = append(l.hashes, hs...)
		l.size++
	}
}

func (l *memLog) checkpoint(t *testing.T) []byte {
	root, err := tlog.TreeHash(l.size, l)
	if err != nil {
		t.Fatal(err)
	}
	origin := l.signer.Name()
	signed, err := note.Sign(&note.Note{Text: fmt.Sprintf("%s\n%d\n%s\n", origin, l.size, base64.StdEncoding.EncodeToString(root[:]))}, l.signer)
	if err != nil {
		t.Fatal(err)
	}
	return signed
}

func (l *memLog) proof(t *testing.T, old int64) [][32]byte {
	if old == 0 {
		return nil
	}
	p, err := tlog.ProveTree(l.size, old, l)
	if err != nil {
		t.Fatal(err)
	}
	out := make([][32]byte, len(p))
	for i, h := range p {
		out[i] = h
	}
	return out
}

func newWitness(t *testing.T, log *memLog, at time.Time) (*Server, *Client, string) {
	cos, _, err := proof.GenerateCosigner(rand.Reader, "witness.thanhtra.test/w1", func() time.Time { return at })
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "state.json")
	srv, err := NewServer(cos, map[string][]string{log.signer.Name(): {log.vkey}}, path)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	v, err := proof.NewCosignatureVerifier(cos.VerifierKey())
	if err != nil {
		t.Fatal(err)
	}
	return srv, &Client{URL: ts.URL, Verifier: v}, path
}

func TestWitnessCosignsOnlyAGrowingLog(t *testing.T) {
	ctx := context.Background()
	at := time.Date(2026, 11, 28, 3, 0, 0, 0, time.UTC)
	log := newMemLog(t, "damlam.test/log")
	_, c, path := newWitness(t, log, at)

	log.grow(t, 5)
	cp5 := log.checkpoint(t)
	cosigned, err := c.Add(ctx, 0, nil, cp5, log.keys)
	if err != nil {
		t.Fatal(err)
	}
	got, err := proof.Cosignatures(cosigned, log.keys, []*proof.CosignatureVerifier{c.Verifier})
	if err != nil || len(got) != 1 || !got[0].Time.Equal(at) {
		t.Fatalf("cosignatures %+v %v", got, err)
	}
	// Submitting from a stale size gets the witness's size back.
	log.grow(t, 3)
	cp8 := log.checkpoint(t)
	var conflict *ConflictError
	if _, err := c.Add(ctx, 0, nil, cp8, log.keys); !errors.As(err, &conflict) || conflict.Size != 5 {
		t.Fatalf("stale old size: %v", err)
	}
	if _, err := c.Add(ctx, 5, log.proof(t, 5), cp8, log.keys); err != nil {
		t.Fatalf("consistent growth refused: %v", err)
	}
	// A forked log: same origin and key, different history.
	fork := &memLog{signer: log.signer, keys: log.keys, vkey: log.vkey}
	fork.grow(t, 2)
	fork.hashes = nil
	fork.size = 0
	for i := range 10 {
		hs, _ := tlog.StoredHashes(int64(i), []byte(fmt.Sprintf("other %d", i)), fork)
		fork.hashes = append(fork.hashes, hs...)
		fork.size++
	}
	if _, err := c.Add(ctx, 8, fork.proof(t, 8), fork.checkpoint(t), log.keys); err == nil || !strings.Contains(err.Error(), "422") {
		t.Fatalf("a fork was cosigned: %v", err)
	}
	// A checkpoint not signed by the log's key, or of an unknown log.
	other := newMemLog(t, "damlam.test/log")
	other.grow(t, 9)
	if _, err := c.Add(ctx, 8, other.proof(t, 8), other.checkpoint(t), other.keys); err == nil || !strings.Contains(err.Error(), "403") {
		t.Fatalf("a checkpoint under another key was cosigned: %v", err)
	}
	stranger := newMemLog(t, "elsewhere.test/log")
	stranger.grow(t, 1)
	if _, err := c.Add(ctx, 0, nil, stranger.checkpoint(t), stranger.keys); err == nil || !strings.Contains(err.Error(), "404") {
		t.Fatalf("an unknown log was cosigned: %v", err)
	}
	// The state survives a restart.
	cos, _, _ := proof.GenerateCosigner(rand.Reader, "witness.thanhtra.test/w1", nil)
	again, err := NewServer(cos, map[string][]string{"damlam.test/log": {log.vkey}}, path)
	if err != nil || again.state["damlam.test/log"].Size != 8 {
		t.Fatalf("state after restart: %+v %v", again.state, err)
	}
}

func TestParseRequestRefusesBadBodies(t *testing.T) {
	for _, body := range []string{
		"", "old 1\n", "old 01\n\nx\n", "old -1\n\nx\n", "old 1\nnot-base64\n\nx\n", "new 1\n\nx\n",
		"old 1\n" + strings.Repeat(base64.StdEncoding.EncodeToString(make([]byte, 32))+"\n", 64) + "\nx\n",
	} {
		if _, _, _, err := parseRequest([]byte(body)); err == nil {
			t.Errorf("accepted %q", body)
		}
	}
}

func FuzzParseRequest(f *testing.F) {
	f.Add([]byte("old 5\nPlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=\n\norigin\n5\nroot\n"))
	f.Fuzz(func(t *testing.T, b []byte) { parseRequest(b) })
}

// TestLatestCheckpoint: the witness answers with the latest checkpoint it
// cosigned for a log, with the log's signature and its own cosignature,
// and keeps it across a restart; the client accepts only an answer its
// witness cosigned.
func TestLatestCheckpoint(t *testing.T) {
	ctx := context.Background()
	at := time.Date(2026, 11, 28, 3, 0, 0, 0, time.UTC)
	log := newMemLog(t, "damlam.test/log")
	_, c, path := newWitness(t, log, at)

	if w, err := c.Latest(ctx, "damlam.test/log"); w != nil || err != nil {
		t.Fatalf("before any cosignature: %+v, %v", w, err)
	}
	log.grow(t, 5)
	if _, err := c.Add(ctx, 0, nil, log.checkpoint(t), log.keys); err != nil {
		t.Fatal(err)
	}
	log.grow(t, 3)
	if _, err := c.Add(ctx, 5, log.proof(t, 5), log.checkpoint(t), log.keys); err != nil {
		t.Fatal(err)
	}
	w, err := c.Latest(ctx, "damlam.test/log")
	if err != nil || w == nil || w.Checkpoint.Size != 8 || !w.Time.Equal(at) {
		t.Fatalf("latest: %+v, %v", w, err)
	}
	// The answer is the log's signed checkpoint with the cosignature: both
	// verify, so the log can check it was its own key that signed it.
	if got, err := proof.Cosignatures(w.Note, log.keys, []*proof.CosignatureVerifier{c.Verifier}); err != nil || len(got) != 1 {
		t.Fatalf("the answer does not carry both signatures: %v %v\n%s", got, err, w.Note)
	}

	// A restarted witness answers the same from its state file.
	cos, _, _ := proof.GenerateCosigner(rand.Reader, "witness.thanhtra.test/w1", nil)
	again, err := NewServer(cos, map[string][]string{"damlam.test/log": {log.vkey}}, path)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(again)
	t.Cleanup(ts.Close)
	if w2, err := (&Client{URL: ts.URL, Verifier: c.Verifier}).Latest(ctx, "damlam.test/log"); err != nil || string(w2.Note) != string(w.Note) {
		t.Fatalf("after a restart: %v\n%s", err, w2.Note)
	}

	// Refusals: a log the witness does not know; an answer not cosigned by
	// the configured witness (another key under the same name); a state
	// file from before the witness kept checkpoints.
	if _, err := c.Latest(ctx, "elsewhere.test/log"); err == nil || !strings.Contains(err.Error(), "404") {
		t.Errorf("unknown log: %v", err)
	}
	_, impostor, _ := newWitness(t, log, at)
	if _, err := impostor.Add(ctx, 0, nil, log.checkpoint(t), log.keys); err != nil {
		t.Fatal(err)
	}
	if _, err := (&Client{URL: impostor.URL, Verifier: c.Verifier}).Latest(ctx, "damlam.test/log"); err == nil {
		t.Error("accepted an answer cosigned by another key")
	}
	legacy := filepath.Join(t.TempDir(), "state.json")
	if err := os.WriteFile(legacy, []byte(`{"damlam.test/log":{"size":8,"root":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	old, err := NewServer(cos, map[string][]string{"damlam.test/log": {log.vkey}}, legacy)
	if err != nil {
		t.Fatal(err)
	}
	ts3 := httptest.NewServer(old)
	t.Cleanup(ts3.Close)
	if _, err := (&Client{URL: ts3.URL, Verifier: c.Verifier}).Latest(ctx, "damlam.test/log"); err == nil || !strings.Contains(err.Error(), "before this witness kept") {
		t.Errorf("state without the checkpoint: %v", err)
	}
}
