package i18n

// documentsCatalogue holds the texts about official documents: their kinds
// as lists and pages name them, the register, and the errors of fetching
// one. The documents' own wording is Vietnamese law's and lives with them
// in internal/document. Merged into the catalogue like the web pages' texts.
var documentsCatalogue = map[string]Message{
	"doc.kind.proposal":       {"Tờ trình phương án đề xuất", "The proposal as submitted"},
	"doc.kind.approval":       {"Quyết định phê duyệt phương án", "Decision approving the plan"},
	"doc.kind.pilot_approval": {"Quyết định cho phép thí điểm", "Decision approving a pilot"},
	"doc.kind.override":       {"Quyết định của người đứng đầu (biểu quyết không đạt)", "The head's written decision after a failed vote"},
	"doc.kind.minutes":        {"Biên bản họp tập thể lãnh đạo", "Minutes of the collective meeting"},
	"doc.kind.return":         {"Thông báo trả lại đề xuất", "Notice returning the proposal"},
	"doc.kind.rejection":      {"Thông báo không chấp thuận", "Notice of rejection"},
	"doc.kind.suspension":     {"Quyết định tạm dừng", "Decision suspending the work"},
	"doc.kind.stop":           {"Quyết định dừng thực hiện", "Decision stopping the work"},
	"doc.kind.adjustment":     {"Quyết định điều chỉnh phạm vi", "Decision adjusting the scope"},
	"doc.kind.inspection":     {"Biên bản kiểm tra", "Inspection record"},
	"doc.kind.evaluation":     {"Kết luận đánh giá", "Evaluation conclusion"},
	"doc.kind.protection":     {"Kết luận về việc bảo vệ cán bộ", "Protection determination"},
	"doc.kind.reward":         {"Quyết định khen thưởng", "Reward decision"},
	"doc.kind.escalation":     {"Thông báo quá hạn giải quyết", "Overdue notice to the superior head"},

	"document_not_found":      {"Hồ sơ %[2]s không có văn bản số %[1]s.", "Case %[2]s has no document numbered %[1]s."},
	"document_ambiguous":      {"Hồ sơ %[2]s có nhiều văn bản số %[1]s (của các đơn vị khác nhau): hãy ghi cả ký hiệu, ví dụ 12/QĐ-UBND.", "Case %[2]s has several documents numbered %[1]s (of different units): give the symbol too, e.g. 12/QĐ-UBND."},
	"register_unit_not_found": {"Không tìm thấy đơn vị %s (hoặc bạn không có quyền xem sổ văn bản của đơn vị này).", "Unit %s was not found (or you may not see its register)."},
	"field.bad_year":          {"Năm không hợp lệ.", "Not a valid year."},
	"field.bad_abbrev":        {"Chữ viết tắt tối đa 20 ký tự, không có khoảng trắng hay dấu /.", "An abbreviation has at most 20 characters, no spaces and no '/'."},

	"web.docs.title":       {"Văn bản", "Documents"},
	"web.docs.hint":        {"Văn bản chính thức của hồ sơ theo Nghị định 30/2020/NĐ-CP, đánh số trong sổ văn bản của đơn vị; mã SHA-256 của mỗi tệp PDF được ghi trong sổ ghi.", "The case's official documents in the layout of Decree 30/2020, numbered in their unit's register; each PDF's SHA-256 is in the log."},
	"web.docs.none":        {"Hồ sơ chưa có văn bản chính thức.", "The case has no official document yet."},
	"web.docs.col.number":  {"Số, ký hiệu", "Number"},
	"web.docs.col.date":    {"Ngày", "Date"},
	"web.docs.col.kind":    {"Loại văn bản", "Type"},
	"web.docs.col.subject": {"Trích yếu", "Subject"},
	"web.docs.col.case":    {"Hồ sơ", "Case"},
	"web.docs.download":    {"Tải PDF", "Download PDF"},
	"web.docs.register":    {"Sổ văn bản", "Register"},
	"web.register.title":   {"Sổ văn bản %s năm %d", "Register of %s, %d"},
	"web.register.year":    {"Năm", "Year"},
	"web.register.q":       {"Tìm trong trích yếu", "Search the subjects"},
	"web.register.go":      {"Xem", "Show"},
	"web.register.none":    {"Không có văn bản nào.", "No document."},
	"web.register.count":   {"%d văn bản", "%d documents"},
}

func init() {
	for k, m := range documentsCatalogue {
		if _, dup := catalogue[k]; dup {
			panic("i18n: key " + k + " is in two catalogues")
		}
		catalogue[k] = m
	}
}
