package server

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"
)

// An answer is kept as one text: its media type, a newline, and the body
// exactly as it was sent; the status is its own column. Only successful
// JSON answers are kept (a refused request wrote nothing), so the decoder
// refuses anything else: a record it accepts replays as the first answer
// did, byte for byte.

// answer is a kept answer.
type answer struct {
	status      int
	contentType string
	body        []byte
}

// keptTypes are the media types an answer may have.
var keptTypes = map[string]bool{"application/json": true}

func encodeAnswer(contentType string, body []byte) string {
	return contentType + "\n" + string(body)
}

// decodeAnswer reads a kept answer back.
func decodeAnswer(status int, rec string) (answer, error) {
	if status < 200 || status > 299 {
		return answer{}, fmt.Errorf("kept answer: status %d is not a success", status)
	}
	ct, body, ok := strings.Cut(rec, "\n")
	if !ok {
		return answer{}, fmt.Errorf("kept answer: no media type line")
	}
	if !keptTypes[ct] {
		return answer{}, fmt.Errorf("kept answer: media type %q", ct)
	}
	if !utf8.ValidString(body) || !json.Valid([]byte(body)) {
		return answer{}, fmt.Errorf("kept answer: the body is not JSON")
	}
	return answer{status: status, contentType: ct, body: []byte(body)}, nil
}

// jsonAnswer is v as writeJSON would send it.
func jsonAnswer(status int, v any) (answer, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return answer{}, err
	}
	return answer{status: status, contentType: "application/json", body: buf.Bytes()}, nil
}

// send writes a kept answer, saying it is a replay.
func (a answer) send(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Content-Type", a.contentType)
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Length", strconv.Itoa(len(a.body)))
	h.Set(replayedHeader, "true")
	w.WriteHeader(a.status)
	w.Write(a.body)
}
