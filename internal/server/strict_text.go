package server

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"unicode/utf8"

	"damlam/internal/problem"
)

// Strict text. encoding/json replaces invalid UTF-8 with U+FFFD without a
// word, and takes "\u0000" and other control characters as they come;
// PostgreSQL cannot store a NUL, and a control character in a name or a
// decision's text is a paste gone wrong that nobody can see on the page.
// checkText reads a request body's strings as sent, before the decoder
// turns them into values, and refuses (400) the first ones that are not
// valid UTF-8 or hold a control character, naming each field as the domain
// names it ("violations[0].deadline"). Tab and newline are allowed in long
// texts, not in one-line values (ids, dates, names, titles).

// oneLine lists the fields whose values are a single line.
var oneLine = map[string]bool{
	"id": true, "unit_id": true, "unit": true, "units": true, "parent_id": true, "recipient": true, "implementers": true,
	"date": true, "start": true, "end": true, "deadline": true,
	"title": true, "field": true, "name": true, "email": true, "password": true, "document_number": true,
	"ballot": true, "opinion": true, "kind": true, "level": true, "outcome": true, "result": true,
	"role": true, "position": true, "legal_basis": true, "document_kind": true,
}

// maxTextErrors bounds the fields one refusal names.
const maxTextErrors = 20

// checkText returns nil if every string in the JSON value data is clean,
// and a Malformed problem naming the fields otherwise. A body that is not
// JSON at all is left to the decoder to describe.
func checkText(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	var stack []frame
	var fields problem.Fields
	for len(fields) < maxTextErrors {
		start := dec.InputOffset()
		tok, err := dec.Token()
		if err == io.EOF || err != nil {
			break
		}
		end := dec.InputOffset()
		top := len(stack) - 1
		isKey := top >= 0 && stack[top].obj && stack[top].wantKey
		if d, ok := tok.(json.Delim); ok {
			switch d {
			case '{', '[':
				if top >= 0 && !stack[top].obj {
					stack[top].index++
				}
				stack = append(stack, frame{obj: d == '{', wantKey: d == '{', index: -1})
			default:
				stack = stack[:top]
				if top > 0 && stack[top-1].obj {
					stack[top-1].wantKey = true
				}
			}
			continue
		}
		if top >= 0 && !stack[top].obj {
			stack[top].index++
		}
		s, isString := tok.(string)
		if isString {
			raw := data[start:end]
			if i := bytes.IndexByte(raw, '"'); i >= 0 {
				raw = raw[i:]
			}
			name := path(stack)
			if isKey {
				name = joinPath(name, s)
			}
			if code, arg := badText(raw, s, isKey || oneLine[lastName(stack, s, isKey)]); arg != "" {
				fields.Add(name, code, arg)
			} else if code != "" {
				fields.Add(name, code)
			}
		}
		if isKey {
			stack[top].key, stack[top].wantKey = s, false
		} else if top >= 0 && stack[top].obj {
			stack[top].wantKey = true
		}
	}
	if len(fields) == 0 {
		return nil
	}
	e := problem.New(problem.Malformed, "malformed_text")
	e.Fields = fields
	return e
}

// frame is an object or an array the reader is inside.
type frame struct {
	obj     bool
	wantKey bool
	key     string
	index   int
}

// path names the value the reader is at.
func path(stack []frame) string {
	out := ""
	for _, f := range stack {
		if f.obj {
			if f.key != "" && !f.wantKey {
				out = joinPath(out, f.key)
			}
		} else if f.index >= 0 {
			out += "[" + strconv.Itoa(f.index) + "]"
		}
	}
	return out
}

func joinPath(base, key string) string {
	if base == "" {
		return key
	}
	return base + "." + key
}

// lastName is the field name that says whether a value is one line: its
// object key, or the key of the array holding it.
func lastName(stack []frame, s string, isKey bool) string {
	if isKey {
		return s
	}
	for i := len(stack) - 1; i >= 0; i-- {
		if stack[i].obj {
			return stack[i].key
		}
	}
	return ""
}

// badText says what is wrong with a JSON string: raw is it as sent
// (quotes included), s as decoded.
func badText(raw []byte, s string, line bool) (code, arg string) {
	if !utf8.Valid(raw) {
		return "field.bad_text", ""
	}
	for _, r := range s {
		switch {
		case r == '\t' || r == '\n':
			if line {
				return "field.control_char", fmt.Sprintf("U+%04X", r)
			}
		case r < 0x20 || r == 0x7f || r >= 0x80 && r <= 0x9f:
			return "field.control_char", fmt.Sprintf("U+%04X", r)
		}
	}
	return "", ""
}
