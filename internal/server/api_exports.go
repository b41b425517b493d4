package server

import (
	"net/http"
	"time"

	"damlam/internal/export"
	"damlam/internal/i18n"
	"damlam/internal/org"
	"damlam/internal/problem"
	"damlam/internal/sqlstore"
)

// exportRoutes are the lists people see, as spreadsheets: search and list
// results with their filters, the inbox, and a unit's document register.
func (s *Server) exportRoutes() []apiRoute {
	format := queryParam{"format", "xlsx (default) or csv (UTF-8 with BOM)"}
	return []apiRoute{
		{method: "GET", path: "/api/v1/export/proposals", summary: "Proposals I may read, with the list's filters, as .xlsx or .csv (streamed)", tag: "exports",
			query:   []queryParam{format, {"unit", "unit id (with its subtree)"}, {"state", "lifecycle state"}, {"field", "field"}, {"overdue", "true: only overdue"}, {"q", "words, without diacritics or case"}},
			handler: s.authed(s.exportProposals)},
		{method: "GET", path: "/api/v1/export/inbox", summary: "What waits on me, as .xlsx or .csv", tag: "exports", query: []queryParam{format}, handler: s.authed(s.exportInbox)},
		{method: "GET", path: "/api/v1/export/units/{id}/documents", summary: "A unit's document register for a year, as .xlsx or .csv", tag: "exports",
			query: []queryParam{format, {"year", "calendar year"}, {"q", "words of the subject"}}, handler: s.authed(s.exportRegister)},
	}
}

var listColumns = []export.Column{{Header: "Mã hồ sơ", Width: 17}, {Header: "Tiêu đề", Width: 50}, {Header: "Lĩnh vực", Width: 18}, {Header: "Trạng thái", Width: 24},
	{Header: "Đơn vị", Width: 24}, {Header: "Người đề xuất", Width: 24}, {Header: "Hạn xử lý", Kind: export.Date}, {Header: "Quá hạn", Kind: export.Bool},
	{Header: "Cập nhật", Kind: export.Time}}

func listRow(p sqlstore.ProposalSummary) []any {
	updated, _ := time.Parse(time.RFC3339Nano, p.UpdatedAt)
	return []any{p.ID, p.Title, p.Field, p.StateLabel.VI, p.UnitName, p.Proposer, p.DueDate, p.Overdue, updated}
}

// startExport answers the headers of an export named name and opens its
// writer; a bad format is refused before anything is sent.
func startExport(w http.ResponseWriter, r *http.Request, name, sheet string, cols []export.Column) (export.Writer, bool) {
	f, err := export.ParseFormat(r.URL.Query().Get("format"))
	if err != nil {
		var fe problem.Fields
		fe.Add("format", "field.one_of", "xlsx, csv")
		writeProblem(w, r, fe.Err())
		return nil, false
	}
	w.Header().Set("Content-Type", f.ContentType())
	w.Header().Set("Content-Disposition", `attachment; filename="`+safeName(name)+"."+string(f)+`"`)
	ew, err := export.New(f, w, sheet, cols)
	if err != nil {
		writeProblem(w, r, err)
		return nil, false
	}
	return ew, true
}

func (s *Server) exportProposals(w http.ResponseWriter, r *http.Request, actor *org.Person) {
	// The list's filters, as strictly as the list reads them: a unit
	// misspelt or out of view is refused, not dropped for everything.
	f, err := s.parseListQuery(r, actor, "format") // list_query.go
	if err != nil {
		writeProblem(w, r, err)
		return
	}
	f.Limit = 200 // a page at a time, to the end
	// The first page is read before anything is sent, so that a refused
	// filter is an error, not a broken file.
	items, err := s.store.List(r.Context(), actor, f)
	if err != nil {
		writeProblem(w, r, err)
		return
	}
	ew, ok := startExport(w, r, "de-xuat", "Đề xuất", listColumns)
	if !ok {
		return
	}
	for {
		for _, p := range items {
			if err := ew.Row(listRow(p)...); err != nil {
				s.log.Error("export", "err", err)
				return
			}
		}
		if len(items) < f.Limit {
			break
		}
		f.After = items[len(items)-1].ID
		if items, err = s.store.List(r.Context(), actor, f); err != nil {
			s.log.Error("export", "err", err)
			return
		}
	}
	if err := ew.Close(); err != nil {
		s.log.Error("export", "err", err)
	}
}

func (s *Server) exportInbox(w http.ResponseWriter, r *http.Request, actor *org.Person) {
	items, err := s.store.Inbox(r.Context(), actor)
	if err != nil {
		writeProblem(w, r, err)
		return
	}
	cols := append([]export.Column{{Header: "Vai trò", Width: 22}, {Header: "Số ngày làm việc còn lại", Kind: export.Int}}, listColumns...)
	ew, ok := startExport(w, r, "viec-can-xu-ly", "Việc cần xử lý", cols)
	if !ok {
		return
	}
	for _, it := range items {
		var left any
		if it.WorkingDaysLeft != nil {
			left = *it.WorkingDaysLeft
		}
		if err := ew.Row(append([]any{it.As.Label().VI, left}, listRow(it.ProposalSummary)...)...); err != nil {
			s.log.Error("export", "err", err)
			return
		}
	}
	if err := ew.Close(); err != nil {
		s.log.Error("export", "err", err)
	}
}

func (s *Server) exportRegister(w http.ResponseWriter, r *http.Request, actor *org.Person) {
	q, err := s.registerQuery(r)
	if err != nil {
		writeProblem(w, r, err)
		return
	}
	docs, err := s.store.Register(r.Context(), actor, q)
	if err != nil {
		writeProblem(w, r, err)
		return
	}
	cols := []export.Column{{Header: "Số", Kind: export.Int}, {Header: "Số, ký hiệu", Width: 16}, {Header: "Ngày", Kind: export.Date}, {Header: "Loại văn bản", Width: 30},
		{Header: "Trích yếu", Width: 60}, {Header: "Hồ sơ", Width: 17}, {Header: "Đơn vị ban hành", Width: 24}, {Header: "SHA-256", Width: 66}}
	ew, ok := startExport(w, r, "so-van-ban-"+q.Unit, "Sổ văn bản", cols)
	if !ok {
		return
	}
	for _, d := range docs {
		if err := ew.Row(d.Number, d.Reference, d.IssuedAt, d.KindLabel.In(i18n.VI), d.Subject, d.Case, d.UnitName, d.SHA256); err != nil {
			s.log.Error("export", "err", err)
			return
		}
	}
	if err := ew.Close(); err != nil {
		s.log.Error("export", "err", err)
	}
}
