package main

import (
	"encoding/json"
	"strings"
	"testing"

	"damlam/internal/testdb"
)

const unitsCSV = `id,parent_id,name,kind,party_committee
VN,,Việt Nam,nation,
HCM,VN,Thành phố Hồ Chí Minh,province,Thành ủy TP.HCM
HCM-BTH,HCM,Phường Bình Thạnh,ward,Đảng ủy phường Bình Thạnh
HCM-GD,HCM,Phường Gia Định,ward,Đảng ủy phường Gia Định
HCM-BQ,HCM,Phường Bình Quới,ward,Đảng ủy phường Bình Quới
HCM-SG,HCM,Phường Sài Gòn,ward,Đảng ủy phường Sài Gòn
`

// seedPeople creates the alley-road case's cast through the API, as the
// administrator would.
func seedPeople(t testing.TB, in *instance, admin string) {
	type seat struct{ unit, pos string }
	cast := []struct {
		id, name string
		seat     seat
		roles    []string
	}{
		{"chutich.bth", "Huỳnh Thị Lan", seat{"HCM-BTH", "head"}, nil},
		{"pct1.bth", "Ngô Văn Hùng", seat{"HCM-BTH", "deputy"}, nil},
		{"pct2.bth", "Bùi Thị Hạnh", seat{"HCM-BTH", "deputy"}, nil},
		{"pct3.bth", "Đỗ Minh Tuấn", seat{"HCM-BTH", "deputy"}, nil},
		{"pct4.bth", "Lý Thanh Sơn", seat{"HCM-BTH", "deputy"}, nil},
		{"danguy.bth", "Phan Văn Lợi", seat{"HCM-BTH", "staff"}, []string{"party_committee"}},
		{"chutich.gd", "Chủ tịch Gia Định", seat{"HCM-GD", "head"}, nil},
		{"chutich.bq", "Chủ tịch Bình Quới", seat{"HCM-BQ", "head"}, nil},
		{"chutich.sg", "Chủ tịch Sài Gòn", seat{"HCM-SG", "head"}, nil},
		{"chutich.hcm", "Nguyễn Văn Thành", seat{"HCM", "head"}, nil},
		{"kiemtra.hcm", "Phạm Thu Hà", seat{"HCM", "staff"}, []string{"inspector"}},
		{"thiduakt.hcm", "Võ Hoàng Long", seat{"HCM", "staff"}, []string{"reward_officer"}},
		{"kyluat.hcm", "Đặng Quốc Bảo", seat{"HCM", "staff"}, []string{"disciplinary"}},
	}
	for _, c := range cast {
		body := map[string]any{"id": c.id, "name": c.name, "email": c.id + "@test.vn", "password": testPassword,
			"seats": []map[string]string{{"unit_id": c.seat.unit, "position": c.seat.pos}}}
		var grants []map[string]string
		for _, r := range c.roles {
			grants = append(grants, map[string]string{"role": r, "unit_id": c.seat.unit})
		}
		body["grants"] = grants
		in.must(201, "POST", "/api/v1/people", admin, body)
	}
}

func alleyRoadContent() map[string]any {
	return map[string]any{
		"title":            "Vận động Nhân dân góp vốn làm đường hẻm 45",
		"field":            "Giao thông – hạ tầng",
		"legal_basis":      "decree73",
		"bottleneck":       map[string]string{"kind": "missing", "rule": "Chưa có quy định về Nhân dân góp vốn làm hẻm", "level": "locality"},
		"necessity":        "Hẻm xuống cấp, ngập khi mưa.",
		"purpose":          "Cải thiện hạ tầng với sự tham gia của Nhân dân.",
		"contents":         "Nhà nước hỗ trợ vật tư, Nhân dân góp vốn và ngày công bê tông hóa 320 m hẻm.",
		"timeline":         "60 ngày",
		"resources":        map[string]any{"money_vnd": 450000000, "people": "Ban điều hành khu phố"},
		"positive_impacts": "Hẻm không ngập.",
		"checklist": map[string]bool{"removes_bottleneck": true, "common_good": true, "urgent_need": true,
			"no_security_impact": true, "no_harm_to_others": true},
		"pilot_requested": true,
		"pilot":           pilotScope("2026-12-01", "2027-02-28"),
	}
}

func pilotScope(start, end string) map[string]any {
	return map[string]any{"units": []string{"HCM-BTH", "HCM-GD"}, "start": start, "end": end, "budget_vnd": 450000000,
		"indicators": []map[string]any{{"name": "Chiều dài hoàn thành", "unit": "m", "target": 320}}}
}

// logSize reads the tree size from the latest checkpoint.
func logSize(t *testing.T, in *instance) string {
	t.Helper()
	r := in.call("GET", "/api/v1/log/checkpoint", "", nil)
	if r.status != 200 {
		t.Fatalf("checkpoint: %d %s", r.status, r.body)
	}
	lines := strings.Split(string(r.body), "\n")
	if len(lines) < 3 {
		t.Fatalf("checkpoint too short: %q", r.body)
	}
	return lines[1]
}

// TestAlleyRoadCaseThroughTheAPI drives the article's alley-road case
// through the whole lifecycle using the JSON API only, with the refusals
// the procedure must make along the way, on SQLite (the data folder's
// default) and on PostgreSQL (DAMLAM_DB).
func TestAlleyRoadCaseThroughTheAPI(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dialect, dsn string) {
		alleyRoadCase(t, dbEnv(dialect, dsn))
	})
}

func alleyRoadCase(t *testing.T, env map[string]string) {
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

	// An import file with one bad line imports nothing.
	unitsBefore := in.call("GET", "/api/v1/units", admin, nil).body
	bad := "id,parent_id,name,kind,party_committee\nHCM-TD,HCM,Phường Tân Định,ward,\nHCM-X,NOWHERE,Phường X,ward,\n"
	r := in.call("POST", "/api/v1/import/units", admin, bad)
	if r.status != 422 || !strings.Contains(string(r.body), "NOWHERE") {
		t.Fatalf("bad import: %d %s", r.status, r.body)
	}
	if after := in.call("GET", "/api/v1/units", admin, nil).body; string(after) != string(unitsBefore) {
		t.Fatal("a bad import changed the units")
	}

	proposer := in.login("pct1.bth@test.vn")
	head := in.login("chutich.bth@test.vn")
	party := in.login("danguy.bth@test.vn")
	deputies := []string{in.login("pct2.bth@test.vn"), in.login("pct3.bth@test.vn"), in.login("pct4.bth@test.vn")}
	otherHead := in.login("chutich.gd@test.vn")
	inspector := in.login("kiemtra.hcm@test.vn")
	rewarder := in.login("thiduakt.hcm@test.vn")

	// A missing required field: a draft needs a title.
	r = in.call("POST", "/api/v1/proposals", proposer, map[string]any{"unit_id": "HCM-BTH", "content": map[string]any{"field": "x"}})
	if r.status != 422 || !strings.Contains(string(r.body), `"field":"title"`) {
		t.Fatalf("draft without title: %d %s", r.status, r.body)
	}
	p := in.must(201, "POST", "/api/v1/proposals", proposer, map[string]any{"unit_id": "HCM-BTH", "content": alleyRoadContent()})
	id := p["id"].(string)
	path := "/api/v1/proposals/" + id

	act := func(token, action string, body any) map[string]any {
		t.Helper()
		m := in.must(200, "POST", path+"/"+action, token, body)
		if !strings.HasPrefix(str(m["receipt"]), "c2sp.org/tlog-proof@v1") {
			t.Fatalf("%s: no receipt in the answer: %v", action, m["receipt"])
		}
		return m
	}
	// An action answers with where the case stands, not the case.
	state := func(m map[string]any) string { return str(m["state"]) }
	// refuse checks a refusal's status and that nothing was written.
	refuse := func(status int, token, action string, body any) {
		t.Helper()
		size := logSize(t, in)
		before := in.must(200, "GET", path, head, nil)
		r := in.call("POST", path+"/"+action, token, body)
		if r.status != status {
			t.Fatalf("%s: status %d, want %d\n%s", action, r.status, status, r.body)
		}
		if ct := r.header.Get("Content-Type"); ct != "application/problem+json" {
			t.Errorf("%s: content type %q", action, ct)
		}
		pb := r.json(t)
		msg, _ := pb["message"].(map[string]any)
		if msg["vi"] == "" || msg["en"] == "" || pb["code"] == "" {
			t.Errorf("%s: problem lacks code or messages: %s", action, r.body)
		}
		after := in.must(200, "GET", path, head, nil)
		if logSize(t, in) != size || len(after["history"].([]any)) != len(before["history"].([]any)) || after["state"] != before["state"] {
			t.Fatalf("%s: a refused action wrote something", action)
		}
	}

	if m := act(proposer, "submit", nil); state(m) != "SUBMITTED" {
		t.Fatalf("submit: %s", state(m))
	}
	got := in.must(200, "GET", path, head, nil)
	if got["due_date"] == "" || got["decider_unit_id"] != "HCM-BTH" {
		t.Fatalf("submitted case: due %v decider %v", got["due_date"], got["decider_unit_id"])
	}
	refuse(409, proposer, "report_progress", map[string]any{"unit": "HCM-BTH", "date": "2026-12-02", "amount_vnd": 1, "summary": "x"})
	refuse(400, head, "convene", `{"note": "thiếu ngoặc"`)
	act(head, "convene", map[string]any{"note": "Họp tập thể lãnh đạo ngày 03/12"})
	refuse(422, party, "party_opinion", map[string]any{"opinion": "agree"})
	act(party, "party_opinion", map[string]any{"opinion": "agree", "text": "Đảng ủy thống nhất chủ trương."})

	// The vote: the proposer is a deputy and is recused; 2 of 4 in favour
	// is a tie, and the head voted yes.
	refuse(403, proposer, "vote", map[string]any{"ballot": "yes"})
	act(head, "vote", map[string]any{"ballot": "yes"})
	act(deputies[0], "vote", map[string]any{"ballot": "yes"})
	act(deputies[1], "vote", map[string]any{"ballot": "no"})
	act(deputies[2], "vote", map[string]any{"ballot": "no", "comment": "Cần thêm thời gian vận động."})
	refuse(403, otherHead, "approve_pilot", map[string]any{})
	m := act(head, "approve_pilot", map[string]any{"document_number": "45/QĐ-UBND", "scope": pilotScope("2026-12-01", "2027-02-28")})
	if _, ok := m["proposal"]; ok {
		t.Fatal("an action's answer carries the whole case")
	}
	view := in.must(200, "GET", path, head, nil)
	minutes := view["minutes"].(map[string]any)
	if state(m) != "APPROVED" || minutes["tie"] != true || minutes["passed"] != true || minutes["eligible"] != float64(4) {
		t.Fatalf("approval: state %s minutes %v", state(m), minutes)
	}

	act(head, "allocate_resources", map[string]any{"money_vnd": 150000000, "source": "Ngân sách phường và đóng góp của Nhân dân"})
	act(proposer, "report_progress", map[string]any{"unit": "HCM-BTH", "date": "2026-12-10", "amount_vnd": 100000000, "summary": "Đã đổ bê tông 120 m."})
	act(proposer, "report_progress", map[string]any{"unit": "HCM-GD", "date": "2026-12-20", "amount_vnd": 120000000, "summary": "Triển khai tại Gia Định."})
	m = act(proposer, "raise_obstacle", map[string]any{"description": "Một hộ chưa đồng ý hiến đất."})
	obstacle := m["event"].(map[string]any)["seq"]
	act(head, "resolve_obstacle", map[string]any{"obstacle": obstacle, "resolution": "Đã vận động thành công."})
	act(head, "adjust", map[string]any{"reason": "Gia hạn do mưa lớn.", "scope": pilotScope("2026-12-01", "2027-03-31")})
	m = act(inspector, "inspect", map[string]any{"date": "2027-01-05", "findings": "Thi công đúng phương án; chậm công khai sổ thu chi.",
		"violations": []map[string]string{{"description": "Chưa công khai sổ thu chi", "corrective_action": "Niêm yết tại tổ dân phố", "deadline": "2027-01-15"}}})
	inspection := m["event"].(map[string]any)["seq"]
	refuse(403, inspector, "stop", map[string]any{"reason": "x"})
	act(proposer, "correct_violation", map[string]any{"inspection": inspection, "violation": 1, "correction": "Đã niêm yết.", "date": "2027-01-12"})
	act(proposer, "report_completion", map[string]any{"summary": "Hoàn thành 280/320 m.", "date": "2027-03-31", "spent_vnd": 220000000})
	act(party, "party_opinion", map[string]any{"opinion": "agree", "text": "Đảng ủy đề nghị đánh giá, nhân rộng."})
	act(head, "evaluate", map[string]any{"result": "partly_completed", "followed_plan": true, "honest_motive": true, "common_good": true,
		"within_competence": true, "no_contravention": true, "damage": true, "damage_vnd": 15000000, "damage_text": "Một đoạn mương phải làm lại.",
		"objective_causes": "Mưa lớn bất thường.", "subjective_causes": "Dự báo chưa sát.", "summary": "Hoàn thành một phần, thiệt hại nhỏ."})
	act(head, "determine_protection", nil)
	if p := in.must(200, "GET", path, head, nil)["protection"]; p != "CONSIDER_EXCLUDE_EXEMPT_OR_MITIGATE" {
		t.Fatalf("protection = %v", p)
	}
	m = act(head, "replicate", map[string]any{"units": []string{"HCM-BQ", "HCM-SG"}})
	created := m["created"].([]any)
	if len(created) != 2 {
		t.Fatalf("replication created %v", created)
	}
	for _, c := range created {
		rep := in.must(200, "GET", "/api/v1/proposals/"+str(c), admin, nil)
		if rep["source_id"] != id || rep["state"] != "DRAFT" {
			t.Fatalf("replica %v: source %v state %v", c, rep["source_id"], rep["state"])
		}
	}
	// Only the people whose work the case is are rewarded, and each kind
	// carries what it changes and nothing of another kind's.
	refuse(422, rewarder, "reward", map[string]any{"kind": "commendation", "level": "province", "recipient": "chutich.gd", "decision": "112/QĐ-UBND", "decision_date": "2027-03-20"})
	refuse(422, rewarder, "reward", map[string]any{"kind": "commendation", "level": "province", "recipient": "pct1.bth", "decision": "112/QĐ-UBND", "decision_date": "2027-03-20", "salary_step": 3})
	refuse(422, rewarder, "reward", map[string]any{"kind": "early_salary_step", "recipient": "pct1.bth", "decision": "113/QĐ-UBND", "decision_date": "2027-03-20", "salary_step": 4, "months_advanced": 13, "effective_date": "2027-04-01"})
	act(rewarder, "reward", map[string]any{"kind": "commendation", "level": "province", "recipient": "pct1.bth", "decision": "112/QĐ-UBND", "decision_date": "2027-03-20"})
	act(rewarder, "reward", map[string]any{"kind": "early_salary_step", "recipient": "pct1.bth", "decision": "113/QĐ-UBND", "decision_date": "2027-03-20", "salary_step": 4, "months_advanced": 12, "effective_date": "2027-04-01"})
	rewards := in.call("GET", "/api/v1/people/pct1.bth/rewards", proposer, nil)
	var gotRewards []struct {
		CaseID   string `json:"case_id"`
		LogIndex int64  `json:"log_index"`
		Reward   struct {
			Kind           string `json:"kind"`
			Level          string `json:"level"`
			SalaryStep     int    `json:"salary_step"`
			MonthsAdvanced int    `json:"months_advanced"`
			EffectiveDate  string `json:"effective_date"`
		} `json:"reward"`
	}
	if err := json.Unmarshal(rewards.body, &gotRewards); err != nil || rewards.status != 200 || len(gotRewards) != 2 ||
		gotRewards[0].CaseID != id || gotRewards[0].Reward.Level != "province" || gotRewards[1].Reward.SalaryStep != 4 || gotRewards[1].Reward.MonthsAdvanced != 12 || gotRewards[1].Reward.EffectiveDate != "2027-04-01" {
		t.Fatalf("the proposer's rewards: %d %s", rewards.status, rewards.body)
	}
	if r := in.call("GET", "/api/v1/people/pct1.bth/rewards", in.login("chutich.gd@test.vn"), nil); r.status != 404 {
		t.Fatalf("another ward's head reads the proposer's rewards: %d %s", r.status, r.body)
	}
	if m := act(head, "close", nil); state(m) != "CLOSED" {
		t.Fatalf("close: %s", state(m))
	}
	final := in.must(200, "GET", path, head, nil)
	if reps := final["replicas"].([]any); len(reps) != 2 {
		t.Fatalf("lineage from the source: %v", reps)
	}
	if n := len(final["history"].([]any)); n < 20 {
		t.Fatalf("history has %d events", n)
	}
	if len(final["allowed_actions"].([]any)) != 0 {
		t.Fatalf("a closed case still offers %v", final["allowed_actions"])
	}
	verifyDossier(t, in, proposer, id)
	if out, err := in.cli("", "audit"); err != nil || !strings.Contains(out, "audit clean") {
		t.Fatalf("audit after the case: %v\n%s", err, out)
	}
}
