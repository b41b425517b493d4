package i18n

// logCatalogue holds the texts about the log's integrity that an operator
// or a user meets when something outside the procedure went wrong: a
// database that went back in time, a decision recorded without its
// receipt. Merged into the catalogue like the web pages' texts.
var logCatalogue = map[string]Message{
	// After a commit: the decision is recorded, only its receipt is missing.
	"recorded_no_receipt": {"Quyết định đã được ghi (mục %d của sổ ghi) nhưng hiện chưa trả được biên nhận. Đừng thực hiện lại thao tác; xem lại hồ sơ sau ít phút, hoặc tải hồ sơ chứng cứ khi hệ thống hoạt động bình thường. Quản trị viên cần kiểm tra sổ ghi (damlam audit).",
		"The decision was recorded (log entry %d), but its receipt cannot be returned now. Do not repeat the action; look at the case again in a few minutes, or download its dossier once the system is back to normal. The administrator must check the log (damlam audit)."},

	// Start-up refusals: a checkpoint held outside (by a witness, or
	// published) that the database does not hold. %s names the holder.
	"log_behind_outside": {"%s đã xác nhận sổ ghi có %d mục, nhưng cơ sở dữ liệu chỉ có %d mục: cơ sở dữ liệu (cùng thư mục khóa) đã bị đưa về một bản sao cũ hơn. Không chạy tiếp trên cơ sở dữ liệu này: hãy khôi phục bản sao lưu mới nhất (hoặc bản sao có đủ các mục đó), chạy damlam audit, rồi khởi động lại; xem docs/deployment.md, phần khôi phục bản sao lưu.",
		"%s has seen the log at %d entries, but the database has only %d: the database (with its key folder) went back to an older copy. Do not run on this database: restore the newest backup (or any copy that holds those entries), run damlam audit, then start again; see docs/deployment.md on restoring a backup."},
	"log_fork_outside": {"%s đã xác nhận sổ ghi ở kích thước %d với một gốc mà cây trong cơ sở dữ liệu (%d mục) không có: cơ sở dữ liệu chứa một lịch sử khác với lịch sử đã công bố (một bản sao cũ đã được ghi tiếp, hoặc dữ liệu bị sửa). Không chạy tiếp trên cơ sở dữ liệu này: chạy damlam audit, khôi phục bản sao lưu mới nhất; xem docs/deployment.md.",
		"%s has seen the log at size %d with a root that the database's tree (%d entries) does not have: the database holds another history than the one already shown (an older copy was written to, or the data was edited). Do not run on this database: run damlam audit and restore the newest backup; see docs/deployment.md."},
	"log_key_outside": {"%s giữ checkpoint kích thước %d của sổ ghi này, được ký bằng một khóa mà cơ sở dữ liệu (%d mục) không có: cơ sở dữ liệu có từ trước một lần đổi khóa (bản sao cũ), hoặc một sổ ghi khác đang dùng cùng tên (--origin). Hãy khôi phục bản sao lưu mới nhất, hoặc sửa cấu hình nhân chứng; xem docs/deployment.md.",
		"%s holds a checkpoint of size %d of this log signed by a key the database (%d entries) does not list: the database is older than a key rotation (an old copy), or another log uses the same name (--origin). Restore the newest backup, or fix the witness configuration; see docs/deployment.md."},
}

func init() {
	for k, m := range logCatalogue {
		if _, dup := catalogue[k]; dup {
			panic("i18n: key " + k + " is in two catalogues")
		}
		catalogue[k] = m
	}
}
