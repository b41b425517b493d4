// Package witness is a minimal C2SP transparency-log witness (c2sp.org/tlog-witness
// add-checkpoint) and the client a log uses to collect cosignatures from
// witnesses: an inspection agency runs one, and its cosignatures give each
// decision an independent "existed no later than" time.
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
// cosigned.
type state struct {
	Size uint64 `json:"size"`
	Root []byte `json:"root"`
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

// ServeHTTP answers POST /add-checkpoint.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || !strings.HasSuffix(r.URL.Path, "/add-checkpoint") {
		http.Error(w, "only POST /add-checkpoint", http.StatusNotFound)
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
	s.state[origin] = state{Size: size, Root: root}
	if err := s.persist(); err != nil {
		s.state[origin] = prev
		return nil, err
	}
	signed, err := note.Sign(&note.Note{Text: n.Text}, s.cosigner)
	if err != nil {
		return nil, err
	}
	_, sigs, _ := bytes.Cut(signed, []byte("\n\n"))
	return sigs, nil
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
