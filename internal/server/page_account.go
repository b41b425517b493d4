package server

import (
	"net/http"
	"net/url"
	"strconv"

	"damlam/internal/org"
	"damlam/internal/problem"
	"damlam/internal/sqlstore"
)

// accountData is the reader's own page: where they are signed in, their
// API tokens, and the forms that change them.
type accountData struct {
	Credentials []sqlstore.Credential
	// NewToken is a token just issued: its secret is shown this once.
	NewToken *TokenResponse
	Scopes   []option
}

func (s *Server) accountPage(w http.ResponseWriter, r *http.Request, me *org.Person) {
	v := s.newView(r, "account", "web.account.title")
	switch r.URL.Query().Get("done") {
	case "revoked":
		v.Notice = v.T("web.account.revoked")
	}
	s.showAccount(w, r, http.StatusOK, v, me, nil)
}

func (s *Server) showAccount(w http.ResponseWriter, r *http.Request, status int, v *view, me *org.Person, issued *TokenResponse) {
	list, err := s.store.Credentials(r.Context(), me.ID)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	if c, err := r.Cookie(sessionCookie); err == nil {
		if _, cur, err := s.store.AuthenticateWith(r.Context(), c.Value); err == nil {
			for i := range list {
				list[i].Current = list[i].ID == cur.ID
			}
		}
	}
	v.Data = accountData{Credentials: list, NewToken: issued,
		Scopes: []option{{sqlstore.ScopeRead, v.T("web.account.scope.read")}, {sqlstore.ScopeFull, v.T("web.account.scope.full")}}}
	s.render(w, r, status, "account", v)
}

func (s *Server) accountTokenPost(w http.ResponseWriter, r *http.Request, me *org.Person) {
	r.ParseForm()
	days, _ := strconv.Atoi(r.PostForm.Get("days"))
	if r.PostForm.Get("days") != "" && days == 0 {
		days = -1 // not a number: refused as out of range
	}
	token, c, err := s.issueToken(r, me, TokenRequest{Name: r.PostForm.Get("name"), Scope: r.PostForm.Get("scope"), ExpiresInDays: days})
	v := s.newView(r, "account", "web.account.title")
	v.URL = &url.URL{Path: "/account"}
	if err != nil {
		if problem.KindOf(err) != problem.Invalid {
			s.pageError(w, r, err)
			return
		}
		pe := problem.As(err)
		for i := range pe.Fields {
			if pe.Fields[i].Field == "expires_in_days" {
				pe.Fields[i].Field = "days" // the form's name for it
			}
		}
		v.withProblem(pe, "token", r.PostForm)
		s.showAccount(w, r, http.StatusUnprocessableEntity, v, me, nil)
		return
	}
	v.Notice = v.T("web.account.issued")
	s.showAccount(w, r, http.StatusCreated, v, me, &TokenResponse{Token: token, Credential: c})
}

func (s *Server) accountRevokePost(w http.ResponseWriter, r *http.Request, me *org.Person) {
	if err := s.revokeCredential(r, me, r.PathValue("id")); err != nil {
		s.pageError(w, r, err)
		return
	}
	seeOther(w, r, "/account?done=revoked")
}

func (s *Server) accountPasswordPost(w http.ResponseWriter, r *http.Request, me *org.Person) {
	r.ParseForm()
	var err error
	if r.PostForm.Get("password") != r.PostForm.Get("confirm") {
		var f problem.Fields
		f.Add("confirm", "field.password_mismatch")
		err = f.Err()
	} else {
		err = s.changePassword(r, me, PasswordChange{Current: r.PostForm.Get("current"), Password: r.PostForm.Get("password")})
	}
	if err != nil {
		k := problem.KindOf(err)
		if k != problem.Invalid && k != problem.TooMany {
			s.pageError(w, r, err)
			return
		}
		setRetryAfter(w, err)
		v := s.newView(r, "account", "web.account.title")
		v.URL = &url.URL{Path: "/account"}
		v.withProblem(err, "password", url.Values{})
		s.showAccount(w, r, statusOf(k), v, me, nil)
		return
	}
	s.clearSession(w, r)
	seeOther(w, r, "/login?done=password")
}

// accountSignOutAllPost ends every session and token of the reader, this
// browser's too.
func (s *Server) accountSignOutAllPost(w http.ResponseWriter, r *http.Request, me *org.Person) {
	if _, err := s.store.SignOutEverywhere(r.Context(), me, s.clientAddr(r), me.ID); err != nil {
		s.pageError(w, r, err)
		return
	}
	s.clearSession(w, r)
	seeOther(w, r, "/login?done=everywhere")
}

func (s *Server) clearSession(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: s.secureRequest(r), SameSite: http.SameSiteLaxMode})
}
