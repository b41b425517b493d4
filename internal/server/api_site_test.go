package server

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"testing"
	"time"

	"damlam/internal/sqlstore"
	"damlam/internal/testdb"
)

// onBothDatabases runs fn on a site over SQLite, then over PostgreSQL.
func onBothDatabases(t *testing.T, fn func(t *testing.T, ps *pageSite)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, newPageSite(t, Options{})) })
	t.Run("postgres", func(t *testing.T) { fn(t, newPageSiteOn(t, Options{}, testdb.Postgres(t))) })
}

// apiAnswer is an API response as the tests read it.
type apiAnswer struct {
	status int
	body   []byte
	header http.Header
}

func (a apiAnswer) object(t testing.TB) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(a.body, &m); err != nil {
		t.Fatalf("status %d: not a JSON object: %v\n%s", a.status, err, a.body)
	}
	return m
}

// code is a problem document's code, "" for any other answer.
func (a apiAnswer) code() string {
	var p struct{ Code string }
	json.Unmarshal(a.body, &p)
	return p.Code
}

// token is a bearer token for person id.
func (ps *pageSite) token(id string) string {
	ps.t.Helper()
	tok, err := ps.site.Store.IssueToken(context.Background(), id, sqlstore.TokenAPI, time.Hour)
	if err != nil {
		ps.t.Fatal(err)
	}
	return tok
}

// api sends a request as a script would: a bearer token, a raw body, and
// extra headers in pairs.
func (ps *pageSite) api(method, path, token string, body []byte, headers ...string) apiAnswer {
	ps.t.Helper()
	req, err := http.NewRequest(method, ps.base+path, bytes.NewReader(body))
	if err != nil {
		ps.t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		ps.t.Error(err)
		return apiAnswer{}
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	return apiAnswer{status: res.StatusCode, body: data, header: res.Header}
}

// events counts case id's events of type typ.
func (ps *pageSite) events(id, typ string) int {
	ps.t.Helper()
	var n int
	if err := ps.site.Store.DB().QueryRowContext(context.Background(), `SELECT count(*) FROM events WHERE proposal_id = $1 AND type = $2`, id, typ).Scan(&n); err != nil {
		ps.t.Fatal(err)
	}
	return n
}

// rows counts a table's rows.
func (ps *pageSite) rows(table string) int {
	ps.t.Helper()
	var n int
	if err := ps.site.Store.DB().QueryRowContext(context.Background(), `SELECT count(*) FROM `+table).Scan(&n); err != nil {
		ps.t.Fatal(err)
	}
	return n
}
