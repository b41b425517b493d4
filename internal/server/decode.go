package server

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"

	"damlam/internal/problem"
)

// maxBody bounds a JSON request.
const maxBody = 1 << 20

// decodeJSON reads exactly one JSON value into v, refusing unknown fields:
// a typo in a field name must not silently drop the value it carried.
func decodeJSON(r *http.Request, v any) error {
	body := http.MaxBytesReader(nil, r.Body, maxBody)
	data, err := io.ReadAll(body)
	if err != nil {
		return bodyError(err, maxBody) // 413 with the limit, or 400
	}
	return decodeBytes(data, v)
}

func decodeBytes(data []byte, v any) error {
	if len(strings.TrimSpace(string(data))) == 0 {
		data = []byte("{}")
	}
	if err := checkText(data); err != nil { // strict_text.go
		return err
	}
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return problem.Wrap(problem.Malformed, "malformed_json", err, describeJSONError(err))
	}
	if dec.More() {
		return problem.New(problem.Malformed, "malformed_json", "trailing data after the JSON value")
	}
	return nil
}

func describeJSONError(err error) string {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return "syntax error at byte " + itoa(int(syn.Offset))
	case errors.As(err, &typ):
		return "field " + typ.Field + " must be " + typ.Type.String()
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "unexpected end of input"
	}
	msg := err.Error()
	if len(msg) > 200 {
		msg = msg[:200]
	}
	return msg
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	neg := n < 0
	if neg {
		n = -n
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}
