package server

import (
	"net/http"

	"damlam/internal/org"
	"damlam/internal/sqlstore"
	"damlam/internal/workflow"
)

// apiRoute is one JSON endpoint: its handler and what the API document
// says about it. The document is generated from this list, so it cannot
// drift from what the server does.
type apiRoute struct {
	method, path string
	summary, tag string
	public       bool
	in, out      any
	query        []queryParam
	handler      http.HandlerFunc
}

type queryParam struct{ name, desc string }

// routes lists every URL damlam serves.
func (s *Server) routes(mux *http.ServeMux) {
	s.api = []apiRoute{
		{method: "POST", path: "/api/v1/login", summary: "Sign in; returns a bearer token", tag: "auth", public: true, in: LoginRequest{}, out: LoginResponse{}, handler: s.apiLogin},
		{method: "GET", path: "/api/v1/me", summary: "The signed-in person with seats and roles", tag: "auth", out: org.Person{}, handler: s.authed(s.apiMe)},
		{method: "POST", path: "/api/v1/logout", summary: "Sign out: end the session or token this request carries", tag: "auth", handler: s.authed(s.apiLogout)},
		{method: "GET", path: "/api/v1/tokens", summary: "My sessions and API tokens (never their secrets)", tag: "auth", out: []sqlstore.Credential{}, handler: s.authed(s.apiTokens)},
		{method: "POST", path: "/api/v1/tokens", summary: "Issue an API token with a name, a scope (full or read) and an expiry; its secret is shown once", tag: "auth", in: TokenRequest{}, out: TokenResponse{}, handler: s.authed(s.apiIssueToken)},
		{method: "DELETE", path: "/api/v1/tokens/{id}", summary: "Revoke one of my sessions or tokens", tag: "auth", handler: s.authed(s.apiRevokeToken)},
		{method: "PUT", path: "/api/v1/me/password", summary: "Change my password; every session and token of mine ends", tag: "auth", in: PasswordChange{}, handler: s.authed(s.apiChangePassword)},
		{method: "POST", path: "/api/v1/people/{id}/sign-out", summary: "Sign a person out everywhere: end all their sessions and tokens (themself or their administrators)", tag: "auth", out: RevokedResponse{}, handler: s.authed(s.apiSignOutEverywhere)},
		{method: "PUT", path: "/api/v1/people/{id}/identity", summary: "Link a person to their account at the OpenID Connect provider (administrators)", tag: "auth", in: IdentityLink{}, out: org.Person{}, handler: s.authed(s.apiLinkIdentity)},
		{method: "DELETE", path: "/api/v1/people/{id}/identity/{subject}", summary: "Remove the link of a person's account at the OpenID Connect provider (administrators)", tag: "auth", out: org.Person{}, handler: s.authed(s.apiUnlinkIdentity)},
		{method: "GET", path: "/api/v1/identities", summary: "Provider accounts linked to the people I administer (administrators)", tag: "auth", out: []sqlstore.IdentityLinkRow{}, handler: s.authed(s.apiIdentities)},
		{method: "POST", path: "/api/v1/people/{id}/invitation", summary: "A one-time link to set a password (kind invite or reset; administrators); shown here until mail is configured", tag: "auth", in: InvitationRequest{}, out: InvitationResponse{}, handler: s.authed(s.apiInvite)},
		{method: "GET", path: "/api/v1/access-events", summary: "Sign-ins, failed sign-ins, tokens, passwords and sign-outs in my administration (administrators)", tag: "auth", out: []sqlstore.AuthEvent{}, handler: s.authed(s.apiAccessEvents)},
		{method: "GET", path: "/api/v1/inbox", summary: "What waits on me, by due date", tag: "proposals", out: []sqlstore.InboxItem{}, handler: s.authed(s.apiInbox)},
		{method: "GET", path: "/api/v1/corrections", summary: "The violations inspections found in my inspection's units, with their corrective deadlines (inspectors)", tag: "proposals", out: []sqlstore.CorrectionItem{}, query: []queryParam{{"status", "open (default), overdue, corrected or all"}}, handler: s.authed(s.apiCorrections)},
		{method: "GET", path: "/api/v1/notifications", summary: "My notifications, newest first", tag: "notifications", out: []sqlstore.Notification{}, query: []queryParam{{"filter", "all, unread or read"}, {"limit", "at most 200"}}, handler: s.authed(s.apiNotificationsFiltered)},
		{method: "POST", path: "/api/v1/notifications/read", summary: "Mark all my notifications read", tag: "notifications", out: NotifySettings{}, handler: s.authed(s.apiNotificationsReadAll)},
		{method: "GET", path: "/api/v1/me/notify", summary: "My unread count, how I am told by mail and in which language", tag: "notifications", out: NotifySettings{}, handler: s.authed(s.apiNotifySettings)},
		{method: "PUT", path: "/api/v1/me/notify", summary: "Choose every mail, a daily digest or none (urgent items are always mailed), and the language (vi, en) of my mail and notices", tag: "notifications", in: NotifySettingsInput{}, out: NotifySettings{}, handler: s.authed(s.apiSetNotifySettings)},
		{method: "GET", path: "/api/v1/admin/outbox", summary: "The outbox: pending, sent or failed mail (administrators: the mail of people in their units)", tag: "notifications", out: OutboxPage{}, query: []queryParam{{"state", "pending, sent or failed"}, {"limit", "at most 200"}}, handler: s.authed(s.apiOutbox)},
		{method: "POST", path: "/api/v1/admin/outbox/{id}/retry", summary: "Send a failed mail again (administrators: the mail of people in their units)", tag: "notifications", out: OutboxPage{}, handler: s.authed(s.apiOutboxRetry)},
		{method: "POST", path: "/api/v1/notifications/{id}/read", summary: "Mark one of my notifications read", tag: "notifications", out: []sqlstore.Notification{}, handler: s.authed(s.apiNotificationRead)},

		{method: "GET", path: "/api/v1/units", summary: "Units, in tree order", tag: "organisation", out: []org.Unit{}, query: []queryParam{{"under", "a unit id: only its subtree"}}, handler: s.authed(s.apiUnits)},
		{method: "POST", path: "/api/v1/units", summary: "Create a unit (administrators of the parent)", tag: "organisation", in: sqlstore.UnitInput{}, out: org.Unit{}, handler: s.authed(s.apiCreateUnit)},
		{method: "GET", path: "/api/v1/units/{id}", summary: "One unit", tag: "organisation", out: org.Unit{}, handler: s.authed(s.apiUnit)},
		{method: "GET", path: "/api/v1/units/{id}/publication", summary: "What a unit shows on the public page (administrators)", tag: "organisation", out: org.Publication{}, handler: s.authed(s.apiPublication)},
		{method: "PUT", path: "/api/v1/units/{id}/publication", summary: "Choose what a unit shows on the public page (administrators of the unit)", tag: "organisation", in: org.PublicationInput{}, out: org.Publication{}, handler: s.authed(s.apiSetPublication)},
		{method: "GET", path: "/api/v1/people", summary: "People seated under a unit", tag: "organisation", out: []sqlstore.PersonSummary{}, query: []queryParam{{"under", "a unit id"}}, handler: s.authed(s.apiPeople)},
		{method: "POST", path: "/api/v1/people", summary: "Create a person with seats and roles (administrators)", tag: "organisation", in: sqlstore.PersonInput{}, out: org.Person{}, handler: s.authed(s.apiCreatePerson)},
		{method: "GET", path: "/api/v1/people/{id}", summary: "One person with seats and roles", tag: "organisation", out: org.Person{}, handler: s.authed(s.apiPerson)},
		{method: "GET", path: "/api/v1/people/{id}/rewards", summary: "The rewards a person received, with their effects and cases", tag: "organisation", out: []sqlstore.RewardView{}, handler: s.authed(s.apiPersonRewards)},
		{method: "POST", path: "/api/v1/people/{id}/seats", summary: "Give a person a post in a unit (administrators)", tag: "organisation", in: sqlstore.SeatInput{}, out: org.Person{}, handler: s.authed(s.apiAddSeat)},
		{method: "DELETE", path: "/api/v1/people/{id}/seats/{unit}", summary: "End a person's post in a unit (administrators)", tag: "organisation", out: org.Person{}, handler: s.authed(s.apiRemoveSeat)},
		{method: "POST", path: "/api/v1/people/{id}/grants", summary: "Give a person a role over a unit (administrators)", tag: "organisation", in: sqlstore.GrantInput{}, out: org.Person{}, handler: s.authed(s.apiAddGrant)},
		{method: "DELETE", path: "/api/v1/people/{id}/grants/{role}/{unit}", summary: "Take a role away (administrators; never one's own administration)", tag: "organisation", out: org.Person{}, handler: s.authed(s.apiRemoveGrant)},
		{method: "POST", path: "/api/v1/import/units", summary: "Import units from CSV (all or nothing)", tag: "organisation", out: ImportResult{}, handler: s.authed(s.apiImport("units"))},
		{method: "POST", path: "/api/v1/import/people", summary: "Import people from CSV (all or nothing); each receives an invitation", tag: "organisation", out: ImportedPeople{}, handler: s.authed(s.apiImportPeople)},

		{method: "GET", path: "/api/v1/proposals", summary: "Proposals I may read, newest first", tag: "proposals", out: ProposalList{},
			query:   []queryParam{{"unit", "unit id (with its subtree)"}, {"state", "lifecycle state"}, {"field", "field"}, {"overdue", "true: only overdue"}, {"q", "words, without diacritics or case"}, {"limit", "at most 200"}, {"after", "the next_after of the previous page"}},
			handler: s.authed(s.apiListProposals)},
		{method: "POST", path: "/api/v1/proposals", summary: "Start a draft in my unit", tag: "proposals", in: CreateProposalRequest{}, out: sqlstore.ProposalView{}, handler: s.authed(s.apiCreateProposal)},
		{method: "GET", path: "/api/v1/proposals/{id}", summary: "A proposal: state, due date, history, and the actions I may take now", tag: "proposals", out: sqlstore.ProposalView{}, handler: s.authed(s.apiGetProposal)},
		{method: "PUT", path: "/api/v1/proposals/{id}", summary: "Edit a draft or a returned proposal", tag: "proposals", in: workflow.Content{}, out: sqlstore.ProposalView{}, handler: s.authed(s.apiEditProposal)},
		{method: "POST", path: "/api/v1/proposals/{id}/attachments", summary: "Attach a file (raw body; ?name=)", tag: "proposals", out: sqlstore.Attachment{}, query: []queryParam{{"name", "file name"}}, handler: s.authed(s.apiAddAttachment)},
		{method: "GET", path: "/api/v1/proposals/{id}/attachments/{sha256}", summary: "Download an attachment", tag: "proposals", handler: s.authed(s.apiGetAttachment)},
		{method: "GET", path: "/api/v1/proposals/{id}/dossier", summary: "The case's verifiable dossier (zip)", tag: "log", handler: s.authed(s.apiDossier)},
		{method: "GET", path: "/api/v1/lifecycle", summary: "The transition table", tag: "proposals", public: true, out: []LifecycleRow{}, handler: s.apiLifecycle},

		{method: "GET", path: "/api/v1/calendar/{year}", summary: "Holidays and announced days of a year", tag: "calendar", public: true, out: CalendarYear{}, handler: s.apiCalendar},
		{method: "PUT", path: "/api/v1/calendar/days/{date}", summary: "Announce a day off or a swapped working day (administrators)", tag: "calendar", in: sqlstore.CalendarDayInput{}, out: CalendarYear{}, handler: s.authed(s.apiSetCalendarDay)},

		{method: "GET", path: "/api/v1/rules", summary: "The national rule set and every version of every locality's", tag: "rules", out: RulesList{}, handler: s.authed(s.apiRules)},
		{method: "POST", path: "/api/v1/rules", summary: "Issue a version of a locality's rule set: time limits, reminder days, vote threshold (administrators of the unit)", tag: "rules", in: workflow.RuleSet{}, out: workflow.IssuedRules{}, handler: s.authed(s.apiIssueRules)},

		{method: "GET", path: "/api/v1/instruments", summary: "The instruments a case's legal basis may name", tag: "rules", out: []workflow.Instrument{}, handler: s.authed(s.apiInstruments)},
		{method: "POST", path: "/api/v1/instruments", summary: "Add an instrument to the list (administrators)", tag: "rules", in: workflow.Instrument{}, out: workflow.Instrument{}, handler: s.authed(s.apiAddInstrument)},

		{method: "GET", path: "/api/v1/log/checkpoint", summary: "The latest signed checkpoint (C2SP signed note)", tag: "log", public: true, handler: s.apiCheckpoint},
		{method: "GET", path: "/api/v1/log/entries/{index}", summary: "A log leaf's exact bytes", tag: "log", public: true, handler: s.apiLogEntry},
		{method: "GET", path: "/api/v1/log/proof/inclusion", summary: "Inclusion proof of a leaf in a tree size", tag: "log", public: true, out: ProofResponse{}, query: []queryParam{{"index", "leaf index"}, {"size", "tree size"}}, handler: s.apiInclusion},
		{method: "GET", path: "/api/v1/log/proof/consistency", summary: "Consistency proof between two tree sizes", tag: "log", public: true, out: ProofResponse{}, query: []queryParam{{"old", "older tree size"}, {"size", "newer tree size"}}, handler: s.apiConsistency},
		{method: "GET", path: "/api/v1/log/keys", summary: "The log's verifier keys, current and past", tag: "log", public: true, handler: s.apiLogKeys},
	}
	s.api = append(s.api, s.documentRoutes()...) // api_documents.go
	s.api = append(s.api, s.exportRoutes()...)   // api_exports.go
	for _, rt := range s.api {
		mux.HandleFunc(rt.method+" "+rt.path, rt.handler)
	}
	// Every action shares one handler; the document lists each with its body.
	mux.HandleFunc("POST /api/v1/proposals/{id}/{action}", s.authed(s.apiAction))

	mux.HandleFunc("GET /healthz", s.healthz)
	mux.HandleFunc("GET /api/v1/openapi.json", s.apiOpenAPI)
	mux.HandleFunc("GET /api/docs", s.apiDocs)
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		writeProblem(w, r, notFound())
	})
	s.pageRoutes(mux)
}
