package i18n

// publicCatalogue holds the texts of the public transparency page
// (/cong-khai), its verification page and the administrators' choice of
// what a unit publishes. Merged into the catalogue like the log's texts.
var publicCatalogue = map[string]Message{
	"web.public.title":           {"Công khai các mô hình thí điểm", "Pilots made public"},
	"web.public.intro":           {"Các đơn vị dưới đây đã chọn công khai những đề xuất đổi mới, sáng tạo được phê duyệt thí điểm: phạm vi được phê duyệt, tiến độ so với chỉ tiêu, tình trạng và kết quả, cùng mục sổ ghi chứng minh từng quyết định. Trang không nêu ý kiến nội bộ, phiếu biểu quyết hay thông tin cá nhân.", "The units below chose to make public the innovation proposals approved as pilots: the approved scope, progress against indicators, status and result, and the log entry that proves each decision. The page shows no internal opinions, votes or personal data."},
	"web.public.units":           {"Đơn vị công khai", "Units that publish"},
	"web.public.col_kind":        {"Loại đơn vị", "Kind"},
	"web.public.col_pilots":      {"Số mô hình thí điểm", "Pilots"},
	"web.public.no_units":        {"Chưa có đơn vị nào công khai.", "No unit publishes yet."},
	"web.public.open_data":       {"Dữ liệu mở", "Open data"},
	"web.public.atom":            {"Theo dõi (Atom)", "Follow (Atom feed)"},
	"web.public.csv":             {"Tải dữ liệu (CSV)", "Download the data (CSV)"},
	"web.public.json":            {"Tải dữ liệu (JSON)", "Download the data (JSON)"},
	"web.public.all_units":       {"← Tất cả đơn vị công khai", "← All units that publish"},
	"web.public.unit_title":      {"Thí điểm của %s", "Pilots of %s"},
	"web.public.unit_intro":      {"Mỗi mô hình dưới đây đã được tập thể lãnh đạo phê duyệt thí điểm trong phạm vi nêu rõ. Nút “Xác minh” cho phép trình duyệt của bạn tự kiểm tra quyết định có trong sổ ghi công khai, không cần tin vào máy chủ.", "Each pilot below was approved by the leadership collective within the scope shown. “Verify” lets your browser check for itself that the decision is in the public log, without trusting the server."},
	"web.public.no_pilots":       {"Đơn vị chưa có mô hình thí điểm nào được phê duyệt.", "The unit has no approved pilot yet."},
	"web.public.col_field":       {"Lĩnh vực", "Field"},
	"web.public.col_state":       {"Tình trạng", "Status"},
	"web.public.col_decider":     {"Cơ quan quyết định", "Deciding office"},
	"web.public.col_proposer":    {"Người đề xuất", "Proposed by"},
	"web.public.col_period":      {"Thời gian thí điểm", "Pilot period"},
	"web.public.col_scope_units": {"Địa bàn áp dụng", "Where it applies"},
	"web.public.col_money":       {"Kinh phí đã chi / được duyệt", "Spent / approved budget"},
	"web.public.indicators":      {"Chỉ tiêu so với mục tiêu", "Indicators against targets"},
	"web.public.decisions":       {"Quyết định về phạm vi thí điểm", "Decisions on the pilot's scope"},
	"web.public.col_decision":    {"Quyết định", "Decision"},
	"web.public.col_number":      {"Số hiệu", "Number"},
	"web.public.col_date":        {"Ngày", "Date"},
	"web.public.col_verify":      {"Kiểm chứng", "Check"},
	"web.public.col_pilot":       {"Mô hình", "Pilot"},
	"web.public.verify":          {"Xác minh", "Verify"},
	"web.public.verify_title":    {"Xác minh mục %d của sổ ghi", "Verifying log entry %d"},
	"web.public.verify_how":      {"Trình duyệt của bạn tải mục sổ ghi, checkpoint công khai đã ký và bằng chứng Merkle, rồi tự tính lại gốc của cây để kiểm tra mục này nằm trong sổ ghi mà máy chủ đã ký. Hãy so khóa ký với khóa mà cơ quan công bố ở nơi khác.", "Your browser fetches the log entry, the signed public checkpoint and the Merkle proof, and recomputes the tree's root itself to check that this entry is in the log the server signed. Compare the signing key with the one the agency publishes elsewhere."},
	"web.public.verify_ok":       {"Đã xác minh: mục này nằm trong sổ ghi công khai và checkpoint có chữ ký hợp lệ.", "Verified: this entry is in the public log and the checkpoint's signature is valid."},
	"web.public.verify_unsigned": {"Mục này nằm trong cây của checkpoint công khai; trình duyệt này không kiểm tra được chữ ký Ed25519, hãy dùng damlam-verify để kiểm tra chữ ký.", "This entry is in the tree of the public checkpoint; this browser cannot check Ed25519 signatures, so use damlam-verify to check the signature."},
	"web.public.verify_bad":      {"KHÔNG xác minh được: bằng chứng không khớp với checkpoint công khai. Hãy báo cho cơ quan thanh tra.", "NOT verified: the proof does not match the public checkpoint. Tell the inspection agency."},
	"web.public.verify_wait":     {"Đang kiểm tra…", "Checking…"},
	"web.public.verify_noscript": {"Việc kiểm tra chạy bằng JavaScript trong trình duyệt. Nếu không dùng được, hãy tải các tệp dưới đây và kiểm tra bằng damlam-verify.", "The check runs in your browser with JavaScript. Without it, download the files below and check them with damlam-verify."},
	"web.public.verify_size":     {"Kích thước sổ ghi", "Log size"},
	"web.public.verify_root":     {"Gốc cây (SHA-256)", "Tree root (SHA-256)"},
	"web.public.verify_key":      {"Khóa ký", "Signing key"},
	"web.public.verify_leaf":     {"Nội dung mục sổ ghi", "The log entry's text"},
	"web.public.verify_raw":      {"Tệp gốc để tự kiểm tra:", "The raw files, to check yourself:"},
	"web.public.raw_leaf":        {"Mục sổ ghi", "The log entry"},
	"web.public.raw_checkpoint":  {"Checkpoint đã ký", "The signed checkpoint"},
	"web.public.raw_keys":        {"Khóa kiểm tra của sổ ghi", "The log's verifier keys"},

	"web.public.decision.approve":          {"Phê duyệt", "Approval"},
	"web.public.decision.approve_pilot":    {"Phê duyệt thí điểm", "Pilot approval"},
	"web.public.decision.approve_override": {"Người đứng đầu quyết định phê duyệt", "Approval by the head"},
	"web.public.decision.adjust":           {"Điều chỉnh phạm vi", "Scope adjustment"},

	"web.public.admin_title":           {"Công khai thí điểm", "Publishing pilots"},
	"web.public.admin_lead":            {"Đơn vị chỉ xuất hiện trên trang công khai khi quản trị viên chọn. Trang công khai nêu phạm vi được phê duyệt, tiến độ theo chỉ tiêu, tình trạng, kết quả và cơ quan quyết định; không bao giờ nêu ý kiến, phiếu biểu quyết hay nội dung đánh giá.", "A unit appears on the public page only once an administrator chooses. The public page shows the approved scope, progress against indicators, status, result and the deciding office; never opinions, votes or the evaluation's findings."},
	"web.public.admin_pick":            {"Chọn đơn vị", "Choose the unit"},
	"web.public.admin_published":       {"Công khai các mô hình thí điểm của đơn vị", "Publish the unit's pilots"},
	"web.public.admin_published_hint":  {"Chỉ các đề xuất của chính đơn vị này; đơn vị cấp dưới tự chọn.", "Only this unit's own proposals; units below choose for themselves."},
	"web.public.admin_names":           {"Nêu tên người đề xuất", "Show who proposed each pilot"},
	"web.public.admin_names_hint":      {"Nếu không chọn, trang chỉ nêu cơ quan quyết định.", "Otherwise the page names only the deciding office."},
	"web.public.admin_money":           {"Nêu kinh phí được duyệt và đã chi", "Show the approved budget and what was spent"},
	"web.public.admin_save":            {"Lưu lựa chọn", "Save the choice"},
	"web.public.admin_saved":           {"Đã lưu lựa chọn công khai.", "The choice is saved."},
	"web.public.admin_see":             {"Xem trang công khai", "See the public page"},
	"web.public.admin_published_units": {"Đơn vị đang công khai", "Units that publish"},
	"bad_period":                       {"Kỳ báo cáo “%s” không hợp lệ: ghi năm (2026) hoặc quý (2026-Q4).", "The period “%s” is not valid: write a year (2026) or a quarter (2026-Q4)."},

	"web.public.admin_none": {"Chưa có đơn vị nào trong phạm vi của bạn công khai.", "No unit in your scope publishes yet."},
}

func init() {
	for k, m := range publicCatalogue {
		if _, dup := catalogue[k]; dup {
			panic("i18n: key " + k + " is in two catalogues")
		}
		catalogue[k] = m
	}
}
