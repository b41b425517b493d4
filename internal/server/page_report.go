package server

import (
	"bytes"
	"encoding/csv"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"damlam/internal/i18n"
	"damlam/internal/org"
	"damlam/internal/problem"
	"damlam/internal/sqlstore"
	"damlam/internal/workflow"

	"github.com/xuri/excelize/v2"
)

// The sơ kết / tổng kết report: a unit with its subtree, a quarter or a
// year, beside the period before; as a page (with charts and the same
// figures as tables), as CSV and as a workbook. The figures are counted
// at the moment of asking (sqlstore.Report).

func (s *Server) reportRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /bao-cao", s.signedIn(s.reportPage))
	mux.HandleFunc("GET /bao-cao.csv", s.signedInDownload(s.reportDownload("csv")))
	mux.HandleFunc("GET /bao-cao.xlsx", s.signedInDownload(s.reportDownload("xlsx")))
	mux.HandleFunc("GET /bao-cao.pdf", s.signedInDownload(s.reportPDF))
}

// reportRequest reads ?unit= (default: the reader's first unit they read
// with its subtree) and ?period= (default: this quarter).
func (s *Server) reportRequest(r *http.Request, me *org.Person) (*sqlstore.Report, error) {
	q := r.URL.Query()
	unit := q.Get("unit")
	if unit == "" {
		for _, st := range me.Seats {
			if st.Position != org.Staff {
				unit = st.UnitID
				break
			}
		}
		for _, g := range me.Grants {
			if unit == "" {
				unit = g.UnitID
			}
		}
	}
	period := workflow.PeriodOf(s.store.Now(), true)
	if p := q.Get("period"); p != "" {
		var err error
		if period, err = workflow.ParsePeriod(p); err != nil {
			return nil, err
		}
	}
	if unit == "" {
		return nil, problem.New(problem.Forbidden, "forbidden")
	}
	rep, err := s.store.Report(r.Context(), me, unit, period)
	if problem.KindOf(err) == problem.NotFound {
		var f problem.Fields
		f.Add("unit", "field.unknown_unit", unit)
		return nil, f.Err()
	}
	return rep, err
}

// reportLine is one figure of the summary table.
type reportLine struct {
	Label      string
	This, Prev string
	Change     string
}

type reportData struct {
	R        *sqlstore.Report
	Unit     string
	Period   string
	Units    []option
	Periods  []option
	Lines    []reportLine
	Charts   []reportChart
	OnTime   int64
	PrevOnT  int64
	Query    string
	Previous string
	// People are the unit's cadres, for their evidence (first 300).
	People []option
}

type reportChart struct {
	ID, Title, Sheet string
	SVG              template.HTML
	Rows             []reportLine
}

// reportLines are the summary's figures, in the order a sơ kết lists
// them, written in the reader's language.
func reportLines(lang i18n.Lang, rep *sqlstore.Report) []reportLine {
	t := func(k string, args ...any) string { return i18n.T(k, args...).In(lang) }
	n := func(x int) string { return i18n.FormatInt(int64(x), lang) }
	vnd := func(x int64) string { return i18n.FormatVND(x, lang) }
	a, b := rep.This, rep.Prev
	pct := func(on, of int) string {
		if of == 0 {
			return "—"
		}
		return strconv.Itoa(on*100/of) + "%"
	}
	median := func(f sqlstore.ReportFigures) string {
		if f.Decided == 0 {
			return "—"
		}
		return strconv.FormatFloat(f.MedianDays, 'f', -1, 64)
	}
	change := func(x, y int64) string {
		switch {
		case x > y:
			return "+" + i18n.FormatInt(x-y, lang)
		case x < y:
			return "−" + i18n.FormatInt(y-x, lang)
		}
		return "="
	}
	line := func(key string, x, y int) reportLine {
		return reportLine{t(key), n(x), n(y), change(int64(x), int64(y))}
	}
	return []reportLine{
		line("web.report.submitted", a.Submitted, b.Submitted),
		line("web.report.decided", a.Decided, b.Decided),
		line("web.report.approved", a.Approved+a.ApprovedPilot+a.ApprovedOverride, b.Approved+b.ApprovedPilot+b.ApprovedOverride),
		line("web.report.override", a.ApprovedOverride, b.ApprovedOverride),
		line("web.report.rejected", a.Rejected, b.Rejected),
		line("web.report.returned", a.Returned, b.Returned),
		{t("web.report.median", rep.Limit), median(a), median(b), "—"},
		{t("web.report.on_time", rep.Limit), pct(a.OnTime, a.Decided), pct(b.OnTime, b.Decided), "—"},
		line("web.report.pilots_approved", a.PilotsApproved, b.PilotsApproved),
		line("web.report.pilots_running", a.PilotsRunning, b.PilotsRunning),
		line("web.report.pilots_completed", a.PilotsCompleted, b.PilotsCompleted),
		line("web.report.pilots_stopped", a.PilotsStopped, b.PilotsStopped),
		{t("web.report.allocated"), vnd(a.AllocatedVND), vnd(b.AllocatedVND), change(a.AllocatedVND, b.AllocatedVND)},
		{t("web.report.spent"), vnd(a.SpentVND), vnd(b.SpentVND), change(a.SpentVND, b.SpentVND)},
		line("web.report.inspections", a.Inspections, b.Inspections),
		line("web.report.violations", a.Violations, b.Violations),
		line("web.report.corrections", a.Corrections, b.Corrections),
		line("web.report.replications", a.Replications, b.Replications),
		line("web.report.rewards", total(a.Rewards), total(b.Rewards)),
		line("web.report.institutionalised", a.Institutionalised, b.Institutionalised),
	}
}

func total(cs []sqlstore.ReportCount) int {
	n := 0
	for _, c := range cs {
		n += c.N
	}
	return n
}

// breakdown is a chart and its table: this period against the last.
func breakdown(lang i18n.Lang, id, titleKey string, this, prev []sqlstore.ReportCount, label func(string) string) reportChart {
	c := reportChart{ID: id, Title: i18n.T(titleKey).In(lang), Sheet: i18n.T("web.report.sheet_" + id).In(lang)}
	before := map[string]int{}
	for _, p := range prev {
		before[p.Key] = p.N
	}
	var bars []bar
	for _, x := range this {
		bars = append(bars, bar{Label: label(x.Key), Value: float64(x.N), Text: i18n.FormatInt(int64(x.N), lang)})
		c.Rows = append(c.Rows, reportLine{Label: label(x.Key), This: i18n.FormatInt(int64(x.N), lang), Prev: i18n.FormatInt(int64(before[x.Key]), lang)})
	}
	if len(bars) > 0 {
		// The table holds the same figures: a chart that cannot be drawn
		// is left out rather than fail the report.
		if svg, err := barChart("chart-"+id, c.Title, i18n.T("web.report.chart_desc").In(lang), bars); err == nil {
			c.SVG = svg
		}
	}
	return c
}

func reportCharts(lang i18n.Lang, rep *sqlstore.Report) []reportChart {
	msg := func(prefix string) func(string) string {
		return func(k string) string {
			if k == "" {
				return "—"
			}
			return i18n.T(prefix + k).In(lang)
		}
	}
	plain := func(k string) string {
		if k == "" {
			return "—"
		}
		return k
	}
	return []reportChart{
		breakdown(lang, "state", "web.report.by_state", rep.This.ByState, rep.Prev.ByState, msg("state.")),
		breakdown(lang, "field", "web.report.by_field", rep.This.ByField, rep.Prev.ByField, plain),
		breakdown(lang, "protection", "web.report.protection", rep.This.Protection, rep.Prev.Protection, msg("outcome.")),
		breakdown(lang, "rewards", "web.report.by_reward", rep.This.Rewards, rep.Prev.Rewards, msg("web.reward.")),
	}
}

func (s *Server) reportPage(w http.ResponseWriter, r *http.Request, me *org.Person) {
	v := s.newView(r, "dashboard", "web.report.title")
	rep, err := s.reportRequest(r, me)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	v.Title = v.T("web.report.title_for", rep.Unit.Name, periodName(v.Lang, rep.Period))
	d := reportData{R: rep, Unit: rep.Unit.ID, Period: rep.Period.String(), Lines: reportLines(v.Lang, rep), Charts: reportCharts(v.Lang, rep),
		Previous: periodName(v.Lang, rep.Previous)}
	q := url.Values{"unit": {rep.Unit.ID}, "period": {rep.Period.String()}}
	d.Query = q.Encode()
	subtrees, _ := me.ReadScopes()
	for _, st := range subtrees {
		units, err := s.store.Units(r.Context(), st)
		if err != nil {
			s.pageError(w, r, err)
			return
		}
		for _, u := range units {
			d.Units = append(d.Units, option{u.ID, indent(depthOf(u.Path)-depthOf(st)) + u.Name})
		}
	}
	d.Periods = periodOptions(v.Lang, s.store.Now())
	people, err := s.store.Directory(r.Context(), rep.Unit.Path, 300)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	for _, p := range people {
		d.People = append(d.People, option{p.ID, p.Name})
	}
	v.Data = d
	s.render(w, r, http.StatusOK, "report", v)
}

// periodOptions are the last eight quarters and the last three years.
func periodOptions(lang i18n.Lang, now time.Time) []option {
	var out []option
	q := workflow.PeriodOf(now, true)
	for p, i := q, 0; i < 8; p, i = p.Previous(), i+1 {
		out = append(out, option{p.String(), periodName(lang, p)})
	}
	for y, i := q.Year, 0; i < 3; y, i = y-1, i+1 {
		p := workflow.Period{Year: y}
		out = append(out, option{p.String(), periodName(lang, p)})
	}
	return out
}

// periodName is "Quý IV/2026" or "Năm 2026".
func periodName(lang i18n.Lang, p workflow.Period) string {
	if p.Quarter == 0 {
		return i18n.T("web.report.year", p.Year).In(lang)
	}
	roman := []string{"", "I", "II", "III", "IV"}
	return i18n.T("web.report.quarter", roman[p.Quarter], p.Year).In(lang)
}

// reportDownload sends the report as CSV or as a workbook; both hold the
// page's summary and breakdowns, figure for figure.
func (s *Server) reportDownload(kind string) func(http.ResponseWriter, *http.Request, *org.Person) {
	return func(w http.ResponseWriter, r *http.Request, me *org.Person) {
		rep, err := s.reportRequest(r, me)
		if err != nil {
			s.pageError(w, r, err)
			return
		}
		lang := pageLang(r)
		name := "bao-cao-" + safeName(rep.Unit.ID) + "-" + rep.Period.String()
		sheets := reportSheets(lang, rep)
		switch kind {
		case "csv":
			var b bytes.Buffer
			cw := csv.NewWriter(&b)
			for _, sh := range sheets {
				cw.Write([]string{sh.title})
				for _, row := range sh.rows {
					cw.Write(row)
				}
				cw.Write(nil)
			}
			cw.Flush()
			w.Header().Set("Content-Type", "text/csv; charset=utf-8")
			w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.csv"`)
			w.Write(b.Bytes())
		default:
			f := excelize.NewFile()
			defer f.Close()
			for i, sh := range sheets {
				if i == 0 {
					f.SetSheetName("Sheet1", sh.title)
				} else if _, err := f.NewSheet(sh.title); err != nil {
					s.pageError(w, r, err)
					return
				}
				for j, row := range sh.rows {
					cell, _ := excelize.CoordinatesToCellName(1, j+1)
					vals := make([]any, len(row))
					for k, x := range row {
						vals[k] = x
					}
					if err := f.SetSheetRow(sh.title, cell, &vals); err != nil {
						s.pageError(w, r, err)
						return
					}
				}
				f.SetColWidth(sh.title, "A", "A", 48)
				f.SetColWidth(sh.title, "B", "D", 22)
			}
			w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
			w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.xlsx"`)
			if err := f.Write(w); err != nil {
				s.log.Error("report xlsx", "err", err)
			}
		}
	}
}

// reportSheet is one table of a download.
type reportSheet struct {
	title string
	rows  [][]string
}

// reportSheets are the page's tables: the summary, then each breakdown,
// then the late decisions. Sheet titles are short: a workbook allows 31
// characters.
func reportSheets(lang i18n.Lang, rep *sqlstore.Report) []reportSheet {
	t := func(k string, args ...any) string { return i18n.T(k, args...).In(lang) }
	head := []string{t("web.report.figure"), periodName(lang, rep.Period), periodName(lang, rep.Previous), t("web.report.change")}
	sum := reportSheet{title: t("web.report.sheet_summary"), rows: [][]string{{t("web.report.title_for", rep.Unit.Name, periodName(lang, rep.Period))}, head}}
	for _, l := range reportLines(lang, rep) {
		sum.rows = append(sum.rows, []string{l.Label, l.This, l.Prev, l.Change})
	}
	out := []reportSheet{sum}
	for _, c := range reportCharts(lang, rep) {
		sh := reportSheet{title: c.Sheet, rows: [][]string{{c.Title}, head[:3]}}
		for _, row := range c.Rows {
			sh.rows = append(sh.rows, []string{row.Label, row.This, row.Prev})
		}
		out = append(out, sh)
	}
	late := reportSheet{title: t("web.report.sheet_late"), rows: [][]string{{t("web.col.proposal"), t("web.col.unit"), t("web.report.submitted_on"), t("web.report.decided_on"), t("web.report.working_days")}}}
	for _, l := range rep.This.Late {
		late.rows = append(late.rows, []string{l.ID + " " + l.Title, l.UnitName, dayText(l.Submitted), dayText(l.Decided), strconv.Itoa(l.WorkingDays)})
	}
	return append(out, late)
}

// Deref is the value a figure points to (0 for none).
func (v *view) Deref(f *float64) float64 {
	if f == nil {
		return 0
	}
	return *f
}
