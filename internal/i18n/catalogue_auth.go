package i18n

// authCatalogue holds the texts of signing in and out, sessions and
// tokens, and the administrators' record of access. Merged into the
// catalogue like the web pages' texts.
var authCatalogue = map[string]Message{
	"token_read_only":      {"Mã truy cập này chỉ được phép xem, không được thay đổi dữ liệu.", "This token may only read, not change anything."},
	"token_not_found":      {"Không tìm thấy phiên hoặc mã truy cập này trong danh sách của bạn.", "No such session or token among yours."},
	"field.plain_text":     {"Không được chứa ký tự điều khiển.", "Must not contain control characters."},
	"field.token_days":     {"Thời hạn phải từ 1 đến %d ngày.", "The expiry must be 1 to %d days."},
	"bad_current_password": {"Mật khẩu hiện tại không đúng.", "The current password is wrong."},
}

func init() {
	for k, m := range authCatalogue {
		if _, dup := catalogue[k]; dup {
			panic("i18n: key " + k + " is in two catalogues")
		}
		catalogue[k] = m
	}
}
