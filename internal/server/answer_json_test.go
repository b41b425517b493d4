package server

import (
	"encoding/json"
	"net/http/httptest"
	"testing"
	"time"

	"damlam/internal/i18n"
	"damlam/internal/sqlstore"
	"damlam/internal/workflow"
)

// TestActionResultBytes: an action's answer written with its history's
// lines kept is byte for byte the answer writeJSON writes, headers too,
// the second time (lines kept) as the first.
func TestActionResultBytes(t *testing.T) {
	at := time.Date(2026, 11, 26, 3, 0, 0, 0, time.UTC)
	line := func(seq int, idx int64, payload string) sqlstore.EventView {
		return sqlstore.EventView{Seq: seq, Type: "collective.vote", Action: workflow.CastVote, Label: i18n.T("event.collective.vote"),
			Actor: sqlstore.PersonRef{ID: "dep1", Name: "Phó Chủ tịch <Lê> & Trần"}, At: at.Add(time.Duration(seq) * time.Minute),
			StateBefore: workflow.CollectiveReview, StateAfter: workflow.CollectiveReview, Payload: json.RawMessage(payload), LogIndex: idx}
	}
	view := func(h ...sqlstore.EventView) *sqlstore.ProposalView {
		return &sqlstore.ProposalView{ID: "DX-2026-000001", Title: "Đường hẻm <số 5> & \"cống\"", State: workflow.CollectiveReview,
			AllowedActions: []sqlstore.ActionRef{{Action: workflow.CastVote}}, History: h, Versions: []sqlstore.VersionView{},
			Minutes: &workflow.Minutes{Eligible: 3, Yes: 1}}
	}
	history := []sqlstore.EventView{
		line(1, 10, `{"input":{"note":"<b>đồng ý</b> & thêm"}}`),
		line(2, 17, "{ \"input\" : { \"ballot\" : \"yes\" } ,\n \"details\": {\"round\": 1} }"),
		line(3, 42, `{"details":{"round":1,"text":"\u003cscript\u003e"}}`),
	}
	for _, tc := range []struct {
		name string
		res  *sqlstore.ActionResult
	}{
		{"no view", &sqlstore.ActionResult{Receipt: "r"}},
		{"empty history", &sqlstore.ActionResult{Proposal: view(), Receipt: "r"}},
		{"one line", &sqlstore.ActionResult{Proposal: view(history[0]), Event: history[0], Receipt: "index 10\n"}},
		{"three lines", &sqlstore.ActionResult{Proposal: view(history...), Event: history[2], Receipt: "index 42\n", Created: []string{"DX-2026-000002"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want := httptest.NewRecorder()
			writeJSON(want, 200, tc.res)
			s := &Server{}
			for pass := range 2 {
				got := httptest.NewRecorder()
				s.writeActionResult(got, tc.res)
				if got.Body.String() != want.Body.String() {
					t.Fatalf("pass %d:\n got %s\nwant %s", pass, got.Body, want.Body)
				}
				for _, h := range []string{"Content-Type", "Cache-Control", "Content-Length"} {
					if got.Header().Get(h) != want.Header().Get(h) {
						t.Errorf("pass %d: %s %q, want %q", pass, h, got.Header().Get(h), want.Header().Get(h))
					}
				}
			}
		})
	}
}
