package server

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"damlam/internal/casework"
	"damlam/internal/org"
	"damlam/internal/testdb"
	"damlam/internal/webtest"
	"damlam/internal/workflow"
)

// secrets are texts of the fixture's cases that only those in scope may
// read: vote comments, Party opinions, the head's written justification,
// the return's reason, progress and obstacle texts, inspection findings,
// the evaluation's findings, liability and reward decisions.
var secrets = []string{
	"Cần thêm thời gian vận động.", "Chưa đủ kinh phí đối ứng.",
	"Đảng ủy thống nhất chủ trương.", "Đảng ủy đề nghị đánh giá, nhân rộng.", "Đồng ý, đề nghị công khai thu chi hằng tháng.",
	"tôi quyết định và chịu trách nhiệm", "Bổ sung phương án huy động",
	"Họp tập thể lãnh đạo ngày 03/12.", "Đã đổ bê tông 120 m.", "Một hộ chưa đồng ý hiến đất.", "Đã vận động thành công.",
	"chậm công khai sổ thu chi", "Chưa công khai sổ thu chi", "Đã niêm yết.", "Gia hạn do mưa lớn.", "Hoàn thành 280/320 m.",
	"Một đoạn mương phải làm lại.", "Mưa lớn bất thường.", "Dự báo chưa sát.", "Hoàn thành một phần, thiệt hại nhỏ.",
	"12/QĐ-UBKT", "112/QĐ-UBND", "Nhân dân góp vốn và ngày công", "Hẻm xuống cấp",
}

// publicWalk fetches every public URL signed out, starting from the index
// and following every link on this site, and returns the bodies by path.
func publicWalk(t *testing.T, ps *pageSite) map[string]string {
	t.Helper()
	seen := map[string]string{}
	queue := []string{"/cong-khai", "/cong-khai/atom.xml", "/cong-khai/thi-diem.csv", "/cong-khai/thi-diem.json", "/robots.txt"}
	href := regexp.MustCompile(`(?:href|src)="(/[^"#]*)`)
	for len(queue) > 0 {
		path := queue[0]
		queue = queue[1:]
		if _, ok := seen[path]; ok {
			continue
		}
		// A new visitor each time: the language a link chose stays with it.
		p := ps.get(ps.client(""), path)
		if p.status != http.StatusOK {
			t.Fatalf("GET %s signed out: %d", path, p.status)
		}
		seen[path] = p.body
		if strings.HasPrefix(p.header.Get("Content-Type"), "text/html") {
			for _, prob := range webtest.CheckHTML(p.body) {
				t.Errorf("GET %s: html: %s", path, prob)
			}
		}
		for _, m := range href.FindAllStringSubmatch(p.body, -1) {
			u := strings.ReplaceAll(m[1], "&amp;", "&")
			// The language switch and the static files are followed too;
			// only sign-in is not a public page.
			if strings.HasPrefix(u, "/login") || u == "/" {
				continue
			}
			queue = append(queue, u)
		}
	}
	// The inclusion proofs the verify script asks for.
	for path := range seen {
		if m := regexp.MustCompile(`^/cong-khai/[^/]+/xac-minh/(\d+)$`).FindStringSubmatch(path); m != nil {
			p := ps.get(ps.client(""), "/api/v1/log/proof/inclusion?index="+m[1]+"&size="+strconv.FormatInt(ps.logSize(), 10))
			if p.status != http.StatusOK {
				t.Fatalf("inclusion proof of %s: %d", m[1], p.status)
			}
			seen["proof "+m[1]] = p.body
		}
	}
	return seen
}

// TestPublicPageShowsOnlyWhatUnitsChose takes two approved pilots of one
// ward (one approved by the collective, one by the head over a failed
// vote) through their life, and walks every public URL signed out: while
// the ward has not opted in nothing of them shows, even on the page of a
// published ward where the pilot applies; once it opts in, their scope,
// indicators, decisions and log indices show, never a vote, an opinion or
// an internal text, and names only when the ward publishes names.
func TestPublicPageShowsOnlyWhatUnitsChose(t *testing.T) {
	publicPageShowsOnlyWhatUnitsChose(t, newPageSite(t, Options{}))
}

// TestPublicPageOnPostgres is the same walk over PostgreSQL.
func TestPublicPageOnPostgres(t *testing.T) {
	publicPageShowsOnlyWhatUnitsChose(t, newPageSiteOn(t, Options{}, testdb.Postgres(t)))
}

func publicPageShowsOnlyWhatUnitsChose(t *testing.T, ps *pageSite) {
	ctx := context.Background()
	alley := ps.site.AlleyRoad(t, "")
	override := ps.site.Overridden(t)
	cases := casework.New(ps.site.Store)
	admin := ps.site.Person(t, "admin")
	anon := ps.client("")

	// Off by default: no unit, no page.
	if p := ps.get(anon, "/cong-khai/HCM-BTH"); p.status != http.StatusNotFound {
		t.Fatalf("an unpublished ward's page: %d, want 404", p.status)
	}
	// Gia Định publishes; the alley-road pilot applies there but is Bình
	// Thạnh's case.
	if _, err := cases.SetPublication(ctx, admin, "HCM-GD", org.PublicationInput{Published: true, Names: true, Money: true}); err != nil {
		t.Fatal(err)
	}
	pages := publicWalk(t, ps)
	if _, ok := pages["/cong-khai/HCM-GD"]; !ok {
		t.Fatalf("the published ward is not linked from the index; walked %v", walkedPaths(pages))
	}
	for path, body := range pages {
		for _, s := range []string{alley, override, "hẻm 45", "hẻm 12", "45/QĐ-UBND", "51/QĐ-UBND", "Phường Bình Thạnh"} {
			if strings.Contains(body, s) {
				t.Errorf("signed out, %s shows %q of a ward that does not publish", path, s)
			}
		}
	}
	if p := ps.get(anon, "/cong-khai/HCM-BTH/thi-diem.json"); p.status != http.StatusNotFound {
		t.Errorf("an unpublished ward's data: %d, want 404", p.status)
	}

	// Bình Thạnh publishes, without names.
	if _, err := cases.SetPublication(ctx, admin, "HCM-BTH", org.PublicationInput{Published: true, Money: true}); err != nil {
		t.Fatal(err)
	}
	pages = publicWalk(t, ps)
	unit := pages["/cong-khai/HCM-BTH"]
	for _, want := range []string{"Vận động Nhân dân góp vốn làm đường hẻm 45", "Chỉnh trang, làm đẹp hẻm 12 văn minh", "45/QĐ-UBND", "51/QĐ-UBND",
		"Phường Bình Thạnh", "Phường Gia Định", "01/12/2026", "31/03/2027", "Chiều dài hoàn thành", "280 m", "87%",
		"Hoàn thành một phần", "450.000.000"} {
		if !strings.Contains(unit, want) {
			t.Errorf("the ward's page lacks %q", want)
		}
	}
	// Every decision that set a scope is listed with its log index and a
	// verify page, and those are exactly the events' own.
	for _, id := range []string{alley, override} {
		v, err := ps.site.Store.Proposal(ctx, ps.site.Person(t, "chutich.hcm"), id)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, ev := range v.History {
			if ev.Action == workflow.ApprovePilot || ev.Action == workflow.ApproveOverride || ev.Action == workflow.Adjust {
				n++
				path := "/cong-khai/HCM-BTH/xac-minh/" + strconv.FormatInt(ev.LogIndex, 10)
				if _, ok := pages[path]; !ok {
					t.Errorf("%s: decision %s at log index %d has no verify page", id, ev.Action, ev.LogIndex)
				}
			}
		}
		if n == 0 {
			t.Fatalf("%s has no decision that set its scope", id)
		}
	}
	for path, body := range pages {
		for _, s := range secrets {
			if strings.Contains(body, s) {
				t.Errorf("signed out, %s shows %q", path, s)
			}
		}
		for _, m := range cast(t, ps) {
			if strings.Contains(body, m) {
				t.Errorf("signed out, %s names %q though the ward publishes no names", path, m)
			}
		}
	}
	// A verify page of an index that is no published decision is 404.
	if p := ps.get(anon, "/cong-khai/HCM-BTH/xac-minh/0"); p.status != http.StatusNotFound {
		t.Errorf("verify page of an organisation entry: %d, want 404", p.status)
	}

	// The open data holds the same rows as the page.
	var data publicJSON
	if err := json.Unmarshal([]byte(pages["/cong-khai/HCM-BTH/thi-diem.json"]), &data); err != nil {
		t.Fatal(err)
	}
	if len(data.Pilots) != 2 {
		t.Fatalf("the JSON has %d pilots, want 2", len(data.Pilots))
	}
	for _, p := range data.Pilots {
		if p.Proposer != "" || p.BudgetVND == nil {
			t.Errorf("%s: proposer %q, budget %v: want no name and the budget", p.ID, p.Proposer, p.BudgetVND)
		}
		if !strings.Contains(unit, `id="`+p.ID+`"`) {
			t.Errorf("%s is in the JSON, not on the page", p.ID)
		}
	}
	lines := strings.Split(strings.TrimSpace(pages["/cong-khai/HCM-BTH/thi-diem.csv"]), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[0], "id,title,field") {
		t.Errorf("the CSV: %q", lines)
	}
	var feed atomDoc
	if err := xml.Unmarshal([]byte(pages["/cong-khai/HCM-BTH/atom.xml"]), &feed); err != nil {
		t.Fatal(err)
	}
	if len(feed.Entries) != 2 || feed.Updated == "" {
		t.Errorf("the feed: %d entries, updated %q", len(feed.Entries), feed.Updated)
	}

	// With names, the proposers are named, and no one else.
	if _, err := cases.SetPublication(ctx, admin, "HCM-BTH", org.PublicationInput{Published: true, Names: true}); err != nil {
		t.Fatal(err)
	}
	unit = ps.get(anon, "/cong-khai/HCM-BTH").body
	for _, name := range []string{"Ngô Văn Hùng", "Bùi Thị Hạnh"} {
		if !strings.Contains(unit, name) {
			t.Errorf("with names, the page lacks the proposer %q", name)
		}
	}
	for _, name := range []string{"Huỳnh Thị Lan", "Đỗ Minh Tuấn", "Lý Thanh Sơn", "Phan Văn Lợi", "Phạm Thu Hà"} {
		if strings.Contains(unit, name) {
			t.Errorf("with names, the page names %q, who proposed nothing", name)
		}
	}
	if strings.Contains(unit, "450.000.000") {
		t.Error("without money, the page shows the budget")
	}
	// Opting out takes the page away at once.
	if _, err := cases.SetPublication(ctx, admin, "HCM-BTH", org.PublicationInput{}); err != nil {
		t.Fatal(err)
	}
	if p := ps.get(anon, "/cong-khai/HCM-BTH"); p.status != http.StatusNotFound {
		t.Errorf("after opting out: %d, want 404", p.status)
	}
	if strings.Contains(ps.get(anon, "/cong-khai/thi-diem.json").body, alley) {
		t.Error("after opting out, the open data still holds the ward's pilot")
	}
}

// cast is every fixture person's name.
func cast(t *testing.T, ps *pageSite) []string {
	t.Helper()
	var out []string
	for _, id := range everyone {
		out = append(out, ps.site.Person(t, id).Name)
	}
	return out
}

func walkedPaths(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestPublicPageIsCachedPerChange asks twice with nothing changed (the
// same bytes and ETag, 304 on If-None-Match) and once after a decision
// (a new ETag, the new progress shown).
func TestPublicPageIsCachedPerChange(t *testing.T) {
	ps := newPageSite(t, Options{})
	ctx := context.Background()
	id := ps.site.AlleyRoad(t, workflow.InImplementation)
	if _, err := casework.New(ps.site.Store).SetPublication(ctx, nil, "HCM-BTH", org.PublicationInput{Published: true}); err != nil {
		t.Fatal(err)
	}
	anon := ps.client("")
	first := ps.get(anon, "/cong-khai/HCM-BTH")
	second := ps.get(anon, "/cong-khai/HCM-BTH")
	if first.status != 200 || first.body != second.body || first.header.Get("ETag") == "" || first.header.Get("ETag") != second.header.Get("ETag") {
		t.Fatalf("two reads without a change: %d, etags %q %q", first.status, first.header.Get("ETag"), second.header.Get("ETag"))
	}
	if cc := first.header.Get("Cache-Control"); !strings.Contains(cc, "public") {
		t.Errorf("Cache-Control %q", cc)
	}
	req, _ := http.NewRequest("GET", ps.base+"/cong-khai/HCM-BTH", nil)
	req.Header.Set("If-None-Match", first.header.Get("ETag"))
	res, err := anon.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusNotModified {
		t.Errorf("If-None-Match: %d, want 304", res.StatusCode)
	}
	if strings.Contains(first.body, "280 m") {
		t.Fatal("progress shown before it was reported")
	}
	ps.site.Continue(t, id, workflow.CompletionReported)
	third := ps.get(anon, "/cong-khai/HCM-BTH")
	if third.header.Get("ETag") == first.header.Get("ETag") || !strings.Contains(third.body, "280 m") {
		t.Errorf("after the completion report: etag %q (was %q), shows 280 m: %v", third.header.Get("ETag"), first.header.Get("ETag"), strings.Contains(third.body, "280 m"))
	}
}

// TestPublicationIsTheAdministratorsChoice: only an administrator of the
// unit chooses, through the page; anyone else is refused and nothing is
// written.
func TestPublicationIsTheAdministratorsChoice(t *testing.T) {
	ps := newPageSite(t, Options{})
	ctx := context.Background()
	body := ps.mustGet(ps.client("admin"), "/admin/cong-khai?unit=HCM-BTH")
	if !strings.Contains(body, `name="published"`) || strings.Contains(body, `name="published" value="1" checked`) {
		t.Fatalf("the form: a unit starts unpublished\n%s", body)
	}
	for _, who := range []string{"chutich.bth", "canbo.bth", "chutich.hcm", "kiemtra.hcm"} {
		p := ps.post(ps.client(who), "/admin/cong-khai", url.Values{"unit_id": {"HCM-BTH"}, "published": {"1"}})
		if p.status != http.StatusForbidden {
			t.Errorf("%s choosing for the ward: %d, want 403", who, p.status)
		}
		if got, _ := ps.site.Store.Publication(ctx, "HCM-BTH"); got.Published {
			t.Fatalf("%s's refused choice was written", who)
		}
	}
	p := ps.post(ps.client("admin"), "/admin/cong-khai", url.Values{"unit_id": {"NO-SUCH"}, "published": {"1"}})
	if p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, "NO-SUCH") {
		t.Errorf("an unknown unit: %d", p.status)
	}
	p = ps.post(ps.client("admin"), "/admin/cong-khai", url.Values{"unit_id": {"HCM-BTH"}, "published": {"1"}, "money": {"1"}})
	if p.status != http.StatusSeeOther {
		t.Fatalf("the administrator's choice: %d\n%s", p.status, p.body)
	}
	got, err := ps.site.Store.Publication(ctx, "HCM-BTH")
	if err != nil || !got.Published || got.Names || !got.Money {
		t.Errorf("stored %+v, %v", got, err)
	}
	ps.mustGet(ps.client("admin"), "/admin/cong-khai?unit=HCM-BTH&done=1")

	// The same through the API.
	put := func(who, body string) int {
		req, _ := http.NewRequest("PUT", ps.base+"/api/v1/units/HCM-BTH/publication", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		res, err := ps.client(who).Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	if st := put("chutich.bth", `{"published":false}`); st != http.StatusForbidden {
		t.Errorf("the ward's head through the API: %d, want 403", st)
	}
	if st := put("admin", `{"published":true,"names":tru}`); st != http.StatusBadRequest {
		t.Errorf("malformed JSON: %d, want 400", st)
	}
	if got, _ := ps.site.Store.Publication(ctx, "HCM-BTH"); !got.Published || !got.Money {
		t.Fatalf("a refused call changed the choice: %+v", got)
	}
	if st := put("admin", `{"published":true,"names":true}`); st != http.StatusOK {
		t.Errorf("the administrator through the API: %d", st)
	}
	if got, _ := ps.site.Store.Publication(ctx, "HCM-BTH"); !got.Names || got.Money {
		t.Errorf("stored %+v", got)
	}
}
