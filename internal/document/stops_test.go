package document

import (
	"slices"
	"testing"

	"damlam/internal/proof"
)

// The decision lists a scope's checkable stop conditions after the ones
// written as text, each in the decision's words.
func TestDecisionListsCheckableStops(t *testing.T) {
	s := &proof.Scope{Units: []string{"HCM-BTH"}, Start: "2026-12-01", End: "2027-02-28", BudgetVND: 450_000_000,
		StopConditions: []string{"Phát sinh khiếu nại đông người"},
		Stops: []proof.StopCheck{{Kind: proof.StopIndicatorBelow, Indicator: "Tỷ lệ hộ dân đồng thuận", Value: 70.5},
			{Kind: proof.StopDate, Date: "2027-02-15"}, {Kind: proof.StopSpending, AmountVND: 400_000_000}}}
	b := &builder{c: Case{Names: map[string]string{"HCM-BTH": "Phường Bình Thạnh"}}}
	var got []string
	for _, bl := range b.scopeItems(s) {
		got = append(got, bl.Text)
	}
	want := []string{
		"- Điều kiện dừng: Phát sinh khiếu nại đông người;",
		"- Điều kiện dừng (kiểm tra theo từng báo cáo): Tỷ lệ hộ dân đồng thuận dưới 70,5;",
		"- Điều kiện dừng (kiểm tra theo từng báo cáo): đến ngày 15/02/2027;",
		"- Điều kiện dừng (kiểm tra theo từng báo cáo): chi tiêu đạt 400.000.000 đồng;",
	}
	if len(got) < 4 || !slices.Equal(got[len(got)-4:], want) {
		t.Fatalf("scope items %q", got)
	}
}
