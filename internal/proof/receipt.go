package proof

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"

	merkleproof "github.com/transparency-dev/merkle/proof"
	"github.com/transparency-dev/merkle/rfc6962"
	"golang.org/x/mod/sumdb/note"
)

// ReceiptHeader is the first line of a C2SP tlog-proof (c2sp.org/tlog-proof).
const ReceiptHeader = "c2sp.org/tlog-proof@v1"

// MaxReceiptSize bounds what ParseReceipt reads: 64 proof lines plus a
// checkpoint with a generous number of witness cosignatures.
const MaxReceiptSize = 64 << 10

// Receipt is a C2SP tlog-proof: the leaf's index, its RFC 6962 inclusion
// proof, and the signed checkpoint the proof leads to. Together with the
// leaf bytes it lets anyone check, offline, that the leaf was logged.
type Receipt struct {
	Index      uint64
	Proof      [][32]byte
	Checkpoint []byte // signed note
}

// Marshal writes the tlog-proof text. damlam never writes the optional
// "extra" line: everything a verifier needs is in the leaf itself.
func (r Receipt) Marshal() []byte {
	var b bytes.Buffer
	b.WriteString(ReceiptHeader + "\n")
	fmt.Fprintf(&b, "index %d\n", r.Index)
	b.Write(MarshalHashes(r.Proof))
	b.WriteByte('\n')
	b.Write(r.Checkpoint)
	return b.Bytes()
}

// ParseReceipt parses the text Marshal writes and nothing else: no extra
// line, canonical numbers and base64, a checkpoint ending in a newline.
func ParseReceipt(b []byte) (Receipt, error) {
	if len(b) > MaxReceiptSize {
		return Receipt{}, fmt.Errorf("receipt: %d bytes, limit %d", len(b), MaxReceiptSize)
	}
	s := string(b)
	rest, ok := strings.CutPrefix(s, ReceiptHeader+"\n")
	if !ok {
		return Receipt{}, errors.New("receipt: missing " + ReceiptHeader + " header")
	}
	line, rest, _ := strings.Cut(rest, "\n")
	num, ok := strings.CutPrefix(line, "index ")
	if !ok || !isDecimal(num) {
		return Receipt{}, fmt.Errorf("receipt: bad index line %q", line)
	}
	idx, err := strconv.ParseUint(num, 10, 64)
	if err != nil {
		return Receipt{}, fmt.Errorf("receipt: bad index %q", num)
	}
	var proof [][32]byte
	for {
		line, rest, ok = strings.Cut(rest, "\n")
		if !ok {
			return Receipt{}, errors.New("receipt: no blank line before the checkpoint")
		}
		if line == "" {
			break
		}
		if len(proof) == 64 {
			return Receipt{}, errors.New("receipt: more than 64 proof hashes")
		}
		h, err := decodeHash(line)
		if err != nil {
			return Receipt{}, fmt.Errorf("receipt: %w", err)
		}
		proof = append(proof, h)
	}
	cp := rest
	if cp == "" || !strings.HasSuffix(cp, "\n") {
		return Receipt{}, errors.New("receipt: checkpoint missing or not newline-terminated")
	}
	r := Receipt{Index: idx, Proof: proof, Checkpoint: []byte(cp)}
	if !bytes.Equal(r.Marshal(), b) {
		return Receipt{}, errors.New("receipt: not in canonical form")
	}
	return r, nil
}

// VerifyReceipt checks that leaf is in the log: the checkpoint carries a
// signature by a trusted key under its origin, and the inclusion proof
// leads from the leaf hash to the checkpoint's root.
func VerifyReceipt(r Receipt, leaf []byte, trusted note.Verifiers) error {
	_, err := verifyReceipt(r, leaf, trusted)
	return err
}

func verifyReceipt(r Receipt, leaf []byte, trusted note.Verifiers) (Checkpoint, error) {
	cp, _, err := OpenCheckpoint(r.Checkpoint, trusted)
	if err != nil {
		return Checkpoint{}, err
	}
	return cp, checkInclusion(r, leaf, cp)
}

// CheckInclusion checks a receipt's inclusion proof of leaf against a
// checkpoint whose signature the caller has already verified (or made).
func CheckInclusion(r Receipt, leaf []byte, cp Checkpoint) error { return checkInclusion(r, leaf, cp) }

func checkInclusion(r Receipt, leaf []byte, cp Checkpoint) error {
	if r.Index >= cp.Size {
		return fmt.Errorf("receipt: index %d not below checkpoint size %d", r.Index, cp.Size)
	}
	lh := LeafHash(leaf)
	if err := merkleproof.VerifyInclusion(rfc6962.DefaultHasher, r.Index, cp.Size, lh[:], toSlices(r.Proof), cp.Root[:]); err != nil {
		return fmt.Errorf("receipt: inclusion proof for index %d in tree of size %d: %w", r.Index, cp.Size, err)
	}
	return nil
}

// VerifyConsistency checks that the tree at old is a prefix of the tree at
// latest: both checkpoints are of one log and the proof links their roots.
func VerifyConsistency(old, latest Checkpoint, hashes [][32]byte) error {
	if old.Origin != latest.Origin {
		return fmt.Errorf("consistency: origins differ: %q and %q", old.Origin, latest.Origin)
	}
	if old.Size > latest.Size {
		return fmt.Errorf("consistency: older checkpoint has size %d, more than the latest %d", old.Size, latest.Size)
	}
	return merkleproof.VerifyConsistency(rfc6962.DefaultHasher, old.Size, latest.Size, toSlices(hashes), old.Root[:], latest.Root[:])
}
