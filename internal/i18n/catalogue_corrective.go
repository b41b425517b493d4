package i18n

// correctiveCatalogue holds the texts of corrective actions as due items:
// a violation's deadline in the implementer's inbox, its escalation when
// it passes uncorrected, and the inspector's list of open and overdue
// corrections. Merged into the catalogue like the web pages' texts.
var correctiveCatalogue = map[string]Message{
	"action.escalate_correction":      {"Chuyển cấp trên do quá hạn khắc phục", "Escalate an overdue correction"},
	"event.violation.escalated":       {"Quá hạn khắc phục vi phạm, chuyển người đứng đầu cấp trên", "Correction overdue, escalated to the superior head"},
	"notify.correction_escalation":    {"Vi phạm trong đề xuất %[1]s đã quá hạn khắc phục %[3]s mà chưa được khắc phục, đã chuyển người đứng đầu cấp trên: %[2]s", "A violation in proposal %[1]s passed its corrective deadline %[3]s uncorrected and was escalated to the superior head: %[2]s"},
	"corrections_inspectors_only":     {"Chỉ cơ quan kiểm tra, giám sát xem được danh sách khắc phục vi phạm.", "Only an inspection agency sees the list of corrective actions."},
	"notify.stop_crossed":             {"Báo cáo của đề xuất %[1]s đã chạm điều kiện dừng trong phạm vi được duyệt; người đứng đầu xem xét tạm dừng hoặc dừng: %[2]s", "A report on proposal %[1]s crossed a stop condition of the approved scope; the head should consider suspending or stopping it: %[2]s"},
	"web.stops.title":                 {"Điều kiện dừng đã chạm", "Stop conditions crossed"},
	"web.stops.indicator_below":       {"%s: %s, dưới ngưỡng %s (báo cáo ở sự kiện %d)", "%s: %s, below the threshold %s (report at event %d)"},
	"web.stops.indicator_above":       {"%s: %s, vượt ngưỡng %s (báo cáo ở sự kiện %d)", "%s: %s, above the threshold %s (report at event %d)"},
	"web.stops.date":                  {"Đã đến ngày dừng %s (báo cáo ở sự kiện %d)", "The stop date %s was reached (report at event %d)"},
	"web.stops.spending":              {"Chi tiêu %s đã đến giới hạn dừng %s (báo cáo ở sự kiện %d)", "Spending of %s reached the stop limit of %s (report at event %d)"},
	"web.stops.checks":                {"Điều kiện dừng được kiểm tra", "Stop conditions checked"},
	"web.stops.check.indicator_below": {"%s dưới %s", "%s below %s"},
	"web.stops.check.indicator_above": {"%s trên %s", "%s above %s"},
	"web.stops.check.date":            {"Đến ngày %s", "On %s"},
	"web.stops.check.spending":        {"Chi tiêu đến %s", "Spending reaches %s"},
	"web.f.stops":                     {"Điều kiện dừng kiểm tra được", "Checkable stop conditions"},
	"web.f.stop_kind":                 {"Loại điều kiện", "Kind"},
	"web.f.stop_kind.indicator_below": {"Chỉ tiêu dưới ngưỡng", "Indicator below"},
	"web.f.stop_kind.indicator_above": {"Chỉ tiêu trên ngưỡng", "Indicator above"},
	"web.f.stop_kind.date":            {"Đến ngày", "Date reached"},
	"web.f.stop_kind.spending":        {"Chi tiêu đạt mức", "Spending reaches"},
	"web.f.stop_value":                {"Ngưỡng (với chỉ tiêu)", "Threshold (indicator)"},
	"web.f.stop_date":                 {"Ngày (với đến ngày)", "Date (date reached)"},
	"web.f.stop_amount":               {"Mức chi, đồng (với chi tiêu)", "Amount in VND (spending)"},
	"correction_not_overdue":          {"Vi phạm này chưa quá hạn khắc phục, đã được khắc phục hoặc đã được chuyển cấp trên.", "This violation is not past its corrective deadline, was corrected or was already escalated."},
	"web.corrections.title":           {"Khắc phục vi phạm", "Corrective actions"},
	"web.corrections.intro":           {"Các vi phạm do kiểm tra phát hiện trong phạm vi được giao, với hạn khắc phục (ngày làm việc còn lại).", "Violations inspections found within your remit, with their corrective deadlines (working days left)."},
	"web.corrections.open":            {"Đang chờ khắc phục", "Open"},
	"web.corrections.overdue":         {"Quá hạn khắc phục", "Overdue"},
	"web.corrections.corrected":       {"Đã khắc phục", "Corrected"},
	"web.corrections.all":             {"Tất cả", "All"},
	"web.corrections.none":            {"Không có vi phạm nào ở mục này.", "No violation here."},
	"web.corrections.violation":       {"Vi phạm", "Violation"},
	"web.corrections.action":          {"Biện pháp khắc phục", "Corrective action"},
	"web.corrections.deadline":        {"Hạn khắc phục", "Deadline"},
	"web.corrections.status":          {"Tình trạng", "Status"},
	"web.corrections.escalated":       {"đã chuyển cấp trên ngày %s", "escalated on %s"},
	"web.corrections.corrected_on":    {"khắc phục ngày %s", "corrected on %s"},
	"web.corrections.ref":             {"Kiểm tra ở sự kiện %d, vi phạm thứ %d", "Inspection at event %d, violation %d"},
	"web.corrections.filter":          {"Lọc theo tình trạng", "Filter by status"},
	"web.inbox.correction":            {"Khắc phục vi phạm (kiểm tra ở sự kiện %d, vi phạm thứ %d)", "Correct a violation (inspection at event %d, violation %d)"},
	"web.nav.corrections":             {"Khắc phục vi phạm", "Corrections"},
	"api.corrections.bad_status":      {"Tình trạng phải là open, overdue, corrected hoặc all.", "The status must be open, overdue, corrected or all."},
}

func init() {
	for k, m := range correctiveCatalogue {
		if _, dup := catalogue[k]; dup {
			panic("i18n: key " + k + " is in two catalogues")
		}
		catalogue[k] = m
	}
}
