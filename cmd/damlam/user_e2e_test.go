package main

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"damlam/internal/testdb"
)

// TestUserPasswdAndInvite is the probe: after `damlam user passwd` the
// old bearer token no longer works; `damlam user invite` prints a
// one-time link that sets a password once.
func TestUserPasswdAndInvite(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dialect, dsn string) {
		dir := t.TempDir()
		boot := &instance{t: t, data: dir, env: dbEnv(dialect, dsn)}
		writeFile(t, dir, "units.csv", unitsCSV)
		if out, err := boot.cli("", "import", "units", dir+"/units.csv"); err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		if out, err := boot.cli(testPassword+"\n", "user", "add", "--id", "admin", "--name", "Quản trị", "--email", "admin@test.vn",
			"--unit", "VN", "--role", "admin", "--password-stdin"); err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		in := startServer(t, dir, boot.env)
		token := in.login("admin@test.vn")
		if out, err := boot.cli("mat-khau-moi-2026\n", "user", "passwd", "--id", "admin", "--password-stdin"); err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		if r := in.call("GET", "/api/v1/me", token, nil); r.status != http.StatusUnauthorized {
			t.Fatalf("a token from before damlam user passwd: %d", r.status)
		}

		out, err := boot.cli("", "user", "invite", "--id", "admin", "--reset", "--public-url", in.url)
		if err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		link := regexp.MustCompile(`http://\S+/invite/\S+`).FindString(out)
		if link == "" || !strings.Contains(out, "admin@test.vn") {
			t.Fatalf("no link printed:\n%s", out)
		}
		form := url.Values{"password": {"mat-khau-thu-ba"}, "confirm": {"mat-khau-thu-ba"}}
		for i, want := range []int{http.StatusSeeOther, http.StatusNotFound} {
			req, _ := http.NewRequest("POST", link, strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Sec-Fetch-Site", "same-origin")
			res, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != want {
				t.Fatalf("use %d of the link: %d, want %d", i+1, res.StatusCode, want)
			}
		}
		if r := in.call("POST", "/api/v1/login", "", map[string]string{"email": "admin@test.vn", "password": "mat-khau-thu-ba"}); r.status != http.StatusOK {
			t.Fatalf("sign-in with the password from the link: %d", r.status)
		}
	})
}
