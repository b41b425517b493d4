package proof

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	tlogfmt "github.com/transparency-dev/formats/log"
	"golang.org/x/mod/sumdb/note"
)

// Checkpoint is the body of a C2SP tlog-checkpoint: the log's origin, its
// size and the RFC 6962 root hash at that size.
type Checkpoint struct {
	Origin string
	Size   uint64
	Root   [32]byte
}

// Text is the note text to sign (three lines, each ending in a newline).
func (c Checkpoint) Text() string {
	return string(tlogfmt.Checkpoint{Origin: c.Origin, Size: c.Size, Hash: c.Root[:]}.Marshal())
}

// ParseCheckpointBody parses an unsigned checkpoint text with the
// transparency-dev parser and then insists on the canonical form of the
// first three lines (no "+5", no leading zeros, canonical base64), since a
// second spelling of the same checkpoint would be a second document.
// Extension lines are allowed by C2SP and are ignored here.
func ParseCheckpointBody(text []byte) (Checkpoint, error) {
	var c tlogfmt.Checkpoint
	rest, err := c.Unmarshal(text)
	if err != nil {
		return Checkpoint{}, fmt.Errorf("checkpoint: %w", err)
	}
	if len(c.Hash) != 32 {
		return Checkpoint{}, fmt.Errorf("checkpoint: root is %d bytes, want 32", len(c.Hash))
	}
	if !bytes.HasPrefix(text, c.Marshal()) {
		return Checkpoint{}, errors.New("checkpoint: body is not in canonical form")
	}
	for _, line := range strings.SplitAfter(string(rest), "\n") {
		if line == "\n" || (line != "" && !strings.HasSuffix(line, "\n")) {
			return Checkpoint{}, errors.New("checkpoint: malformed extension line")
		}
	}
	return Checkpoint{Origin: c.Origin, Size: c.Size, Root: [32]byte(c.Hash)}, nil
}

// OpenCheckpoint checks the signatures of a signed checkpoint against the
// trusted keys and parses its body. The error wraps note's
// *UnverifiedNoteError when no trusted key signed it, which callers report
// as "cannot tell" rather than "fails".
func OpenCheckpoint(signed []byte, trusted note.Verifiers) (Checkpoint, *note.Note, error) {
	n, err := OpenNote(signed, trusted)
	if err != nil {
		return Checkpoint{}, nil, err
	}
	c, err := ParseCheckpointBody([]byte(n.Text))
	if err != nil {
		return Checkpoint{}, nil, err
	}
	if !signedBy(n, c.Origin) {
		return Checkpoint{}, nil, &note.UnverifiedNoteError{Note: n}
	}
	return c, n, nil
}

// OpenNote is note.Open plus the checks note.Open leaves out: signatures
// must be canonical base64, so that flipping an unused padding bit yields a
// document that no longer verifies instead of an equivalent copy.
func OpenNote(msg []byte, trusted note.Verifiers) (*note.Note, error) {
	n, err := note.Open(msg, trusted)
	var unverified *note.UnverifiedNoteError
	if err != nil && !errors.As(err, &unverified) {
		return nil, err
	}
	split := bytes.LastIndex(msg, []byte("\n\n"))
	for _, line := range strings.Split(strings.TrimSuffix(string(msg[split+2:]), "\n"), "\n") {
		_, b64, _ := strings.Cut(strings.TrimPrefix(line, "— "), " ")
		if _, e := base64.StdEncoding.Strict().DecodeString(b64); e != nil {
			return nil, errors.New("note: signature is not canonical base64")
		}
	}
	return n, err
}

// signedBy reports whether a verified signature is from a key named name:
// a checkpoint counts only if the log itself signed it, not just a witness.
func signedBy(n *note.Note, name string) bool {
	for _, s := range n.Sigs {
		if s.Name == name {
			return true
		}
	}
	return false
}

// IsUnverified reports whether err means that none of the trusted keys
// signed the note (as opposed to a bad signature or a malformed note).
func IsUnverified(err error) bool {
	var u *note.UnverifiedNoteError
	return errors.As(err, &u)
}

// MarshalHashes writes proof hashes one standard base64 line each, the
// layout tlog-proof uses, for the consistency/<old>-<new>.txt files.
func MarshalHashes(hashes [][32]byte) []byte {
	var b bytes.Buffer
	for _, h := range hashes {
		b.WriteString(base64.StdEncoding.EncodeToString(h[:]))
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// ParseHashes is the strict inverse of MarshalHashes.
func ParseHashes(b []byte) ([][32]byte, error) {
	if len(b) == 0 {
		return nil, nil
	}
	if b[len(b)-1] != '\n' {
		return nil, errors.New("proof hashes: missing final newline")
	}
	lines := strings.Split(string(b[:len(b)-1]), "\n")
	if len(lines) > 64 {
		return nil, fmt.Errorf("proof hashes: %d lines, at most 64 fit a 2^64 tree", len(lines))
	}
	out := make([][32]byte, 0, len(lines))
	for i, line := range lines {
		h, err := decodeHash(line)
		if err != nil {
			return nil, fmt.Errorf("proof hashes: line %d: %w", i+1, err)
		}
		out = append(out, h)
	}
	return out, nil
}

func decodeHash(s string) ([32]byte, error) {
	raw, err := base64.StdEncoding.Strict().DecodeString(s)
	if err != nil || len(raw) != 32 || base64.StdEncoding.EncodeToString(raw) != s {
		return [32]byte{}, fmt.Errorf("not a canonical base64 SHA-256 hash: %q", s)
	}
	return [32]byte(raw), nil
}

func toSlices(h [][32]byte) [][]byte {
	out := make([][]byte, len(h))
	for i := range h {
		out[i] = h[i][:]
	}
	return out
}
