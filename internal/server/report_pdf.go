package server

import (
	"net/http"
	"strings"
	"time"

	"damlam/internal/document"
	"damlam/internal/i18n"
	"damlam/internal/org"
	"damlam/internal/sqlstore"
)

// The sơ kết report as the unit sends it up: a BÁO CÁO in the layout of
// Decree 30/2020 (header, number left for the clerk, subject, the figures
// beside the period before, the breakdowns, the late decisions, the
// signature of the head on behalf of the collective, and where it goes).
// It is unnumbered: a report is registered when the clerk sends it, not
// when someone downloads it. Always in Vietnamese, the language of the
// administration's documents.

func (s *Server) reportPDF(w http.ResponseWriter, r *http.Request, me *org.Person) {
	rep, err := s.reportRequest(r, me)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	is, up, err := s.store.IssuerOf(r.Context(), rep.Unit.ID)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	pdf, err := document.Render(reportDoc(rep, is, up, s.store.Now()))
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="bao-cao-`+safeName(rep.Unit.ID)+"-"+rep.Period.String()+`.pdf"`)
	w.Write(pdf)
}

// reportDoc lays the report out; the figures are the page's own lines.
func reportDoc(rep *sqlstore.Report, is document.Issuer, up *document.Issuer, now time.Time) document.Doc {
	const lang = i18n.VI
	t := func(k string, args ...any) string { return i18n.T(k, args...).In(lang) }
	v := &view{Lang: lang}
	this, prev := periodName(lang, rep.Period), periodName(lang, rep.Previous)
	var body []document.Block
	heading := func(s string) { body = append(body, document.Block{Style: document.Heading, Text: s}) }
	item := func(s string) { body = append(body, document.Block{Style: document.Item, Text: s}) }
	body = append(body, document.Block{Style: document.Para, Text: t("doc.report.intro", strings.Join(is.Lines, " "), this, prev)})
	heading(t("doc.report.figures"))
	for _, l := range reportLines(lang, rep) {
		item("- " + l.Label + ": " + l.This + " (" + prev + ": " + l.Prev + ")")
	}
	for _, c := range reportCharts(lang, rep) {
		if len(c.Rows) == 0 {
			continue
		}
		heading(c.Title)
		for _, l := range c.Rows {
			item("- " + l.Label + ": " + l.This + " (" + prev + ": " + l.Prev + ")")
		}
	}
	heading(t("web.report.late", rep.Limit))
	if len(rep.This.Late) == 0 {
		item(t("web.report.none_late"))
	}
	for _, l := range rep.This.Late {
		item("- " + l.ID + " " + l.Title + " (" + l.UnitName + "): " + t("doc.report.late_line", v.Day(l.Submitted), v.Day(l.Decided), l.WorkingDays))
	}
	heading(t("web.report.completed"))
	if len(rep.This.Completed) == 0 {
		item(t("web.report.none_completed"))
	}
	for _, p := range rep.This.Completed {
		var inds []string
		for _, ind := range p.Indicators {
			got := "—"
			if ind.Latest != nil {
				got = v.Num(*ind.Latest)
			}
			inds = append(inds, ind.Name+" "+got+"/"+v.Num(ind.Target)+" "+ind.Unit)
		}
		line := "- " + p.ID + " " + p.Title + " (" + p.UnitName + ")"
		if len(inds) > 0 {
			line += ": " + strings.Join(inds, "; ")
		}
		item(line)
	}
	if len(rep.This.Completed) < rep.This.PilotsCompleted {
		item(t("web.report.completed_first", len(rep.This.Completed), rep.This.PilotsCompleted))
	}
	var recipients []string
	if up != nil {
		recipients = append(recipients, up.Body+" "+up.Name+" (để báo cáo)")
	}
	if is.Party != "" {
		recipients = append(recipients, is.Party+" (để biết)")
	}
	recipients = append(recipients, "Lưu: VT")
	return document.Doc{
		Governing:  is.Governing,
		Issuer:     append([]string(nil), is.Lines...),
		Symbol:     "BC-" + is.Abbrev,
		Place:      is.Place,
		Date:       now,
		Kind:       "BÁO CÁO",
		Subject:    t("doc.report.subject", this),
		Body:       body,
		Signers:    []document.Signer{{Capacity: []string{"TM. " + is.Body, is.Head}}},
		Recipients: recipients,
	}
}

// evidencePDF is a person's evidence for the period as a BÁO CÁO of the
// unit of their first seat: the counts, then each case with the person's
// roles and its steps, each with its date and log entry, so that an
// evaluation council can check any line against the log.
func (s *Server) evidencePDF(w http.ResponseWriter, r *http.Request, me *org.Person) {
	ev, err := s.evidenceRequest(r, me)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	unit := ""
	if len(ev.Person.Seats) > 0 {
		unit = ev.Person.Seats[0].UnitID
	} else if len(ev.Person.Grants) > 0 {
		unit = ev.Person.Grants[0].UnitID
	}
	is, _, err := s.store.IssuerOf(r.Context(), unit)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	pdf, err := document.Render(evidenceDoc(ev, is, s.store.Now()))
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="minh-chung-`+safeName(ev.Person.ID)+"-"+ev.Period.String()+`.pdf"`)
	w.Write(pdf)
}

func evidenceDoc(ev *sqlstore.Evidence, is document.Issuer, now time.Time) document.Doc {
	const lang = i18n.VI
	t := func(k string, args ...any) string { return i18n.T(k, args...).In(lang) }
	v := &view{Lang: lang}
	period := periodName(lang, ev.Period)
	body := []document.Block{{Style: document.Para, Text: t("doc.evidence.intro", strings.Join(is.Lines, " "), ev.Person.Name, period)},
		{Style: document.Heading, Text: t("doc.report.figures")}}
	for _, l := range evidenceTotals(lang, ev.Totals) {
		body = append(body, document.Block{Style: document.Item, Text: "- " + l.Label + ": " + l.This})
	}
	body = append(body, document.Block{Style: document.Heading, Text: t("doc.evidence.cases")})
	if len(ev.Cases) == 0 {
		body = append(body, document.Block{Style: document.Item, Text: t("doc.evidence.none")})
	}
	for _, c := range ev.Cases {
		body = append(body, document.Block{Style: document.Para, Lead: c.ID + ".", Text: c.Title + " (" + v.RolesText(c.Roles) + "; " + c.State.Label().In(lang) + ")"})
		for _, e := range c.Events {
			line := "- " + i18n.FormatDate(e.At) + ": " + e.Action.Label().In(lang)
			if d := evidenceDetail(lang, e); d != "" {
				line += " (" + d + ")"
			}
			body = append(body, document.Block{Style: document.Item, Text: line + "; " + t("doc.evidence.log_entry", e.LogIndex)})
		}
	}
	return document.Doc{
		Governing:  is.Governing,
		Issuer:     append([]string(nil), is.Lines...),
		Symbol:     "BC-" + is.Abbrev,
		Place:      is.Place,
		Date:       now,
		Kind:       "BÁO CÁO",
		Subject:    t("doc.evidence.subject", ev.Person.Name, period),
		Body:       body,
		Signers:    []document.Signer{{Capacity: []string{is.Head}}},
		Recipients: []string{ev.Person.Name + " (để biết)", t("doc.evidence.council"), "Lưu: VT, hồ sơ cán bộ"},
	}
}
