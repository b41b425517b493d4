package server

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"strconv"

	"damlam/internal/org"
	"damlam/internal/problem"
	"damlam/internal/sqlstore"
	"damlam/internal/workflow"
)

// A case's action forms carry a key (form_key), so that a submit pressed
// twice, or sent again by the browser after a timeout, is one decision:
// the key goes through the same idempotency records as the API's. The key
// names the reader, the case, the step the case was at when the form was
// drawn, and the action: a form drawn again after a refusal (nothing was
// written) keeps its key, a form drawn after any new step gets a new one.
// A form drawn before someone else's step and sent with other values is
// refused as sent already, and the reader sees the case as it is now.

// formKey is the key of the form for action a on case p, drawn for me.
func formKey(me *org.Person, p *sqlstore.ProposalView, a workflow.Action) string {
	if me == nil {
		return ""
	}
	seq := 0
	if n := len(p.History); n > 0 {
		seq = p.History[n-1].Seq
	}
	sum := sha256.Sum256([]byte("damlam form\x00" + me.ID + "\x00" + p.ID + "\x00" + strconv.Itoa(seq) + "\x00" + string(a)))
	return hex.EncodeToString(sum[:16])
}

// formClaim is the claim of a posted form's key, nil if it has none.
func (s *Server) formClaim(r *http.Request, me *org.Person) *sqlstore.Claim {
	key, err := parseIdempotencyKey(r.PostForm.Get("form_key"))
	if err != nil {
		return nil
	}
	form := url.Values{}
	for k, v := range r.PostForm {
		if k != "form_key" {
			form[k] = v
		}
	}
	return &sqlstore.Claim{Caller: me.ID, Key: "form:" + key, Digest: requestDigest(r, []byte(form.Encode())), At: s.store.Now()}
}

// formSent says whether c's form was sent before and committed, and the
// sequence number of the step it took; another form under the key is
// refused.
func (s *Server) formSent(r *http.Request, c *sqlstore.Claim) (seq int, sent bool, err error) {
	rec, ok, err := s.store.LookupKey(r.Context(), c.Caller, c.Key)
	if err != nil || !ok {
		return 0, false, err
	}
	if rec.Digest != c.Digest {
		return 0, false, problem.New(problem.Conflict, "form_already_sent")
	}
	if rec.Subject == "" || rec.LogIndex < 0 {
		return 0, true, nil
	}
	ev, _, err := s.store.LoggedStep(r.Context(), rec.Subject, rec.LogIndex)
	return ev.Seq, true, err
}

// The draft forms (a new proposal, the edit of a draft) have no step to
// name, so their key is drawn at random on every render; a form drawn
// again after a refusal (nothing was written) keeps the key it was sent
// with.
func draftKey(form url.Values) string {
	if form != nil {
		if key, err := parseIdempotencyKey(form.Get("form_key")); err == nil && len(key) == 32 {
			return key
		}
	}
	var b [16]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// draftSent says whether the draft form under c was sent before and
// committed, and the case it made or edited.
func (s *Server) draftSent(r *http.Request, c *sqlstore.Claim) (id string, sent bool, err error) {
	rec, ok, err := s.store.LookupKey(r.Context(), c.Caller, c.Key)
	if err != nil || !ok {
		return "", false, err
	}
	if rec.Digest != c.Digest {
		return "", false, problem.New(problem.Conflict, "form_already_sent")
	}
	return rec.Subject, true, nil
}

// draftAnswered answers a draft form sent again as its first sending was:
// the case's page, or the refusal.
func (s *Server) draftAnswered(w http.ResponseWriter, r *http.Request, id string, err error) {
	if err == nil && id == "" {
		err = problem.New(problem.Conflict, "idempotency_answer_lost")
	}
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	seeOther(w, r, "/proposals/"+url.PathEscape(id)+"?saved=1")
}
