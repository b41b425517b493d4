package main

import (
	"encoding/json"
	"strings"
	"testing"

	"damlam/internal/testdb"
)

// TestConfigurationChangesAreRecorded: each serve start compares its
// security-relevant configuration with the last one recorded; a change is
// an access event naming each difference, a start with the same one
// records nothing, and no secret is ever written.
func TestConfigurationChangesAreRecorded(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dialect, dsn string) {
		env := dbEnv(dialect, dsn)
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
		first := startServer(t, dir, env)
		changed := map[string]string{}
		for k, v := range env {
			changed[k] = v
		}
		changed["DAMLAM_SMTP"] = "smtp://thu:mat-khau-thu-bi-mat@127.0.0.1:1?tls=none"
		extra := []string{"--trusted-proxy", "10.0.0.0/8", "--public-url", "https://damlam.example.vn", "--mail-from", "noreply@example.vn"}
		startServer(t, dir, changed, extra...)
		startServer(t, dir, changed, extra...) // the same again: nothing to record

		token := first.login("admin@test.vn")
		r := first.call("GET", "/api/v1/access-events", token, nil)
		if r.status != 200 {
			t.Fatalf("access events: %d %s", r.status, r.body)
		}
		if strings.Contains(string(r.body), "mat-khau-thu-bi-mat") {
			t.Fatal("the mail server's password is in the access record")
		}
		var events []struct{ Kind, Detail, Subject string }
		if err := json.Unmarshal(r.body, &events); err != nil {
			t.Fatal(err)
		}
		var details []string
		for _, e := range events {
			if e.Kind == "config_changed" {
				details = append(details, e.Detail)
			}
		}
		if len(details) != 2 {
			t.Fatalf("configuration changes recorded: %q", details)
		}
		// Newest first: the change, then the first start's configuration.
		for _, want := range []string{"public_url: — → https://damlam.example.vn", "trusted_proxies: — → 10.0.0.0/8", "smtp: — → smtp://thu@127.0.0.1:1?tls=none"} {
			if !strings.Contains(details[0], want) {
				t.Errorf("the change %q does not say %q", details[0], want)
			}
		}
		if strings.Contains(details[0], "passwords") || strings.Contains(details[0], "oidc") {
			t.Errorf("the change names what did not change: %q", details[0])
		}
		if !strings.Contains(details[1], "passwords: on") {
			t.Errorf("the first start's record: %q", details[1])
		}
	})
}
