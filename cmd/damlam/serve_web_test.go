package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"damlam/internal/server"
)

func TestWebFlags(t *testing.T) {
	for _, c := range []struct {
		proxies []string
		public  string
		want    string // the proxies read, or the error's start
	}{
		{[]string{"10.0.0.0/8"}, "", "[10.0.0.0/8]"},
		{[]string{"10.1.2.3/8, 192.168.1.5"}, "https://damlam.example.gov.vn", "[10.0.0.0/8 192.168.1.5/32]"},
		{[]string{"::1"}, "", "[::1/128]"},
		{[]string{"10.0.0.0/33"}, "", "--trusted-proxy"},
		{[]string{"proxy.local"}, "", "--trusted-proxy"},
		{nil, "damlam.example.gov.vn", "--public-url"},
		{nil, "ftp://damlam.example.gov.vn", "--public-url"},
	} {
		f := webFlags{proxies: c.proxies, publicURL: c.public}
		o, err := f.options(server.Options{}, func(string) string { return "" })
		got := ""
		if err != nil {
			got = err.Error()
		} else {
			var s []string
			for _, p := range o.TrustedProxies {
				s = append(s, p.String())
			}
			got = "[" + strings.Join(s, " ") + "]"
			if o.PublicURL != c.public {
				t.Errorf("%v: public URL %q", c, o.PublicURL)
			}
		}
		if !strings.HasPrefix(got, c.want) {
			t.Errorf("%v: %s, want %s", c, got, c.want)
		}
	}

	secret := filepath.Join(t.TempDir(), "secret")
	os.WriteFile(secret, []byte("bi-mat\n"), 0o600)
	env := func(k string) string { return map[string]string{"DAMLAM_OIDC_CLIENT_ID": "damlam"}[k] }
	f := webFlags{oidcIssuer: "https://id.example.gov.vn", oidcSecretFile: secret, noPasswords: true}
	o, err := f.options(server.Options{}, env)
	if err != nil || o.OIDC == nil || o.OIDC.ClientID != "damlam" || o.OIDC.ClientSecret != "bi-mat" || !o.NoPasswords {
		t.Errorf("OIDC from a file and the environment: %+v %v", o.OIDC, err)
	}
	for _, bad := range []webFlags{
		{noPasswords: true},
		{oidcIssuer: "https://id.example.gov.vn"},
		{oidcIssuer: "id.example.gov.vn", oidcClientID: "x", oidcSecretFile: secret},
		{oidcIssuer: "https://id.example.gov.vn", oidcClientID: "x", oidcSecretFile: secret + ".missing"},
	} {
		if _, err := bad.options(server.Options{}, func(string) string { return "" }); err == nil {
			t.Errorf("%+v accepted", bad)
		}
	}
}
