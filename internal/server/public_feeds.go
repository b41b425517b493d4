package server

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"net/http"
	"strconv"
	"strings"
	"time"

	"damlam/internal/i18n"
	"damlam/internal/sqlstore"
)

// The same rows as the public page, for machines: an Atom feed for
// readers who follow a unit, and open data as CSV and JSON. Each carries
// exactly the page's fields, so publishing in one form is publishing in
// all.

type feedKind int

const (
	feedAtom feedKind = iota
	feedCSV
	feedJSON
)

// publicFeed serves a unit's rows (or every publishing unit's, on the
// paths without {unit}) in one form.
func (s *Server) publicFeed(kind feedKind) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id := r.PathValue("unit")
		lang := pageLang(r)
		s.publicServe(w, r, "feed\x00"+strconv.Itoa(int(kind))+"\x00"+id+"\x00"+string(lang), func(ctx context.Context) (int, string, []byte, error) {
			title := i18n.T("web.public.title").In(lang)
			if id != "" {
				u, err := s.publicUnit(ctx, id)
				if err != nil {
					return 0, "", nil, err
				}
				title = i18n.T("web.public.unit_title", u.Name).In(lang)
			}
			pilots, err := s.store.PublicPilots(ctx, id)
			if err != nil {
				return 0, "", nil, err
			}
			switch kind {
			case feedAtom:
				b, err := atomFeed(r, lang, id, title, pilots)
				return http.StatusOK, "application/atom+xml; charset=utf-8", b, err
			case feedCSV:
				b, err := csvRows(lang, pilots)
				return http.StatusOK, "text/csv; charset=utf-8", b, err
			default:
				b, err := json.MarshalIndent(publicJSON{Title: title, Pilots: pilots}, "", "  ")
				return http.StatusOK, "application/json; charset=utf-8", append(b, '\n'), err
			}
		})
	}
}

// publicJSON is the open data in JSON: the page's rows with codes (state,
// result, action) as the API names them.
type publicJSON struct {
	Title  string                 `json:"title"`
	Pilots []sqlstore.PublicPilot `json:"pilots"`
}

// csvHeader names the columns as the JSON does.
var csvHeader = []string{"id", "title", "field", "unit_id", "unit_name", "deciding_office", "proposer", "state", "state_label",
	"result", "start", "end", "scope_units", "budget_vnd", "spent_vnd", "indicators", "decision_number", "decision_date", "decision_log_index", "updated_at"}

// csvRows writes one line per pilot. Indicators are "name: latest/target
// unit" joined by "; "; the decision is the latest that set the scope.
func csvRows(lang i18n.Lang, pilots []sqlstore.PublicPilot) ([]byte, error) {
	var b bytes.Buffer
	cw := csv.NewWriter(&b)
	cw.Write(csvHeader)
	for _, p := range pilots {
		var inds []string
		for _, ind := range p.Indicators {
			latest := ""
			if ind.Latest != nil {
				latest = strconv.FormatFloat(*ind.Latest, 'f', -1, 64)
			}
			inds = append(inds, ind.Name+": "+latest+"/"+strconv.FormatFloat(ind.Target, 'f', -1, 64)+" "+ind.Unit)
		}
		money := func(n *int64) string {
			if n == nil {
				return ""
			}
			return strconv.FormatInt(*n, 10)
		}
		var number, date, index string
		if n := len(p.Decisions); n > 0 {
			d := p.Decisions[n-1]
			number, date, index = d.Number, d.At.In(vietnamZone).Format("2006-01-02"), strconv.FormatInt(d.LogIndex, 10)
		}
		cw.Write([]string{p.ID, p.Title, p.Field, p.UnitID, p.UnitName, p.DeciderName, p.Proposer, string(p.State), p.State.Label().In(lang),
			string(p.Result), p.Start, p.End, strings.Join(p.ScopeUnits, "; "), money(p.BudgetVND), money(p.SpentVND),
			strings.Join(inds, "; "), number, date, index, p.UpdatedAt.UTC().Format(time.RFC3339)})
	}
	cw.Flush()
	return b.Bytes(), cw.Error()
}

var vietnamZone = time.FixedZone("ICT", 7*3600)

// Atom (RFC 4287): one entry per pilot, updated when the pilot changed.
type atomDoc struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string      `xml:"xml:lang,attr"`
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Author  atomAuthor  `xml:"author"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomAuthor struct {
	Name string `xml:"name"`
}

type atomEntry struct {
	ID      string     `xml:"id"`
	Title   string     `xml:"title"`
	Updated string     `xml:"updated"`
	Link    atomLink   `xml:"link"`
	Author  atomAuthor `xml:"author"`
	Summary string     `xml:"summary"`
}

// siteBase is the absolute address the request came to.
func siteBase(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

func atomFeed(r *http.Request, lang i18n.Lang, unitID, title string, pilots []sqlstore.PublicPilot) ([]byte, error) {
	base := siteBase(r)
	page := base + "/cong-khai"
	if unitID != "" {
		page += "/" + unitID
	}
	doc := atomDoc{Lang: string(lang), ID: page, Title: title, Author: atomAuthor{Name: "damlam"},
		Links: []atomLink{{Rel: "self", Type: "application/atom+xml", Href: page + "/atom.xml"}, {Rel: "alternate", Type: "text/html", Href: page}}}
	latest := time.Time{}
	for _, p := range pilots {
		if p.UpdatedAt.After(latest) {
			latest = p.UpdatedAt
		}
		summary := []string{
			i18n.T("web.public.col_state").In(lang) + ": " + p.State.Label().In(lang),
			i18n.T("web.public.col_period").In(lang) + ": " + dayText(p.Start) + " – " + dayText(p.End),
			i18n.T("web.public.col_decider").In(lang) + ": " + p.DeciderName,
		}
		for _, ind := range p.Indicators {
			latest := "—"
			if ind.Latest != nil {
				latest = strconv.FormatFloat(*ind.Latest, 'f', -1, 64)
			}
			summary = append(summary, ind.Name+": "+latest+" / "+strconv.FormatFloat(ind.Target, 'f', -1, 64)+" "+ind.Unit)
		}
		author := p.DeciderName
		if p.Proposer != "" {
			author = p.Proposer
		}
		doc.Entries = append(doc.Entries, atomEntry{ID: base + "/cong-khai/" + p.UnitID + "#" + p.ID, Title: p.Title,
			Updated: p.UpdatedAt.UTC().Format(time.RFC3339), Link: atomLink{Rel: "alternate", Type: "text/html", Href: base + "/cong-khai/" + p.UnitID + "#" + p.ID},
			Author: atomAuthor{Name: author}, Summary: strings.Join(summary, "\n")})
	}
	if latest.IsZero() {
		latest = time.Date(2023, 9, 29, 0, 0, 0, 0, time.UTC) // Decree 73 in force: a fixed date for an empty feed
	}
	doc.Updated = latest.UTC().Format(time.RFC3339)
	b, err := xml.MarshalIndent(doc, "", "  ")
	if err != nil {
		return nil, err
	}
	return append([]byte(xml.Header), append(b, '\n')...), nil
}

// dayText writes yyyy-mm-dd as dd/mm/yyyy.
func dayText(s string) string { return (&view{}).Day(s) }
