// Package gen builds a deterministic, country-sized dataset through the same
// service code as real use: the organisation is imported the way an
// administrator imports it, and every proposal is drafted and taken through
// its lifecycle with Store.Batch, so every event is a leaf of the log.
package gen

// province is one of the 34 provinces and centrally-run cities of the 2025
// reform. Communes counts the commune-level units (communes, wards and
// special zones) as the National Assembly's resolutions set them; the split
// between wards and communes is approximate, the totals are exact.
type province struct {
	ID       string
	Name     string
	City     bool // thành phố trực thuộc Trung ương
	Communes int  // all commune-level units
	Wards    int  // of which wards (phường)
	Zones    []string
}

// provinces sum to 3,321 commune-level units: 687 wards, 13 special zones,
// the rest communes.
var provinces = []province{
	{"HN", "Hà Nội", true, 126, 51, nil},
	{"HCM", "Hồ Chí Minh", true, 168, 113, []string{"Côn Đảo"}},
	{"HP", "Hải Phòng", true, 114, 45, []string{"Cát Hải", "Bạch Long Vĩ"}},
	{"DNG", "Đà Nẵng", true, 94, 23, []string{"Hoàng Sa"}},
	{"HUE", "Huế", true, 40, 21, nil},
	{"CT", "Cần Thơ", true, 103, 31, nil},
	{"CB", "Cao Bằng", false, 56, 3, nil},
	{"DB", "Điện Biên", false, 45, 3, nil},
	{"LCH", "Lai Châu", false, 38, 2, nil},
	{"SL", "Sơn La", false, 75, 8, nil},
	{"LS", "Lạng Sơn", false, 65, 4, nil},
	{"QNI", "Quảng Ninh", false, 54, 30, []string{"Vân Đồn", "Cô Tô"}},
	{"TH", "Thanh Hóa", false, 166, 19, nil},
	{"NA", "Nghệ An", false, 130, 11, nil},
	{"HT", "Hà Tĩnh", false, 69, 9, nil},
	{"TQ", "Tuyên Quang", false, 124, 7, nil},
	{"LCA", "Lào Cai", false, 99, 10, nil},
	{"TN", "Thái Nguyên", false, 92, 15, nil},
	{"PT", "Phú Thọ", false, 148, 15, nil},
	{"BN", "Bắc Ninh", false, 99, 33, nil},
	{"HY", "Hưng Yên", false, 104, 11, nil},
	{"NB", "Ninh Bình", false, 129, 32, nil},
	{"QT", "Quảng Trị", false, 78, 8, []string{"Cồn Cỏ"}},
	{"QNG", "Quảng Ngãi", false, 96, 9, []string{"Lý Sơn"}},
	{"GL", "Gia Lai", false, 135, 21, nil},
	{"KH", "Khánh Hòa", false, 65, 17, []string{"Trường Sa"}},
	{"LD", "Lâm Đồng", false, 124, 20, []string{"Phú Quý"}},
	{"DLK", "Đắk Lắk", false, 102, 14, nil},
	{"DNA", "Đồng Nai", false, 95, 23, nil},
	{"TNI", "Tây Ninh", false, 96, 14, nil},
	{"VL", "Vĩnh Long", false, 124, 19, nil},
	{"DT", "Đồng Tháp", false, 102, 20, nil},
	{"CM", "Cà Mau", false, 64, 9, nil},
	{"AG", "An Giang", false, 102, 17, []string{"Phú Quốc", "Kiên Hải", "Thổ Châu"}},
}

// provinceName is how the province is written in unit names.
func (p province) provinceName() string {
	if p.City {
		return "Thành phố " + p.Name
	}
	return "Tỉnh " + p.Name
}

// department is a specialised agency of a provincial people's committee
// (sở, ngành) with the public service units under it.
type department struct {
	Code  string
	Name  string
	Units []string // đơn vị sự nghiệp công lập
}

var departments = []department{
	{"SNV", "Sở Nội vụ", []string{"Trung tâm Lưu trữ lịch sử", "Ban Thi đua – Khen thưởng"}},
	{"STC", "Sở Tài chính", []string{"Trung tâm Xúc tiến đầu tư", "Trung tâm Thông tin và Dịch vụ tài chính"}},
	{"SXD", "Sở Xây dựng", []string{"Trung tâm Kiểm định chất lượng công trình", "Ban Quản lý bảo trì hạ tầng giao thông"}},
	{"SNNMT", "Sở Nông nghiệp và Môi trường", []string{"Trung tâm Khuyến nông", "Trung tâm Quan trắc môi trường"}},
	{"SCT", "Sở Công Thương", []string{"Trung tâm Khuyến công", "Trung tâm Xúc tiến thương mại"}},
	{"SGDDT", "Sở Giáo dục và Đào tạo", []string{"Trường Trung học phổ thông chuyên", "Trung tâm Giáo dục thường xuyên"}},
	{"SYT", "Sở Y tế", []string{"Bệnh viện Đa khoa", "Trung tâm Kiểm soát bệnh tật"}},
	{"SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch", []string{"Bảo tàng", "Trung tâm Thông tin xúc tiến du lịch"}},
	{"SKHCN", "Sở Khoa học và Công nghệ", []string{"Trung tâm Chuyển đổi số", "Trung tâm Ứng dụng tiến bộ khoa học"}},
	{"STP", "Sở Tư pháp", []string{"Trung tâm Trợ giúp pháp lý", "Phòng Công chứng số 1"}},
	{"SDTTG", "Sở Dân tộc và Tôn giáo", []string{"Trung tâm Hỗ trợ đồng bào dân tộc"}},
	{"TTR", "Thanh tra tỉnh", nil},
	{"VP", "Văn phòng Ủy ban nhân dân", []string{"Trung tâm Phục vụ hành chính công"}},
}

// Syllables of generated place and person names. Real names are not needed:
// the counts and the shape of the tree are what the benchmarks depend on.
var (
	placeSyllables = []string{"An", "Bình", "Hòa", "Phú", "Tân", "Long", "Thạnh", "Phước", "Hưng", "Đông", "Tây", "Nam", "Bắc",
		"Xuân", "Mỹ", "Thành", "Lợi", "Hiệp", "Thuận", "Đức", "Vĩnh", "Quang", "Sơn", "Hải", "Trung", "Lộc", "Thịnh", "Phong",
		"Khánh", "Định", "Nghĩa", "Lạc", "Hội", "Điền", "Yên", "Cát", "Thủy", "Lâm", "Hà", "Minh", "Kim", "Ngọc", "Trường",
		"Thới", "Hiếu", "Tiến", "Thắng", "Lương", "Châu", "Gia", "Linh", "Quý", "Thái", "Hậu", "Cường", "Đạo", "Mai"}
	familyNames = []string{"Nguyễn", "Nguyễn", "Nguyễn", "Trần", "Trần", "Lê", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ",
		"Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Trương", "Lương", "Mai", "Tạ"}
	middleNames = []string{"Văn", "Thị", "Minh", "Thanh", "Quốc", "Ngọc", "Hoàng", "Đức", "Thu", "Hữu", "Xuân", "Kim", "Công", "Bảo", "Gia"}
	givenNames  = []string{"An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hoa", "Hùng", "Hương", "Khánh", "Lan", "Linh",
		"Long", "Mai", "Minh", "Nam", "Nga", "Ngọc", "Phong", "Phúc", "Quang", "Sơn", "Tâm", "Thảo", "Thành", "Trang", "Trung",
		"Tuấn", "Vân", "Việt", "Yến", "Hiếu", "Lộc", "Nhung", "Oanh", "Quyên", "Thắng", "Toàn", "Uyên", "Vinh", "Đạt", "Hòa"}
)
