package proof

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// LeafHeader is the first line of every leaf. A new layout gets a new
// version line, so old leaves keep verifying with the rules they were
// written under.
const LeafHeader = "damlam-leaf v1"

// Limits that keep a leaf small enough to print in a dossier and to parse
// without surprises. A leaf carries digests, never document bodies.
const (
	MaxLeafSize   = 16 << 10
	MaxFields     = 64
	maxTokenBytes = 256
	maxValueBytes = 1024
)

// Entry is one decision written to the log. Its byte form (Marshal) is
// what the Merkle tree commits to, so every field is checked on the way in
// and on the way out.
type Entry struct {
	Type  string    // e.g. proposal.approved
	Case  string    // case id; also selects the per-case chain
	Seq   int       // 1 for a case's first leaf, then +1 per leaf
	Prev  int64     // log index of the case's previous leaf, -1 if first
	Time  time.Time // when the decision was recorded (stored in UTC)
	Actor string    // pseudonym of who acted (hex), or "system"; never a name
	State string    // workflow state after the decision, "-" if none
	// Fields carry digests and coordinates (see doc.go for the keys).
	Fields []Field
}

// Field is one "key value" line of a leaf.
type Field struct{ Key, Value string }

// isKey reports whether s matches ^[a-z0-9][a-z0-9._-]*$. It is written
// out rather than a regexp because every append checks several keys, and
// the regexp engine showed up in the append path's profile.
func isKey(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case i > 0 && (c == '.' || c == '_' || c == '-'):
		default:
			return false
		}
	}
	return true
}

// isDecimal reports whether s matches ^(0|[1-9][0-9]*)$.
func isDecimal(s string) bool {
	if s == "" || (s[0] == '0' && len(s) > 1) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// Marshal returns the deterministic byte form of e. Fields are written
// sorted by key then value; a repeated identical field is an error since it
// would carry no information and make two byte forms mean the same thing.
func (e Entry) Marshal() ([]byte, error) {
	if err := e.validate(); err != nil {
		return nil, err
	}
	fields := slices.Clone(e.Fields)
	slices.SortFunc(fields, compareFields)
	for i := 1; i < len(fields); i++ {
		if fields[i] == fields[i-1] {
			return nil, fmt.Errorf("proof: field %q repeated with the same value", fields[i].Key)
		}
	}
	b := make([]byte, 0, 256)
	line := func(key, value string) {
		b = append(append(append(append(b, key...), ' '), value...), '\n')
	}
	b = append(b, LeafHeader+"\n"...)
	line("type", e.Type)
	line("case", e.Case)
	b = strconv.AppendInt(append(b, "seq "...), int64(e.Seq), 10)
	b = append(b, '\n')
	if e.Prev < 0 {
		b = append(b, "prev -\n"...)
	} else {
		b = strconv.AppendInt(append(b, "prev "...), e.Prev, 10)
		b = append(b, '\n')
	}
	b = e.Time.UTC().AppendFormat(append(b, "time "...), time.RFC3339Nano)
	b = append(b, '\n')
	line("actor", e.Actor)
	line("state", e.State)
	for _, f := range fields {
		line(f.Key, f.Value)
	}
	if len(b) > MaxLeafSize {
		return nil, fmt.Errorf("proof: leaf is %d bytes, limit %d", len(b), MaxLeafSize)
	}
	return b, nil
}

func compareFields(a, b Field) int {
	if c := strings.Compare(a.Key, b.Key); c != 0 {
		return c
	}
	return strings.Compare(a.Value, b.Value)
}

func (e Entry) validate() error {
	if !isKey(e.Type) || len(e.Type) > maxTokenBytes {
		return fmt.Errorf("proof: bad type %q", e.Type)
	}
	if !isToken(e.Case) {
		return fmt.Errorf("proof: bad case id %q", e.Case)
	}
	if e.Seq < 1 {
		return fmt.Errorf("proof: seq %d, want >= 1", e.Seq)
	}
	// The first leaf of a case has no predecessor and every later one has.
	if (e.Seq == 1) != (e.Prev == -1) || e.Prev < -1 {
		return fmt.Errorf("proof: seq %d with prev %d", e.Seq, e.Prev)
	}
	if y := e.Time.UTC().Year(); y < 1 || y > 9999 || e.Time.IsZero() {
		return fmt.Errorf("proof: time %v out of range", e.Time)
	}
	// Pseudonyms are hex; damlam's own steps use a word such as "system".
	if !isKey(e.Actor) || len(e.Actor) > maxTokenBytes {
		return fmt.Errorf("proof: actor %q is not a pseudonym", e.Actor)
	}
	if !isToken(e.State) {
		return fmt.Errorf("proof: bad state %q", e.State)
	}
	if len(e.Fields) > MaxFields {
		return fmt.Errorf("proof: %d fields, limit %d", len(e.Fields), MaxFields)
	}
	for _, f := range e.Fields {
		if !isKey(f.Key) || len(f.Key) > maxTokenBytes {
			return fmt.Errorf("proof: bad field key %q", f.Key)
		}
		if err := checkValue(f.Value); err != nil {
			return fmt.Errorf("proof: field %s: %w", f.Key, err)
		}
	}
	return nil
}

// isToken accepts a non-empty printable string without spaces: case ids and
// states sit on a "name value" line and must not be confused with anything.
func isToken(s string) bool {
	return s != "" && len(s) <= maxTokenBytes && checkValue(s) == nil &&
		strings.IndexFunc(s, unicode.IsSpace) < 0
}

// checkValue rejects what would let one leaf be read two ways: line breaks
// of any kind, control characters and invalid UTF-8.
func checkValue(v string) error {
	switch {
	case v == "":
		return errors.New("empty value")
	case len(v) > maxValueBytes:
		return fmt.Errorf("value longer than %d bytes", maxValueBytes)
	case !utf8.ValidString(v):
		return errors.New("value is not valid UTF-8")
	}
	for _, r := range v {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || r == '\uFEFF' {
			return fmt.Errorf("value contains control character %U", r)
		}
	}
	return nil
}

// ParseEntry parses a leaf strictly: it accepts exactly the byte strings
// that Marshal produces, so a leaf has one meaning and one form.
func ParseEntry(b []byte) (Entry, error) {
	if len(b) > MaxLeafSize {
		return Entry{}, fmt.Errorf("proof: leaf is %d bytes, limit %d", len(b), MaxLeafSize)
	}
	if !utf8.Valid(b) || len(b) == 0 || b[len(b)-1] != '\n' {
		return Entry{}, errors.New("proof: leaf must be UTF-8 text ending in a newline")
	}
	lines := strings.Split(string(b[:len(b)-1]), "\n")
	if lines[0] != LeafHeader {
		return Entry{}, fmt.Errorf("proof: leaf does not start with %q", LeafHeader)
	}
	header := []string{"type", "case", "seq", "prev", "time", "actor", "state"}
	if len(lines) < 1+len(header) {
		return Entry{}, errors.New("proof: leaf is missing header lines")
	}
	vals := make([]string, len(header))
	for i, name := range header {
		v, ok := strings.CutPrefix(lines[1+i], name+" ")
		if !ok {
			return Entry{}, fmt.Errorf("proof: line %d: want %q", i+2, name)
		}
		vals[i] = v
	}
	var e Entry
	e.Type, e.Case, e.Actor, e.State = vals[0], vals[1], vals[5], vals[6]
	if !isDecimal(vals[2]) {
		return Entry{}, fmt.Errorf("proof: bad seq %q", vals[2])
	}
	seq, err := strconv.Atoi(vals[2])
	if err != nil {
		return Entry{}, fmt.Errorf("proof: bad seq %q", vals[2])
	}
	e.Seq = seq
	e.Prev = -1
	if vals[3] != "-" {
		if !isDecimal(vals[3]) {
			return Entry{}, fmt.Errorf("proof: bad prev %q", vals[3])
		}
		if e.Prev, err = strconv.ParseInt(vals[3], 10, 64); err != nil {
			return Entry{}, fmt.Errorf("proof: bad prev %q", vals[3])
		}
	}
	if e.Time, err = time.Parse(time.RFC3339Nano, vals[4]); err != nil || e.Time.Location() != time.UTC {
		return Entry{}, fmt.Errorf("proof: bad time %q", vals[4])
	}
	for _, line := range lines[1+len(header):] {
		k, v, ok := strings.Cut(line, " ")
		if !ok {
			return Entry{}, fmt.Errorf("proof: field line %q has no value", line)
		}
		e.Fields = append(e.Fields, Field{Key: k, Value: v})
	}
	// Re-marshalling catches every other way the input differs from the
	// one canonical form: unsorted fields, "+07:00" times, trailing zeros.
	again, err := e.Marshal()
	if err != nil {
		return Entry{}, err
	}
	if !bytes.Equal(again, b) {
		return Entry{}, errors.New("proof: leaf is not in canonical form")
	}
	return e, nil
}

// Get returns the first value of key, and whether it was present.
func (e Entry) Get(key string) (string, bool) {
	for _, f := range e.Fields {
		if f.Key == key {
			return f.Value, true
		}
	}
	return "", false
}

// All returns every value of key in field order.
func (e Entry) All(key string) []string {
	var out []string
	for _, f := range e.Fields {
		if f.Key == key {
			out = append(out, f.Value)
		}
	}
	return out
}

// LeafHash is the RFC 6962 leaf hash: SHA-256(0x00 || leaf).
func LeafHash(leaf []byte) [32]byte {
	h := sha256.New()
	h.Write([]byte{0})
	h.Write(leaf)
	return [32]byte(h.Sum(nil))
}

// NodeHash is the RFC 6962 interior node hash: SHA-256(0x01 || left || right).
func NodeHash(left, right [32]byte) [32]byte {
	h := sha256.New()
	h.Write([]byte{1})
	h.Write(left[:])
	h.Write(right[:])
	return [32]byte(h.Sum(nil))
}
