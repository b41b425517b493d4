package i18n

// notifyLangCatalogue holds the choice of the language a person's mail
// and notices are written in.
var notifyLangCatalogue = map[string]Message{
	"pref.lang_title": {"Ngôn ngữ của thư và thông báo", "Language of mail and notices"},
	"pref.lang.vi":    {"Tiếng Việt", "Vietnamese"},
	"pref.lang.en":    {"Tiếng Anh (English)", "English"},
	"pref.lang_bad":   {"Ngôn ngữ không hợp lệ: %s (chọn vi hoặc en).", "Unknown language: %s (choose vi or en)."},
	// A digest of one notice: English says "notice", not "notices".
	"mail.digest_one": {"Bản tin thông báo ngày %s (%d thông báo)", "Notifications of %s (%d notice)"},
	"pref.nothing":    {"Chưa chọn gì để lưu: gửi mail (every, digest, none) hoặc lang (vi, en).", "Nothing to save: send mail (every, digest, none) or lang (vi, en)."},
}

func init() {
	for k, m := range notifyLangCatalogue {
		if _, dup := catalogue[k]; dup {
			panic("i18n: key " + k + " is in two catalogues")
		}
		catalogue[k] = m
	}
}
