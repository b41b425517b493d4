package server

import (
	"bytes"
	"context"
	"encoding/csv"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"damlam/internal/i18n"
	"damlam/internal/org"
	"damlam/internal/problem"
	"damlam/internal/sqlstore"
)

// LinkSender delivers a one-time link to the person it is for, another
// way than the mail outbox (which serves when a mail server is
// configured and no LinkSender is). With neither, the link is shown to
// whoever issued it — the administrator on the API or the page, the
// operator on the command line — to pass on.
type LinkSender interface {
	SendLink(ctx context.Context, l sqlstore.OneTimeLink, link string) error
}

// How long one-time links live.
const (
	inviteTTL = 7 * 24 * time.Hour
	resetTTL  = 24 * time.Hour
)

// InvitationRequest asks for a one-time link for a person.
type InvitationRequest struct {
	// Kind is "invite" (first password) or "reset".
	Kind string `json:"kind"`
}

// InvitationResponse says where a link went: "mailed" (through the
// outbox, to SentTo; the link is not shown), "sent" (through the
// configured LinkSender) or "shown" (no mail server is configured: URL
// is the link, for the caller to pass on). Note says which, in the
// caller's language.
type InvitationResponse struct {
	sqlstore.OneTimeLink
	URL       string `json:"url,omitempty"`
	Delivered string `json:"delivered"`
	SentTo    string `json:"sent_to,omitempty"`
	Note      string `json:"note,omitempty"`
}

// publicBase is the address links point at.
func (s *Server) publicBase(r *http.Request) string {
	if s.opts.PublicURL != "" {
		return strings.TrimRight(s.opts.PublicURL, "/")
	}
	scheme := "http"
	if s.secureRequest(r) {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// LinkURL is the page a one-time link opens, under base.
func LinkURL(base, secret string) string {
	return strings.TrimRight(base, "/") + sqlstore.LinkPath(secret)
}

// issueLink makes a one-time link for personID and delivers it: by mail
// through the outbox when a mail server is configured (the mail is
// written with the invitation, in its transaction), else through the
// LinkSender, else it is shown to the issuer.
func (s *Server) issueLink(r *http.Request, me *org.Person, personID, kind string, ttl time.Duration) (InvitationResponse, error) {
	lang := langOf(r)
	if s.opts.Links == nil && s.opts.Mail {
		l, err := s.store.IssueLinkByMail(r.Context(), me, s.clientAddr(r), personID, kind, ttl)
		if err != nil {
			return InvitationResponse{}, err
		}
		return InvitationResponse{OneTimeLink: l, Delivered: "mailed", SentTo: l.Email, Note: i18n.T("api.invite.mailed", l.Email).In(lang)}, nil
	}
	l, err := s.store.IssueLink(r.Context(), me, s.clientAddr(r), personID, kind, ttl)
	if err != nil {
		return InvitationResponse{}, err
	}
	link := LinkURL(s.publicBase(r), l.Secret)
	if s.opts.Links == nil {
		return InvitationResponse{OneTimeLink: l, URL: link, Delivered: "shown", Note: i18n.T("api.invite.no_mail").In(lang)}, nil
	}
	if err := s.opts.Links.SendLink(r.Context(), l, link); err != nil {
		return InvitationResponse{}, err
	}
	return InvitationResponse{OneTimeLink: l, Delivered: "sent", SentTo: l.Email}, nil
}

func (s *Server) apiInvite(w http.ResponseWriter, r *http.Request, me *org.Person) {
	var in InvitationRequest
	if err := decodeJSON(r, &in); err != nil {
		writeProblem(w, r, err)
		return
	}
	ttl := inviteTTL
	switch in.Kind {
	case "", sqlstore.LinkInvite:
		in.Kind = sqlstore.LinkInvite
	case sqlstore.LinkReset:
		ttl = resetTTL
	default:
		var f problem.Fields
		f.Add("kind", "field.one_of", "invite, reset")
		writeProblem(w, r, f.Err())
		return
	}
	res, err := s.issueLink(r, me, r.PathValue("id"), in.Kind, ttl)
	if err != nil {
		writeProblem(w, r, err)
		return
	}
	reply(w, r, http.StatusCreated, res, err)
}

// inviteImported gives every person of an imported CSV an invitation.
func (s *Server) inviteImported(r *http.Request, me *org.Person, data []byte) ([]InvitationResponse, error) {
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	recs, err := cr.ReadAll()
	if err != nil || len(recs) < 2 {
		return nil, err
	}
	var out []InvitationResponse
	for _, rec := range recs[1:] {
		if len(rec) == 0 || strings.TrimSpace(rec[0]) == "" {
			continue
		}
		res, err := s.issueLink(r, me, strings.TrimSpace(rec[0]), sqlstore.LinkInvite, inviteTTL)
		if err != nil {
			return out, err
		}
		out = append(out, res)
	}
	return out, nil
}

// ImportedPeople is the answer to an import of people: how many, and the
// invitation each received.
type ImportedPeople struct {
	Imported    int                  `json:"imported"`
	Invitations []InvitationResponse `json:"invitations"`
}

func (s *Server) apiImportPeople(w http.ResponseWriter, r *http.Request, me *org.Person) {
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 32<<20))
	if err != nil {
		writeProblem(w, r, problem.Wrap(problem.Malformed, "malformed_json", err, "request too large or unreadable"))
		return
	}
	n, err := s.cases.ImportPeople(r.Context(), me, bytes.NewReader(data))
	if err != nil {
		writeProblem(w, r, err)
		return
	}
	inv, err := s.inviteImported(r, me, data)
	reply(w, r, http.StatusOK, ImportedPeople{Imported: n, Invitations: inv}, err)
}

// invitePage greets the link's person and asks for a password.
type inviteData struct {
	Person *org.Person
	Kind   string
}

func (s *Server) invitePage(w http.ResponseWriter, r *http.Request) {
	s.showInvite(w, r, http.StatusOK, nil)
}

func (s *Server) showInvite(w http.ResponseWriter, r *http.Request, status int, refused error) {
	p, kind, err := s.store.LinkPerson(r.Context(), r.PathValue("secret"))
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	v := s.newView(r, "login", "web.invite.title")
	v.Data = inviteData{Person: p, Kind: kind}
	if refused != nil {
		v.withProblem(refused, "invite", url.Values{})
	}
	s.render(w, r, status, "invite", v)
}

func (s *Server) invitePost(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	if r.PostForm.Get("password") != r.PostForm.Get("confirm") {
		var f problem.Fields
		f.Add("confirm", "field.password_mismatch")
		s.showInvite(w, r, http.StatusUnprocessableEntity, f.Err())
		return
	}
	// A dead link is refused before any hashing; a live one hashes under
	// the same gate as sign-ins (signin_gate.go).
	if _, _, err := s.store.LinkPerson(r.Context(), r.PathValue("secret")); err != nil {
		s.pageError(w, r, err)
		return
	}
	release, retry, err := s.hashes.enter(r.Context())
	if err != nil {
		return
	}
	if release == nil {
		err := newTooMany(retry)
		setRetryAfter(w, err)
		s.pageError(w, r, err)
		return
	}
	_, err = s.store.RedeemLink(r.Context(), r.PathValue("secret"), s.clientAddr(r), r.PostForm.Get("password"))
	release()
	if err != nil {
		if problem.KindOf(err) == problem.Invalid {
			s.showInvite(w, r, http.StatusUnprocessableEntity, err)
			return
		}
		s.pageError(w, r, err)
		return
	}
	seeOther(w, r, "/login?done=invited")
}
