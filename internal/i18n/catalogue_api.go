package i18n

// apiCatalogue holds the texts an integrator's program meets: retries
// under an Idempotency-Key, bodies over the limit. Merged into the
// catalogue like the log's texts.
var apiCatalogue = map[string]Message{
	"idempotency_key_malformed": {"Tiêu đề Idempotency-Key phải gồm từ 1 đến %d ký tự ASCII nhìn thấy được (không có dấu cách, dấu phẩy, dấu ngoặc kép).",
		"The Idempotency-Key header must be 1 to %d visible ASCII characters (no spaces, commas or quotes)."},
	"idempotency_key_reused": {"Khóa Idempotency-Key này đã được dùng cho một yêu cầu khác (khác đường dẫn hoặc nội dung). Mỗi thao tác mới cần một khóa mới; gửi lại đúng yêu cầu cũ thì dùng lại khóa cũ.",
		"This Idempotency-Key was used for another request (another path or body). Each new action needs a new key; only the same request may be sent again under it."},
	"idempotency_in_progress": {"Một yêu cầu khác cùng khóa Idempotency-Key đang được xử lý. Đợi vài giây rồi gửi lại đúng yêu cầu này để nhận kết quả.",
		"Another request with this Idempotency-Key is being handled. Wait a few seconds, then send this same request again to get its answer."},
	"idempotency_answer_lost": {"Yêu cầu với khóa này đã được thực hiện, nhưng không dựng lại được câu trả lời. Đừng thực hiện lại; hãy xem lại đối tượng liên quan.",
		"The request under this key was carried out, but its answer cannot be rebuilt. Do not repeat it; read the resource it changed instead."},
	"form_already_sent": {"Biểu mẫu này đã được gửi với nội dung khác, hoặc hồ sơ đã thay đổi từ khi biểu mẫu được mở. Hồ sơ dưới đây là tình trạng hiện tại; hãy mở lại biểu mẫu nếu vẫn cần thao tác.",
		"This form was already sent with other values, or the case changed since the form was opened. The case below is as it stands now; open the form again if the action is still needed."},
	"malformed_text": {"Nội dung gửi lên có văn bản không hợp lệ ở các trường được đánh dấu.",
		"The request holds text that is not allowed in the marked fields."},
	"field.control_char": {"Có ký tự điều khiển %s không được phép (chỉ văn bản dài mới được xuống dòng hoặc có dấu tab).",
		"Holds the control character %s, which is not allowed here (only long texts may hold newlines and tabs)."},
	"bad_query": {"Tham số truy vấn không hợp lệ; xem các giá trị được chấp nhận ở từng tham số.",
		"Some query parameters are not valid; each names the values it takes."},
	"query.unknown_param": {"Tham số không có; các tham số được chấp nhận: %s.", "No such parameter; the parameters are: %s."},
	"query.repeated":      {"Tham số chỉ được có một lần.", "The parameter may be given once only."},
	"query.range":         {"Phải là một số nguyên từ %d đến %d.", "Must be a whole number from %d to %d."},
	"query.case_id":       {"Phải là mã hồ sơ (ví dụ DX-2026-000001), như next_after của trang trước.", "Must be a case id (such as DX-2026-000001), as the previous page's next_after."},
	"field.contradicts":   {"Mâu thuẫn với %s.", "Contradicts %s."},
	"field.before_date":   {"Không được trước ngày ở trường %s (%s).", "Must not be before the date in %s (%s)."},
	"body_too_large": {"Nội dung yêu cầu vượt quá giới hạn %d byte.",
		"The request body is over the limit of %d bytes."},
}

func init() {
	for k, m := range apiCatalogue {
		if _, dup := catalogue[k]; dup {
			panic("i18n: key " + k + " is in two catalogues")
		}
		catalogue[k] = m
	}
}
