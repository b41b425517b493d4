package server

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strconv"
	"sync"

	"damlam/internal/sqlstore"
)

// The answer to an action carries the case's whole history, and encoding
// it line by line through reflection was most of the answer's JSON (over
// a province, about 90 of the 130 us a decision spent in JSON, growing with
// the case). A line of the history never changes once written (its leaf
// is in the log, and the history keeps its actor's name as first read), so
// each line is encoded once, kept by its log index, and the answer is the
// rest of the case encoded as before with the kept lines put in place of
// the history. The bytes are those encoding/json writes for the whole
// answer; a test compares the two.

// historyMark stands for the history while the rest of the answer is
// encoded: a line no case can hold (its type is random) whose exact bytes
// are then replaced.
var historyMark, historyMarkJSON = func() ([]sqlstore.EventView, []byte) {
	var b [16]byte
	rand.Read(b[:])
	mark := []sqlstore.EventView{{Type: "history-mark-" + hex.EncodeToString(b[:])}}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(mark); err != nil {
		panic(err)
	}
	return mark, bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}()

// maxEncodedEvents bounds the lines kept (a few hundred bytes each).
const maxEncodedEvents = 65536

type encodedEvents struct {
	mu sync.Mutex
	m  map[int64][]byte
}

// appendHistory appends the JSON array of h to dst, from the kept lines.
func (c *encodedEvents) appendHistory(dst []byte, h []sqlstore.EventView) ([]byte, error) {
	dst = append(dst, '[')
	var enc *json.Encoder
	var buf bytes.Buffer
	for i, ev := range h {
		if i > 0 {
			dst = append(dst, ',')
		}
		c.mu.Lock()
		line, ok := c.m[ev.LogIndex]
		c.mu.Unlock()
		if !ok {
			if enc == nil {
				enc = json.NewEncoder(&buf)
				enc.SetEscapeHTML(false)
			}
			buf.Reset()
			if err := enc.Encode(ev); err != nil {
				return nil, err
			}
			line = bytes.Clone(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
			c.mu.Lock()
			if c.m == nil || len(c.m) >= maxEncodedEvents {
				c.m = map[int64][]byte{}
			}
			c.m[ev.LogIndex] = line
			c.mu.Unlock()
		}
		dst = append(dst, line...)
	}
	return append(dst, ']'), nil
}

// writeActionResult writes res as writeJSON would, with its history's
// lines from those kept.
func (s *Server) writeActionResult(w http.ResponseWriter, res *sqlstore.ActionResult) {
	if res.Proposal == nil || len(res.Proposal.History) == 0 {
		writeJSON(w, http.StatusOK, res)
		return
	}
	buf := jsonBuffers.Get().(*bytes.Buffer)
	defer func() {
		if buf.Cap() <= 1<<20 {
			buf.Reset()
			jsonBuffers.Put(buf)
		}
	}()
	view := *res.Proposal
	view.History = historyMark
	marked := *res
	marked.Proposal = &view
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(&marked); err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	at := bytes.Index(buf.Bytes(), historyMarkJSON)
	if at < 0 {
		writeJSON(w, http.StatusOK, res)
		return
	}
	out := make([]byte, 0, buf.Len()+len(res.Proposal.History)*512)
	out = append(out, buf.Bytes()[:at]...)
	out, err := s.events.appendHistory(out, res.Proposal.History)
	if err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	out = append(out, buf.Bytes()[at+len(historyMarkJSON):]...)
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Length", strconv.Itoa(len(out)))
	w.WriteHeader(http.StatusOK)
	w.Write(out)
}
