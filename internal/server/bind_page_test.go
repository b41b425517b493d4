package server

import (
	"net/url"
	"testing"

	"damlam/internal/problem"
	"damlam/internal/workflow"
)

func TestBindFormUsesTheAPINames(t *testing.T) {
	form := url.Values{
		"title":                      {"  Làm đường hẻm  "},
		"bottleneck.kind":            {"missing"},
		"resources.money_vnd":        {"450.000.000"},
		"checklist.common_good":      {"true"},
		"tasks[0].description":       {""},
		"tasks[0].assignee":          {""},
		"tasks[1].description":       {"Họp dân"},
		"pilot.units":                {"HCM-BTH, HCM-GD\nHCM-BQ"},
		"pilot.start":                {"2026-12-01"},
		"pilot.end":                  {"2027-02-28"},
		"pilot.budget_vnd":           {"1,000,000"},
		"pilot.indicators[0].name":   {"Chiều dài"},
		"pilot.indicators[0].target": {"320,5"},
		"pilot.stop_conditions":      {"Dưới 70% hộ đồng thuận\r\n\r\nKhiếu nại đông người"},
		"implementers":               {"canbo.bth"},
	}
	var c workflow.Content
	if err := bindForm(form, &c); err != nil {
		t.Fatal(err)
	}
	if c.Title != "Làm đường hẻm" || c.Bottleneck.Kind != "missing" || c.Resources.MoneyVND != 450_000_000 || !c.Checklist.CommonGood || c.Checklist.UrgentNeed {
		t.Errorf("fields: %+v", c)
	}
	if len(c.Tasks) != 1 || c.Tasks[0].Description != "Họp dân" {
		t.Errorf("blank task rows are kept: %+v", c.Tasks)
	}
	if c.Pilot == nil || len(c.Pilot.Units) != 3 || c.Pilot.BudgetVND != 1_000_000 || c.Pilot.Indicators[0].Target != 320.5 || len(c.Pilot.StopConditions) != 2 {
		t.Errorf("pilot: %+v", c.Pilot)
	}

	var p workflow.ProgressInput
	err := bindForm(url.Values{"unit": {"HCM-BTH"}, "amount_vnd": {"một trăm"}, "indicators[0].name": {"Chiều dài"}, "indicators[0].value": {"120"},
		"indicators[1].name": {"Tỷ lệ"}, "indicators[1].value": {""}}, &p)
	pe := problem.As(err)
	if len(pe.Fields) != 1 || pe.Fields[0].Field != "amount_vnd" || pe.Fields[0].Code != "field.not_number" {
		t.Errorf("bad number: %v", err)
	}
	if p.Unit != "HCM-BTH" || len(p.Indicators) != 1 || p.Indicators["Chiều dài"] != 120 {
		t.Errorf("embedded fields and indicators: %+v", p)
	}
	var none workflow.ApproveInput
	if err := bindForm(url.Values{"note": {"x"}}, &none); err != nil || none.Scope != nil {
		t.Errorf("an empty scope should stay nil: %+v %v", none.Scope, err)
	}
}

func TestHighlightFindsWordsWithoutDiacritics(t *testing.T) {
	cases := []struct {
		text, q, want string
	}{
		{"Vận động Nhân dân góp vốn làm đường hẻm", "lam duong", "Vận động Nhân dân góp vốn <mark>làm</mark> <mark>đường</mark> hẻm"},
		{"ĐƯỜNG <b>", "duong", "<mark>ĐƯỜNG</mark> &lt;b&gt;"},
		{"Nghi\u0323 đi\u0323nh", "nghi dinh", "<mark>Nghi\u0323</mark> <mark>đi\u0323nh</mark>"},
		{"không có", "xyz", "không có"},
	}
	for _, c := range cases {
		words := foldedWords(c.q)
		if got := markedHTML(t, highlight(c.text, words)); got != c.want {
			t.Errorf("highlight(%q, %q) = %q, want %q", c.text, c.q, got, c.want)
		}
	}
	if ex, ok := excerpt("một hai ba bốn năm sáu bảy tám chín mười làm đường", foldedWords("duong"), 10); !ok || ex != "…mười làm đường" {
		t.Errorf("excerpt = %q %v", ex, ok)
	}
}
