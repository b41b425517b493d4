package server

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"damlam/internal/workflow"
)

func TestSignInOutAndDemoUsers(t *testing.T) {
	ps := newPageSite(t, Options{})
	anon := ps.client("")
	if p := ps.get(anon, "/inbox"); p.status != http.StatusSeeOther || !strings.HasPrefix(p.header.Get("Location"), "/login?next=%2Finbox") {
		t.Fatalf("a visitor is not sent to sign in: %d %s", p.status, p.header.Get("Location"))
	}
	login := ps.mustGet(anon, "/login")
	if strings.Contains(login, "demo") || strings.Contains(login, "chutich.bth@") {
		t.Error("the sign-in page lists users outside demo mode")
	}
	p := ps.post(anon, "/login", url.Values{"email": {"pct1.bth@test.vn"}, "password": {"sai-mat-khau-roi"}})
	if p.status != http.StatusUnauthorized || !strings.Contains(p.body, "Thư điện tử hoặc mật khẩu không đúng") {
		t.Fatalf("a wrong password: %d", p.status)
	}
	p = ps.post(anon, "/login", url.Values{"email": {"pct1.bth@test.vn"}, "password": {"mat-khau-thu-nghiem"}, "next": {"/search"}})
	if p.status != http.StatusSeeOther || p.header.Get("Location") != "/search" {
		t.Fatalf("sign-in: %d %s", p.status, p.header.Get("Location"))
	}
	if ps.get(anon, "/inbox").status != http.StatusOK {
		t.Fatal("the session cookie does not sign the browser in")
	}
	// A next= pointing elsewhere is ignored.
	if got := localPath("//evil.example/x", "/inbox"); got != "/inbox" {
		t.Errorf("localPath let %q through", got)
	}
	if p := ps.post(anon, "/logout", nil); p.status != http.StatusSeeOther {
		t.Fatalf("sign-out: %d", p.status)
	}
	if ps.get(anon, "/inbox").status != http.StatusSeeOther {
		t.Error("the session lives on after signing out")
	}

	demo := newPageSite(t, Options{Demo: true})
	body := demo.mustGet(demo.client(""), "/login")
	if !strings.Contains(body, "chutich.bth@test.vn") || !strings.Contains(body, "Người đứng đầu — Phường Bình Thạnh") || !strings.Contains(body, "damlam-demo-2026") {
		t.Error("demo mode does not show the demo users and their roles")
	}
}

func TestCrossOriginPostsAreRefused(t *testing.T) {
	ps := newPageSite(t, Options{})
	id := ps.site.AlleyRoad(t, workflow.Submitted)
	size := ps.logSize()
	req, _ := http.NewRequest("POST", ps.base+"/proposals/"+id+"/do/convene", strings.NewReader("note=x"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "https://evil.example")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	res, err := ps.client("chutich.bth").Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden || ps.logSize() != size {
		t.Fatalf("a cross-site post: %d, log %d → %d", res.StatusCode, size, ps.logSize())
	}
	// The API takes the session cookie too, and so refuses the same post.
	req, _ = http.NewRequest("POST", ps.base+"/api/v1/proposals/"+id+"/convene", strings.NewReader(`{}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Origin", "https://evil.example")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	res, err = ps.client("chutich.bth").Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden || ps.logSize() != size {
		t.Fatalf("a cross-site API post: %d, log %d → %d", res.StatusCode, size, ps.logSize())
	}
}

func TestErrorsBesideFieldsInTheReadersLanguage(t *testing.T) {
	ps := newPageSite(t, Options{})
	c := ps.client("pct1.bth")
	// An empty draft: the title is required.
	p := ps.post(c, "/proposals/new", url.Values{"unit_id": {"HCM-BTH"}, "resources.money_vnd": {"nhiều tiền"}})
	if p.status != http.StatusUnprocessableEntity {
		t.Fatalf("status %d", p.status)
	}
	if !strings.Contains(p.body, `id="f-resources-money-vnd-err"`) || !strings.Contains(p.body, "Phải là một số.") {
		t.Errorf("no error beside the money field:\n%s", p.body)
	}
	p = ps.post(c, "/proposals/new?lang=en", url.Values{"unit_id": {"HCM-BTH"}})
	if !strings.Contains(p.body, `<p class="error" id="f-title-err">This field is required.</p>`) || !strings.Contains(p.body, `aria-describedby="f-title-err"`) {
		t.Errorf("no English error beside the title:\n%s", p.body)
	}
	for _, prob := range checkHTML(p.body) {
		t.Errorf("refused form: %s", prob)
	}

	// An action refused by the domain keeps the reader's values and says
	// why beside the field.
	id := ps.site.AlleyRoad(t, workflow.PartyOpinion)
	party := ps.client("danguy.bth")
	p = ps.post(party, "/proposals/"+id+"/do/party_opinion", url.Values{"opinion": {"agree_with_conditions"}, "text": {""}, "back": {"meeting"}})
	if p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, `id="a-party_opinion-text-err"`) ||
		!strings.Contains(p.body, `value="agree_with_conditions" checked`) || !strings.Contains(p.body, `<details class="action" id="act-party_opinion" open>`) {
		t.Errorf("refused action: %d\n%s", p.status, p.body)
	}
	if !strings.Contains(p.body, "Biên bản họp tập thể lãnh đạo") || !strings.Contains(p.body, `href="/proposals/`+id+`/meeting?lang=en"`) {
		t.Error("the refused form did not come back on the page it was sent from")
	}
	if p := ps.get(party, "/khong-co-trang-nay"); p.status != http.StatusNotFound || !strings.Contains(p.body, `<html lang="vi">`) {
		t.Errorf("an unknown page: %d", p.status)
	}
}

func TestDraftWithAttachmentAndRevision(t *testing.T) {
	ps := newPageSite(t, Options{})
	c := ps.client("pct1.bth")
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("unit_id", "HCM-BTH")
	mw.WriteField("title", "Thí điểm một cửa số tại phường")
	mw.WriteField("pilot.units", "HCM-BTH")
	mw.WriteField("pilot.start", "2026-12-01")
	mw.WriteField("pilot.end", "2027-01-31")
	mw.WriteField("pilot.budget_vnd", "60.000.000")
	mw.WriteField("tasks[0].description", "")
	mw.WriteField("tasks[1].description", "Lập ứng dụng")
	fw, _ := mw.CreateFormFile("attachments", "phuong-an.txt")
	fw.Write([]byte("Phương án một cửa số."))
	mw.Close()
	req, _ := http.NewRequest("POST", ps.base+"/proposals/new", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	loc := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || !strings.Contains(loc, "saved=1") {
		t.Fatalf("create: %d %s", res.StatusCode, loc)
	}
	id := strings.TrimPrefix(strings.Split(loc, "?")[0], "/proposals/")
	v, err := ps.site.Store.Proposal(context.Background(), ps.site.Person(t, "pct1.bth"), id)
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Attachments) != 1 || v.Content.Pilot == nil || v.Content.Pilot.BudgetVND != 60_000_000 || len(v.Content.Tasks) != 1 {
		t.Fatalf("stored: attachments %d, pilot %+v, tasks %+v", len(v.Attachments), v.Content.Pilot, v.Content.Tasks)
	}
	body := ps.mustGet(c, "/proposals/"+id+"/edit")
	if !strings.Contains(body, `value="Lập ứng dụng"`) || !strings.Contains(body, `value="60.000.000"`) || !strings.Contains(body, "sáu mươi triệu đồng") {
		t.Error("the edit form does not hold the draft")
	}
	a := ps.get(c, "/proposals/"+id+"/attachments/"+v.Attachments[0].SHA256)
	if a.status != http.StatusOK || a.body != "Phương án một cửa số." || !strings.HasPrefix(a.header.Get("Content-Disposition"), "attachment") {
		t.Errorf("attachment download: %d %q %s", a.status, a.body, a.header.Get("Content-Disposition"))
	}
	if p := ps.get(ps.client("chutich.gd"), "/proposals/"+id+"/attachments/"+v.Attachments[0].SHA256); p.status != http.StatusNotFound {
		t.Errorf("another ward reads the attachment: %d", p.status)
	}
}

func TestOutsideScopeIsFlaggedOnThePilotPage(t *testing.T) {
	ps := newPageSite(t, Options{})
	id := ps.site.AlleyRoad(t, workflow.InImplementation)
	c := ps.client("pct1.bth")
	p := ps.post(c, "/proposals/"+id+"/do/report_progress", url.Values{"unit": {"HCM-BQ"}, "date": {"2027-06-01"},
		"amount_vnd": {"500.000.000"}, "summary": {"Làm thêm ở phường bên."}, "back": {"pilot"}})
	if p.status != http.StatusSeeOther {
		t.Fatalf("report: %d\n%s", p.status, p.body)
	}
	body := ps.mustGet(c, p.header.Get("Location"))
	for _, want := range []string{"Hành động ngoài phạm vi được phê duyệt", "không thuộc phạm vi được phê duyệt", "sau ngày kết thúc", "vượt kinh phí", "Có 1 hành động ngoài phạm vi"} {
		if !strings.Contains(body, want) {
			t.Errorf("the pilot page does not say %q", want)
		}
	}
}

func TestPagesForOversightAndAdministration(t *testing.T) {
	ps := newPageSite(t, Options{})
	ps.site.AlleyRoad(t, "")
	if p := ps.get(ps.client("canbo.bth"), "/dashboard"); p.status != http.StatusForbidden {
		t.Errorf("a staff member opens the dashboard: %d", p.status)
	}
	if p := ps.get(ps.client("pct1.bth"), "/admin"); p.status != http.StatusForbidden {
		t.Errorf("a deputy opens the administration: %d", p.status)
	}
	admin := ps.client("admin")
	p := ps.post(admin, "/admin/units", url.Values{"parent_id": {"HCM"}, "id": {"HCM-TD"}, "name": {"Phường Tân Định"}, "kind": {"ward"}})
	if p.status != http.StatusSeeOther {
		t.Fatalf("create unit: %d\n%s", p.status, p.body)
	}
	p = ps.post(admin, "/admin/units", url.Values{"parent_id": {"HCM"}, "id": {"có dấu"}, "name": {""}, "kind": {"ward"}})
	if p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, `id="a-unit-id-err"`) || !strings.Contains(p.body, `id="a-unit-name-err"`) {
		t.Errorf("bad unit: %d", p.status)
	}
	p = ps.post(admin, "/admin/people", url.Values{"id": {"chutich.td"}, "name": {"Chủ tịch Tân Định"}, "email": {"chutich.td@test.vn"},
		"password": {"mat-khau-moi-dai"}, "seats[0].unit_id": {"HCM-TD"}, "seats[0].position": {"head"}, "roles": {"secretariat"}})
	if p.status != http.StatusSeeOther {
		t.Fatalf("create person: %d\n%s", p.status, p.body)
	}
	p = ps.post(admin, "/admin/grants", url.Values{"person_id": {"canbo.bth"}, "role": {"inspector"}, "unit_id": {"HCM-BTH"}})
	if p.status != http.StatusSeeOther {
		t.Fatalf("grant: %d\n%s", p.status, p.body)
	}
	if !ps.site.Person(t, "canbo.bth").Has("inspector", "/VN/HCM/HCM-BTH/") {
		t.Error("the grant did not take")
	}
	body := ps.mustGet(admin, "/admin?unit=HCM-TD")
	if !strings.Contains(body, "Chủ tịch Tân Định") || !strings.Contains(body, "Văn phòng — Phường Tân Định") {
		t.Error("the new person is not listed with their role")
	}
	p = ps.post(admin, "/admin/calendar", url.Values{"date": {"15/02/2027"}, "kind": {"off"}, "note": {"Quyết định nghỉ Tết của Thủ tướng"}})
	if p.status != http.StatusSeeOther {
		t.Fatalf("calendar: %d\n%s", p.status, p.body)
	}
	if body := ps.mustGet(admin, "/admin/calendar?year=2027"); !strings.Contains(body, "Quyết định nghỉ Tết của Thủ tướng") || !strings.Contains(body, "Giỗ Tổ Hùng Vương") {
		t.Error("the calendar does not show the announced day and the lunar holidays")
	}
	if p := ps.post(ps.client("chutich.bth"), "/admin/calendar", url.Values{"date": {"2027-02-16"}, "kind": {"off"}, "note": {"x"}}); p.status != http.StatusForbidden {
		t.Errorf("a head changes the national calendar: %d", p.status)
	}
}

func TestSearchIgnoresDiacritics(t *testing.T) {
	ps := newPageSite(t, Options{})
	ps.site.AlleyRoad(t, workflow.Submitted)
	body := ps.mustGet(ps.client("chutich.bth"), "/search?q=LAM+DUONG&state=SUBMITTED")
	if !strings.Contains(body, "<mark>làm</mark> <mark>đường</mark>") {
		t.Errorf("no highlighted match:\n%s", body)
	}
	if body := ps.mustGet(ps.client("chutich.bth"), "/search?q=lam+duong&state=CLOSED"); !strings.Contains(body, "Không có kết quả") {
		t.Error("the state filter does not filter")
	}
}

func TestVerifyPageNoticesATamperedRecord(t *testing.T) {
	ps := newPageSite(t, Options{})
	id := ps.site.AlleyRoad(t, workflow.InImplementation)
	c := ps.client("chutich.bth")
	if body := ps.mustGet(c, "/proposals/"+id+"/verify/8"); !strings.Contains(body, "Hợp lệ:") || strings.Contains(body, "Không đạt") {
		t.Fatalf("an untouched approval does not verify:\n%s", body)
	}
	// Someone with database access quietly widens the approved budget.
	db := ps.site.Store.DB()
	if _, err := db.ExecContext(context.Background(), `UPDATE events SET payload = replace(payload, '450000000', '950000000') WHERE proposal_id = $1 AND seq = 8`, id); err != nil {
		t.Fatal(err)
	}
	body := ps.mustGet(c, "/proposals/"+id+"/verify/8")
	if !strings.Contains(body, "Không hợp lệ") || !strings.Contains(body, "✗ Không đạt") {
		t.Errorf("the verify page misses a changed record:\n%s", body)
	}
}

func TestOversightInbox(t *testing.T) {
	ps := newPageSite(t, Options{})
	id := ps.site.AlleyRoad(t, workflow.InImplementation)
	if body := ps.mustGet(ps.client("kiemtra.hcm"), "/inbox"); !strings.Contains(body, "Việc theo dõi, giám sát") || !strings.Contains(body, id) {
		t.Error("a running pilot never inspected is not in the inspector's inbox")
	}
	ps.site.Continue(t, id, workflow.ProtectionDetermined)
	if body := ps.mustGet(ps.client("kiemtra.hcm"), "/inbox"); strings.Contains(body, id) {
		t.Error("an inspected, finished pilot stays in the inspector's inbox")
	}
	body := ps.mustGet(ps.client("kyluat.hcm"), "/inbox")
	if !strings.Contains(body, id) || !strings.Contains(body, `<span class="count">1<`) {
		t.Error("a determined case waiting for its liability outcome is not in the disciplinary authority's inbox, or not counted")
	}
	if body := ps.mustGet(ps.client("thiduakt.hcm"), "/inbox"); !strings.Contains(body, id) {
		t.Error("a partly completed, determined case is not in the reward officer's inbox")
	}
}
