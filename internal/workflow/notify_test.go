package workflow

import (
	"strings"
	"testing"

	"damlam/internal/i18n"
)

// Every event the transition table writes has a row in the table of who
// is told what, with a text in both languages; no row names an event the
// table does not write.
func TestEveryEventHasANotice(t *testing.T) {
	written := map[string]bool{}
	for _, tr := range Table {
		if tr.Event == "" {
			continue
		}
		written[tr.Event] = true
		n, ok := NoticeOf(tr.Event)
		if !ok {
			t.Errorf("%s (%s from %s): no row in Notices", tr.Event, tr.Action, tr.From)
			continue
		}
		if !i18n.Has("notify." + n.Key) {
			t.Errorf("%s: no text notify.%s", tr.Event, n.Key)
		}
		m := NoticeMessage(n.Key, "DX-2026-000012", "Đường hẻm", "09/12/2026")
		if !strings.Contains(m.VI, "DX-2026-000012") || !strings.Contains(m.EN, "DX-2026-000012") || strings.Contains(m.VI+m.EN, "%!") {
			t.Errorf("%s: text does not format: %q / %q", tr.Event, m.VI, m.EN)
		}
	}
	for ev := range Notices {
		if !written[ev] {
			t.Errorf("Notices has %s, which no transition writes", ev)
		}
	}
	for ev, key := range ProposerKeys {
		if _, ok := Notices[ev]; !ok || !i18n.Has("notify."+key) {
			t.Errorf("ProposerKeys: %s → %s has no notice or no text", ev, key)
		}
	}
}

func TestNoticesSpecific(t *testing.T) {
	cases := []struct {
		event  string
		to     []Audience
		urgent bool
		link   string
		vi     string
	}{
		{"proposal.submitted", []Audience{ToHead}, false, "/proposals/DX-2026-000012", "Đề xuất DX-2026-000012 cần được xem xét: Đường hẻm"},
		{"party.opinion_before_approval", []Audience{ToMembers}, true, "/proposals/DX-2026-000012/meeting", "Mời biểu quyết đề xuất DX-2026-000012, hạn 09/12/2026: Đường hẻm"},
		{"proposal.approved_pilot", []Audience{ToProposer, ToImplementers, ToInspectors}, false, "/proposals/DX-2026-000012/pilot", "Đề xuất DX-2026-000012 đã được chấp thuận thí điểm: Đường hẻm"},
		{"proposal.convened", []Audience{ToParty, ToProposer}, false, "/proposals/DX-2026-000012", "Cấp ủy cần cho ý kiến về đề xuất DX-2026-000012: Đường hẻm"},
		{"proposal.returned", []Audience{ToProposer}, false, "/proposals/DX-2026-000012/edit", "Đề xuất DX-2026-000012 được trả lại để chỉnh sửa: Đường hẻm"},
		{"deadline.escalated", []Audience{ToSuperior}, true, "/proposals/DX-2026-000012", "Đề xuất DX-2026-000012 đã quá hạn 09/12/2026 và được chuyển lên người đứng đầu cấp trên: Đường hẻm"},
		{"collective.vote", nil, false, "/proposals/DX-2026-000012/meeting", "Đã có phiếu biểu quyết về đề xuất DX-2026-000012: Đường hẻm"},
	}
	for _, c := range cases {
		n, _ := NoticeOf(c.event)
		if strings.Join(audiences(n.To), ",") != strings.Join(audiences(c.to), ",") || n.Urgent != c.urgent || n.Link("DX-2026-000012") != c.link {
			t.Errorf("%s: %+v", c.event, n)
		}
		if got := NoticeMessage(n.Key, "DX-2026-000012", "Đường hẻm", "09/12/2026").VI; got != c.vi {
			t.Errorf("%s: %q, want %q", c.event, got, c.vi)
		}
	}
}

func audiences(a []Audience) []string {
	out := make([]string, len(a))
	for i, x := range a {
		out[i] = string(x)
	}
	return out
}

func TestWaitingOn(t *testing.T) {
	cases := map[State]string{
		Submitted:          "head",
		PartyOpinion:       "party_committee,head",
		CollectiveReview:   "members,head",
		Approved:           "head",
		InImplementation:   "head,implementers,proposer",
		CompletionReported: "party_committee",
		Evaluation:         "head",
		Closed:             "",
	}
	for s, want := range cases {
		if got := strings.Join(audiences(WaitingOn(s)), ","); got != want {
			t.Errorf("%s: %s, want %s", s, got, want)
		}
	}
	// Every waiting state waits on somebody.
	for s := range Deadlines {
		if len(WaitingOn(s)) == 0 {
			t.Errorf("%s has a deadline but waits on nobody", s)
		}
	}
}
