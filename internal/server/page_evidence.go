package server

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"damlam/internal/i18n"
	"damlam/internal/org"
	"damlam/internal/sqlstore"
	"damlam/internal/workflow"

	"github.com/xuri/excelize/v2"
)

// Per-cadre evidence for an evaluation period (QĐ 366): a page and a
// workbook of what a person proposed, implemented and decided, each line
// linked to its case and log entry.

func (s *Server) evidenceRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /can-bo/{id}/minh-chung", s.signedIn(s.evidencePage))
	mux.HandleFunc("GET /can-bo/{id}/minh-chung.xlsx", s.signedInDownload(s.evidenceDownload))
	mux.HandleFunc("GET /can-bo/{id}/minh-chung.pdf", s.signedInDownload(s.evidencePDF))
	mux.HandleFunc("GET /can-bo/minh-chung", s.signedIn(s.evidencePick))
}

// evidencePick is the report page's person form: it sends the reader to
// the chosen person's evidence (which checks who may read it).
func (s *Server) evidencePick(w http.ResponseWriter, r *http.Request, me *org.Person) {
	q := r.URL.Query()
	id := q.Get("person")
	if id == "" {
		id = me.ID
	}
	to := "/can-bo/" + url.PathEscape(id) + "/minh-chung"
	if p := q.Get("period"); p != "" {
		to += "?" + url.Values{"period": {p}}.Encode()
	}
	seeOther(w, r, to)
}

func (s *Server) evidenceRequest(r *http.Request, me *org.Person) (*sqlstore.Evidence, error) {
	period := workflow.PeriodOf(s.store.Now(), true)
	if p := r.URL.Query().Get("period"); p != "" {
		var err error
		if period, err = workflow.ParsePeriod(p); err != nil {
			return nil, err
		}
	}
	return s.store.Evidence(r.Context(), me, r.PathValue("id"), period)
}

type evidenceData struct {
	E       *sqlstore.Evidence
	Period  string
	Periods []option
	Totals  []reportLine
	Query   string
}

// evidenceTotals are the period's counts, labelled.
func evidenceTotals(lang i18n.Lang, t sqlstore.EvidenceTotals) []reportLine {
	n := func(x int) string { return i18n.FormatInt(int64(x), lang) }
	l := func(key string, x int) reportLine { return reportLine{Label: i18n.T(key).In(lang), This: n(x)} }
	return []reportLine{
		l("web.evidence.proposed", t.Proposed), l("web.evidence.approved", t.Approved), l("web.evidence.completed", t.Completed),
		l("web.evidence.evaluated", t.Evaluated), l("web.evidence.protected", t.Protected), l("web.evidence.rewards", t.Rewards),
		l("web.evidence.replications", t.Replications), l("web.evidence.implemented", t.Implemented), l("web.evidence.decided", t.Decided),
		l("web.evidence.overdue", t.Overdue),
	}
}

// RolesText names a person's roles in a case.
func (v *view) RolesText(roles []string) string {
	out := make([]string, len(roles))
	for i, r := range roles {
		out[i] = v.T("web.evidence.role." + r)
	}
	return strings.Join(out, ", ")
}

// EvidenceDetail writes an event's outcome in the reader's language.
func (v *view) EvidenceDetail(e sqlstore.EvidenceEvent) string {
	return evidenceDetail(v.Lang, e)
}

func evidenceDetail(lang i18n.Lang, e sqlstore.EvidenceEvent) string {
	switch {
	case e.Detail == "":
		return ""
	case e.Action == workflow.Evaluate:
		return i18n.T("web.result." + e.Detail).In(lang)
	case e.Action == workflow.DetermineProtection:
		return i18n.T("outcome." + e.Detail).In(lang)
	case e.Action == workflow.Reward:
		return i18n.T("web.reward." + e.Detail).In(lang)
	}
	return e.Detail
}

func (s *Server) evidencePage(w http.ResponseWriter, r *http.Request, me *org.Person) {
	v := s.newView(r, "", "web.evidence.title")
	ev, err := s.evidenceRequest(r, me)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	v.Title = v.T("web.evidence.title_for", ev.Person.Name, periodName(v.Lang, ev.Period))
	d := evidenceData{E: ev, Period: ev.Period.String(), Totals: evidenceTotals(v.Lang, ev.Totals),
		Query: url.Values{"period": {ev.Period.String()}}.Encode()}
	d.Periods = periodOptions(v.Lang, s.store.Now())
	v.Data = d
	s.render(w, r, http.StatusOK, "evidence", v)
}

func (s *Server) evidenceDownload(w http.ResponseWriter, r *http.Request, me *org.Person) {
	ev, err := s.evidenceRequest(r, me)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	lang := pageLang(r)
	t := func(k string, args ...any) string { return i18n.T(k, args...).In(lang) }
	f := excelize.NewFile()
	defer f.Close()
	sum, cases := t("web.report.sheet_summary"), t("web.evidence.sheet_cases")
	f.SetSheetName("Sheet1", sum)
	f.NewSheet(cases)
	put := func(sheet string, row int, vals ...any) {
		cell, _ := excelize.CoordinatesToCellName(1, row)
		f.SetSheetRow(sheet, cell, &vals)
	}
	put(sum, 1, t("web.evidence.title_for", ev.Person.Name, periodName(lang, ev.Period)))
	for i, l := range evidenceTotals(lang, ev.Totals) {
		put(sum, i+2, l.Label, l.This)
	}
	put(cases, 1, t("web.col.proposal"), t("web.evidence.col_roles"), t("web.col.state"), t("web.evidence.col_step"), t("web.evidence.col_date"), t("web.log_index"), t("web.evidence.col_detail"))
	row := 2
	for _, c := range ev.Cases {
		for _, e := range c.Events {
			put(cases, row, c.ID+" "+c.Title, (&view{Lang: lang}).RolesText(c.Roles), c.State.Label().In(lang), e.Action.Label().In(lang),
				i18n.FormatDate(e.At), strconv.FormatInt(e.LogIndex, 10), evidenceDetail(lang, e))
			row++
		}
	}
	f.SetColWidth(sum, "A", "A", 56)
	f.SetColWidth(cases, "A", "A", 56)
	f.SetColWidth(cases, "B", "G", 20)
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="minh-chung-`+safeName(ev.Person.ID)+"-"+ev.Period.String()+`.xlsx"`)
	if err := f.Write(w); err != nil {
		s.log.Error("evidence xlsx", "err", err)
	}
}
