// Package witness is a minimal C2SP transparency-log witness (c2sp.org/tlog-witness
// add-checkpoint) and the client a log uses to collect cosignatures from
// witnesses: an inspection agency runs one, and its cosignatures give each
// decision an independent "existed no later than" time.
//
// Beside add-checkpoint the witness answers one request of its own, which
// the C2SP protocol does not define: GET latest-checkpoint?origin=ORIGIN
// returns the latest checkpoint of that log it cosigned, as the log sent
// it (with the log's signatures) followed by the witness's cosignature.
// A log asks for it when it starts: a database restored from an older
// backup, together with its key folder, cannot tell by itself that it went
// back, but the witness has seen the bigger tree.
package witness

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"

	merkleproof "github.com/transparency-dev/merkle/proof"
	"github.com/transparency-dev/merkle/rfc6962"
	"golang.org/x/mod/sumdb/note"

	"damlam/internal/fsutil"
	"damlam/internal/proof"
)

// state is what a witness remembers of one log: the latest checkpoint it
// cosigned, and that checkpoint with the log's signatures and its own
// cosignature, for latest-checkpoint (absent from state files written
// before there was that request: the next cosigned checkpoint adds it).
type state struct {
	Size uint64 `json:"size"`
	Root []byte `json:"root"`
	Note string `json:"note,omitempty"`
}

// Server is a minimal witness: it knows some logs by origin and key, keeps
// the latest cosigned checkpoint of each in a file, and cosigns a new
// checkpoint only when it is consistent with that one.
type Server struct {
	cosigner *proof.Cosigner
	logs     map[string]note.Verifiers
	path     string

	mu    sync.Mutex // checking and persisting are one step (see add)
	state map[string]state
}

// NewServer makes a witness that keeps its state in file path and trusts
// logs given as origin → verifier keys.
func NewServer(c *proof.Cosigner, logs map[string][]string, path string) (*Server, error) {
	s := &Server{cosigner: c, logs: map[string]note.Verifiers{}, path: path, state: map[string]state{}}
	for origin, vkeys := range logs {
		var vs []note.Verifier
		for _, k := range vkeys {
			v, err := note.NewVerifier(k)
			if err != nil {
				return nil, fmt.Errorf("witness: log key for %s: %w", origin, err)
			}
			vs = append(vs, v)
		}
		s.logs[origin] = note.VerifierList(vs...)
	}
	data, err := os.ReadFile(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
	case err != nil:
		return nil, err
	default:
		if err := json.Unmarshal(data, &s.state); err != nil {
			return nil, fmt.Errorf("witness: state file %s: %w", path, err)
		}
	}
	return s, nil
}

// httpError is a refusal with the status the protocol prescribes.
type httpError struct {
	status int
	msg    string
	body   string
	ctype  string
}

func (e *httpError) Error() string { return e.msg }

func refuse(status int, format string, args ...any) *httpError {
	return &httpError{status: status, msg: fmt.Sprintf(format, args...)}
}

// ServeHTTP answers POST /add-checkpoint and GET /latest-checkpoint.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodGet && strings.HasSuffix(r.URL.Path, "/latest-checkpoint") {
		s.latest(w, r.URL.Query().Get("origin"))
		return
	}
	if r.Method != http.MethodPost || !strings.HasSuffix(r.URL.Path, "/add-checkpoint") {
		http.Error(w, "only POST /add-checkpoint and GET /latest-checkpoint?origin=", http.StatusNotFound)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 64<<10))
	if err != nil {
		http.Error(w, "request too large", http.StatusBadRequest)
		return
	}
	lines, err := s.add(body)
	if err != nil {
		var he *httpError
		if !errors.As(err, &he) {
			http.Error(w, "internal error", http.StatusInternalServerError)
			return
		}
		if he.body != "" {
			w.Header().Set("Content-Type", he.ctype)
			w.WriteHeader(he.status)
			io.WriteString(w, he.body)
			return
		}
		http.Error(w, he.msg, he.status)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write(lines)
}

// parseRequest splits an add-checkpoint body into old size, proof and checkpoint.
func parseRequest(body []byte) (uint64, [][]byte, []byte, error) {
	head, checkpoint, ok := bytes.Cut(body, []byte("\n\n"))
	if !ok {
		return 0, nil, nil, refuse(http.StatusBadRequest, "no blank line before the checkpoint")
	}
	sc := bufio.NewScanner(bytes.NewReader(head))
	if !sc.Scan() {
		return 0, nil, nil, refuse(http.StatusBadRequest, "no old size line")
	}
	oldText, found := strings.CutPrefix(sc.Text(), "old ")
	old, err := strconv.ParseUint(oldText, 10, 64)
	if !found || err != nil || strconv.FormatUint(old, 10) != oldText {
		return 0, nil, nil, refuse(http.StatusBadRequest, "bad old size line")
	}
	var hashes [][]byte
	for sc.Scan() {
		h, err := base64.StdEncoding.DecodeString(sc.Text())
		if err != nil || len(h) != 32 {
			return 0, nil, nil, refuse(http.StatusBadRequest, "bad proof line")
		}
		hashes = append(hashes, h)
		if len(hashes) > 63 {
			return 0, nil, nil, refuse(http.StatusBadRequest, "too many proof lines")
		}
	}
	return old, hashes, checkpoint, nil
}

// add checks one request and, if it passes, persists the new state and
// returns the cosignature lines.
func (s *Server) add(body []byte) ([]byte, error) {
	old, hashes, checkpoint, err := parseRequest(body)
	if err != nil {
		return nil, err
	}
	origin, _, _ := strings.Cut(string(checkpoint), "\n")
	keys, ok := s.logs[origin]
	if !ok {
		return nil, refuse(http.StatusNotFound, "unknown log %q", origin)
	}
	n, err := note.Open(checkpoint, keys)
	if err != nil {
		return nil, refuse(http.StatusForbidden, "checkpoint not signed by a known key of %s", origin)
	}
	size, root, err := parseBody(n.Text)
	if err != nil {
		return nil, refuse(http.StatusBadRequest, "%v", err)
	}
	if old > size {
		return nil, refuse(http.StatusBadRequest, "old size %d above checkpoint size %d", old, size)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	prev := s.state[origin]
	if old != prev.Size {
		return nil, &httpError{status: http.StatusConflict, msg: "old size mismatch",
			body: strconv.FormatUint(prev.Size, 10) + "\n", ctype: "text/x.tlog.size"}
	}
	switch {
	case old == size:
		if prev.Size > 0 && !bytes.Equal(prev.Root, root) || len(hashes) != 0 {
			return nil, refuse(http.StatusConflict, "same size, different root")
		}
	case old == 0:
		if len(hashes) != 0 {
			return nil, refuse(http.StatusUnprocessableEntity, "a proof from size 0 must be empty")
		}
	default:
		if err := merkleproof.VerifyConsistency(rfc6962.DefaultHasher, old, size, hashes, prev.Root, root); err != nil {
			return nil, refuse(http.StatusUnprocessableEntity, "consistency proof: %v", err)
		}
	}
	// Cosigned before it is persisted, so that the state keeps the
	// answer; nothing is answered until it is persisted.
	signed, err := note.Sign(&note.Note{Text: n.Text}, s.cosigner)
	if err != nil {
		return nil, err
	}
	_, sigs, _ := bytes.Cut(signed, []byte("\n\n"))
	s.state[origin] = state{Size: size, Root: root, Note: string(checkpoint) + string(sigs)}
	if err := s.persist(); err != nil {
		s.state[origin] = prev
		return nil, err
	}
	return sigs, nil
}

// latest answers GET /latest-checkpoint?origin=ORIGIN: 200 with the latest
// checkpoint of that log the witness cosigned, its signatures and the
// witness's cosignature (text/plain, a signed note); 204 if it has cosigned
// none; 404 for a log it does not witness, or whose checkpoint it cosigned
// before it kept them.
func (s *Server) latest(w http.ResponseWriter, origin string) {
	if _, ok := s.logs[origin]; !ok {
		http.Error(w, fmt.Sprintf("unknown log %q", origin), http.StatusNotFound)
		return
	}
	s.mu.Lock()
	st := s.state[origin]
	s.mu.Unlock()
	switch {
	case st.Note != "":
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		io.WriteString(w, st.Note)
	case st.Size == 0:
		w.WriteHeader(http.StatusNoContent)
	default:
		http.Error(w, fmt.Sprintf("checkpoint %d of %s was cosigned before this witness kept checkpoints; it answers once it cosigns the next", st.Size, origin), http.StatusNotFound)
	}
}

// persist writes the state atomically before the witness answers.
func (s *Server) persist() error {
	data, err := json.Marshal(s.state)
	if err != nil {
		return err
	}
	return fsutil.WriteFileAtomic(s.path, data)
}

// parseBody reads the size and root of a checkpoint body.
func parseBody(text string) (uint64, []byte, error) {
	lines := strings.SplitN(text, "\n", 4)
	if len(lines) < 4 {
		return 0, nil, errors.New("checkpoint body too short")
	}
	size, err := strconv.ParseUint(lines[1], 10, 64)
	if err != nil {
		return 0, nil, errors.New("bad checkpoint size")
	}
	root, err := base64.StdEncoding.DecodeString(lines[2])
	if err != nil || len(root) != 32 {
		return 0, nil, errors.New("bad checkpoint root")
	}
	return size, root, nil
}
