package i18n

// pagesCatalogue holds the texts of the forms' pickers, dates, amounts in
// words and field errors: what an official reads instead of a code or a
// programmer's message. Merged into the catalogue like the other pages'.
var pagesCatalogue = map[string]Message{
	"web.hint.day":              {"Ngày/tháng/năm, ví dụ 31/12/2026.", "Day/month/year, e.g. 31/12/2026."},
	"web.pick.hint_many":        {"Chọn một hoặc nhiều (giữ phím Ctrl, hoặc ⌘ trên máy Mac, để chọn thêm).", "Choose one or more (hold Ctrl, or ⌘ on a Mac, to add more)."},
	"web.f.grant_person":        {"Người được giao", "Person"},
	"web.access.signout_person": {"Người cần đăng xuất", "Person to sign out"},
	"web.models.case_elsewhere": {"hồ sơ %s do %s quản lý; trang này đã nêu phạm vi được duyệt, kết quả và đánh giá để đơn vị khác áp dụng.", "case %s is held by %s; this page gives its approved scope, results and evaluation for another unit to adopt it."},
	"web.proposal.older_events": {"Xem %d mục cũ hơn", "Show %d earlier entries"},
	"web.errors.title":          {"Có lỗi cần sửa", "There is a problem"},
	"field.bad_day":             {"Ngày không hợp lệ: hãy viết ngày/tháng/năm, ví dụ 31/12/2026.", "Not a valid date: write day/month/year, e.g. 31/12/2026."},
	"field.scope_no_units":      {"Hãy chọn ít nhất một đơn vị thực hiện.", "Choose at least one unit."},
	"field.scope_unit_unknown":  {"“%s” không phải là một đơn vị trong danh sách; hãy chọn đơn vị theo tên.", "“%s” is not a unit in the list; choose units by name."},
	"field.scope_unit_twice":    {"Đơn vị “%s” được chọn hai lần.", "The unit “%s” is chosen twice."},
	"field.start_after_end":     {"Ngày bắt đầu phải trước hoặc trùng ngày kết thúc.", "The start must be on or before the end."},
	"field.end_before_start":    {"Ngày kết thúc phải sau hoặc trùng ngày bắt đầu.", "The end must be on or after the start."},
	"field.negative_amount":     {"Số tiền không được âm.", "The amount cannot be negative."},
	"field.choose_listed":       {"Hãy chọn một mục trong danh sách.", "Choose one of the listed options."},
	"field.bad_scope_page":      {"Phạm vi chưa hợp lệ; hãy xem lại các đơn vị, ngày và kinh phí.", "The scope is not valid yet; check its units, dates and budget."},
	"field.bad_chars":           {"Nội dung chứa ký tự không được phép (ký tự điều khiển).", "The text holds characters that are not allowed (control characters)."},
	"field.bad_indicator":       {"Tên chỉ tiêu không hợp lệ (không được để trống, không chứa ký tự điều khiển).", "Not a valid indicator name (it cannot be empty or hold control characters)."},
}

func init() {
	for k, m := range pagesCatalogue {
		if _, dup := catalogue[k]; dup {
			panic("i18n: key " + k + " is in two catalogues")
		}
		catalogue[k] = m
	}
}
