package proof

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
)

// record is what a v2 verifier reads from records/<index>.json, the event's
// business record whose SHA-256 is the leaf's payload.sha256. Only the keys
// that name other digests or files are read; the rest (the action's input,
// vote minutes, what the action computed) is bound by payload.sha256 and
// shown to the inspector as it is. The keys read:
//
//	scope                   the approved scope; its Scope.Digest is the
//	                        leaf's scope.sha256
//	docs                    hex SHA-256 of each attachment; the leaf's
//	                        doc.sha256 values
//	details.content_sha256  on a submission: hex SHA-256 of the content
//	details.version         version submitted (versions/<n>.json)
type record struct {
	scope   *Scope
	docs    []string
	version uint64 // with content; 0 when the record names no content
	content string
}

// parseRecord decodes a v2 record. It is strict where a lenient reading
// could show an inspector something other than what the server hashed: a
// key given twice (JSON decoders disagree on which one counts), a scope
// field the scope format does not know (it would not be covered by
// scope.sha256), a digest that is not 64 lower-case hex digits, a content
// digest without the version it is for, a version that is not a plain
// positive integer.
func parseRecord(b []byte) (record, error) {
	top, err := jsonObject(b)
	if err != nil {
		return record{}, fmt.Errorf("record: %w", err)
	}
	var r record
	if raw, ok := top["scope"]; ok && !isNull(raw) {
		var s Scope
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&s); err != nil {
			return record{}, fmt.Errorf("record: scope: %w", err)
		}
		r.scope = &s
	}
	if raw, ok := top["docs"]; ok && !isNull(raw) {
		if err := json.Unmarshal(raw, &r.docs); err != nil {
			return record{}, fmt.Errorf("record: docs: %w", err)
		}
		for _, d := range r.docs {
			if !isSHA256Hex(d) {
				return record{}, fmt.Errorf("record: docs: %q is not a hex SHA-256", d)
			}
		}
	}
	raw, ok := top["details"]
	if !ok || len(raw) == 0 || raw[0] != '{' {
		return r, nil // details of other shapes name no content
	}
	details, err := jsonObject(raw)
	if err != nil {
		return record{}, fmt.Errorf("record: details: %w", err)
	}
	sum, ok := details["content_sha256"]
	if !ok {
		return r, nil
	}
	if err := json.Unmarshal(sum, &r.content); err != nil || !isSHA256Hex(r.content) {
		return record{}, fmt.Errorf("record: details.content_sha256 %s is not a hex SHA-256", sum)
	}
	v, ok := details["version"]
	if !ok {
		return record{}, errors.New("record: details.content_sha256 without details.version")
	}
	if !isDecimal(string(v)) || string(v) == "0" {
		return record{}, fmt.Errorf("record: details.version %s is not a positive integer", v)
	}
	if r.version, err = strconv.ParseUint(string(v), 10, 64); err != nil {
		return record{}, fmt.Errorf("record: details.version %s: %w", v, err)
	}
	return r, nil
}

// jsonObject decodes one JSON object into its members' raw values and
// refuses a member name given twice and anything after the object.
func jsonObject(b []byte) (map[string]json.RawMessage, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, errors.New("not a JSON object")
	}
	out := map[string]json.RawMessage{}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil, err
		}
		key, _ := t.(string) // inside an object a token here is always a name
		if _, dup := out[key]; dup {
			return nil, fmt.Errorf("member %q given twice", key)
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, err
		}
		out[key] = bytes.TrimSpace(raw)
	}
	if t, err := dec.Token(); err != nil || t != json.Delim('}') {
		return nil, errors.New("unterminated JSON object")
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("data after the JSON object")
	}
	return out, nil
}

func isNull(raw json.RawMessage) bool { return string(raw) == "null" }

// isSHA256Hex reports whether s is a SHA-256 in lower-case hex, the only
// form digests take in leaves, records and file names.
func isSHA256Hex(s string) bool {
	if len(s) != 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}
