package server

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"damlam/internal/testdb"
	"damlam/internal/workflow"

	"github.com/xuri/excelize/v2"
)

// TestCadreEvidence takes the fixture's two cases through their life and
// reads the evidence of their proposer and of the ward's head for each
// period, against counts made here from the cases' histories; the
// workbook holds the page's figures; only the person, their heads and
// inspectors in scope may read it.
func TestCadreEvidence(t *testing.T) { cadreEvidence(t, newPageSite(t, Options{})) }

// TestCadreEvidenceOnPostgres is the same over PostgreSQL.
func TestCadreEvidenceOnPostgres(t *testing.T) {
	cadreEvidence(t, newPageSiteOn(t, Options{}, testdb.Postgres(t)))
}

func cadreEvidence(t *testing.T, ps *pageSite) {
	ctx := context.Background()
	alley := ps.site.AlleyRoad(t, "")
	override := ps.site.Overridden(t)
	head := ps.site.Person(t, "chutich.hcm")
	var history []workflow.Line
	proposerOf := map[string]string{}
	ids := []string{}
	rows, err := ps.site.Store.DB().QueryContext(ctx, `SELECT id FROM proposals`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id string
		rows.Scan(&id)
		ids = append(ids, id)
	}
	rows.Close()
	if len(ids) < 3 {
		t.Fatalf("cases %v: want the two and the replica of %s (%s)", ids, alley, override)
	}
	for _, id := range ids {
		v, err := ps.site.Store.Proposal(ctx, head, id)
		if err != nil {
			t.Fatal(err)
		}
		proposerOf[id] = v.Proposer.ID
		for _, ev := range v.History {
			ev := ev
			ev.Type = id // the case, for the count below
			history = append(history, ev)
		}
	}
	deciding := map[workflow.Action]bool{workflow.Approve: true, workflow.ApprovePilot: true, workflow.ApproveOverride: true,
		workflow.Reject: true, workflow.Return: true, workflow.Evaluate: true, workflow.Adjust: true, workflow.Suspend: true, workflow.Stop: true,
		workflow.AllocateResources: true, workflow.ResolveObstacle: true}
	busy := false
	for _, who := range []string{"pct1.bth", "pct2.bth", "chutich.bth"} {
		for _, p := range []workflow.Period{{Year: 2026}, {Year: 2027}, {Year: 2027, Quarter: 1}, {Year: 2027, Quarter: 2}} {
			var want struct{ proposed, approved, rewards, replications, decided, events int }
			for _, ev := range history {
				if ev.At.Before(p.Start()) || !ev.At.Before(p.End()) {
					continue
				}
				own := proposerOf[ev.Type] == who
				var pl struct {
					Input struct {
						Recipient string   `json:"recipient"`
						Units     []string `json:"units"`
					} `json:"input"`
				}
				json.Unmarshal(ev.Payload, &pl)
				switch {
				case own && ev.Action == workflow.Submit:
					want.proposed++
				case own && (ev.Action == workflow.Approve || ev.Action == workflow.ApprovePilot || ev.Action == workflow.ApproveOverride):
					want.approved++
				case own && ev.Action == workflow.Replicate:
					want.replications += len(pl.Input.Units)
				}
				if ev.Action == workflow.Reward && pl.Input.Recipient == who {
					want.rewards++
				}
				if ev.Actor.ID == who && deciding[ev.Action] && !(own && ev.Action == workflow.Reward) {
					want.decided++
				}
				// Both cases are decided in Bình Thạnh, which chutich.bth heads.
				overdue := ev.Action == workflow.Escalate && who == "chutich.bth"
				if own || ev.Actor.ID == who || (ev.Action == workflow.Reward && pl.Input.Recipient == who) || overdue {
					want.events++
				}
			}
			got, err := ps.site.Store.Evidence(ctx, ps.site.Person(t, who), who, p)
			if err != nil {
				t.Fatal(err)
			}
			events := 0
			for _, c := range got.Cases {
				events += len(c.Events)
				for _, e := range c.Events {
					if e.LogIndex <= 0 {
						t.Errorf("%s %s: %s has no log index", who, p, e.Action)
					}
				}
			}
			name := who + " " + p.String()
			for what, pair := range map[string][2]int{"proposed": {got.Totals.Proposed, want.proposed}, "approved": {got.Totals.Approved, want.approved},
				"rewards": {got.Totals.Rewards, want.rewards}, "replications": {got.Totals.Replications, want.replications},
				"decided": {got.Totals.Decided, want.decided}, "events": {events, want.events}} {
				if pair[0] != pair[1] {
					t.Errorf("%s: %s is %d, the histories give %d", name, what, pair[0], pair[1])
				}
			}
			if want.proposed > 0 && want.rewards > 0 || want.decided > 3 {
				busy = true
			}
			page := ps.mustGet(ps.client(who), "/can-bo/"+who+"/minh-chung?period="+p.String())
			for _, c := range got.Cases {
				if !strings.Contains(page, `href="/proposals/`+c.ID+`"`) {
					t.Errorf("%s: the page does not link %s", name, c.ID)
				}
				for _, e := range c.Events {
					if !strings.Contains(page, `href="/api/v1/log/entries/`+strconv.FormatInt(e.LogIndex, 10)+`"`) {
						t.Errorf("%s: the page does not link log entry %d", name, e.LogIndex)
					}
				}
			}
			res := ps.get(ps.client(who), "/can-bo/"+who+"/minh-chung.xlsx?period="+p.String())
			f, err := excelize.OpenReader(bytes.NewReader([]byte(res.body)))
			if err != nil {
				t.Fatalf("%s: the workbook does not open: %v", name, err)
			}
			rows, _ := f.GetRows(f.GetSheetList()[0])
			for i, l := range evidenceTotals("vi", got.Totals) {
				if r := rows[i+1]; len(r) < 2 || r[0] != l.Label || r[1] != l.This {
					t.Errorf("%s: workbook row %d is %q, the page's %q %q", name, i+1, r, l.Label, l.This)
				}
			}
			// The PDF holds the same counts and names every case and
			// log entry.
			res = ps.get(ps.client(who), "/can-bo/"+who+"/minh-chung.pdf?period="+p.String())
			if res.status != http.StatusOK || !strings.HasPrefix(res.body, "%PDF-") {
				t.Fatalf("%s: PDF: %d", name, res.status)
			}
			text := strings.Join(strings.Fields(pdfText(t, []byte(res.body))), " ")
			for _, l := range evidenceTotals("vi", got.Totals) {
				if !strings.Contains(text, "- "+l.Label+": "+l.This) {
					t.Errorf("%s: the PDF lacks %q: %q", name, l.Label+": "+l.This, l.This)
				}
			}
			for _, c := range got.Cases {
				if !strings.Contains(text, c.ID+".") {
					t.Errorf("%s: the PDF does not name %s", name, c.ID)
				}
				for _, e := range c.Events {
					if !strings.Contains(text, "sổ ghi mục "+strconv.FormatInt(e.LogIndex, 10)) {
						t.Errorf("%s: the PDF does not name log entry %d", name, e.LogIndex)
					}
				}
			}
			cases, _ := f.GetRows(f.GetSheetList()[1])
			if len(cases)-1 != events {
				t.Errorf("%s: the workbook lists %d steps, the page %d", name, len(cases)-1, events)
			}
		}
	}
	if !busy {
		t.Fatal("no period had proposals, rewards or decisions: the test proves little")
	}
	for who, status := range map[string]int{"chutich.bth": 200, "kiemtra.hcm": 200, "chutich.hcm": 200, "canbo.bth": 403, "pct2.bth": 403, "chutich.gd": 403} {
		if p := ps.get(ps.client(who), "/can-bo/pct1.bth/minh-chung?period=2027"); p.status != status {
			t.Errorf("%s reading pct1.bth's evidence: %d, want %d", who, p.status, status)
		}
		if p := ps.get(ps.client(who), "/can-bo/pct1.bth/minh-chung.xlsx?period=2027"); p.status != status {
			t.Errorf("%s downloading pct1.bth's evidence: %d, want %d", who, p.status, status)
		}
		if p := ps.get(ps.client(who), "/can-bo/pct1.bth/minh-chung.pdf?period=2027"); p.status != status {
			t.Errorf("%s downloading pct1.bth's evidence as PDF: %d, want %d", who, p.status, status)
		}
	}
	if p := ps.get(ps.client("pct1.bth"), "/can-bo/pct1.bth/minh-chung?period=2027-Q9"); p.status != http.StatusUnprocessableEntity {
		t.Errorf("a bad period: %d", p.status)
	}
}
