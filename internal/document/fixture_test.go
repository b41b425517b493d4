package document

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"damlam/internal/org"
	"damlam/internal/workflow"
)

// The demo's units the fixtures' cases are decided in.
var (
	hcm   = org.Unit{ID: "HCM", ParentID: "VN", Name: "Thành phố Hồ Chí Minh", Kind: "province", PartyCommittee: "Thành ủy Thành phố Hồ Chí Minh"}
	wards = map[string]org.Unit{}
)

func init() {
	for _, u := range []org.Unit{
		{ID: "HCM-BTH", Name: "Phường Bình Thạnh", Kind: "ward", PartyCommittee: "Đảng ủy phường Bình Thạnh"},
		{ID: "HCM-GD", Name: "Phường Gia Định", Kind: "ward", PartyCommittee: "Đảng ủy phường Gia Định"},
		{ID: "HCM-TMT", Name: "Phường Thạnh Mỹ Tây", Kind: "ward", PartyCommittee: "Đảng ủy phường Thạnh Mỹ Tây"},
		{ID: "HCM-BQ", Name: "Phường Bình Quới", Kind: "ward", PartyCommittee: "Đảng ủy phường Bình Quới"},
		{ID: "HCM-SG", Name: "Phường Sài Gòn", Kind: "ward", PartyCommittee: "Đảng ủy phường Sài Gòn"},
		{ID: "HCM-TDI", Name: "Phường Tân Định", Kind: "ward", PartyCommittee: "Đảng ủy phường Tân Định"},
		{ID: "HCM-BC", Name: "Xã Bình Chánh", Kind: "commune", PartyCommittee: "Đảng ủy xã Bình Chánh"},
		{ID: "HCM-CC", Name: "Xã Củ Chi", Kind: "commune", PartyCommittee: "Đảng ủy xã Củ Chi"},
	} {
		u.ParentID = "HCM"
		wards[u.ID] = u
	}
}

// fixture is a case of the demo as the API returned it (testdata/cases,
// taken from `damlam demo`): its record, with every logged input and
// detail.
type fixture struct {
	ID        string             `json:"id"`
	Title     string             `json:"title"`
	UnitName  string             `json:"unit_name"`
	DeciderID string             `json:"decider_unit_id"`
	Proposer  workflow.PersonRef `json:"proposer"`
	Version   int                `json:"version"`
	Content   workflow.Content   `json:"content"`
	History   []workflow.Line    `json:"history"`
}

func loadCase(t testing.TB, id string) Case {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "cases", id+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var f fixture
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	u, ok := wards[f.DeciderID]
	if !ok {
		t.Fatalf("%s: unknown unit %s", id, f.DeciderID)
	}
	sup := IssuerFor(hcm, nil, "")
	names := map[string]string{}
	for id, w := range wards {
		names[id] = w.Name
	}
	return Case{
		ID: f.ID, Title: f.Title, Content: f.Content, Version: f.Version, Proposer: f.Proposer,
		Issuer: IssuerFor(u, &hcm, ""), Superior: &sup, ProposerUnit: f.UnitName,
		History: f.History, Names: names,
	}
}
