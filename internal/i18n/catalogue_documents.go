package i18n

// documentsCatalogue holds the texts about official documents: their kinds
// as lists and pages name them, the register, and the errors of fetching
// one. The documents' own wording is Vietnamese law's and lives with them
// in internal/document. Merged into the catalogue like the web pages' texts.
var documentsCatalogue = map[string]Message{
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
}

func init() {
	for k, m := range documentsCatalogue {
		if _, dup := catalogue[k]; dup {
			panic("i18n: key " + k + " is in two catalogues")
		}
		catalogue[k] = m
	}
}
