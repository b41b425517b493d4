package server

import (
	"encoding/base64"
	"errors"
	"net/http"
	"strconv"

	"damlam/internal/ledger"
	"damlam/internal/org"
	"damlam/internal/problem"
)

// ProofResponse is a Merkle proof: base64 hashes, as in C2SP tlog-proof.
type ProofResponse struct {
	Index  int64    `json:"index,omitempty"`
	Old    int64    `json:"old,omitempty"`
	Size   int64    `json:"size"`
	Hashes []string `json:"hashes"`
}

// logError turns the ledger's "no such index or size" into a 404; other
// ledger errors stay internal.
func logError(err error) error {
	if errors.Is(err, ledger.ErrNotFound) {
		return problem.Wrap(problem.NotFound, "not_found", err)
	}
	return err
}

func encodeHashes(hs [][32]byte) []string {
	out := make([]string, len(hs))
	for i, h := range hs {
		out[i] = base64.StdEncoding.EncodeToString(h[:])
	}
	return out
}

func queryInt(r *http.Request, name string) (int64, error) {
	n, err := strconv.ParseInt(r.URL.Query().Get(name), 10, 64)
	if err != nil || n < 0 {
		return 0, problem.New(problem.Malformed, "malformed_json", name+" must be a whole number")
	}
	return n, nil
}

func (s *Server) apiCheckpoint(w http.ResponseWriter, r *http.Request) {
	cp, err := s.store.Log().Checkpoint(r.Context())
	if err != nil {
		writeProblem(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Write(cp)
}

func (s *Server) apiLogEntry(w http.ResponseWriter, r *http.Request) {
	index, err := strconv.ParseInt(r.PathValue("index"), 10, 64)
	if err != nil || index < 0 {
		writeProblem(w, r, notFound())
		return
	}
	leaf, err := s.store.Log().Leaf(r.Context(), index)
	if err != nil {
		writeProblem(w, r, logError(err))
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	// A leaf never changes once written.
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	w.Write(leaf)
}

// queryInts reads whole-number query parameters, all or none.
func queryInts(r *http.Request, names ...string) ([]int64, error) {
	out := make([]int64, len(names))
	for i, name := range names {
		n, err := queryInt(r, name)
		if err != nil {
			return nil, err
		}
		out[i] = n
	}
	return out, nil
}

func (s *Server) apiInclusion(w http.ResponseWriter, r *http.Request) {
	v, err := queryInts(r, "index", "size")
	if err != nil {
		writeProblem(w, r, err)
		return
	}
	hs, err := s.store.Log().InclusionProof(r.Context(), v[0], v[1])
	reply(w, r, http.StatusOK, ProofResponse{Index: v[0], Size: v[1], Hashes: encodeHashes(hs)}, logError(err))
}

func (s *Server) apiConsistency(w http.ResponseWriter, r *http.Request) {
	v, err := queryInts(r, "old", "size")
	if err != nil {
		writeProblem(w, r, err)
		return
	}
	hs, err := s.store.Log().ConsistencyProof(r.Context(), v[0], v[1])
	reply(w, r, http.StatusOK, ProofResponse{Old: v[0], Size: v[1], Hashes: encodeHashes(hs)}, logError(err))
}

func (s *Server) apiLogKeys(w http.ResponseWriter, r *http.Request) {
	keys, err := s.store.Log().VerifierKeys(r.Context())
	if err != nil {
		writeProblem(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	for _, k := range keys {
		w.Write([]byte(k + "\n"))
	}
}

func (s *Server) apiDossier(w http.ResponseWriter, r *http.Request, actor *org.Person) {
	d, err := s.store.Dossier(r.Context(), actor, r.PathValue("id"))
	if err != nil {
		writeProblem(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/zip")
	w.Header().Set("Content-Disposition", `attachment; filename="dossier-`+r.PathValue("id")+`.zip"`)
	if err := d.WriteZip(w); err != nil {
		s.log.Error("dossier", "proposal", r.PathValue("id"), "err", err)
	}
}
