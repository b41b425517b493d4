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

	"field.password_mismatch": {"Hai lần nhập mật khẩu mới không khớp.", "The two new passwords differ."},

	// Attachments: quotas and names.
	"quota_person":    {"Bạn đã dùng hết dung lượng tệp đính kèm được cấp (%d MB); hãy liên hệ quản trị viên.", "You have used up your attachment space (%d MB); ask an administrator."},
	"quota_unit":      {"Đơn vị đã dùng hết dung lượng tệp đính kèm được cấp (%d MB); hãy liên hệ quản trị viên.", "The unit has used up its attachment space (%d MB); ask an administrator."},
	"field.file_name": {"Tên tệp trống hoặc không hợp lệ.", "The file name is empty or not valid."},

	// Single sign-on.
	"web.login.sso":       {"Đăng nhập bằng tài khoản định danh của tỉnh", "Sign in with the province's identity service"},
	"oidc_refused":        {"Không xác minh được lần đăng nhập qua dịch vụ định danh; vui lòng đăng nhập lại từ đầu.", "The sign-in through the identity service could not be verified; please sign in again from the start."},
	"oidc_unavailable":    {"Dịch vụ định danh hiện không trả lời; vui lòng thử lại sau ít phút.", "The identity service does not answer now; please try again in a few minutes."},
	"oidc_unknown_person": {"Tài khoản định danh này (%s) chưa được gắn với người dùng nào; hãy gửi mã này cho quản trị viên để được gắn.", "This identity account (%s) is not linked to anyone yet; send this id to an administrator to be linked."},
	"oidc_off":            {"Máy chủ này chưa cấu hình đăng nhập qua dịch vụ định danh.", "This server has no identity service configured."},
	"identity_taken":      {"Tài khoản định danh này đã được gắn với %s.", "This identity account is already linked to %s."},
	"passwords_off":       {"Máy chủ này không dùng mật khẩu riêng; hãy đăng nhập qua dịch vụ định danh.", "This server uses no local passwords; sign in through the identity service."},

	// One-time links: invitations and resets.
	"link_dead":                       {"Đường dẫn này không còn hiệu lực (đã dùng, đã hết hạn hoặc đã được thay bằng đường dẫn mới); hãy xin quản trị viên một đường dẫn mới.", "This link no longer works (used, expired or replaced by a newer one); ask an administrator for a new one."},
	"web.invite.title":                {"Đặt mật khẩu", "Set your password"},
	"web.invite.lead.invite":          {"Chào %s (%s). Bạn được mời dùng hệ thống; hãy đặt mật khẩu để đăng nhập. Đường dẫn này chỉ dùng được một lần.", "Welcome, %s (%s). You are invited to the system; set a password to sign in. This link works once."},
	"web.invite.lead.reset":           {"%s (%s): hãy đặt mật khẩu mới. Mọi phiên đăng nhập cũ sẽ kết thúc. Đường dẫn này chỉ dùng được một lần.", "%s (%s): set a new password. Every earlier session will end. This link works once."},
	"web.invite.submit":               {"Đặt mật khẩu", "Set password"},
	"web.login.done.invited":          {"Đã đặt mật khẩu; mời bạn đăng nhập.", "Password set; please sign in."},
	"web.access.kind.link_issued":     {"Cấp đường dẫn đặt mật khẩu", "Password link issued"},
	"web.access.kind.link_redeemed":   {"Dùng đường dẫn đặt mật khẩu", "Password link used"},
	"web.access.kind.identity_linked": {"Gắn tài khoản định danh", "Identity account linked"},

	// The reader's own account page.
	"web.account.title":           {"Tài khoản của tôi", "My account"},
	"web.account.lead":            {"%s (%s): nơi bạn đang đăng nhập, mã truy cập API và mật khẩu.", "%s (%s): where you are signed in, API tokens and password."},
	"web.account.where":           {"Phiên đăng nhập và mã truy cập", "Sessions and tokens"},
	"web.account.col.kind":        {"Loại", "Kind"},
	"web.account.col.name":        {"Tên", "Name"},
	"web.account.col.scope":       {"Quyền", "Scope"},
	"web.account.col.created":     {"Cấp lúc", "Issued"},
	"web.account.col.expires":     {"Hết hạn", "Expires"},
	"web.account.col.address":     {"Từ địa chỉ", "From address"},
	"web.account.col.action":      {"Thao tác", "Action"},
	"web.account.kind.session":    {"Phiên trình duyệt", "Browser session"},
	"web.account.kind.api":        {"Mã truy cập API", "API token"},
	"web.account.scope.full":      {"Toàn quyền", "Full"},
	"web.account.scope.read":      {"Chỉ xem", "Read only"},
	"web.account.this":            {"phiên này", "this one"},
	"web.account.revoke":          {"Thu hồi", "Revoke"},
	"web.account.revoked":         {"Đã thu hồi.", "Revoked."},
	"web.account.everywhere_lead": {"Nếu nghi ngờ lộ mật khẩu hoặc mất máy, hãy kết thúc mọi phiên và mã truy cập của bạn, kể cả phiên này.", "If you think your password or a device was lost, end all your sessions and tokens, this one included."},
	"web.account.everywhere":      {"Đăng xuất khỏi mọi nơi", "Sign out everywhere"},
	"web.account.issue":           {"Cấp mã truy cập API", "Issue an API token"},
	"web.account.token_name":      {"Tên mã (để nhận ra sau này)", "Token name (to recognise it later)"},
	"web.account.days":            {"Thời hạn (ngày, tối đa 365)", "Valid for (days, at most 365)"},
	"web.account.issue_submit":    {"Cấp mã", "Issue"},
	"web.account.issued":          {"Đã cấp mã truy cập.", "Token issued."},
	"web.account.new_token":       {"Mã truy cập mới: %s", "New token: %s"},
	"web.account.copy_once":       {"Hãy sao chép mã này ngay: hệ thống chỉ lưu bản băm và sẽ không hiển thị lại.", "Copy this token now: only its hash is kept and it will not be shown again."},
	"web.account.until":           {"hết hạn %s", "expires %s"},
	"web.account.password":        {"Đổi mật khẩu", "Change password"},
	"web.account.password_lead":   {"Sau khi đổi, mọi phiên và mã truy cập của bạn đều kết thúc; hãy đăng nhập lại.", "After the change every session and token of yours ends; sign in again."},
	"web.account.current":         {"Mật khẩu hiện tại", "Current password"},
	"web.account.new_password":    {"Mật khẩu mới", "New password"},
	"web.account.confirm":         {"Nhập lại mật khẩu mới", "New password again"},
	"web.account.password_submit": {"Đổi mật khẩu", "Change password"},
	"web.login.done.password":     {"Đã đổi mật khẩu. Mọi phiên cũ đã kết thúc; vui lòng đăng nhập lại.", "Password changed. Every earlier session has ended; please sign in again."},
	"web.login.done.everywhere":   {"Đã đăng xuất khỏi mọi nơi.", "Signed out everywhere."},

	// The administrators' record of access.
	"web.access.title":                      {"Nhật ký truy cập", "Access record"},
	"web.access.lead":                       {"Đăng nhập, đăng nhập sai, cấp và thu hồi mã truy cập, đổi mật khẩu, cấp và thu hồi vai trò trong các đơn vị bạn quản trị: ai, lúc nào, từ địa chỉ nào.", "Sign-ins, failed sign-ins, tokens issued and revoked, passwords changed, roles given and taken in the units you administer: who, when, from which address."},
	"web.access.signout":                    {"Đăng xuất một người khỏi mọi nơi", "Sign a person out everywhere"},
	"web.access.signout_lead":               {"Kết thúc mọi phiên và mã truy cập của người đó (khi mất máy, nghỉ việc, nghi lộ mật khẩu).", "Ends all of that person's sessions and tokens (a lost device, someone leaving, a leaked password)."},
	"web.access.person":                     {"Mã người dùng", "Person id"},
	"web.access.signed_out":                 {"Đã đăng xuất %s khỏi mọi nơi (%d phiên và mã truy cập).", "Signed %s out everywhere (%d sessions and tokens)."},
	"web.access.recent":                     {"200 sự kiện gần nhất", "The latest 200 events"},
	"web.access.col.at":                     {"Thời điểm", "When"},
	"web.access.col.kind":                   {"Sự kiện", "Event"},
	"web.access.col.actor":                  {"Người thực hiện", "By"},
	"web.access.col.subject":                {"Đối tượng", "Subject"},
	"web.access.col.detail":                 {"Chi tiết", "Detail"},
	"web.access.kind.sign_in":               {"Đăng nhập", "Signed in"},
	"web.access.kind.sign_in_failed":        {"Đăng nhập sai", "Failed sign-in"},
	"web.access.kind.sign_out":              {"Đăng xuất", "Signed out"},
	"web.access.kind.token_issued":          {"Cấp mã truy cập", "Token issued"},
	"web.access.kind.token_revoked":         {"Thu hồi phiên hoặc mã", "Session or token revoked"},
	"web.access.kind.password_set":          {"Đặt mật khẩu", "Password set"},
	"web.access.kind.signed_out_everywhere": {"Đăng xuất khỏi mọi nơi", "Signed out everywhere"},
	"web.access.kind.role_granted":          {"Cấp vai trò", "Role given"},
	"web.access.kind.role_withdrawn":        {"Thu hồi vai trò", "Role taken away"},
}

func init() {
	for k, m := range authCatalogue {
		if _, dup := catalogue[k]; dup {
			panic("i18n: key " + k + " is in two catalogues")
		}
		catalogue[k] = m
	}
}
