package main

import (
	"net/url"
	"strings"
	"testing"

	"damlam/internal/testdb"
)

// TestAPIAroundTheCase covers what surrounds the lifecycle: lists and
// search, attachments by digest, the calendar administrators set, the
// public log endpoints, and authentication.
func TestAPIAroundTheCase(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dialect, dsn string) { apiAroundTheCase(t, dbEnv(dialect, dsn)) })
}

func apiAroundTheCase(t *testing.T, env map[string]string) {
	dir := t.TempDir()
	boot := &instance{t: t, data: dir, env: env}
	writeFile(t, dir, "units.csv", unitsCSV)
	if out, err := boot.cli("", "import", "units", dir+"/units.csv"); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if out, err := boot.cli(testPassword+"\n", "user", "add", "--id", "admin", "--name", "Quản trị", "--email", "admin@test.vn",
		"--unit", "VN", "--role", "admin", "--password-stdin"); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	in := startServer(t, dir, boot.env)
	admin := in.login("admin@test.vn")
	seedPeople(t, in, admin)
	proposer := in.login("pct1.bth@test.vn")
	head := in.login("chutich.bth@test.vn")
	otherHead := in.login("chutich.gd@test.vn")

	// Authentication.
	if r := in.call("GET", "/api/v1/inbox", "", nil); r.status != 401 {
		t.Fatalf("no token: %d", r.status)
	}
	if r := in.call("GET", "/api/v1/inbox", "dl_forged", nil); r.status != 401 {
		t.Fatalf("forged token: %d", r.status)
	}
	if r := in.call("POST", "/api/v1/login", "", map[string]string{"email": "admin@test.vn", "password": "wrong-password"}); r.status != 401 {
		t.Fatalf("wrong password: %d", r.status)
	}

	p := in.must(201, "POST", "/api/v1/proposals", proposer, map[string]any{"unit_id": "HCM-BTH", "content": alleyRoadContent()})
	id := p["id"].(string)
	// Attachments are stored by digest and listed on the case.
	a := in.must(201, "POST", "/api/v1/proposals/"+id+"/attachments?name=phuong-an.txt", proposer, "Phương án vận động Nhân dân góp vốn.")
	sum := a["sha256"].(string)
	if len(sum) != 64 {
		t.Fatalf("attachment %v", a)
	}
	if r := in.call("GET", "/api/v1/proposals/"+id+"/attachments/"+sum, head, nil); r.status != 200 || string(r.body) != "Phương án vận động Nhân dân góp vốn." {
		t.Fatalf("download: %d %q", r.status, r.body)
	}
	m := in.must(200, "POST", "/api/v1/proposals/"+id+"/submit", proposer, nil)
	if !strings.Contains(str(m["event"]), sum) {
		t.Errorf("the submission does not record the attachment's digest: %v", m["event"])
	}

	// Search ignores diacritics and case; filters narrow; scope hides.
	for q, want := range map[string]int{"lam duong hem": 1, "LÀM ĐƯỜNG": 1, "kênh rạch": 0} {
		list := in.must(200, "GET", "/api/v1/proposals?q="+url.QueryEscape(q), head, nil)
		if n := len(list["items"].([]any)); n != want {
			t.Errorf("search %q: %d results, want %d", q, n, want)
		}
	}
	if n := len(in.must(200, "GET", "/api/v1/proposals?state=SUBMITTED&unit=HCM-BTH", head, nil)["items"].([]any)); n != 1 {
		t.Errorf("state and unit filter: %d", n)
	}
	if n := len(in.must(200, "GET", "/api/v1/proposals?state=DRAFT", head, nil)["items"].([]any)); n != 0 {
		t.Errorf("state filter: %d", n)
	}
	if n := len(in.must(200, "GET", "/api/v1/proposals", otherHead, nil)["items"].([]any)); n != 0 {
		t.Errorf("another ward's head lists %d of our cases", n)
	}
	if r := in.call("GET", "/api/v1/proposals/"+id, otherHead, nil); r.status != 404 {
		t.Errorf("another ward's head reads the case: %d", r.status)
	}
	if r := in.call("GET", "/api/v1/proposals?state=NOPE", head, nil); r.status != 400 {
		t.Errorf("unknown state filter: %d", r.status)
	}
	inbox := in.call("GET", "/api/v1/inbox", head, nil)
	if inbox.status != 200 || !strings.Contains(string(inbox.body), id) {
		t.Errorf("the head's inbox lacks the case: %s", inbox.body)
	}

	// The calendar: an announced day off moves deadlines; only administrators set it.
	if r := in.call("PUT", "/api/v1/calendar/days/2027-01-04", head, map[string]string{"kind": "off", "note": "Nghỉ bù"}); r.status != 403 {
		t.Errorf("a head set the national calendar: %d", r.status)
	}
	cy := in.must(200, "PUT", "/api/v1/calendar/days/2027-01-04", admin, map[string]string{"kind": "off", "note": "Nghỉ bù Tết Dương lịch"})
	if !strings.Contains(str(cy["announced"]), "2027-01-04") {
		t.Errorf("announced days: %v", cy["announced"])
	}
	year := in.must(200, "GET", "/api/v1/calendar/2026", "", nil)
	if !strings.Contains(str(year["holidays"]), "2026-02-17") {
		t.Errorf("Tết 2026 missing from the holidays: %v", year["holidays"])
	}
	if r := in.call("PUT", "/api/v1/calendar/days/2027-02-30", admin, map[string]string{"kind": "off", "note": "x"}); r.status != 422 {
		t.Errorf("impossible date: %d", r.status)
	}

	// Posts and roles change: the deputy acting as head while the head is
	// away may convene; once the post ends, they may not.
	if r := in.call("POST", "/api/v1/people/pct2.bth/seats", head, map[string]string{"unit_id": "HCM-BTH", "position": "head"}); r.status != 403 {
		t.Errorf("a head gave out posts: %d", r.status)
	}
	in.must(200, "POST", "/api/v1/people/pct2.bth/seats", admin, map[string]string{"unit_id": "HCM-BTH", "position": "head"})
	acting := in.login("pct2.bth@test.vn")
	in.must(200, "DELETE", "/api/v1/people/pct2.bth/seats/HCM-BTH", admin, nil)
	if r := in.call("POST", "/api/v1/proposals/"+id+"/convene", acting, nil); r.status != 403 {
		t.Errorf("convened after the post ended: %d", r.status)
	}
	in.must(200, "POST", "/api/v1/people/chutich.gd/grants", admin, map[string]string{"unit_id": "HCM-GD", "role": "inspector"})
	in.must(200, "DELETE", "/api/v1/people/chutich.gd/grants/inspector/HCM-GD", admin, nil)
	if r := in.call("DELETE", "/api/v1/people/chutich.gd/grants/inspector/HCM-GD", admin, nil); r.status != 404 {
		t.Errorf("removing a role twice: %d", r.status)
	}
	if r := in.call("DELETE", "/api/v1/people/admin/grants/admin/VN", admin, nil); r.status != 409 {
		t.Errorf("an administrator removed their own administration: %d", r.status)
	}

	// The log is public within the deployment.
	for _, path := range []string{"/api/v1/log/checkpoint", "/api/v1/log/entries/0", "/api/v1/log/keys", "/api/v1/log/proof/inclusion?index=0&size=1",
		"/api/v1/openapi.json", "/api/docs", "/api/v1/lifecycle", "/healthz"} {
		if r := in.call("GET", path, "", nil); r.status != 200 {
			t.Errorf("%s: %d %s", path, r.status, r.body)
		}
	}
	leaf := in.call("GET", "/api/v1/log/entries/0", "", nil)
	if !strings.HasPrefix(string(leaf.body), "damlam-leaf v1\n") || strings.Contains(string(leaf.body), "Ngô Văn Hùng") {
		t.Errorf("leaf 0 is not a personal-data-free leaf: %q", leaf.body)
	}
	if r := in.call("GET", "/api/v1/log/proof/inclusion?index=5&size=1", "", nil); r.status < 400 || r.status >= 500 {
		t.Errorf("a proof beyond the tree: %d", r.status)
	}
}
