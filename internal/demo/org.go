// Package demo builds the demonstration deployment: Hồ Chí Minh City wards
// after the 2025 reform, their leaders and oversight bodies, and cases from
// the article (residents co-funding alley and rural roads, canal cleaning,
// alley beautification) spread over every state of the lifecycle. Every
// step goes through the same service as real use, so the log holds it all.
package demo

import (
	"damlam/internal/org"
	"damlam/internal/sqlstore"
)

// Password is every demo user's password: the demo is for trying, not for
// production (the sign-in page shows it only in demo mode).
const Password = "damlam-demo-2026"

// units of the demo tree: nation → provinces → wards and communes, plus a
// city department. Ward names are real post-2025 wards.
var units = []sqlstore.UnitInput{
	{ID: "VN", Name: "Việt Nam", Kind: "nation"},
	{ID: "HCM", ParentID: "VN", Name: "Thành phố Hồ Chí Minh", Kind: "province", PartyCommittee: "Thành ủy Thành phố Hồ Chí Minh"},
	{ID: "HCM-SXD", ParentID: "HCM", Name: "Sở Xây dựng Thành phố Hồ Chí Minh", Kind: "department", PartyCommittee: "Đảng ủy Sở Xây dựng"},
	{ID: "HCM-BTH", ParentID: "HCM", Name: "Phường Bình Thạnh", Kind: "ward", PartyCommittee: "Đảng ủy phường Bình Thạnh"},
	{ID: "HCM-GD", ParentID: "HCM", Name: "Phường Gia Định", Kind: "ward", PartyCommittee: "Đảng ủy phường Gia Định"},
	{ID: "HCM-TMT", ParentID: "HCM", Name: "Phường Thạnh Mỹ Tây", Kind: "ward", PartyCommittee: "Đảng ủy phường Thạnh Mỹ Tây"},
	{ID: "HCM-BQ", ParentID: "HCM", Name: "Phường Bình Quới", Kind: "ward", PartyCommittee: "Đảng ủy phường Bình Quới"},
	{ID: "HCM-SG", ParentID: "HCM", Name: "Phường Sài Gòn", Kind: "ward", PartyCommittee: "Đảng ủy phường Sài Gòn"},
	{ID: "HCM-TDI", ParentID: "HCM", Name: "Phường Tân Định", Kind: "ward", PartyCommittee: "Đảng ủy phường Tân Định"},
	{ID: "HCM-BC", ParentID: "HCM", Name: "Xã Bình Chánh", Kind: "commune", PartyCommittee: "Đảng ủy xã Bình Chánh"},
	{ID: "HCM-CC", ParentID: "HCM", Name: "Xã Củ Chi", Kind: "commune", PartyCommittee: "Đảng ủy xã Củ Chi"},
	{ID: "HN", ParentID: "VN", Name: "Thành phố Hà Nội", Kind: "province", PartyCommittee: "Thành ủy Hà Nội"},
	{ID: "HN-HK", ParentID: "HN", Name: "Phường Hoàn Kiếm", Kind: "ward", PartyCommittee: "Đảng ủy phường Hoàn Kiếm"},
}

// person is a demo user with one seat and roles over that seat's unit or
// another unit.
type person struct {
	id, name, unit string
	position       org.Position
	grants         []sqlstore.GrantInput
}

func g(role org.Role, unit string) sqlstore.GrantInput {
	return sqlstore.GrantInput{Role: role, UnitID: unit}
}

// people: each ward has a head (Chủ tịch UBND), deputies and staff; the
// city has its leaders and oversight bodies.
var people = []person{
	{"admin", "Quản trị hệ thống", "HCM", org.Staff, []sqlstore.GrantInput{g(org.Admin, "VN"), g(org.Secretariat, "VN")}},
	{"chutich.hcm", "Nguyễn Văn Thành", "HCM", org.Head, nil},
	{"phochutich.hcm", "Trần Thị Mai", "HCM", org.Deputy, nil},
	{"thanhuy.hcm", "Lê Minh Quang", "HCM", org.Staff, []sqlstore.GrantInput{g(org.PartyCommittee, "HCM")}},
	{"kiemtra.hcm", "Phạm Thu Hà", "HCM", org.Staff, []sqlstore.GrantInput{g(org.Inspector, "HCM")}},
	{"thiduakt.hcm", "Võ Hoàng Long", "HCM", org.Staff, []sqlstore.GrantInput{g(org.RewardOfficer, "HCM")}},
	{"kyluat.hcm", "Đặng Quốc Bảo", "HCM", org.Staff, []sqlstore.GrantInput{g(org.Disciplinary, "HCM")}},

	// Phường Bình Thạnh: the alley-road case's ward. One deputy proposes.
	{"chutich.bth", "Huỳnh Thị Lan", "HCM-BTH", org.Head, nil},
	{"pct1.bth", "Ngô Văn Hùng", "HCM-BTH", org.Deputy, nil},
	{"pct2.bth", "Bùi Thị Hạnh", "HCM-BTH", org.Deputy, nil},
	{"pct3.bth", "Đỗ Minh Tuấn", "HCM-BTH", org.Deputy, nil},
	{"pct4.bth", "Lý Thanh Sơn", "HCM-BTH", org.Deputy, nil},
	{"canbo.bth", "Trương Ngọc Ánh", "HCM-BTH", org.Staff, nil},
	{"danguy.bth", "Phan Văn Lợi", "HCM-BTH", org.Staff, []sqlstore.GrantInput{g(org.PartyCommittee, "HCM-BTH")}},
}

// wardStaff seats a head, two deputies, a cadre and a Party committee
// member in every other ward and commune.
func wardStaff() []person {
	var out []person
	for _, u := range units {
		if u.ID == "HCM-BTH" || (u.Kind != "ward" && u.Kind != "commune" && u.Kind != "department") {
			continue
		}
		suffix := u.ID
		out = append(out,
			person{"chutich." + suffix, "Chủ tịch " + u.Name, u.ID, org.Head, nil},
			person{"pct1." + suffix, "Phó Chủ tịch thứ nhất " + u.Name, u.ID, org.Deputy, nil},
			person{"pct2." + suffix, "Phó Chủ tịch thứ hai " + u.Name, u.ID, org.Deputy, nil},
			person{"canbo." + suffix, "Cán bộ " + u.Name, u.ID, org.Staff, nil},
			person{"danguy." + suffix, "Đảng ủy viên " + u.Name, u.ID, org.Staff, []sqlstore.GrantInput{g(org.PartyCommittee, u.ID)}},
		)
	}
	return out
}
