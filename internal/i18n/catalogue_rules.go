package i18n

// rulesCatalogue holds the texts of local rule sets (the time limits,
// reminders and vote threshold a locality issues, Decree 73's by
// default) and of the instruments a case's legal basis names.
var rulesCatalogue = map[string]Message{
	"field.rules_id":           {"Mã bộ quy định gồm chữ thường không dấu, chữ số và dấu gạch ngang (tối đa 40 ký tự).", "A rule set's id is lower-case letters, digits and hyphens (at most 40)."},
	"field.rules_national":     {"Mã nd73 là của bộ quy định chung theo Nghị định 73; hãy chọn mã khác.", "The id nd73 is the national set's; choose another."},
	"field.rules_not_waiting":  {"Trạng thái này không có thời hạn.", "This state has no time limit."},
	"field.rules_unit_has":     {"Đơn vị đã có bộ quy định %s; hãy ban hành phiên bản mới của bộ đó.", "The unit has the rule set %s already; issue a new version of it."},
	"field.rules_other_unit":   {"Mã này là bộ quy định của đơn vị %s.", "This id is the rule set of unit %s."},
	"field.unknown_instrument": {"Không có văn bản %s trong danh mục văn bản căn cứ.", "There is no instrument %s in the list."},
	"web.f.basis.instrument":   {"Văn bản căn cứ (số, ngày, cơ quan ban hành)", "Instrument relied on (number, date, issuing body)"},
	"web.f.basis.article":      {"Điều, khoản được căn cứ", "Article relied on"},
	"web.basis.none":           {"— Không nêu —", "— None —"},
	"web.basis.undated":        {"chưa ghi ngày", "date not recorded"},
	"web.instr.title":          {"Danh mục văn bản căn cứ", "Instruments a legal basis may name"},
	"web.instr.add":            {"Thêm văn bản căn cứ", "Add an instrument"},
	"web.f.instr_id":           {"Mã văn bản", "Instrument id"},
	"web.f.instr_kind":         {"Loại", "Kind"},
	"web.f.instr_number":       {"Số, ký hiệu", "Number"},
	"web.f.instr_issued_on":    {"Ngày ban hành", "Date issued"},
	"web.f.instr_issuer":       {"Cơ quan ban hành", "Issuing body"},
	"web.f.instr_title":        {"Trích yếu", "Title"},
	"web.rules.title":          {"Bộ quy định của địa phương", "Local rule sets"},
	"web.rules.lead":           {"Địa phương (một đơn vị và các đơn vị trực thuộc) có thể ban hành thời hạn, số ngày nhắc hạn và tỷ lệ biểu quyết của mình. Nơi chưa ban hành áp dụng quy định chung theo Nghị định 73/2023/NĐ-CP.", "A locality (a unit and the units under it) may issue its own time limits, reminder days and vote threshold. Where it has not, the national set under Decree 73/2023 applies."},
	"web.rules.caption":        {"Các bộ quy định và phiên bản", "Rule sets and their versions"},
	"web.rules.set":            {"Bộ quy định", "Rule set"},
	"web.rules.unit":           {"Áp dụng tại", "Applies in"},
	"web.rules.national":       {"Cả nước", "Nationwide"},
	"web.rules.decide":         {"Ngày làm việc để quyết định", "Working days to decide"},
	"web.rules.report":         {"Ngày làm việc để báo cáo kết thúc", "Working days to report completion"},
	"web.rules.evaluate":       {"Ngày làm việc để đánh giá", "Working days to evaluate"},
	"web.rules.reminder":       {"Nhắc trước (ngày làm việc)", "Reminder ahead (working days)"},
	"web.rules.vote":           {"Tỷ lệ tán thành cần vượt", "Share in favour to exceed"},
	"web.rules.issued":         {"Ban hành", "Issued"},
	"web.rules.kept":           {"Hồ sơ giữ bộ quy định áp dụng khi trình lần đầu; phiên bản mới chỉ áp dụng cho hồ sơ trình sau đó. Mỗi lần ban hành được ghi vào sổ cái.", "A case keeps the set that applied when it was first submitted; a new version applies only to cases submitted after it. Every issue is written to the log."},
	"web.rules.issue":          {"Ban hành bộ quy định hoặc phiên bản mới", "Issue a rule set or a new version"},
	"web.rules.id_hint":        {"Ví dụ: hcm. Cùng mã với bộ đã có là phiên bản mới của bộ đó.", "For example hcm. The id of an existing set issues its next version."},
	"web.rules.save":           {"Ban hành", "Issue"},
	"web.rules.applied":        {"Bộ quy định áp dụng", "Rule set applied"},
	"web.rules.applied_none":   {"Quy định chung theo Nghị định 73/2023/NĐ-CP (hồ sơ trình trước khi ghi bộ quy định)", "The national set under Decree 73/2023 (submitted before cases logged their set)"},
	"web.f.rules_id":           {"Mã bộ quy định", "Rule set id"},
	"web.f.rules_unit":         {"Địa phương áp dụng", "Locality"},
	"web.f.rules_name":         {"Tên bộ quy định", "Name"},
	"web.f.rules_instrument":   {"Văn bản ban hành (số, ngày, cơ quan)", "Issuing instrument (number, date, body)"},
	"web.f.decide_days":        {"Số ngày làm việc để quyết định đề xuất", "Working days to decide a proposal"},
	"web.f.report_days":        {"Số ngày làm việc để báo cáo kết thúc thí điểm", "Working days to report a pilot's completion"},
	"web.f.evaluate_days":      {"Số ngày làm việc để đánh giá kết quả", "Working days to evaluate the result"},
	"web.f.reminder_days":      {"Nhắc hạn trước bao nhiêu ngày làm việc", "Remind how many working days ahead"},
	"web.f.vote_percent":       {"Tỷ lệ tán thành phải vượt (%, từ 50)", "Share in favour that must be exceeded (%, from 50)"},
}

func init() {
	for k, m := range rulesCatalogue {
		if _, dup := catalogue[k]; dup {
			panic("i18n: key " + k + " is in two catalogues")
		}
		catalogue[k] = m
	}
}
