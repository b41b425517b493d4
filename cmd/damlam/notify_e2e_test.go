package main

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"damlam/internal/mailtest"
	"damlam/internal/testdb"
)

// notices reads a person's notifications through the API, as kinds.
func (in *instance) notices(token, filter string) []map[string]any {
	in.t.Helper()
	r := in.call("GET", "/api/v1/notifications?filter="+filter, token, nil)
	if r.status != 200 {
		in.t.Fatalf("notifications: %d %s", r.status, r.body)
	}
	var out []map[string]any
	if err := json.Unmarshal(r.body, &out); err != nil {
		in.t.Fatal(err)
	}
	return out
}

func kinds(ns []map[string]any, id string) []string {
	var out []string
	for _, n := range ns {
		if n["proposal_id"] == id {
			out = append(out, str(n["kind"]))
		}
	}
	slices.Sort(out)
	return out
}

// mailbox is what the SMTP server accepted, by recipient, as decoded
// subjects; it fails the test if a message arrived twice.
func mailbox(t *testing.T, srv *mailtest.Server) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	seen := map[string]bool{}
	for _, m := range srv.Messages() {
		p, err := m.Parse()
		if err != nil {
			t.Fatal(err)
		}
		id := p.Header.Get("X-Damlam-Outbox")
		if seen[id] {
			t.Fatalf("message %s arrived twice", id)
		}
		seen[id] = true
		for _, to := range m.To {
			out[to] = append(out[to], p.Subject)
		}
	}
	return out
}

// TestNotificationsAndMailThroughTheAPI: a submission mails the head and
// tells them in the app; the vote tells each eligible member and not the
// recused proposer; refused decisions tell nobody; the approval reaches
// the proposer, subject byte for byte.
func TestNotificationsAndMailThroughTheAPI(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dialect, dsn string) {
		srv := mailtest.Start(t, mailtest.Options{})
		env := dbEnv(dialect, dsn)
		env["DAMLAM_SMTP"] = srv.URL()
		env["DAMLAM_NOW"] = "2026-11-26T03:00:00Z" // Thursday 10:00 in Hà Nội
		dir := t.TempDir()
		boot := &instance{t: t, data: dir, env: env}
		writeFile(t, dir, "units.csv", unitsCSV)
		if out, err := boot.cli("", "import", "units", dir+"/units.csv"); err != nil {
			t.Fatalf("import units: %v\n%s", err, out)
		}
		if out, err := boot.cli(testPassword+"\n", "user", "add", "--id", "admin", "--name", "Quản trị", "--email", "admin@test.vn",
			"--unit", "VN", "--position", "staff", "--role", "admin", "--password-stdin"); err != nil {
			t.Fatalf("user add: %v\n%s", err, out)
		}
		in := startServer(t, dir, env, "--mail-every", "50ms", "--mail-from", "Hệ thống damlam <noreply@test.vn>")
		admin := in.login("admin@test.vn")
		seedPeople(t, in, admin)
		proposer := in.login("pct1.bth@test.vn")
		head := in.login("chutich.bth@test.vn")
		party := in.login("danguy.bth@test.vn")
		deputies := []string{in.login("pct2.bth@test.vn"), in.login("pct3.bth@test.vn"), in.login("pct4.bth@test.vn")}

		id := str(in.must(201, "POST", "/api/v1/proposals", proposer, map[string]any{"unit_id": "HCM-BTH", "content": alleyRoadContent()})["id"])
		path := "/api/v1/proposals/" + id
		title := "Vận động Nhân dân góp vốn làm đường hẻm 45"
		in.must(200, "POST", path+"/submit", proposer, nil)
		srv.Wait(1, 10*time.Second)
		if box := mailbox(t, srv); !slices.Equal(box["chutich.bth@test.vn"], []string{"Đề xuất " + id + " cần được xem xét: " + title}) || len(box) != 1 {
			t.Fatalf("after submission the mailbox holds %v", box)
		}
		ns := in.notices(head, "unread")
		if len(ns) != 1 || ns[0]["kind"] != "submitted" || ns[0]["link"] != "/proposals/"+id || ns[0]["read"] != false {
			t.Fatalf("head's notices %v", ns)
		}
		if st := in.must(200, "GET", "/api/v1/me/notify", head, nil); st["unread"] != 1.0 || st["mail"] != "every" {
			t.Fatalf("head's settings %v", st)
		}

		// One deputy reads English: their mail and notices are written in
		// it; everyone else's stay Vietnamese.
		if r := in.call("PUT", "/api/v1/me/notify", deputies[0], map[string]any{"lang": "fr"}); r.status != 422 || !strings.Contains(string(r.body), "Ngôn ngữ không hợp lệ") {
			t.Fatalf("bad language: %d %s", r.status, r.body)
		}
		if st := in.must(200, "PUT", "/api/v1/me/notify", deputies[0], map[string]any{"lang": "en"}); st["lang"] != "en" || st["mail"] != "every" {
			t.Fatalf("choosing English: %v", st)
		}
		in.must(200, "POST", path+"/convene", head, map[string]any{"note": "Họp tập thể lãnh đạo ngày 03/12"})
		in.must(200, "POST", path+"/party_opinion", party, map[string]any{"opinion": "agree", "text": "Đảng ủy thống nhất chủ trương."})
		// Submitted 1, convened 2 (Party committee, proposer), the vote 4.
		srv.Wait(7, 10*time.Second)
		box := mailbox(t, srv)
		invite := "Mời biểu quyết đề xuất " + id + ", hạn 07/12/2026: " + title
		for _, who := range []string{"chutich.bth", "pct3.bth", "pct4.bth"} {
			if !slices.Contains(box[who+"@test.vn"], invite) {
				t.Fatalf("%s was not invited to vote: %v", who, box)
			}
		}
		inviteEN := "Please vote on proposal " + id + " by 07/12/2026: " + title
		if got := box["pct2.bth@test.vn"]; !slices.Equal(got, []string{inviteEN}) {
			t.Fatalf("the deputy who reads English got %q, want %q", got, inviteEN)
		}
		for _, m := range srv.Messages() {
			p, err := m.Parse()
			if err != nil {
				t.Fatal(err)
			}
			en := m.To[0] == "pct2.bth@test.vn"
			if en != strings.Contains(p.Text, "Dear ") || en == strings.Contains(p.Text, "Kính gửi ") || en == strings.Contains(p.HTML, "Mở trang xử lý") {
				t.Fatalf("mail to %s is in the wrong language:\n%s", m.To[0], p.Text)
			}
		}
		if ns := in.notices(deputies[0], "unread"); len(ns) != 1 || ns[0]["text"] != inviteEN {
			t.Fatalf("the English reader's notices %v", ns)
		}
		if ns := in.notices(deputies[1], "unread"); len(ns) != 1 || ns[0]["text"] != invite {
			t.Fatalf("a Vietnamese reader's notices %v", ns)
		}
		if slices.Contains(box["pct1.bth@test.vn"], invite) || slices.Contains(kinds(in.notices(proposer, "all"), id), "vote_open") {
			t.Fatalf("the recused proposer was invited to vote: %v", box["pct1.bth@test.vn"])
		}
		if got := kinds(in.notices(deputies[0], "unread"), id); !slices.Equal(got, []string{"vote_open"}) {
			t.Fatalf("a deputy's notices %v", got)
		}

		// Refused decisions tell nobody and mail nothing.
		before := len(srv.Messages())
		total := func() float64 { // rows in the outbox, whatever their state
			c := in.must(200, "GET", "/api/v1/admin/outbox?state=pending", admin, nil)["counts"].(map[string]any)
			return c["pending"].(float64) + c["sent"].(float64) + c["failed"].(float64)
		}
		rows := total()
		for _, c := range []struct {
			token, action string
			body          any
			status        int
		}{
			{deputies[0], "approve_pilot", map[string]any{"document_number": "1/QĐ", "scope": pilotScope("2026-12-01", "2027-02-28")}, 403},
			{head, "allocate_resources", map[string]any{"money_vnd": 1, "source": "Ngân sách"}, 409},
			{head, "vote", map[string]any{"ballot": "maybe"}, 422},
		} {
			if r := in.call("POST", path+"/"+c.action, c.token, c.body); r.status != c.status {
				t.Fatalf("%s: %d, want %d: %s", c.action, r.status, c.status, r.body)
			}
		}
		time.Sleep(300 * time.Millisecond) // several worker rounds
		if after := total(); len(srv.Messages()) != before || after != rows {
			t.Fatalf("refused decisions mailed: %d → %d messages, %v → %v outbox rows", before, len(srv.Messages()), rows, after)
		}

		in.must(200, "POST", path+"/vote", head, map[string]any{"ballot": "yes"})
		for _, d := range deputies {
			in.must(200, "POST", path+"/vote", d, map[string]any{"ballot": "yes"})
		}
		in.must(200, "POST", path+"/approve_pilot", head, map[string]any{"document_number": "45/QĐ-UBND", "scope": pilotScope("2026-12-01", "2027-02-28")})
		srv.Wait(before+1, 10*time.Second)
		approved := "Đề xuất " + id + " đã được chấp thuận thí điểm: " + title
		var got *mailtest.Parsed
		for _, m := range srv.Messages() {
			p, err := m.Parse()
			if err != nil {
				t.Fatal(err)
			}
			if m.To[0] == "pct1.bth@test.vn" && strings.Contains(p.Subject, "chấp thuận") {
				got = &p
			}
		}
		if got == nil {
			t.Fatalf("the proposer got no mail of the approval: %v", mailbox(t, srv))
		}
		if got.Subject != approved || string([]byte(got.Subject)) != string([]byte(approved)) {
			t.Fatalf("subject % x\nwant    % x", got.Subject, approved)
		}
		if !strings.Contains(got.Text, "http://127.0.0.1") || !strings.Contains(got.Text, "/proposals/"+id+"/pilot") || !strings.Contains(got.HTML, "<a href=") {
			t.Fatalf("the approval's parts:\n%s\n%s", got.Text, got.HTML)
		}
		if from := got.Header.Get("From"); !strings.Contains(from, "noreply@test.vn") {
			t.Fatalf("from %q", from)
		}
		if got := kinds(in.notices(proposer, "unread"), id); !slices.Equal(got, []string{"approved_pilot", "convened_proposer"}) {
			t.Fatalf("proposer's notices %v", got)
		}
		mailbox(t, srv) // each message once

		// The outbox page is the system administrator's only.
		if r := in.call("GET", "/api/v1/admin/outbox", proposer, nil); r.status != 403 {
			t.Fatalf("a deputy read the outbox: %d", r.status)
		}
		for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
			c := in.must(200, "GET", "/api/v1/admin/outbox", admin, nil)["counts"].(map[string]any)
			if c["pending"] == 0.0 {
				break
			}
		}
		sent := in.must(200, "GET", "/api/v1/admin/outbox?state=sent&limit=200", admin, nil)
		if sent["mail"] != true || len(sent["items"].([]any)) != len(srv.Messages()) {
			t.Fatalf("sent page %v, %d messages", sent["counts"], len(srv.Messages()))
		}
		// Preferences: a bad choice is refused in the user's language.
		r := in.call("PUT", "/api/v1/me/notify", proposer, map[string]any{"mail": "sometimes"})
		if r.status != 422 || !strings.Contains(string(r.body), "Cách nhận thông báo không hợp lệ") {
			t.Fatalf("bad preference: %d %s", r.status, r.body)
		}
		if st := in.must(200, "PUT", "/api/v1/me/notify", proposer, map[string]any{"mail": "digest"}); st["mail"] != "digest" {
			t.Fatalf("preference %v", st)
		}
		if r := in.call("GET", "/api/v1/notifications?filter=old", proposer, nil); r.status != 422 {
			t.Fatalf("bad filter: %d %s", r.status, r.body)
		}
		if st := in.must(200, "POST", "/api/v1/notifications/read", proposer, nil); st["unread"] != 0.0 {
			t.Fatalf("after reading all: %v", st)
		}
	})
}

// TestReminderThenEscalation: with the clock fixed two working days
// before the due date, damlam remind tells the head; again the same day,
// nothing; on the day after the due date, escalation tells the superior.
func TestReminderThenEscalation(t *testing.T) {
	env := map[string]string{"DAMLAM_NOW": "2026-11-26T03:00:00Z"}
	dir := t.TempDir()
	boot := &instance{t: t, data: dir, env: env}
	writeFile(t, dir, "units.csv", unitsCSV)
	if out, err := boot.cli("", "import", "units", dir+"/units.csv"); err != nil {
		t.Fatalf("import units: %v\n%s", err, out)
	}
	if out, err := boot.cli(testPassword+"\n", "user", "add", "--id", "admin", "--name", "Quản trị", "--email", "admin@test.vn",
		"--unit", "VN", "--position", "staff", "--role", "admin", "--password-stdin"); err != nil {
		t.Fatalf("user add: %v\n%s", err, out)
	}
	in := startServer(t, dir, env)
	admin := in.login("admin@test.vn")
	seedPeople(t, in, admin)
	proposer := in.login("pct1.bth@test.vn")
	head := in.login("chutich.bth@test.vn")
	superior := in.login("chutich.hcm@test.vn")
	id := str(in.must(201, "POST", "/api/v1/proposals", proposer, map[string]any{"unit_id": "HCM-BTH", "content": alleyRoadContent()})["id"])
	in.must(200, "POST", "/api/v1/proposals/"+id+"/submit", proposer, nil) // due Monday 07/12/2026
	srv := mailtest.Start(t, mailtest.Options{})
	for _, c := range []struct {
		now, out string
		kinds    []string
	}{
		{"2026-12-02T01:00:00Z", "đã nhắc 0 việc", []string{"submitted"}},
		{"2026-12-03T01:00:00Z", id + "\tSUBMITTED\tbefore\thạn/due 2026-12-07\t→ chutich.bth", []string{"remind_before", "submitted"}},
		{"2026-12-03T09:00:00Z", "đã nhắc 0 việc", []string{"remind_before", "submitted"}},
		{"2026-12-07T01:00:00Z", id + "\tSUBMITTED\tdue_day", []string{"remind_before", "remind_due_day", "submitted"}},
		{"2026-12-08T01:00:00Z", "đã nhắc 0 việc", []string{"remind_before", "remind_due_day", "submitted"}},
	} {
		env["DAMLAM_NOW"] = c.now
		out, err := in.cli("", "remind", "--smtp", srv.URL())
		if err != nil || !strings.Contains(out, c.out) {
			t.Fatalf("%s: remind: %v\n%s", c.now, err, out)
		}
		if got := kinds(in.notices(head, "all"), id); !slices.Equal(got, c.kinds) {
			t.Fatalf("%s: head's notices %v, want %v", c.now, got, c.kinds)
		}
	}
	if out, err := in.cli("", "escalate"); err != nil || !strings.Contains(out, "escalated 1") {
		t.Fatalf("escalate: %v\n%s", err, out)
	}
	if got := kinds(in.notices(superior, "all"), id); !slices.Equal(got, []string{"escalation"}) {
		t.Fatalf("the superior's notices %v", got)
	}
	// The reminders went by mail too, each once; the head's submission
	// notice as well (remind sends the whole outbox).
	box := mailbox(t, srv)
	if len(box["chutich.bth@test.vn"]) != 3 {
		t.Fatalf("head's mail %v", box)
	}
}

// TestServeWithoutNotices: serve --no-notices (the benchmark's switch)
// records the decision and writes neither a notice nor a mail; the same
// data served again without it tells the next step's people.
func TestServeWithoutNotices(t *testing.T) {
	env := map[string]string{"DAMLAM_NOW": "2026-11-26T03:00:00Z"}
	dir := t.TempDir()
	boot := &instance{t: t, data: dir, env: env}
	writeFile(t, dir, "units.csv", unitsCSV)
	if out, err := boot.cli("", "import", "units", dir+"/units.csv"); err != nil {
		t.Fatalf("import units: %v\n%s", err, out)
	}
	if out, err := boot.cli(testPassword+"\n", "user", "add", "--id", "admin", "--name", "Quản trị", "--email", "admin@test.vn",
		"--unit", "VN", "--position", "staff", "--role", "admin", "--password-stdin"); err != nil {
		t.Fatalf("user add: %v\n%s", err, out)
	}
	outbox := func(in *instance, admin string) float64 {
		c := in.must(200, "GET", "/api/v1/admin/outbox", admin, nil)["counts"].(map[string]any)
		return c["pending"].(float64) + c["sent"].(float64) + c["failed"].(float64)
	}
	var id, admin, proposer, head string
	t.Run("no-notices", func(t *testing.T) { // the server stops when this ends
		quiet := startServer(t, dir, env, "--no-notices")
		admin = quiet.login("admin@test.vn")
		seedPeople(t, quiet, admin)
		proposer, head = quiet.login("pct1.bth@test.vn"), quiet.login("chutich.bth@test.vn")
		id = str(quiet.must(201, "POST", "/api/v1/proposals", proposer, map[string]any{"unit_id": "HCM-BTH", "content": alleyRoadContent()})["id"])
		quiet.must(200, "POST", "/api/v1/proposals/"+id+"/submit", proposer, nil)
		if got := kinds(quiet.notices(head, "all"), id); len(got) != 0 || outbox(quiet, admin) != 0 {
			t.Fatalf("--no-notices told the head %v, %v mails", got, outbox(quiet, admin))
		}
	})
	if t.Failed() {
		return
	}
	loud := startServer(t, dir, env)
	loud.must(200, "POST", "/api/v1/proposals/"+id+"/convene", head, nil)
	if got := kinds(loud.notices(proposer, "all"), id); !slices.Equal(got, []string{"convened_proposer"}) || outbox(loud, admin) == 0 {
		t.Fatalf("without --no-notices the proposer was told %v, %v mails", got, outbox(loud, admin))
	}
}
