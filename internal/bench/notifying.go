package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"time"

	"damlam/internal/gen"
	"damlam/internal/i18n"
	"damlam/internal/sqlstore"
	"damlam/internal/workflow"
)

// reporter is a case being carried out and a token of someone who may
// report progress on it (its proposer).
type reporter struct {
	id, unit, token string
}

// reporters are up to limit cases of the province being carried out, with
// a token for each proposer. A progress report is the decision a pilot
// takes most often, and it tells the deciding unit's head: one notice,
// and one mail unless the head chose otherwise. Their proposers have no
// password, so the tokens are issued in the store directly.
func reporters(ctx context.Context, store *sqlstore.Store, limit int) ([]reporter, error) {
	rows, err := store.DB().QueryContext(ctx, `SELECT p.id, p.unit_id, p.proposer_id FROM proposals p JOIN units u ON u.id = p.unit_id
		WHERE p.state = $1 AND u.path LIKE $2 ORDER BY p.id LIMIT $3`,
		string(workflow.InImplementation), "%/"+gen.Province+"/%", limit)
	if err != nil {
		return nil, err
	}
	type found struct{ id, unit, proposer string }
	var cases []found
	for rows.Next() {
		var f found
		if err := rows.Scan(&f.id, &f.unit, &f.proposer); err != nil {
			rows.Close()
			return nil, err
		}
		cases = append(cases, f)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	tokens := map[string]string{}
	var out []reporter
	for _, c := range cases {
		t, ok := tokens[c.proposer]
		if !ok {
			if t, err = store.IssueToken(ctx, c.proposer, sqlstore.TokenAPI, 24*time.Hour); err != nil {
				return nil, err
			}
			tokens[c.proposer] = t
		}
		out = append(out, reporter{c.id, c.unit, t})
	}
	return out, nil
}

// notifyingFigures measures decisions that tell someone: progress reports
// on the province's cases being carried out, back to back from 256
// clients, with the notices the server writes (serve --no-notices writes
// none: run once each way on copies of one dataset to compare). The
// outbox rows the run added say which way it ran.
func notifyingFigures(ctx context.Context, cfg Config, sz sizes, srv *Server, client *http.Client) ([]Figure, error) {
	cfg.logf("notifying decisions")
	pool, err := reporters(ctx, cfg.Store, 500)
	if err != nil {
		return nil, err
	}
	if len(pool) == 0 {
		return nil, fmt.Errorf("no case of %s is being carried out: nobody to report progress", gen.Province)
	}
	day := cfg.Info.Now.In(i18n.VietnamZone).Format("2006-01-02")
	bodies := make([][]byte, len(pool))
	for i, r := range pool {
		bodies[i], _ = json.Marshal(map[string]any{"unit": r.unit, "date": day, "amount_vnd": 0, "summary": "Báo cáo tiến độ định kỳ: các hạng mục đúng kế hoạch."})
	}
	report := func(n int) (*http.Request, error) {
		r := pool[n%len(pool)]
		req, err := http.NewRequest("POST", srv.URL+"/api/v1/proposals/"+r.id+"/report_progress", bytes.NewReader(bodies[n%len(pool)]))
		if err == nil {
			req.Header.Set("Authorization", "Bearer "+r.token)
			req.Header.Set("Content-Type", "application/json")
		}
		return req, err
	}
	receipt := func(resp *http.Response, body []byte) error {
		if resp.StatusCode != 200 || !bytes.Contains(body, []byte(`"receipt":"`)) {
			return fmt.Errorf("report_progress: status %d: %.200s", resp.StatusCode, body)
		}
		return nil
	}
	var notes0, mails0, notes1, mails1 int
	count := func(notes, mails *int) error {
		return cfg.Store.DB().QueryRowContext(ctx, `SELECT (SELECT count(*) FROM notifications), (SELECT count(*) FROM outbox)`).Scan(notes, mails)
	}
	if err := count(&notes0, &mails0); err != nil {
		return nil, err
	}
	ticks0, tickErr := cpuTicks(srv.PID)
	closed := Apply(ctx, client, Load{Name: "notifying decisions", Clients: 256, Requests: sz.decisionRequests, Duration: sz.decisionTime, Build: report, Check: receipt})
	cfg.logf("%v", closed)
	ticks1, err := cpuTicks(srv.PID)
	if tickErr == nil {
		tickErr = err
	}
	if err := count(&notes1, &mails1); err != nil {
		return nil, err
	}
	notices := "on"
	if notes1 == notes0 && mails1 == mails0 {
		notices = "off"
	}
	written := fmt.Sprintf("; the run wrote %d notices and %d outbox rows", notes1-notes0, mails1-mails0)
	value := fmt.Sprintf("%.0f/s, p99 %s", closed.Rate, ms(closed.P99))
	if tickErr == nil && closed.N > 0 {
		per := time.Duration(ticks1-ticks0) * tick / time.Duration(closed.N)
		who := "server"
		if srv.PID == os.Getpid() {
			who = "server and load driver"
		}
		value += fmt.Sprintf(", %d µs CPU each (%s)", per.Microseconds(), who)
	}
	return []Figure{{Name: "notifying decisions (progress reports, each telling the head), notices " + notices, Value: value,
		Target: "reported (notices on ≤ 15 % slower than off)", Method: fmt.Sprintf("%s, back to back, on %d cases of %s being carried out%s", method(closed, 256), len(pool), gen.Province, written)}}, nil
}
