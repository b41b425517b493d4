package server

import (
	"context"
	"net/http"
	"strings"
	"unicode"

	"damlam/internal/sqlstore"
)

// recordAccess keeps an access event for the administrators. A failure
// to keep it is logged, not shown: the sign-in itself succeeded or
// failed on its own merits.
func (s *Server) recordAccess(r *http.Request, e sqlstore.AuthEvent) {
	if e.Address == "" {
		e.Address = s.clientAddr(r)
	}
	if err := s.store.RecordAuthEvent(r.Context(), e); err != nil {
		s.log.Error("access event", "kind", e.Kind, "err", err)
	}
}

// subjectOf names a failed sign-in's subject: the person whose e-mail
// was typed, or the e-mail itself when it is nobody's.
func (s *Server) subjectOf(r *http.Request, email string) string {
	if id, _, err := s.store.PersonByEmail(r.Context(), email); err == nil {
		return id
	}
	return email
}

// clientName is a session's name in its holder's list: the browser, as
// its User-Agent says, shortened and stripped of anything unprintable.
func clientName(r *http.Request) string {
	ua := r.Header.Get("User-Agent")
	for _, b := range []string{"Edg/", "Firefox/", "Chrome/", "Safari/", "curl/"} {
		if i := strings.Index(ua, b); i >= 0 {
			ua = ua[i:]
			if j := strings.IndexByte(ua, ' '); j > 0 {
				ua = ua[:j]
			}
			break
		}
	}
	ua = strings.Map(func(c rune) rune {
		if unicode.IsPrint(c) {
			return c
		}
		return -1
	}, ua)
	if len(ua) > 60 {
		ua = strings.ToValidUTF8(ua[:60], "")
	}
	return ua
}

// fromHere is the request's context carrying the client's address, for
// the changes that record where they came from (role and seat changes,
// in their own transaction).
func (s *Server) fromHere(r *http.Request) context.Context {
	return sqlstore.WithAddress(r.Context(), s.clientAddr(r))
}
