package i18n

// reportCatalogue holds the texts of the sơ kết / tổng kết report.
// Merged into the catalogue like the log's texts.
var reportCatalogue = map[string]Message{
	"web.report.title":             {"Báo cáo sơ kết, tổng kết", "Review report"},
	"web.report.title_for":         {"Báo cáo sơ kết %s — %s", "Review report of %s — %s"},
	"web.report.lead":              {"Số liệu của đơn vị và các đơn vị trực thuộc trong kỳ, so với kỳ trước, đếm trực tiếp từ sổ ghi tại thời điểm xem. Thời hạn xem xét, quyết định: %d ngày làm việc kể từ khi trình.", "Figures of the unit and the units under it for the period, beside the period before, counted from the log at the moment of asking. The limit for a decision: %d working days from the submission."},
	"web.report.period":            {"Kỳ báo cáo", "Period"},
	"web.report.year":              {"Năm %d", "Year %d"},
	"web.report.quarter":           {"Quý %s/%d", "Q%s %d"},
	"web.report.xlsx":              {"Tải bảng tính (xlsx)", "Download the workbook (xlsx)"},
	"web.report.csv":               {"Tải dữ liệu (CSV)", "Download the data (CSV)"},
	"web.report.summary":           {"Số liệu tổng hợp", "Summary"},
	"web.report.figure":            {"Chỉ tiêu", "Figure"},
	"web.report.this":              {"Kỳ này", "This period"},
	"web.report.change":            {"Tăng, giảm", "Change"},
	"web.report.submitted":         {"Đề xuất được trình", "Proposals submitted"},
	"web.report.decided":           {"Đề xuất được quyết định (chấp thuận hoặc không chấp thuận)", "Proposals decided (approved or rejected)"},
	"web.report.approved":          {"Được chấp thuận", "Approved"},
	"web.report.override":          {"Trong đó: người đứng đầu quyết định khi tập thể không thông qua", "Of which: approved by the head over the collective's vote"},
	"web.report.rejected":          {"Không chấp thuận", "Rejected"},
	"web.report.returned":          {"Trả lại để hoàn thiện", "Returned for revision"},
	"web.report.median":            {"Thời gian từ khi trình đến khi quyết định, trung vị (ngày làm việc; thời hạn %d)", "Time from submission to decision, median (working days; limit %d)"},
	"web.report.on_time":           {"Tỉ lệ quyết định đúng hạn (trong %d ngày làm việc)", "Share decided on time (within %d working days)"},
	"web.report.pilots_approved":   {"Mô hình được phê duyệt thí điểm", "Pilots approved"},
	"web.report.pilots_running":    {"Mô hình đang thí điểm cuối kỳ", "Pilots running at the period's end"},
	"web.report.pilots_completed":  {"Mô hình đã báo cáo kết thúc", "Pilots completed"},
	"web.report.pilots_stopped":    {"Mô hình bị dừng", "Pilots stopped"},
	"web.report.allocated":         {"Kinh phí được bố trí", "Money allocated"},
	"web.report.spent":             {"Kinh phí đã chi theo báo cáo tiến độ", "Money spent, as reported"},
	"web.report.inspections":       {"Cuộc kiểm tra, giám sát", "Inspections"},
	"web.report.violations":        {"Vi phạm được phát hiện", "Violations found"},
	"web.report.corrections":       {"Vi phạm đã khắc phục", "Violations corrected"},
	"web.report.replications":      {"Lượt nhân rộng mô hình (đơn vị tiếp nhận)", "Replications (receiving units)"},
	"web.report.rewards":           {"Khen thưởng", "Rewards"},
	"web.report.institutionalised": {"Đề xuất được thể chế hóa", "Proposals institutionalised"},
	"web.report.by_state":          {"Đề xuất trình trong kỳ theo tình trạng hiện nay", "Proposals submitted in the period, by where they stand now"},
	"web.report.by_field":          {"Đề xuất trình trong kỳ theo lĩnh vực", "Proposals submitted in the period, by field"},
	"web.report.protection":        {"Kết luận về bảo vệ", "Protection determinations"},
	"web.report.by_reward":         {"Khen thưởng theo hình thức", "Rewards by kind"},
	"web.report.chart_desc":        {"Mỗi thanh là số lượng trong kỳ; số liệu chi tiết ở bảng bên dưới.", "Each bar is the count in the period; the table below holds the figures."},
	"web.report.late":              {"Quyết định chậm nhất (quá %d ngày làm việc)", "Slowest decisions (over %d working days)"},
	"web.report.none_late":         {"Không có quyết định nào quá hạn trong kỳ.", "No decision in the period was late."},
	"web.report.completed":         {"Mô hình kết thúc trong kỳ: chỉ tiêu so với mục tiêu", "Pilots completed in the period: indicators against targets"},
	"doc.report.subject":           {"Sơ kết việc khuyến khích và bảo vệ cán bộ năng động, sáng tạo vì lợi ích chung, %s", "Review of the encouragement and protection of dynamic, creative cadres for the common good, %s"},
	"doc.report.intro":             {"%s báo cáo kết quả thực hiện Kết luận số 14-KL/TW và Nghị định số 73/2023/NĐ-CP trong %s, so với %s, theo số liệu của hệ thống damlam tại thời điểm lập báo cáo.", "%s reports on carrying out Conclusion 14-KL/TW and Decree 73/2023/NĐ-CP in %s, against %s, from damlam's figures at the time of writing."},
	"doc.report.figures":           {"I. KẾT QUẢ CHUNG", "I. OVERALL RESULTS"},
	"doc.report.late_line":         {"nhận ngày %s, quyết định ngày %s, %d ngày làm việc", "received %s, decided %s, %d working days"},
	"doc.evidence.subject":         {"Kết quả đổi mới, sáng tạo của đồng chí %s, %s", "The innovation record of %s, %s"},
	"doc.evidence.intro":           {"%s báo cáo kết quả đổi mới, sáng tạo của đồng chí %s trong %s, làm căn cứ đánh giá cán bộ theo Quy định số 366-QĐ/TW. Mỗi bước nêu số thứ tự của nó trong sổ ghi của hệ thống damlam, để đối chiếu.", "%s reports the innovation record of %s in %s, for the cadre's evaluation under Regulation 366-QĐ/TW. Each step names its entry in damlam's log, to check against."},
	"doc.evidence.cases":           {"II. CÁC ĐỀ XUẤT VÀ VIỆC ĐÃ LÀM", "II. THE CASES AND WHAT WAS DONE"},
	"doc.evidence.none":            {"Không có đề xuất nào trong kỳ.", "No case in the period."},
	"doc.evidence.log_entry":       {"sổ ghi mục %d", "log entry %d"},
	"doc.evidence.council":         {"Hội đồng đánh giá cán bộ", "The cadre evaluation council"},
	"web.report.pdf":               {"Tải báo cáo (PDF, thể thức Nghị định 30)", "Download the report (PDF, Decree 30 layout)"},
	"web.report.completed_first":   {"Danh sách nêu %d báo cáo kết thúc đầu tiên trong kỳ, trên tổng số %d.", "The list shows the period's first %d completion reports of %d."},
	"web.report.none_completed":    {"Không có mô hình nào kết thúc trong kỳ.", "No pilot was completed in the period."},
	"web.report.submitted_on":      {"Ngày trình", "Submitted"},
	"web.report.decided_on":        {"Ngày quyết định", "Decided"},
	"web.report.working_days":      {"Số ngày làm việc", "Working days"},
	"web.report.sheet_summary":     {"Tổng hợp", "Summary"},
	"web.report.sheet_state":       {"Theo tình trạng", "By state"},
	"web.report.sheet_field":       {"Theo lĩnh vực", "By field"},
	"web.report.sheet_protection":  {"Bảo vệ", "Protection"},
	"web.report.sheet_rewards":     {"Khen thưởng", "Rewards"},
	"web.report.person":            {"Cán bộ", "Cadre"},
	"web.report.see_evidence":      {"Xem minh chứng của cán bộ", "See the cadre's evidence"},
	"web.report.sheet_late":        {"Quyết định chậm", "Late decisions"},
}

func init() {
	for k, m := range reportCatalogue {
		if _, dup := catalogue[k]; dup {
			panic("i18n: key " + k + " is in two catalogues")
		}
		catalogue[k] = m
	}
}

// evidenceCatalogue holds the texts of the per-cadre evidence (QĐ 366).
var evidenceCatalogue = map[string]Message{
	"web.evidence.title":            {"Minh chứng kết quả của cán bộ", "A cadre's evidence"},
	"web.evidence.title_for":        {"Minh chứng của %s — %s", "Evidence of %s — %s"},
	"web.evidence.lead":             {"Các đề xuất cán bộ đã trình, thực hiện và quyết định trong kỳ, kèm kết quả, đánh giá, bảo vệ, khen thưởng, nhân rộng và các việc quá hạn tại đơn vị cán bộ đứng đầu; mỗi dòng dẫn tới hồ sơ và mục sổ ghi (Quy định 366-QĐ/TW).", "The proposals the cadre made, implemented and decided in the period, with results, evaluations, protection, rewards, replications and the overdue items where the cadre heads the deciding unit; each line links to its case and log entry (Regulation 366-QĐ/TW)."},
	"web.evidence.proposed":         {"Đề xuất đã trình", "Proposals submitted"},
	"web.evidence.approved":         {"Đề xuất được chấp thuận", "Proposals approved"},
	"web.evidence.completed":        {"Đề xuất đã báo cáo kết quả", "Proposals completed"},
	"web.evidence.evaluated":        {"Đề xuất đã được đánh giá", "Proposals evaluated"},
	"web.evidence.protected":        {"Đề xuất đã xác định việc bảo vệ", "Protection determined"},
	"web.evidence.rewards":          {"Khen thưởng nhận được", "Rewards received"},
	"web.evidence.replications":     {"Lượt nhân rộng mô hình của cán bộ", "Replications of the cadre's models"},
	"web.evidence.implemented":      {"Đề xuất của người khác do cán bộ thực hiện", "Others' proposals the cadre implemented"},
	"web.evidence.decided":          {"Quyết định cán bộ đã ký với tư cách người đứng đầu", "Decisions the cadre took as head"},
	"web.evidence.overdue":          {"Việc quá hạn tại đơn vị cán bộ đứng đầu", "Overdue items where the cadre is the decider"},
	"web.evidence.cases":            {"Từng hồ sơ", "Case by case"},
	"web.evidence.none":             {"Không có hoạt động nào trong kỳ.", "Nothing in the period."},
	"web.evidence.col_roles":        {"Vai trò", "Role"},
	"web.evidence.col_step":         {"Bước", "Step"},
	"web.evidence.col_date":         {"Ngày", "Date"},
	"web.evidence.col_detail":       {"Kết quả", "Outcome"},
	"web.evidence.mine":             {"cán bộ thực hiện", "by the cadre"},
	"web.evidence.sheet_cases":      {"Hồ sơ", "Cases"},
	"web.evidence.role.proposer":    {"người đề xuất", "proposer"},
	"web.evidence.role.implementer": {"người thực hiện", "implementer"},
	"web.evidence.role.decider":     {"người quyết định", "decider"},
	"web.evidence.role.member":      {"thành viên tập thể", "member of the collective"},
	"web.evidence.role.rewarded":    {"được khen thưởng", "rewarded"},
	"web.evidence.role.overdue":     {"quá hạn tại đơn vị", "overdue in their unit"},
}

func init() {
	for k, m := range evidenceCatalogue {
		if _, dup := catalogue[k]; dup {
			panic("i18n: key " + k + " is in two catalogues")
		}
		catalogue[k] = m
	}
}
