package mailer

import (
	"net/url"
	"strings"
	"testing"
)

func TestParseURL(t *testing.T) {
	cases := []struct {
		in   string
		want Config
		str  string
		err  string
	}{
		{in: "smtp://mail.example.vn", want: Config{Host: "mail.example.vn", Port: 587, TLS: STARTTLS}, str: "smtp://mail.example.vn:587"},
		{in: "smtp://u%40x:p%3Ass@mail.example.vn:2525?auth=LOGIN", want: Config{Host: "mail.example.vn", Port: 2525, TLS: STARTTLS, User: "u@x", Password: "p:ss", Auth: "login"}, str: "smtp://u%40x@mail.example.vn:2525?auth=login"},
		{in: "smtps://a:b@[::1]", want: Config{Host: "::1", Port: 465, TLS: ImplicitTLS, User: "a", Password: "b"}, str: "smtps://a@[::1]:465"},
		{in: "smtp://127.0.0.1:25?tls=none", want: Config{Host: "127.0.0.1", Port: 25, TLS: NoTLS}, str: "smtp://127.0.0.1:25?tls=none"},
		{in: "smtp://h?tls=opportunistic&verify=false", want: Config{Host: "h", Port: 587, TLS: Opportunistic, InsecureSkipVerify: true}, str: "smtp://h:587?tls=opportunistic&verify=false"},
		{in: "http://h", err: "scheme"},
		{in: "smtp://", err: "no host"},
		{in: "smtp:h", err: "no host"},
		{in: "smtp://h:0", err: "port"},
		{in: "smtp://h:99999", err: "port"},
		{in: "smtp://h/x", err: "path"},
		{in: "smtp://h?tls=maybe", err: "tls="},
		{in: "smtps://h?tls=none", err: "TLS already"},
		{in: "smtp://h?auth=ntlm2", err: "auth="},
		{in: "smtp://h?auth=plain", err: "without a user"},
		{in: "smtp://h?verify=no", err: "verify="},
		{in: "smtp://h?password=x", err: "unknown parameter"},
	}
	for _, c := range cases {
		got, err := ParseURL(c.in)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%s: %v, want an error with %q", c.in, err, c.err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("%s: %+v %v, want %+v", c.in, got, err, c.want)
			continue
		}
		if got.String() != c.str {
			t.Errorf("%s: String %q, want %q", c.in, got.String(), c.str)
		}
	}
}

// FuzzParseURL: any input is refused or parsed; what parses prints
// without its password and parses again to the same place.
func FuzzParseURL(f *testing.F) {
	for _, s := range []string{"smtp://h", "smtps://u:p@h:465", "smtp://h:25?tls=none&auth=plain", "smtp://[::1]:2525?verify=false", "smtp://%zz"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseURL(s)
		if err != nil {
			return
		}
		if c.Host == "" || c.Port < 1 || c.Port > 65535 {
			t.Fatalf("%q parsed to %+v", s, c)
		}
		if u, err := url.Parse(c.String()); err != nil || u.User != nil && func() bool { _, set := u.User.Password(); return set }() {
			t.Fatalf("%q: String shows the password: %s", s, c.String())
		}
		again, err := ParseURL(c.String())
		if err != nil {
			t.Fatalf("%q: String %q does not parse: %v", s, c.String(), err)
		}
		again.Password = c.Password
		if again != c {
			t.Fatalf("%q: %+v, again %+v", s, c, again)
		}
	})
}
