package i18n

// rewardCatalogue holds the texts of rewards and their effects (Luật Thi
// đua, khen thưởng 2022; Nghị định 73/2023 Điều 10), and the field
// errors their form can give. Merged into the catalogue like the web
// pages' texts.
var rewardCatalogue = map[string]Message{
	"field.not_for_kind":  {"Không dùng cho hình thức đã chọn; hãy để trống.", "Not used by the kind chosen; leave it empty."},
	"field.between":       {"Phải từ %d đến %d.", "Must be from %d to %d."},
	"field.not_before":    {"Không được trước ngày %s.", "Must not be before %s."},
	"field.not_recipient": {"%s không phải người đề xuất hay người thực hiện được nêu trong phương án.", "%s is neither the proposer nor an implementer the plan names."},

	"web.f.recipient_person":  {"Người được khen thưởng", "Recipient"},
	"web.f.decision_number":   {"Số, ký hiệu quyết định", "Decision number"},
	"web.f.decision_date":     {"Ngày quyết định", "Date of the decision"},
	"web.f.reward_level":      {"Cấp khen thưởng (khi khen thưởng)", "Awarded by (commendation)"},
	"web.f.salary_step":       {"Bậc lương được nâng (khi nâng bậc lương)", "Salary step reached (early step)"},
	"web.f.effective_date":    {"Ngày hưởng bậc mới", "Effective from"},
	"web.f.months_advanced":   {"Số tháng nâng trước thời hạn (1–12)", "Months early (1–12)"},
	"web.f.position_priority": {"Ưu tiên quy hoạch, bổ nhiệm vào (khi ưu tiên bổ nhiệm)", "Priority for the post of (appointment)"},

	"web.reward.level.commune":        {"Chủ tịch UBND cấp xã", "Chair of a commune-level People's Committee"},
	"web.reward.level.province":       {"Chủ tịch UBND cấp tỉnh", "Chair of a province-level People's Committee"},
	"web.reward.level.ministry":       {"Bộ trưởng, Thủ trưởng cơ quan ngang bộ", "Minister"},
	"web.reward.level.prime_minister": {"Thủ tướng Chính phủ", "Prime Minister"},
	"web.reward.effect.salary":        {"nâng lên bậc %d trước thời hạn %d tháng, hưởng từ ngày %s", "raised to step %d, %d months early, from %s"},
	"web.reward.effect.position":      {"ưu tiên quy hoạch, bổ nhiệm: %s", "priority for planning and appointment: %s"},
	"web.reward.as_proposer":          {"người đề xuất", "proposer"},
	"web.reward.as_implementer":       {"người thực hiện", "implementer"},
	"web.reward.decided":              {"Quyết định %s ngày %s", "Decision %s of %s"},
}

func init() {
	for k, m := range rewardCatalogue {
		if _, dup := catalogue[k]; dup {
			panic("i18n: key " + k + " is in two catalogues")
		}
		catalogue[k] = m
	}
}
