package webtest_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"damlam/internal/proof"

	"github.com/chromedp/chromedp/kb"
)

// TestAlleyRoadThroughThePages runs the article's case — residents of a
// Bình Thạnh alley co-funding its concrete road — through the pages alone,
// role by role, from the draft to the dossier download, checking every page
// with axe-core and the HTML validator and saving screenshots.
func TestAlleyRoadThroughThePages(t *testing.T) {
	v := newVisitor(t)
	b := v.b
	defer func() { t.Logf("screenshots:\n  %s", strings.Join(v.shots, "\n  ")) }()

	// The deputy who had the idea drafts it. A draft without a title is
	// refused, with the message beside the field, in Vietnamese.
	v.go_("/login", "01-dang-nhap")
	v.signIn("pct1.bth")
	v.go_("/proposals/new", "")
	b.Submit("form.proposal-form button[type=submit]")
	if e := b.Text("#f-title-err"); !strings.Contains(e, "bắt buộc") {
		t.Fatalf("no error beside the title: %q", e)
	}
	v.check("")
	fill := map[string]string{
		"#f-title":                     "Vận động Nhân dân góp vốn làm đường hẻm 45",
		"#f-field":                     "Giao thông – hạ tầng",
		"#f-bottleneck-rule":           "Chưa có quy định về Nhân dân góp vốn làm hẻm",
		"#f-necessity":                 "Hẻm xuống cấp, ngập khi mưa.",
		"#f-purpose":                   "Cải thiện hạ tầng với sự tham gia của Nhân dân.",
		"#f-contents":                  "Nhà nước hỗ trợ vật tư, Nhân dân góp vốn và ngày công bê tông hóa 320 m hẻm.",
		"#f-timeline":                  "60 ngày",
		"#f-resources-money-vnd":       "450.000.000",
		"#f-resources-people":          "Ban điều hành khu phố",
		"#f-positive-impacts":          "Hẻm không ngập.",
		"#f-tasks-0-description":       "Vận động, họp dân",
		"#f-tasks-0-assignee":          "Ban điều hành khu phố",
		"#f-pilot-start":               "01/12/2026",
		"#f-pilot-end":                 "2027-02-28",
		"#f-pilot-budget-vnd":          "450.000.000",
		"#f-pilot-indicators-0-name":   "Chiều dài hoàn thành",
		"#f-pilot-indicators-0-unit":   "m",
		"#f-pilot-indicators-0-target": "320",
	}
	for sel, val := range fill {
		b.Fill(sel, val)
	}
	b.Select("#f-bottleneck-kind", "missing")
	b.Select("#f-bottleneck-level", "locality")
	for _, c := range []string{"removes-bottleneck", "common-good", "urgent-need", "no-security-impact", "no-harm-to-others"} {
		b.Check("#f-checklist-"+c, true)
	}
	b.Check("#f-pilot-requested", true)
	// The pilot's units are chosen by name, without diacritics.
	b.Pick("#f-pilot-units", "binh thanh")
	b.Pick("#f-pilot-units", "gia dinh")
	if got := b.Chosen("#f-pilot-units"); strings.Join(got, ",") != "HCM-BTH,HCM-GD" {
		t.Fatalf("the unit picker chose %v", got)
	}
	if w := b.Text("#f-pilot-budget-vnd-words"); w != "bốn trăm năm mươi triệu đồng" {
		t.Errorf("the budget in words: %q", w)
	}
	plan := filepath.Join(t.TempDir(), "phuong-an-hem-45.txt")
	os.WriteFile(plan, []byte("Phương án vận động Nhân dân góp vốn làm đường hẻm 45.\n"), 0o600)
	b.Upload("#f-attachments", plan)
	v.check("02-de-xuat-moi")
	b.Submit("form.proposal-form button[type=submit]")
	if !strings.Contains(b.Text(".notice"), "Đã lưu") {
		t.Fatalf("draft not saved: %s", b.Text("main"))
	}
	caseURL := strings.SplitN(strings.TrimPrefix(b.URL(), v.base), "?", 2)[0]
	if !strings.Contains(b.Text("main"), "phuong-an-hem-45.txt") {
		t.Error("the attachment is not listed")
	}
	v.expectNoAction("vote")
	v.act("submit", nil)
	if !strings.Contains(b.Text(".case-head"), "Đã trình") {
		t.Fatalf("not submitted: %s", b.Text(".case-head"))
	}
	v.check("03-ho-so")
	v.signOut()

	// The head sees it in her inbox with its deadline, and convenes.
	v.days(1)
	v.signIn("chutich.bth")
	v.go_("/inbox", "04-viec-can-lam")
	if !strings.Contains(b.Text("table.inbox"), "đường hẻm 45") || !strings.Contains(b.Text("table.inbox"), "ngày làm việc") {
		t.Fatalf("inbox: %s", b.Text("main"))
	}
	// Keyboard: the first Tab reaches the skip link, the next ones the
	// navigation, in reading order.
	b.Key(kb.Tab)
	if f := b.Focused(); !strings.HasPrefix(f, "a.skip") {
		t.Errorf("the first Tab focuses %q, want the skip link", f)
	}
	b.Key(kb.Tab)
	b.Key(kb.Tab)
	if f := b.Focused(); !strings.Contains(f, "English") {
		t.Errorf("the third Tab focuses %q, want the language switch", f)
	}
	v.go_(caseURL, "")
	v.act("convene", func(f func(string, string)) { f("note", "Họp tập thể lãnh đạo ngày 03/12.") })
	v.signOut()

	// The ward's Party committee gives its opinion.
	v.signIn("danguy.bth")
	v.go_(caseURL, "")
	v.act("party_opinion", func(f func(string, string)) { f("text", "Đảng ủy thống nhất chủ trương.") })
	v.signOut()

	// The collective votes; the proposer is a deputy and is recused. Two
	// of four in favour is a tie, and the head voted yes.
	for _, vote := range []struct{ who, ballot, comment string }{
		{"chutich.bth", "0", ""}, {"pct2.bth", "0", ""}, {"pct3.bth", "1", ""}, {"pct4.bth", "1", "Cần thêm thời gian vận động."},
	} {
		v.signIn(vote.who)
		v.go_(caseURL+"/meeting", "")
		b.Click("#act-vote > summary")
		b.Check("#a-vote-ballot-"+vote.ballot, true)
		b.Fill("#a-vote-comment", vote.comment)
		b.Submit("#act-vote button[type=submit]")
		v.signOut()
	}
	v.signIn("pct1.bth")
	v.go_(caseURL+"/meeting", "")
	v.expectNoAction("vote")
	v.signOut()

	v.signIn("chutich.bth")
	v.go_(caseURL+"/meeting", "")
	if m := b.Text(".minutes"); !strings.Contains(m, "bằng một nửa") || !strings.Contains(m, "người đề xuất") {
		t.Errorf("the minutes do not show the tie-break and the recusal: %s", m)
	}
	v.act("approve_pilot", func(f func(string, string)) { f("document_number", "45/QĐ-UBND") })
	v.check("05-hop-tap-the")
	// Printed, the page is the minutes alone.
	b.Media("print")
	if b.Eval("getComputedStyle(document.querySelector('header.site')).display") != "none" {
		t.Error("the navigation prints with the minutes")
	}
	v.shots = append(v.shots, b.Screenshot("05b-bien-ban-in"))
	b.Media("")
	v.go_(caseURL, "")
	v.act("allocate_resources", func(f func(string, string)) {
		f("money_vnd", "150.000.000")
		f("source", "Ngân sách phường và đóng góp của Nhân dân")
	})
	v.signOut()

	// The pilot runs: progress, an obstacle and its resolution, an
	// inspection with a violation and its correction, an adjustment.
	v.days(8)
	v.signIn("pct1.bth")
	v.go_(caseURL+"/pilot", "")
	v.act("report_progress", func(f func(string, string)) {
		f("amount_vnd", "100.000.000")
		f("summary", "Đã đổ bê tông 120 m.")
		f("indicators-0-value", "120")
	})
	v.act("raise_obstacle", func(f func(string, string)) { f("description", "Một hộ chưa đồng ý hiến đất.") })
	v.signOut()
	v.signIn("chutich.bth")
	v.go_(caseURL+"/pilot", "")
	v.act("resolve_obstacle", func(f func(string, string)) { f("resolution", "Đã vận động thành công.") })
	v.signOut()
	v.days(20)
	v.signIn("kiemtra.hcm")
	v.go_(caseURL+"/pilot", "")
	v.expectNoAction("stop")
	v.act("inspect", func(f func(string, string)) {
		f("findings", "Thi công đúng phương án; chậm công khai sổ thu chi.")
		f("violations-0-description", "Chưa công khai sổ thu chi")
		f("violations-0-corrective-action", "Niêm yết tại tổ dân phố")
		f("violations-0-deadline", "2027-01-15")
	})
	// The inspector follows the corrections up; the implementer finds the
	// violation in their inbox, due on its deadline, and corrects it from
	// the pilot page the item links to.
	v.go_("/corrections", "")
	if !strings.Contains(b.Text("main"), "Chưa công khai sổ thu chi") || !strings.Contains(b.Text("main"), "15/01/2027") {
		t.Fatalf("the inspector's open corrections: %s", b.Text("main"))
	}
	v.signOut()
	v.signIn("pct1.bth")
	v.go_("/inbox", "")
	item := `table.inbox a[href="` + caseURL + `/pilot"]`
	if !b.Exists(item) || !strings.Contains(b.Text(item), "Khắc phục vi phạm") || !strings.Contains(b.Text("table.inbox"), "15/01/2027") {
		t.Fatalf("the implementer's inbox has no correction due 15/01/2027: %s", b.Text("main"))
	}
	b.Submit(item) // a link: wait for the page it opens
	v.check("")
	v.act("correct_violation", func(f func(string, string)) { f("correction", "Đã niêm yết.") })
	v.go_("/inbox", "")
	if b.Exists(item) {
		t.Fatalf("the corrected violation is still in the inbox: %s", b.Text("main"))
	}
	v.signOut()
	v.signIn("chutich.bth")
	v.go_(caseURL+"/pilot", "")
	v.act("adjust", func(f func(string, string)) {
		f("reason", "Gia hạn do mưa lớn.")
		f("scope-end", "2027-03-31")
	})
	v.signOut()
	v.days(100)
	v.signIn("pct1.bth")
	v.go_(caseURL+"/pilot", "")
	v.act("report_completion", func(f func(string, string)) {
		f("summary", "Hoàn thành 280/320 m.")
		f("date", "2027-03-31") // the adjusted scope's end: a later completion is outside it
		f("spent-vnd", "220.000.000")
		f("indicators-0-value", "280")
	})
	v.check("06-theo-doi-thi-diem")
	if !strings.Contains(b.Text("main"), "280") || !b.Exists("svg#chart-indicators") {
		t.Error("the indicator chart or its table is missing")
	}
	v.signOut()

	// Evaluation: the Party committee, then the collective's findings and
	// the protection rule.
	v.signIn("danguy.bth")
	v.go_(caseURL+"/evaluation", "")
	v.act("party_opinion", func(f func(string, string)) { f("text", "Đảng ủy đề nghị đánh giá, nhân rộng.") })
	v.signOut()
	v.days(2)
	v.signIn("chutich.bth")
	v.go_(caseURL+"/evaluation", "")
	b.Click("#act-evaluate > summary")
	b.Check("#a-evaluate-result-1", true)
	for _, c := range []string{"within-competence", "no-contravention", "followed-plan", "honest-motive", "common-good", "damage"} {
		b.Check("#a-evaluate-"+c, true)
	}
	b.Fill("#a-evaluate-damage-vnd", "15.000.000")
	b.Fill("#a-evaluate-damage-text", "Một đoạn mương phải làm lại.")
	b.Fill("#a-evaluate-objective-causes", "Mưa lớn bất thường.")
	b.Fill("#a-evaluate-summary", "Hoàn thành một phần, thiệt hại nhỏ.")
	b.Submit("#act-evaluate button[type=submit]")
	if !strings.Contains(b.Text("#act-determine_protection"), "xem xét loại trừ, miễn hoặc giảm nhẹ") {
		t.Errorf("the preview of the rule is missing: %s", b.Text("#act-determine_protection"))
	}
	v.act("determine_protection", nil)
	if d := b.Text(".protection"); !strings.Contains(d, "Điều 11 khoản 3") {
		t.Errorf("determination without its legal basis: %s", d)
	}
	v.act("replicate", func(func(string, string)) {
		b.Check("#a-replicate-units-HCM-BQ", true)
	})
	v.signOut()
	v.signIn("kyluat.hcm")
	v.go_(caseURL+"/evaluation", "")
	b.Click("#act-record_liability > summary")
	b.Select("#a-record_liability-outcome", "excluded")
	b.Fill("#a-record_liability-decision", "Quyết định 12/QĐ-UBKT ngày 20/04/2027")
	b.Submit("#act-record_liability button[type=submit]")
	v.signOut()
	v.signIn("thiduakt.hcm")
	v.go_(caseURL+"/evaluation", "")
	b.Click("#act-reward > summary")
	b.Select("#a-reward-kind", "commendation")
	b.Select("#a-reward-recipient", "pct1.bth")
	b.Select("#a-reward-level", "province")
	b.Fill("#a-reward-decision", "112/QĐ-UBND")
	b.Submit("#act-reward button[type=submit]")
	v.check("07-danh-gia-bao-ve")

	// The dossier downloads and verifies offline against the log's keys.
	b.Click("a.button.primary[download]")
	zipPath := waitDownload(t, b.Downloads)
	f, err := os.Open(zipPath)
	if err != nil {
		t.Fatal(err)
	}
	st, _ := f.Stat()
	d, err := proof.ReadZip(f, st.Size())
	f.Close()
	if err != nil {
		t.Fatalf("the downloaded dossier does not read: %v", err)
	}
	keys, _ := v.site.Store.Log().Verifiers(context.Background())
	if rep := proof.Verify(d, keys); rep.Overall() != proof.Holds {
		t.Errorf("the downloaded dossier does not verify: %+v", rep)
	}
	// A timeline entry's receipt verifies against today's checkpoint.
	v.go_(caseURL, "08-ho-so-day-du")
	// A long case folds its older entries; the first one is among them.
	if !b.Exists("details.older-history #event-1") {
		t.Error("the long case's first entry is not folded among the older ones")
	}
	b.Click("details.older-history > summary")
	b.Submit("#event-1 .ev-meta a")
	if !strings.Contains(b.Text(".verdict"), "Hợp lệ") {
		t.Errorf("the receipt does not verify: %s", b.Text("main"))
	}
	v.check("09-kiem-tra-bien-nhan")
	// On a phone the case page reflows to one column and stays accessible.
	b.Viewport(390, 844)
	v.go_(caseURL, "16-dien-thoai-ho-so")
	b.Viewport(1280, 900)
	v.signOut()

	// Another ward's head finds the model and adopts it.
	v.signIn("chutich.gd")
	v.go_("/models?q=lam+duong", "10-mo-hinh-hay")
	if !b.Exists("ul.cards mark") {
		t.Errorf("the catalogue does not highlight the match: %s", b.Text("main"))
	}
	b.Submit("form.adopt button[type=submit]")
	if !strings.Contains(b.Text(".notice"), "áp dụng mô hình") || !strings.Contains(b.Text(".case-head"), "Bản nháp") {
		t.Errorf("adoption did not start a draft: %s", b.Text("main"))
	}
	v.go_("/search?q=lam+duong", "11-tim-kiem")
	if marks := strings.Join(b.Texts("ol.results mark"), " "); !strings.Contains(marks, "làm đường") {
		t.Errorf("search does not mark “làm đường” for “lam duong”: %s", b.Text("main"))
	}
	v.signOut()

	// The city's inspector sees the whole picture; the administrator keeps
	// the organisation and the calendar.
	v.signIn("kiemtra.hcm")
	v.go_("/dashboard", "12-tong-quan")
	v.signOut()
	v.signIn("admin")
	v.go_("/admin", "13-quan-tri")
	v.go_("/admin/calendar?year=2027", "14-lich-nghi")
	v.go_("/admin/rules", "14a-quy-dinh")
	// A file of units, previewed then imported all at once.
	v.go_("/admin/import", "")
	csvPath := filepath.Join(t.TempDir(), "don-vi.csv")
	if err := os.WriteFile(csvPath, []byte("id,parent_id,name,kind,party_committee\nHCM-TD,HCM,Phường Tân Định,ward,Đảng ủy phường Tân Định\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	b.Upload("#a-import-file", csvPath)
	b.Submit("form[enctype='multipart/form-data'] button")
	v.check("14b-nhap-tep")
	if !strings.Contains(b.Text("main"), "Tệp hợp lệ: 1 dòng") {
		t.Fatalf("the import preview: %s", b.Text("main"))
	}
	b.Submit("form[action='/admin/import'] button.primary")
	if !strings.Contains(b.Text("main"), "Đã nhập 1 dòng.") {
		t.Fatalf("after the import: %s", b.Text("main"))
	}
	v.go_(caseURL+"/meeting?lang=en", "15-meeting-en")
	v.signOut()
}
