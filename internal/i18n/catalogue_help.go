package i18n

// helpCatalogue holds the "Hướng dẫn" texts: what each state of the
// procedure means, in plain words. Who may act, where each action leads
// and the time limits come from the transition table, not from here.
var helpCatalogue = map[string]Message{
	"web.help.title":        {"Hướng dẫn quy trình", "How the procedure works"},
	"web.help.step_title":   {"Hướng dẫn: %s", "Guide: %s"},
	"web.help.lead":         {"Quy trình khuyến khích và bảo vệ cán bộ dám nghĩ, dám làm theo Kết luận 14-KL/TW và Nghị định 73/2023/NĐ-CP, từng bước: ai làm gì, trong thời hạn bao lâu, và việc bảo vệ nghĩa là gì. Các bước, người thực hiện và thời hạn dưới đây được lấy trực tiếp từ bảng chuyển trạng thái mà hệ thống áp dụng.", "The procedure for encouraging and protecting cadres who dare to act, under Conclusion 14-KL/TW and Decree 73/2023/NĐ-CP, step by step: who does what, within what time, and what protection means. The steps, who takes them and the limits below come straight from the transition table the system enforces."},
	"web.help.steps":        {"Các bước chính", "The main steps"},
	"web.help.side":         {"Các tình huống khác", "Other situations"},
	"web.help.limit":        {"Thời hạn: %d ngày làm việc", "Limit: %d working days"},
	"web.help.actions":      {"Việc có thể làm ở bước này", "What can be done at this step"},
	"web.help.col_action":   {"Việc", "Action"},
	"web.help.col_who":      {"Người thực hiện", "Who"},
	"web.help.col_then":     {"Sau đó hồ sơ chuyển sang", "Then the case moves to"},
	"web.help.col_basis":    {"Căn cứ", "Basis"},
	"web.help.stays":        {"Giữ nguyên bước (ghi nhận thêm thông tin)", "Stays at this step (records a fact)"},
	"web.help.final":        {"Đây là bước cuối: hồ sơ không chuyển tiếp nữa.", "This is a final step: the case goes no further."},
	"web.help.table":        {"Bảng chuyển trạng thái đầy đủ (JSON)", "The full transition table (JSON)"},
	"web.help.basis.law":    {"luật", "law"},
	"web.help.basis.policy": {"chủ trương", "policy"},
	"web.help.basis.design": {"thiết kế của hệ thống", "system design"},
	"web.help.this_step":    {"Hướng dẫn bước này", "Guide to this step"},

	"web.help.from.submission":          {"tính từ ngày trình", "counted from the day of submission"},
	"web.help.from.entry":               {"tính từ ngày chuyển sang bước này", "counted from the day the case reached this step"},
	"web.help.from.pilot_end":           {"tính từ ngày kết thúc thí điểm được phê duyệt", "counted from the approved pilot's end date"},
	"web.help.from.completion_reported": {"tính từ ngày nhận báo cáo kết quả", "counted from the day the completion report arrived"},

	"web.help.protection":           {"Bảo vệ cán bộ nghĩa là gì", "What protection means"},
	"web.help.protection_1":         {"Cán bộ chỉ được bảo vệ khi đề xuất đã đi đúng quy trình này và được cơ quan có thẩm quyền quyết định, không trái chủ trương của Đảng, luật của Quốc hội và văn bản của cấp trên. Khi đó, sau khi đánh giá:", "A cadre is protected only when the proposal went through this procedure and was decided by the competent agency, without contravening Party policy, the National Assembly's laws or superior agencies' documents. Then, after the evaluation:"},
	"web.help.protection_completed": {"Hoàn thành: cán bộ không bị xử lý trách nhiệm.", "Completed: the cadre bears no liability."},
	"web.help.protection_excluded":  {"Không hoặc chỉ hoàn thành một phần, nhưng làm đúng phương án được duyệt, động cơ trong sáng, vì lợi ích chung và không gây thiệt hại: được loại trừ trách nhiệm.", "Not or partly completed, but done as approved, with an honest motive, for the common good and without damage: liability is excluded."},
	"web.help.protection_damage":    {"Như trên nhưng có thiệt hại: được xem xét loại trừ, miễn hoặc giảm nhẹ trách nhiệm.", "As above but with damage: exclusion, exemption or mitigation of liability is considered."},
	"web.help.protection_not":       {"Vụ lợi, động cơ không trong sáng, hoặc làm ngoài phạm vi được phê duyệt: không được bảo vệ.", "Self-interest, a dishonest motive, or acting outside the approved scope: not protected."},
	"web.help.voids":                {"Điều làm mất sự bảo vệ thường gặp nhất là làm ngoài phạm vi đã duyệt: ở đơn vị khác, sau ngày kết thúc thí điểm, hoặc vượt kinh phí. Hệ thống kiểm tra mỗi báo cáo với phạm vi đã duyệt và đánh dấu ngay việc vượt phạm vi; khi cần thay đổi, hãy đề nghị điều chỉnh phạm vi trước khi làm.", "What most often voids protection is acting outside the approved scope: in another unit, after the pilot's end date, or over budget. The system checks every report against the approved scope and flags at once anything outside it; when something must change, ask for the scope to be adjusted before acting."},
	"web.help.record":               {"Mỗi quyết định được ghi vào sổ ghi chống sửa đổi. Cán bộ có thể tải hồ sơ chứng cứ của mình và cơ quan thanh tra kiểm tra độc lập bằng damlam-verify, kể cả nhiều năm sau.", "Every decision goes into a tamper-evident log. The cadre can download their dossier, and an inspection agency checks it independently with damlam-verify, even years later."},

	"help.state.DRAFT":                 {"Cán bộ soạn đề xuất: vướng mắc cần tháo gỡ, sự cần thiết, nội dung, phạm vi, thời gian, nguồn lực, tác động và, nếu cần, phạm vi thí điểm. Bản nháp chỉ người soạn thấy.", "The cadre writes the proposal: the bottleneck, why it is needed, contents, scope, timeline, resources, impacts and, if needed, the pilot's bounds. Only its author sees a draft."},
	"help.state.SUBMITTED":             {"Đề xuất đã được trình người đứng đầu cơ quan (hoặc cấp trên, nếu người đề xuất là người đứng đầu). Người đứng đầu phải triệu tập tập thể lãnh đạo xem xét trong thời hạn luật định.", "The proposal is with the head of the agency (or the superior head, when the proposer is a head). The head must convene the leadership collective within the legal limit."},
	"help.state.PARTY_OPINION":         {"Cấp ủy cùng cấp cho ý kiến trước khi tập thể lãnh đạo quyết định.", "The same-level Party committee gives its opinion before the collective decides."},
	"help.state.COLLECTIVE_REVIEW":     {"Người đứng đầu và cấp phó biểu quyết; cấp phó là người đề xuất không biểu quyết. Quá nửa tán thành thì thông qua; nếu ngang nhau, theo ý kiến người đứng đầu.", "The head and deputies vote; a deputy who proposed does not vote. More than half in favour passes; a tie goes the head's way."},
	"help.state.RETURNED":              {"Đề xuất được trả lại để hoàn thiện, kèm lý do. Cán bộ sửa và trình lại; mỗi lần sửa là một phiên bản mới.", "The proposal is returned for revision, with reasons. The cadre revises and submits again; each revision is a new version."},
	"help.state.REJECTED":              {"Tập thể không chấp thuận, có nêu lý do. Hồ sơ dừng ở đây.", "The collective rejected it, with reasons. The case ends here."},
	"help.state.APPROVED":              {"Đề xuất được chấp thuận (có thể là thí điểm trong phạm vi nêu rõ). Người đứng đầu bố trí nguồn lực để bắt đầu thực hiện.", "The proposal is approved (possibly as a pilot within stated bounds). The head allocates resources so that the work can begin."},
	"help.state.APPROVED_BY_OVERRIDE":  {"Tập thể không thông qua nhưng người đứng đầu quyết định bằng văn bản và chịu trách nhiệm về quyết định của mình.", "The collective did not pass it, but the head decided in writing and answers for the decision."},
	"help.state.IN_IMPLEMENTATION":     {"Đang thực hiện trong phạm vi được duyệt: báo cáo tiến độ và chỉ tiêu, nêu vướng mắc để được tháo gỡ; cơ quan kiểm tra có thể kiểm tra và yêu cầu khắc phục.", "Being carried out within the approved scope: report progress and indicators, raise obstacles for the head to remove; inspectors may inspect and require corrections."},
	"help.state.ADJUSTED":              {"Phạm vi đã được điều chỉnh bằng quyết định mới; từ nay mọi việc được kiểm tra theo phạm vi mới.", "The scope was adjusted by a new decision; from now on everything is checked against the new scope."},
	"help.state.SUSPENDED":             {"Việc thực hiện tạm dừng theo quyết định của người đứng đầu, cho đến khi được tiếp tục.", "Work is paused by the head's decision until it is resumed."},
	"help.state.STOPPED":               {"Việc thực hiện bị dừng hẳn (ví dụ khi gặp điều kiện dừng đã nêu). Người thực hiện vẫn báo cáo kết quả để được đánh giá.", "Work was stopped for good (for example when a stop condition was met). The implementer still reports the results for evaluation."},
	"help.state.COMPLETION_REPORTED":   {"Người thực hiện đã báo cáo kết quả. Cấp ủy cho ý kiến trước khi tập thể đánh giá.", "The implementer has reported the results. The Party committee gives its opinion before the collective evaluates."},
	"help.state.EVALUATION":            {"Tập thể lãnh đạo đánh giá: hoàn thành, hoàn thành một phần hay không hoàn thành; có làm đúng phương án, động cơ trong sáng, vì lợi ích chung, có thiệt hại không; nguyên nhân khách quan và chủ quan.", "The collective evaluates: completed, partly completed or not completed; whether the plan was followed, the motive honest, the common good served, any damage; objective and subjective causes."},
	"help.state.EVALUATED":             {"Đã có kết quả đánh giá. Hệ thống áp dụng quy tắc bảo vệ để xác định trách nhiệm của cán bộ.", "The evaluation is recorded. The system applies the protection rule to determine the cadre's liability."},
	"help.state.PROTECTION_DETERMINED": {"Đã xác định việc bảo vệ theo quy tắc; cơ quan xử lý kỷ luật ghi nhận kết luận cuối cùng. Có thể khen thưởng, nhân rộng hoặc thể chế hóa mô hình.", "Protection has been determined by the rule; the disciplinary authority records the final outcome. The model may be rewarded, replicated or institutionalised."},
	"help.state.REWARDED":              {"Cán bộ được khen thưởng: biểu dương, khen thưởng, nâng bậc lương trước thời hạn hoặc ưu tiên khi xem xét bổ nhiệm.", "The cadre is rewarded: praise, commendation, an early salary step or priority in appointment."},
	"help.state.REPLICATED":            {"Mô hình được nhân rộng sang đơn vị khác; mỗi nơi tiếp nhận là một hồ sơ mới liên kết với mô hình gốc.", "The model is replicated to other units; each adoption is a new case linked to the original."},
	"help.state.INSTITUTIONALISED":     {"Kết quả được đề xuất thể chế hóa thành văn bản quy phạm.", "The result is put forward to become a legal document."},
	"help.state.CLOSED":                {"Hồ sơ đã kết thúc; toàn bộ quá trình vẫn kiểm chứng được trong sổ ghi.", "The case is closed; its whole history stays verifiable in the log."},
	"help.state.WITHDRAWN":             {"Cán bộ đã rút đề xuất trước khi có quyết định.", "The cadre withdrew the proposal before any decision."},
}

func init() {
	for k, m := range helpCatalogue {
		if _, dup := catalogue[k]; dup {
			panic("i18n: key " + k + " is in two catalogues")
		}
		catalogue[k] = m
	}
}
