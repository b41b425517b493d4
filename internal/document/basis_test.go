package document

import (
	"slices"
	"testing"
	"time"

	"damlam/internal/workflow"
)

// TestDecisionCitesTheInstrumentTheCaseNames: a case resting on a local
// instrument cites it, with its number, date, issuing body and article,
// after the decree; one resting on Conclusion 14 cites the conclusion.
func TestDecisionCitesTheInstrumentTheCaseNames(t *testing.T) {
	c := loadCase(t, "DX-2026-000001")
	var seq int
	for _, ev := range c.History {
		if ev.Type == "proposal.approved_pilot" {
			seq = ev.Seq
		}
	}
	c.Content.Basis = &workflow.BasisRef{Instrument: "qd-bth-1", Number: "15/QĐ-UBND", IssuedOn: "2026-03-02",
		Issuer: "Ủy ban nhân dân phường Bình Thạnh", Title: "Quyết định ban hành quy chế thí điểm", Article: "Điều 3"}
	d, err := Build(c, seq, PilotApproval, 3)
	if err != nil {
		t.Fatal(err)
	}
	want := "Căn cứ Quyết định ban hành quy chế thí điểm số 15/QĐ-UBND ngày " + date(mustDay(t, "2026-03-02")) + " của Ủy ban nhân dân phường Bình Thạnh, Điều 3;"
	if i := slices.Index(d.Bases, want); i < 0 || i < slices.Index(d.Bases, basisDecree73) {
		t.Errorf("bases %q do not cite %q after the decree", d.Bases, want)
	}
	c.Content.Basis = &workflow.BasisRef{Instrument: "kl14"}
	c.Content.LegalBasis = "decree73"
	if d, err = Build(c, seq, PilotApproval, 3); err != nil || !slices.Contains(d.Bases, basisKL14) {
		t.Errorf("a case resting on Conclusion 14 does not cite it: %q %v", d.Bases, err)
	}
}

func mustDay(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.Parse("2006-01-02", s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}
