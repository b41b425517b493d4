package server

import (
	"embed"
	"io/fs"
	"net/http"

	"damlam/internal/problem"
)

//go:embed static
var staticFiles embed.FS

// pageRoutes registers the HTML pages and their embedded assets. Every
// form post goes through CrossOriginProtection: a page elsewhere cannot
// make a signed-in reader's browser take an action.
func (s *Server) pageRoutes(mux *http.ServeMux) {
	static, _ := fs.Sub(staticFiles, "static")
	mux.Handle("GET /static/", http.StripPrefix("/static/", staticCache(http.FileServerFS(static))))
	cop := http.NewCrossOriginProtection()
	post := func(pattern string, h http.HandlerFunc) { mux.Handle("POST "+pattern, cop.Handler(h)) }

	mux.HandleFunc("GET /{$}", s.signedIn(s.homePage))
	mux.HandleFunc("GET /login", s.page(s.loginPage))
	post("/login", s.page(s.loginPost))
	post("/logout", s.page(s.logoutPost))
	mux.HandleFunc("GET /invite/{secret}", s.page(s.invitePage))
	post("/invite/{secret}", s.page(s.invitePost))
	if s.rp != nil {
		mux.HandleFunc("GET /login/oidc", s.page(s.oidcStart))
		mux.HandleFunc("GET /login/oidc/callback", s.page(s.oidcCallback))
	}

	mux.HandleFunc("GET /inbox", s.signedIn(s.inboxPage))
	mux.HandleFunc("GET /corrections", s.signedIn(s.correctionsPage)) // page_corrections.go
	post("/notifications/{id}/read", s.signedIn(s.notificationReadPost))
	mux.HandleFunc("GET /notifications", s.signedIn(s.notificationsPage)) // page_notify.go
	post("/notifications/{id}/open", s.signedIn(s.notificationOpenPost))
	post("/notifications/read", s.signedIn(s.notificationsReadAllPost))
	mux.HandleFunc("GET /profile", s.signedIn(s.profilePage))
	post("/profile", s.signedIn(s.profilePost))
	mux.HandleFunc("GET /admin/outbox", s.signedIn(s.outboxWebPage))
	post("/admin/outbox/{id}/retry", s.signedIn(s.outboxRetryPost))
	mux.HandleFunc("GET /proposals/new", s.signedIn(s.newProposalPage))
	post("/proposals/new", s.signedIn(s.createProposalPost))
	mux.HandleFunc("GET /proposals/{id}", s.signedIn(s.proposalPage))
	mux.HandleFunc("GET /proposals/{id}/edit", s.signedIn(s.editProposalPage))
	post("/proposals/{id}/edit", s.signedIn(s.editProposalPost))
	post("/proposals/{id}/do/{action}", s.signedIn(s.actionPost))
	mux.HandleFunc("GET /proposals/{id}/meeting", s.signedIn(s.meetingPage))
	mux.HandleFunc("GET /proposals/{id}/pilot", s.signedIn(s.pilotPage))
	mux.HandleFunc("GET /proposals/{id}/evaluation", s.signedIn(s.evaluationPage))
	mux.HandleFunc("GET /proposals/{id}/verify/{seq}", s.signedIn(s.verifyPage))
	mux.HandleFunc("GET /proposals/{id}/dossier", s.signedInDownload(s.dossierDownload))
	mux.HandleFunc("GET /proposals/{id}/attachments/{sha256}", s.signedInDownload(s.attachmentDownload))

	s.documentPageRoutes(mux) // page_documents.go
	mux.HandleFunc("GET /models", s.signedIn(s.cataloguePage))
	mux.HandleFunc("GET /models/{id}", s.signedIn(s.modelPage))
	post("/models/{id}/adopt", s.signedIn(s.adoptPost))
	mux.HandleFunc("GET /dashboard", s.signedIn(s.dashboardPage))
	mux.HandleFunc("GET /search", s.signedIn(s.searchPage))

	s.publicRoutes(mux)
	s.publicAdminRoutes(mux, post)
	s.reportRoutes(mux)
	s.helpRoutes(mux)
	s.evidenceRoutes(mux)

	mux.HandleFunc("GET /admin", s.signedIn(s.adminPage))
	post("/admin/units", s.signedIn(s.adminUnitPost))
	post("/admin/people", s.signedIn(s.adminPersonPost))
	post("/admin/grants", s.signedIn(s.adminGrantPost))
	post("/admin/grants/remove", s.signedIn(s.adminRevokePost))
	mux.HandleFunc("GET /admin/import", s.signedIn(s.importPage))
	post("/admin/import", s.signedIn(s.importPost))
	mux.HandleFunc("GET /account", s.signedIn(s.accountPage))
	post("/account/tokens", s.signedIn(s.accountTokenPost))
	post("/account/tokens/{id}/revoke", s.signedIn(s.accountRevokePost))
	post("/account/password", s.signedIn(s.accountPasswordPost))
	post("/account/sign-out-everywhere", s.signedIn(s.accountSignOutAllPost))
	mux.HandleFunc("GET /admin/access", s.signedIn(s.accessPage))
	post("/admin/access/sign-out", s.signedIn(s.accessSignOutPost))
	post("/admin/access/invite", s.signedIn(s.accessInvitePost))
	mux.HandleFunc("GET /admin/identities", s.signedIn(s.identitiesPage))
	post("/admin/identities", s.signedIn(s.identitiesAddPost))
	post("/admin/identities/remove", s.signedIn(s.identitiesRemovePost))
	mux.HandleFunc("GET /admin/calendar", s.signedIn(s.calendarPage))
	post("/admin/calendar", s.signedIn(s.calendarPost))
	mux.HandleFunc("GET /admin/rules", s.signedIn(s.rulesPage))
	post("/admin/rules", s.signedIn(s.rulesPost))
	post("/admin/instruments", s.signedIn(s.instrumentPost))

	// Anything else is a page that does not exist, said as a page.
	mux.HandleFunc("/", s.page(func(w http.ResponseWriter, r *http.Request) {
		if me, err := s.authenticate(r); err == nil {
			r = r.WithContext(withActor(r.Context(), me))
		}
		s.pageError(w, r, problem.New(problem.NotFound, "not_found"))
	}))
}

// staticCache lets browsers keep the embedded assets for an hour: they
// change only with a new release.
func staticCache(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		h.ServeHTTP(w, r)
	})
}
