package i18n

// importCatalogue holds the texts of loading units and people from a
// file on the administration pages. Merged into the catalogue like the
// web pages' texts.
var importCatalogue = map[string]Message{
	"web.import.title":   {"Nhập đơn vị, người dùng từ tệp", "Import units and people from a file"},
	"web.import.lead":    {"Tải lên tệp CSV (UTF-8) hoặc Excel (.xlsx, trang tính đầu tiên). Hệ thống kiểm tra toàn bộ tệp trước; chỉ khi mọi dòng đều hợp lệ mới có thể nhập, và nhập tất cả trong một lần hoặc không nhập dòng nào.", "Upload a CSV file (UTF-8) or an Excel workbook (.xlsx, its first sheet). The whole file is checked first; only when every line is valid can it be imported, all at once or not at all."},
	"web.import.kind":    {"Loại dữ liệu", "What the file holds"},
	"web.import.file":    {"Tệp", "File"},
	"web.import.header":  {"Dòng đầu tiên phải là: %s", "The first line must be: %s"},
	"web.import.preview": {"Kiểm tra và xem trước", "Check and preview"},

	"web.import.kind.units":  {"Đơn vị (cha trước con)", "Units (parents before children)"},
	"web.import.kind.people": {"Người dùng, chức vụ và vai trò", "People, posts and roles"},

	"web.import.bad_lines":       {"%d dòng cần sửa", "%d lines to correct"},
	"web.import.line":            {"Dòng", "Line"},
	"web.import.problem":         {"Cần sửa", "To correct"},
	"web.import.nothing_written": {"Chưa có dòng nào được nhập. Sửa các dòng trên trong tệp rồi tải lên lại.", "Nothing was imported. Correct these lines in the file and upload it again."},
	"web.import.rows":            {"Các dòng trong tệp", "The file's lines"},
	"web.import.more":            {"… và %d dòng nữa.", "… and %d more lines."},
	"web.import.ready":           {"Tệp hợp lệ: %d dòng sẵn sàng để nhập.", "The file is valid: %d lines ready to import."},
	"web.import.confirm":         {"Nhập %d dòng này? Mỗi đơn vị, người dùng, chức vụ, vai trò được ghi vào sổ ghi.", "Import these %d lines? Each unit, person, post and role is recorded in the log."},
	"web.import.do":              {"Nhập %d dòng", "Import %d lines"},
	"web.import.done":            {"Đã nhập %d dòng.", "%d lines imported."},
	"web.import.invitations":     {"Lời mời đặt mật khẩu", "Invitations to set a password"},
	"web.import.person":          {"Người dùng", "Person"},
	"web.import.expires":         {"Hết hạn", "Expires"},
	"web.import.invitation":      {"Liên kết dùng một lần (gửi riêng cho từng người)", "One-time link (give each person their own)"},
	"web.import.link":            {"Nhập từ tệp CSV hoặc Excel", "Import from a CSV or Excel file"},

	"import_too_large":   {"Tệp quá lớn (tối đa %d MB).", "The file is too large (at most %d MB)."},
	"field.bad_workbook": {"Không đọc được tệp Excel này; hãy lưu lại dưới dạng .xlsx hoặc CSV UTF-8.", "This Excel file cannot be read; save it as .xlsx or as UTF-8 CSV."},
}

func init() {
	for k, m := range importCatalogue {
		if _, dup := catalogue[k]; dup {
			panic("i18n: key " + k + " is in two catalogues")
		}
		catalogue[k] = m
	}
}
