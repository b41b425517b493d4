package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// fleet is n damlam servers on one database, each with its own data
// folder, as a load balancer would see them: the first creates the log's
// key, the others are provisioned with a copy of its key folder, as
// docs/deployment.md describes.
type fleet struct {
	tb        testing.TB
	env       map[string]string
	instances []*instance
	tokens    map[string]string // person id → API token, valid on every instance
}

// startFleet boots the data the way an administrator would (units from
// CSV, the first administrator on the command line), starts n servers and
// seeds the alley-road cast through the first one.
func startFleet(tb testing.TB, n int, env map[string]string) *fleet {
	tb.Helper()
	return startFleetWith(tb, n, env, nil)
}

// startFleetWith is startFleet with the extra serve flags extra(i) for
// instance i (extra may be nil).
func startFleetWith(tb testing.TB, n int, env map[string]string, extra func(i int) []string) *fleet {
	tb.Helper()
	flags := func(i int) []string {
		if extra == nil {
			return nil
		}
		return extra(i)
	}
	f := &fleet{tb: tb, env: env, tokens: map[string]string{}}
	first := tb.TempDir()
	boot := &instance{t: tb, data: first, env: env}
	writeFile(tb, first, "units.csv", unitsCSV)
	if out, err := boot.cli("", "import", "units", first+"/units.csv"); err != nil {
		tb.Fatalf("import units: %v\n%s", err, out)
	}
	if out, err := boot.cli(testPassword+"\n", "user", "add", "--id", "admin", "--name", "Quản trị", "--email", "admin@test.vn",
		"--unit", "VN", "--position", "staff", "--role", "admin", "--password-stdin"); err != nil {
		tb.Fatalf("user add: %v\n%s", err, out)
	}
	f.instances = append(f.instances, startServer(tb, first, env, flags(0)...))
	// As the deployment guide says: fetch a checkpoint so the first
	// instance's tripwire exists, then copy its key folder.
	if r := f.instances[0].call("GET", "/api/v1/log/checkpoint", "", nil); r.status != http.StatusOK {
		tb.Fatalf("checkpoint: %d %s", r.status, r.body)
	}
	for i := 1; i < n; i++ {
		dir := tb.TempDir()
		if err := os.CopyFS(filepath.Join(dir, "log-key"), os.DirFS(filepath.Join(first, "log-key"))); err != nil {
			tb.Fatal(err)
		}
		f.instances = append(f.instances, startServer(tb, dir, env, flags(i)...))
	}
	in := f.instances[0]
	f.tokens["admin"] = in.login("admin@test.vn")
	seedPeople(tb, in, f.tokens["admin"])
	for _, id := range []string{"pct1.bth", "pct2.bth", "pct3.bth", "pct4.bth", "chutich.bth", "danguy.bth"} {
		f.tokens[id] = in.login(id + "@test.vn")
	}
	return f
}

// decision is one answered action: its receipt, as the client got it.
type decision struct {
	caseID, action string
	receipt        string
}

// decide takes an action through instance i (modulo the fleet's size).
// It reports errors instead of failing, so goroutines may call it.
func (f *fleet) decide(i int, who, caseID, action string, body any) (decision, error) {
	in := f.instances[i%len(f.instances)]
	status, out, err := post(in.url+"/api/v1/proposals/"+caseID+"/"+action, f.tokens[who], body)
	if err != nil {
		return decision{}, err
	}
	if status != http.StatusOK {
		return decision{}, fmt.Errorf("%s %s by %s on %s: status %d: %s", action, caseID, who, in.url, status, out)
	}
	var res struct {
		Receipt string `json:"receipt"`
	}
	if err := json.Unmarshal(out, &res); err != nil || !strings.HasPrefix(res.Receipt, "c2sp.org/tlog-proof@v1") {
		return decision{}, fmt.Errorf("%s %s: no receipt in %s", action, caseID, out)
	}
	return decision{caseID, action, res.Receipt}, nil
}

// newCase drafts an alley-road proposal through instance i.
func (f *fleet) newCase(i int) (string, error) {
	in := f.instances[i%len(f.instances)]
	status, out, err := post(in.url+"/api/v1/proposals", f.tokens["pct1.bth"], map[string]any{"unit_id": "HCM-BTH", "content": alleyRoadContent()})
	if err != nil {
		return "", err
	}
	var p struct {
		ID string `json:"id"`
	}
	if status != http.StatusCreated || json.Unmarshal(out, &p) != nil || p.ID == "" {
		return "", fmt.Errorf("draft: status %d: %s", status, out)
	}
	return p.ID, nil
}

// toImplementation takes a new case from draft to an approved, funded
// pilot: submit, convene, the Party's opinion, four votes cast at once,
// approval and resources. Step k goes through instance start+k, so every
// case crosses every instance, and the votes race each other.
func (f *fleet) toImplementation(start int, record func(decision)) (string, error) {
	id, err := f.newCase(start)
	if err != nil {
		return "", err
	}
	step := start
	do := func(who, action string, body any) error {
		step++
		d, err := f.decide(step, who, id, action, body)
		if err == nil {
			record(d)
		}
		return err
	}
	if err := do("pct1.bth", "submit", nil); err != nil {
		return id, err
	}
	if err := do("chutich.bth", "convene", map[string]any{"note": "Họp tập thể lãnh đạo"}); err != nil {
		return id, err
	}
	if err := do("danguy.bth", "party_opinion", map[string]any{"opinion": "agree", "text": "Đảng ủy thống nhất."}); err != nil {
		return id, err
	}
	voters := []string{"chutich.bth", "pct2.bth", "pct3.bth", "pct4.bth"}
	// The votes race each other, but record is called from this goroutine
	// only, after they all answered: callers need not lock what it appends to.
	errs := make([]error, len(voters))
	votes := make([]decision, len(voters))
	var wg sync.WaitGroup
	for k, who := range voters {
		wg.Go(func() {
			votes[k], errs[k] = f.decide(step+k, who, id, "vote", map[string]any{"ballot": "yes"})
		})
	}
	wg.Wait()
	for k, err := range errs {
		if err != nil {
			return id, err
		}
		record(votes[k])
	}
	if err := do("chutich.bth", "approve_pilot", map[string]any{"document_number": "45/QĐ-UBND", "scope": pilotScope("2026-12-01", "2027-02-28")}); err != nil {
		return id, err
	}
	return id, do("chutich.bth", "allocate_resources", map[string]any{"money_vnd": 1000000, "source": "Ngân sách phường"})
}

// progress reports progress on an implemented case through instance i:
// the decision a pilot takes most often.
func (f *fleet) progress(i int, id string) (decision, error) {
	return f.decide(i, "pct1.bth", id, "report_progress",
		map[string]any{"unit": "HCM-BTH", "date": "2026-12-10", "amount_vnd": 1000, "summary": "Đã đổ bê tông thêm 10 m."})
}

var loadClient = &http.Client{
	Timeout:   60 * time.Second,
	Transport: &http.Transport{MaxIdleConnsPerHost: 64},
}

func post(url, token string, body any) (int, []byte, error) {
	var rd io.Reader = http.NoBody
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return 0, nil, err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest("POST", url, rd)
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := loadClient.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer res.Body.Close()
	out, err := io.ReadAll(res.Body)
	return res.StatusCode, out, err
}
