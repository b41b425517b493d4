package i18n

// notifyCatalogue holds the notices an event sends (workflow.Notices),
// the reminders before a due date, the mail around them and the pages
// that list them. Notices are formatted with the case's number (%[1]s),
// its title (%[2]s) and its due date, dd/mm/yyyy (%[3]s).
var notifyCatalogue = map[string]Message{
	"notify.submitted":             {"Đề xuất %[1]s cần được xem xét: %[2]s", "Proposal %[1]s awaits your review: %[2]s"},
	"notify.withdrawn":             {"Đề xuất %[1]s đã được người đề xuất rút lại: %[2]s", "Proposal %[1]s was withdrawn by its proposer: %[2]s"},
	"notify.convened":              {"Cấp ủy cần cho ý kiến về đề xuất %[1]s: %[2]s", "The Party committee's opinion is needed on proposal %[1]s: %[2]s"},
	"notify.convened_proposer":     {"Đề xuất %[1]s đã được đưa ra xem xét; đang chờ ý kiến của cấp ủy: %[2]s", "Proposal %[1]s is under review and awaits the Party committee's opinion: %[2]s"},
	"notify.vote_open":             {"Mời biểu quyết đề xuất %[1]s, hạn %[3]s: %[2]s", "Please vote on proposal %[1]s by %[3]s: %[2]s"},
	"notify.vote_cast":             {"Đã có phiếu biểu quyết về đề xuất %[1]s: %[2]s", "A ballot was cast on proposal %[1]s: %[2]s"},
	"notify.approved":              {"Đề xuất %[1]s đã được chấp thuận: %[2]s", "Proposal %[1]s was approved: %[2]s"},
	"notify.approved_pilot":        {"Đề xuất %[1]s đã được chấp thuận thí điểm: %[2]s", "Proposal %[1]s was approved as a pilot: %[2]s"},
	"notify.approved_override":     {"Đề xuất %[1]s đã được người đứng đầu quyết định chấp thuận bằng văn bản: %[2]s", "Proposal %[1]s was approved by the head's written decision: %[2]s"},
	"notify.returned":              {"Đề xuất %[1]s được trả lại để chỉnh sửa: %[2]s", "Proposal %[1]s was returned for revision: %[2]s"},
	"notify.rejected":              {"Đề xuất %[1]s không được chấp thuận: %[2]s", "Proposal %[1]s was rejected: %[2]s"},
	"notify.resources_allocated":   {"Đề xuất %[1]s đã được bố trí nguồn lực và bắt đầu thực hiện: %[2]s", "Resources were allocated to proposal %[1]s, which is now carried out: %[2]s"},
	"notify.progress_reported":     {"Có báo cáo tiến độ mới của đề xuất %[1]s: %[2]s", "A progress report was filed on proposal %[1]s: %[2]s"},
	"notify.obstacle_raised":       {"Đề xuất %[1]s gặp vướng mắc cần tháo gỡ: %[2]s", "An obstacle was raised on proposal %[1]s: %[2]s"},
	"notify.obstacle_resolved":     {"Vướng mắc của đề xuất %[1]s đã được tháo gỡ: %[2]s", "An obstacle on proposal %[1]s was removed: %[2]s"},
	"notify.inspected":             {"Đề xuất %[1]s đã được kiểm tra; xem kết luận và hạn khắc phục (nếu có): %[2]s", "Proposal %[1]s was inspected; see the findings and any corrective deadline: %[2]s"},
	"notify.violation_corrected":   {"Vi phạm trong đề xuất %[1]s đã được khắc phục: %[2]s", "A violation in proposal %[1]s was corrected: %[2]s"},
	"notify.adjusted":              {"Phương án của đề xuất %[1]s đã được điều chỉnh: %[2]s", "The plan of proposal %[1]s was adjusted: %[2]s"},
	"notify.suspended":             {"Việc thực hiện đề xuất %[1]s bị tạm dừng: %[2]s", "Work on proposal %[1]s was suspended: %[2]s"},
	"notify.resumed":               {"Việc thực hiện đề xuất %[1]s được tiếp tục: %[2]s", "Work on proposal %[1]s was resumed: %[2]s"},
	"notify.stopped":               {"Việc thực hiện đề xuất %[1]s bị dừng hẳn; cần báo cáo kết quả trước %[3]s: %[2]s", "Work on proposal %[1]s was stopped; report the outcome by %[3]s: %[2]s"},
	"notify.completion_reported":   {"Đề xuất %[1]s đã báo cáo hoàn thành; cấp ủy cần cho ý kiến trước khi đánh giá: %[2]s", "Completion of proposal %[1]s was reported; the Party committee's opinion is needed before evaluation: %[2]s"},
	"notify.evaluation_open":       {"Cần đánh giá kết quả đề xuất %[1]s, hạn %[3]s: %[2]s", "Proposal %[1]s awaits evaluation by %[3]s: %[2]s"},
	"notify.evaluated":             {"Kết quả đề xuất %[1]s đã được đánh giá: %[2]s", "Proposal %[1]s was evaluated: %[2]s"},
	"notify.protection_determined": {"Đã xác định việc bảo vệ đối với đề xuất %[1]s: %[2]s", "Protection was determined on proposal %[1]s: %[2]s"},
	"notify.liability_recorded":    {"Đã ghi nhận kết quả xử lý trách nhiệm đối với đề xuất %[1]s: %[2]s", "The liability outcome of proposal %[1]s was recorded: %[2]s"},
	"notify.rewarded":              {"Đề xuất %[1]s đã được khen thưởng: %[2]s", "Proposal %[1]s was rewarded: %[2]s"},
	"notify.replicated":            {"Đề xuất %[1]s đã được nhân rộng sang đơn vị khác: %[2]s", "Proposal %[1]s was replicated to other units: %[2]s"},
	"notify.institutionalised":     {"Đề xuất %[1]s được đưa vào lộ trình thể chế hóa: %[2]s", "Proposal %[1]s is on its way to becoming a legal document: %[2]s"},
	"notify.closed":                {"Hồ sơ đề xuất %[1]s đã đóng: %[2]s", "The case of proposal %[1]s was closed: %[2]s"},
	"notify.escalation":            {"Đề xuất %[1]s đã quá hạn %[3]s và được chuyển lên người đứng đầu cấp trên: %[2]s", "Proposal %[1]s passed its due date %[3]s and was escalated to the superior head: %[2]s"},
	"notify.remind_before":         {"Nhắc việc: đề xuất %[1]s đến hạn ngày %[3]s: %[2]s", "Reminder: proposal %[1]s is due on %[3]s: %[2]s"},
	"notify.violation_before":      {"Nhắc việc: vi phạm trong đề xuất %[1]s cần được khắc phục trước ngày %[3]s: %[2]s", "Reminder: a violation in proposal %[1]s must be corrected by %[3]s: %[2]s"},
	"notify.violation_due_day":     {"Nhắc việc: hôm nay %[3]s là hạn khắc phục vi phạm trong đề xuất %[1]s: %[2]s", "Reminder: today, %[3]s, is the deadline to correct a violation in proposal %[1]s: %[2]s"},
	"notify.remind_due_day":        {"Nhắc việc: hôm nay %[3]s là hạn xử lý đề xuất %[1]s: %[2]s", "Reminder: proposal %[1]s is due today, %[3]s: %[2]s"},

	// The mail around a notice.
	"mail.open":   {"Mở trang xử lý", "Open the page"},
	"mail.footer": {"Thư này do hệ thống damlam gửi tự động. Thay đổi cách nhận thông báo tại trang Hồ sơ cá nhân.", "This message was sent by damlam. Change how you are told on your profile page."},
	"mail.digest": {"Bản tin thông báo ngày %s (%d thông báo)", "Notifications of %s (%d notices)"},
	"mail.hello":  {"Kính gửi %s,", "Dear %s,"},

	// Delivery preferences.
	"pref.every":  {"Gửi thư cho mọi thông báo", "Mail me every notice"},
	"pref.digest": {"Gửi một bản tin mỗi ngày", "Mail me a daily digest"},
	"pref.none":   {"Không gửi thư (chỉ thông báo trong hệ thống)", "No mail (notices in damlam only)"},
	"pref.urgent": {"Việc khẩn (mời biểu quyết, đến hạn hôm nay, quá hạn) luôn được gửi thư.", "Urgent items (votes, deadlines today, escalations) are always mailed."},
	"pref.bad":    {"Cách nhận thông báo không hợp lệ: %s (chọn every, digest hoặc none).", "Unknown delivery choice: %s (choose every, digest or none)."},

	// Pages.
	"web.notify.title":        {"Thông báo", "Notifications"},
	"web.notify.bell":         {"Thông báo chưa đọc: %d", "Unread notifications: %d"},
	"web.notify.none":         {"Không có thông báo.", "No notifications."},
	"web.notify.all":          {"Tất cả", "All"},
	"web.notify.unread":       {"Chưa đọc", "Unread"},
	"web.notify.read":         {"Đã đọc", "Read"},
	"web.notify.mark_read":    {"Đánh dấu đã đọc", "Mark read"},
	"web.notify.urgent":       {"Khẩn", "Urgent"},
	"web.notify.pref_title":   {"Cách nhận thông báo qua thư", "How you are told by mail"},
	"web.notify.pref_save":    {"Lưu", "Save"},
	"web.notify.pref_saved":   {"Đã lưu cách nhận thông báo.", "Saved."},
	"web.notify.email":        {"Địa chỉ thư: %s", "Mail address: %s"},
	"web.outbox.title":        {"Hộp thư đi", "Outbox"},
	"web.outbox.pending":      {"Đang chờ gửi", "Pending"},
	"web.outbox.sent":         {"Đã gửi", "Sent"},
	"web.outbox.failed":       {"Gửi lỗi", "Failed"},
	"web.outbox.retry":        {"Gửi lại", "Retry"},
	"web.outbox.no_smtp":      {"Chưa cấu hình máy chủ thư (--smtp hoặc DAMLAM_SMTP): thư được giữ trong hộp thư đi và chưa gửi đi.", "No mail server is configured (--smtp or DAMLAM_SMTP): mail stays in the outbox and is not sent."},
	"web.outbox.smtp":         {"Máy chủ thư: %s", "Mail server: %s"},
	"web.outbox.to":           {"Người nhận", "To"},
	"web.outbox.subject":      {"Tiêu đề", "Subject"},
	"web.outbox.attempts":     {"Số lần thử", "Attempts"},
	"web.outbox.error":        {"Lỗi gần nhất", "Last error"},
	"web.outbox.created":      {"Tạo lúc", "Created"},
	"web.outbox.none":         {"Không có thư nào.", "No messages."},
	"web.outbox.retried":      {"Thư sẽ được gửi lại.", "The message will be sent again."},
	"web.outbox.counts":       {"Đang chờ: %d · Đã gửi: %d · Gửi lỗi: %d", "Pending: %d · Sent: %d · Failed: %d"},
	"web.profile.title":       {"Hồ sơ cá nhân", "Profile"},
	"outbox.not_failed":       {"Thư này không ở trạng thái lỗi nên không gửi lại.", "This message has not failed, so it is not retried."},
	"notify.filter_bad":       {"Bộ lọc không hợp lệ: %s (chọn all, unread hoặc read).", "Unknown filter: %s (choose all, unread or read)."},
	"web.notify.reminder":     {"Nhắc việc", "Reminder"},
	"web.notify.mail_pending": {"Thư đang chờ gửi", "Mail pending"},
}

func init() {
	for k, m := range notifyCatalogue {
		if _, dup := catalogue[k]; dup {
			panic("i18n: key " + k + " is in two catalogues")
		}
		catalogue[k] = m
	}
}
