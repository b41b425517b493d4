package document

import (
	"strings"
	"testing"
)

// TestDeputySignsForTheHead: a decision a deputy takes is signed "KT. CHỦ
// TỊCH / PHÓ CHỦ TỊCH" with the deputy's name (Decree 30, Appendix I); the
// head signs "CHỦ TỊCH"; an evaluation, the collective's, adds "TM. ỦY BAN
// NHÂN DÂN" above.
func TestDeputySignsForTheHead(t *testing.T) {
	c := loadCase(t, "DX-2026-000001")
	var seq int
	for i, ev := range c.History {
		if ev.Type == "proposal.approved_pilot" {
			seq = ev.Seq
			c.History[i].Actor.ID, c.History[i].Actor.Name = "pct2.bth", "Bùi Thị Hạnh"
		}
	}
	c.Deputies = map[string]bool{"pct2.bth": true}
	d, err := Build(c, seq, PilotApproval, 3)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(d.Signers[0].Capacity, " / "); got != "KT. Chủ tịch / Phó Chủ tịch" || d.Signers[0].Name != "Bùi Thị Hạnh" {
		t.Errorf("a deputy signs %q as %q", got, d.Signers[0].Name)
	}
	pdf, err := Render(d)
	if err != nil {
		t.Fatal(err)
	}
	text := run(t, pdf, "pdftotext", "-layout", "-enc", "UTF-8")
	lines := strings.Split(text, "\n")
	found := false
	for i, l := range lines {
		if strings.Contains(l, "KT. CHỦ TỊCH") && !found {
			found = true
			if i+1 >= len(lines) || !strings.Contains(lines[i+1], "PHÓ CHỦ TỊCH") {
				t.Errorf("PHÓ CHỦ TỊCH does not follow KT. CHỦ TỊCH:\n%s", strings.Join(lines[i:min(i+3, len(lines))], "\n"))
			}
			if !strings.Contains(text[strings.Index(text, l):], "Bùi Thị Hạnh") {
				t.Error("the deputy's name does not follow the signature block")
			}
		}
	}
	if !found {
		t.Fatalf("no KT. CHỦ TỊCH in:\n%s", text)
	}
	for _, ev := range c.History {
		if ev.Type == "proposal.evaluated" {
			d, err := Build(c, ev.Seq, Evaluation, 4)
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(d.Signers[0].Capacity, " / "); got != "TM. Ủy ban nhân dân / Chủ tịch" {
				t.Errorf("the evaluation is signed %q", got)
			}
		}
	}
}
