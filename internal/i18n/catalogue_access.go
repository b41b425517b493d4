package i18n

// accessCatalogue holds the mail that carries a one-time link, what the
// issuer of one is told, the record of configuration changes and the
// page that links provider accounts to people.
var accessCatalogue = map[string]Message{
	"mail.link.invite.subject": {"Mời bạn đặt mật khẩu để đăng nhập hệ thống damlam", "You are invited to set a password for damlam"},
	"mail.link.reset.subject":  {"Đặt lại mật khẩu đăng nhập hệ thống damlam", "Reset your damlam password"},
	"mail.link.invite.lead":    {"Bạn được mời dùng hệ thống. Hãy mở đường dẫn dưới đây để đặt mật khẩu.", "You are invited to the system. Open the link below to set your password."},
	"mail.link.reset.lead":     {"Có yêu cầu đặt lại mật khẩu của bạn. Hãy mở đường dẫn dưới đây để đặt mật khẩu mới; mọi phiên đăng nhập cũ sẽ kết thúc.", "A reset of your password was asked for. Open the link below to set a new one; every earlier session will end."},
	"mail.link.once":           {"Đường dẫn chỉ dùng được một lần, đến %s. Nếu bạn không chờ thư này, hãy bỏ qua nó.", "The link works once, until %s. If you did not expect this mail, ignore it."},
	"mail.link.footer":         {"Thư này do hệ thống damlam gửi tự động.", "This message was sent by damlam."},

	"web.invite.sent_to":             {"đã gửi tới %s", "sent to %s"},
	"web.invite.no_mail":             {"Chưa cấu hình máy chủ thư (--smtp): các đường dẫn được hiện ở đây, hãy chuyển cho từng người.", "No mail server is configured (--smtp): the links are shown here; pass each on to its person."},
	"api.invite.no_mail":             {"Chưa cấu hình máy chủ thư (--smtp): hãy chuyển đường dẫn này cho người được mời.", "No mail server is configured (--smtp): pass this link on to its person."},
	"api.invite.mailed":              {"Đường dẫn đã được gửi tới %s.", "The link was sent to %s."},
	"web.access.invite":              {"Gửi đường dẫn đặt mật khẩu", "Send a password link"},
	"web.access.invite_lead":         {"Lời mời (dùng trong 7 ngày) cho người chưa có mật khẩu, hoặc đặt lại mật khẩu (24 giờ). Khi có máy chủ thư, đường dẫn được gửi tới hộp thư của người đó.", "An invitation (valid 7 days) for someone without a password, or a reset (24 hours). With a mail server, the link is mailed to the person."},
	"web.access.invite_do":           {"Gửi lời mời", "Send an invitation"},
	"web.access.reset_do":            {"Gửi đường dẫn đặt lại mật khẩu", "Send a reset link"},
	"web.access.invite_sent":         {"Đường dẫn đã được gửi tới %s.", "The link was sent to %s."},
	"web.access.invite_shown":        {"Chưa cấu hình máy chủ thư (--smtp): hãy chuyển đường dẫn này cho %s: %s", "No mail server is configured (--smtp): pass this link on to %s: %s"},
	"web.access.kind.config_changed": {"Thay đổi cấu hình bảo mật", "Security configuration changed"},

	"web.identities.title":              {"Tài khoản định danh", "Provider accounts"},
	"web.identities.lead":               {"Tài khoản tại nhà cung cấp định danh (OpenID Connect) được gắn với người nào thì đăng nhập thành người đó.", "An account at the identity provider (OpenID Connect) signs in as the person it is linked to."},
	"web.identities.issuer":             {"Nhà cung cấp", "Provider"},
	"web.identities.subject":            {"Mã tài khoản (subject)", "Account id (subject)"},
	"web.identities.person":             {"Người", "Person"},
	"web.identities.created":            {"Gắn lúc", "Linked at"},
	"web.identities.by":                 {"Người gắn", "Linked by"},
	"web.identities.none":               {"Chưa có tài khoản nào được gắn.", "No account is linked yet."},
	"web.identities.add":                {"Gắn tài khoản", "Link an account"},
	"web.identities.person_id":          {"Mã người dùng", "Person id"},
	"web.identities.remove":             {"Gỡ", "Remove"},
	"web.identities.remove_name":        {"Gỡ tài khoản %s của %s", "Remove account %s of %s"},
	"web.identities.added":              {"Đã gắn tài khoản.", "The account is linked."},
	"web.identities.removed":            {"Đã gỡ tài khoản.", "The account is unlinked."},
	"web.identities.no_oidc":            {"Chưa cấu hình nhà cung cấp định danh (--oidc-issuer): các tài khoản đã gắn vẫn được giữ.", "No identity provider is configured (--oidc-issuer): linked accounts are kept."},
	"web.access.kind.identity_unlinked": {"Gỡ tài khoản định danh", "Identity account unlinked"},
}

func init() {
	for k, m := range accessCatalogue {
		if _, dup := catalogue[k]; dup {
			panic("i18n: key " + k + " is in two catalogues")
		}
		catalogue[k] = m
	}
}
