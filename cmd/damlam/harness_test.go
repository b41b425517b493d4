package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"damlam/internal/testdb"
)

func TestMain(m *testing.M) { testdb.Main(m) }

// dbEnv is the environment that points commands at a test database:
// nothing for SQLite (the data folder's own file, as a user starts it),
// DAMLAM_DB for PostgreSQL. The log's key folder stays under --data.
func dbEnv(dialect, dsn string) map[string]string {
	if dialect == testdb.DialectPostgres {
		return map[string]string{"DAMLAM_DB": dsn}
	}
	return map[string]string{}
}

// instance is a real damlam server started through run() on port 0 over a
// real database, as a user would start it.
type instance struct {
	t    testing.TB
	url  string
	data string
	env  map[string]string
}

func (in *instance) getenv(k string) string { return in.env[k] }

// cli runs a damlam command against the instance's data, with stdin.
func (in *instance) cli(stdin string, args ...string) (string, error) {
	var out, errb bytes.Buffer
	at := 1 // after the command word, and after a subcommand word
	if args[0] == "user" {
		at = 2
	}
	args = append(args[:at:at], append([]string{"--data", in.data}, args[at:]...)...)
	err := run(context.Background(), args, in.getenv, strings.NewReader(stdin), &out, &errb)
	return out.String() + errb.String(), err
}

var listening = regexp.MustCompile(`listening on (http://\S+)`)

// startServer runs `damlam serve --addr 127.0.0.1:0` until the test ends.
func startServer(t testing.TB, data string, env map[string]string, extra ...string) *instance {
	t.Helper()
	in := &instance{t: t, data: data, env: env}
	if in.env == nil {
		in.env = map[string]string{}
	}
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	var stderr syncBuffer
	go func() {
		args := append([]string{"serve", "--addr", "127.0.0.1:0", "--data", data}, extra...)
		done <- run(ctx, args, in.getenv, strings.NewReader(""), pw, &stderr)
		pw.Close()
	}()
	urlc := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			if m := listening.FindStringSubmatch(sc.Text()); m != nil {
				urlc <- m[1]
			}
		}
	}()
	select {
	case in.url = <-urlc:
	case err := <-done:
		t.Fatalf("server stopped before listening: %v\n%s", err, stderr.String())
	case <-time.After(60 * time.Second):
		t.Fatalf("server did not start\n%s", stderr.String())
	}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("server stderr:\n%s", stderr.String())
		}
		cancel()
		if err := <-done; err != nil {
			t.Errorf("server: %v", err)
		}
	})
	return in
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

// response is an API answer.
type response struct {
	status int
	body   []byte
	header http.Header
}

func (r response) json(t testing.TB) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.body, &m); err != nil {
		t.Fatalf("status %d, body is not a JSON object: %v\n%s", r.status, err, r.body)
	}
	return m
}

// call sends a request with an optional bearer token and JSON body (a
// string is sent as is, so tests can send malformed JSON).
func (in *instance) call(method, path, token string, body any) response {
	in.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		data, err := json.Marshal(b)
		if err != nil {
			in.t.Fatal(err)
		}
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequest(method, in.url+path, rd)
	if err != nil {
		in.t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		in.t.Fatal(err)
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	return response{status: res.StatusCode, body: data, header: res.Header}
}

// must expects a status and returns the decoded object.
func (in *instance) must(status int, method, path, token string, body any) map[string]any {
	in.t.Helper()
	r := in.call(method, path, token, body)
	if r.status != status {
		in.t.Fatalf("%s %s: status %d, want %d\n%s", method, path, r.status, status, r.body)
	}
	if len(r.body) == 0 || r.body[0] != '{' {
		return nil
	}
	return r.json(in.t)
}

func (in *instance) login(email string) string {
	in.t.Helper()
	m := in.must(200, "POST", "/api/v1/login", "", map[string]string{"email": email, "password": testPassword})
	return m["token"].(string)
}

const testPassword = "mat-khau-thu-nghiem"

func writeFile(t testing.TB, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func str(v any) string { return fmt.Sprint(v) }
