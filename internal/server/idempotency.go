package server

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"strings"
	"time"

	"damlam/internal/casework"
	"damlam/internal/org"
	"damlam/internal/problem"
	"damlam/internal/sqlstore"
	"damlam/internal/workflow"
)

// Idempotency-Key (draft-ietf-httpapi-idempotency-key-header, as Stripe
// does it). A POST or PUT sent with a key is taken at most once per caller
// and key: the store writes the key in the action's own transaction, a
// retry with the same key and the same request gets the first answer (with
// Idempotent-Replayed: true) and takes no second step, and the same key with
// another request is refused (422). A refused request writes nothing, not
// even its key: sent again, it is decided again. Keys live 24 hours.
const (
	idempotencyHeader = "Idempotency-Key"
	replayedHeader    = "Idempotent-Replayed"
	maxKeyLen         = 255
	// maxKeyedBody bounds what is read to digest a keyed request: the
	// largest body any route takes (an import's CSV); each handler still
	// applies its own limit.
	maxKeyedBody = 32 << 20
)

// answerWait is how long a retry waits for the first request's answer
// when the first request committed but has not answered yet.
var answerWait = 5 * time.Second

// idempotent runs h for actor, at most once per Idempotency-Key.
func (s *Server) idempotent(w http.ResponseWriter, r *http.Request, actor *org.Person, h func(http.ResponseWriter, *http.Request, *org.Person)) {
	raw, sent := r.Header[http.CanonicalHeaderKey(idempotencyHeader)]
	if !sent || (r.Method != http.MethodPost && r.Method != http.MethodPut) {
		h(w, r, actor)
		return
	}
	key, err := parseIdempotencyKey(strings.Join(raw, ","))
	if err != nil {
		writeProblem(w, r, err)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxKeyedBody))
	if err != nil {
		writeProblem(w, r, bodyError(err, maxKeyedBody))
		return
	}
	c := &sqlstore.Claim{Caller: actor.ID, Key: key, Digest: requestDigest(r, body), At: s.store.Now()}
	if s.replay(w, r, actor, c) {
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	rec := &recorder{header: http.Header{}}
	h(rec, r.WithContext(sqlstore.WithClaim(r.Context(), c)), actor)
	if c.Taken() && s.replay(w, r, actor, c) {
		return
	}
	if rec.status >= 200 && rec.status < 300 && keptTypes[rec.header.Get("Content-Type")] {
		if err := s.store.SaveAnswer(context.WithoutCancel(r.Context()), c, rec.status, encodeAnswer(rec.header.Get("Content-Type"), rec.body.Bytes())); err != nil {
			// The action stands; a retry rebuilds the answer from the log.
			s.log.Error("keep an idempotent answer", "caller", c.Caller, "err", err)
		}
	}
	rec.sendTo(w)
}

// replay answers r from the record of its key, if there is one; it
// reports whether it answered.
func (s *Server) replay(w http.ResponseWriter, r *http.Request, actor *org.Person, c *sqlstore.Claim) bool {
	ctx := r.Context()
	until := time.Now().Add(answerWait)
	for {
		rec, ok, err := s.store.LookupKey(ctx, c.Caller, c.Key)
		if err != nil {
			writeProblem(w, r, err)
			return true
		}
		if !ok {
			return false
		}
		if rec.Digest != c.Digest {
			writeProblem(w, r, problem.New(problem.Invalid, "idempotency_key_reused"))
			return true
		}
		if rec.Status != 0 {
			a, err := decodeAnswer(rec.Status, rec.Answer)
			if err != nil {
				s.log.Error("a kept answer does not decode", "caller", c.Caller, "err", err)
				writeProblem(w, r, errInternal)
				return true
			}
			a.send(w)
			return true
		}
		// The first request committed and is answering now, or died
		// before it could: wait for it a little, then answer for it.
		if time.Now().Before(until) {
			select {
			case <-ctx.Done():
				return true
			case <-time.After(20 * time.Millisecond):
			}
			continue
		}
		a, err := s.rebuild(r, actor, rec)
		if err != nil {
			writeProblem(w, r, err)
			return true
		}
		if err := s.store.SaveAnswer(context.WithoutCancel(ctx), c, a.status, encodeAnswer(a.contentType, a.body)); err != nil {
			s.log.Error("keep a rebuilt answer", "caller", c.Caller, "err", err)
		}
		a.send(w)
		return true
	}
}

// rebuild answers for a request that committed without answering: a step
// from its log entry, a new draft from the case.
func (s *Server) rebuild(r *http.Request, actor *org.Person, rec sqlstore.KeyRecord) (answer, error) {
	ctx := r.Context()
	switch {
	case rec.Subject != "" && rec.LogIndex >= 0:
		ev, receipt, err := s.store.LoggedStep(ctx, rec.Subject, rec.LogIndex)
		if err != nil {
			return answer{}, err
		}
		res := casework.Result{ID: rec.Subject, Event: ev, Receipt: string(receipt), AllowedActions: []workflow.ActionRef{}}
		if p, err := s.store.Peek(ctx, rec.Subject); err == nil && workflow.CanRead(actor, p) {
			if v, err := s.store.Proposal(ctx, actor, rec.Subject); err == nil {
				label := v.State.Label()
				res.State, res.StateLabel, res.DueDate, res.AllowedActions = v.State, &label, v.DueDate, v.AllowedActions
			}
		}
		return jsonAnswer(http.StatusOK, res)
	case rec.Subject != "":
		v, err := s.store.Proposal(ctx, actor, rec.Subject)
		if err != nil {
			return answer{}, err
		}
		return jsonAnswer(http.StatusCreated, v)
	}
	return answer{}, problem.New(problem.Conflict, "idempotency_answer_lost")
}

// parseIdempotencyKey reads the header's value: an sf-string ("…", as the
// draft writes it) or a bare token (as most clients send it), of 1 to 255
// visible ASCII characters.
func parseIdempotencyKey(v string) (string, error) {
	v = strings.TrimSpace(v)
	if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
		v = v[1 : len(v)-1]
	}
	if v == "" || len(v) > maxKeyLen {
		return "", problem.New(problem.Malformed, "idempotency_key_malformed", maxKeyLen)
	}
	for i := 0; i < len(v); i++ {
		if c := v[i]; c < 0x21 || c > 0x7e || c == '"' || c == '\\' || c == ',' {
			return "", problem.New(problem.Malformed, "idempotency_key_malformed", maxKeyLen)
		}
	}
	return v, nil
}

// requestDigest is what a retry must repeat: method, path with query,
// and body.
func requestDigest(r *http.Request, body []byte) string {
	h := sha256.New()
	io.WriteString(h, r.Method+" "+r.URL.RequestURI()+"\n")
	h.Write(body)
	return hex.EncodeToString(h.Sum(nil))
}

// bodyError is the refusal of a body that could not be read: 413 with
// the limit when it is too large.
func bodyError(err error, limit int64) error {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return problem.Wrap(problem.TooLarge, "body_too_large", err, limit)
	}
	return problem.Wrap(problem.Malformed, "malformed_json", err, "request unreadable")
}

// recorder holds a handler's answer until it is kept.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (rc *recorder) Header() http.Header { return rc.header }
func (rc *recorder) WriteHeader(status int) {
	if rc.status == 0 {
		rc.status = status
	}
}
func (rc *recorder) Write(p []byte) (int, error) {
	if rc.status == 0 {
		rc.status = http.StatusOK
	}
	return rc.body.Write(p)
}

func (rc *recorder) sendTo(w http.ResponseWriter) {
	for k, v := range rc.header {
		w.Header()[k] = v
	}
	if rc.status == 0 {
		rc.status = http.StatusOK
	}
	w.WriteHeader(rc.status)
	w.Write(rc.body.Bytes())
}
