// Package mailer sends the outbox's mail over SMTP (github.com/wneessen/go-mail
// v0.8.1) and runs the worker that delivers it in the background of
// damlam serve.
package mailer

import (
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
)

// TLS modes of an SMTP connection.
const (
	STARTTLS      = "starttls"      // smtp://: upgrade with STARTTLS, refuse a server without it (the default)
	Opportunistic = "opportunistic" // smtp://…?tls=opportunistic: STARTTLS if offered
	NoTLS         = "none"          // smtp://…?tls=none: plain text, for a relay on the same machine
	ImplicitTLS   = "tls"           // smtps://: TLS from the first byte (port 465)
)

// Config is where and how mail is sent.
type Config struct {
	Host     string
	Port     int
	TLS      string
	User     string
	Password string
	// Auth is the SASL mechanism ("" lets the client pick among those the
	// server offers: PLAIN, LOGIN, SCRAM, CRAM-MD5).
	Auth string
	// InsecureSkipVerify accepts any certificate (?verify=false): for a
	// test server only.
	InsecureSkipVerify bool
}

// ParseURL reads an SMTP URL, as --smtp and DAMLAM_SMTP take it:
//
//	smtp://user:password@mail.example.vn:587       STARTTLS, required
//	smtp://mail.example.vn:587?tls=opportunistic   STARTTLS if offered
//	smtp://127.0.0.1:25?tls=none                   no TLS (a local relay)
//	smtps://user:password@mail.example.vn:465      TLS from the start
//
// with ?auth=plain|login|cram-md5|scram-sha-256 to name the mechanism and
// ?verify=false to accept any certificate.
func ParseURL(s string) (Config, error) {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil {
		return Config{}, fmt.Errorf("smtp URL: %w", err)
	}
	var c Config
	switch u.Scheme {
	case "smtp":
		c.TLS, c.Port = STARTTLS, 587
	case "smtps":
		c.TLS, c.Port = ImplicitTLS, 465
	default:
		return Config{}, fmt.Errorf("smtp URL: scheme %q, want smtp:// or smtps://", u.Scheme)
	}
	if u.Opaque != "" || u.Host == "" {
		return Config{}, fmt.Errorf("smtp URL: no host (smtp://host:port)")
	}
	c.Host = u.Hostname()
	if c.Host == "" {
		return Config{}, fmt.Errorf("smtp URL: no host (smtp://host:port)")
	}
	if !validHost(c.Host) {
		return Config{}, fmt.Errorf("smtp URL: host %q is neither a name nor an IP address", c.Host)
	}
	if p := u.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 65535 {
			return Config{}, fmt.Errorf("smtp URL: port %q", p)
		}
		c.Port = n
	}
	if u.Path != "" && u.Path != "/" {
		return Config{}, fmt.Errorf("smtp URL: unexpected path %q", u.Path)
	}
	if u.User != nil {
		c.User = u.User.Username()
		c.Password, _ = u.User.Password()
	}
	q := u.Query()
	for k := range q {
		if k != "tls" && k != "auth" && k != "verify" {
			return Config{}, fmt.Errorf("smtp URL: unknown parameter %q (tls, auth, verify)", k)
		}
	}
	if t := q.Get("tls"); t != "" {
		if c.TLS == ImplicitTLS {
			return Config{}, fmt.Errorf("smtp URL: smtps:// is TLS already; tls=%s is for smtp://", t)
		}
		switch t {
		case STARTTLS, Opportunistic, NoTLS:
			c.TLS = t
		default:
			return Config{}, fmt.Errorf("smtp URL: tls=%q, want starttls, opportunistic or none", t)
		}
	}
	switch a := strings.ToLower(q.Get("auth")); a {
	case "", "plain", "login", "cram-md5", "scram-sha-1", "scram-sha-256":
		c.Auth = a
	default:
		return Config{}, fmt.Errorf("smtp URL: auth=%q, want plain, login, cram-md5, scram-sha-1 or scram-sha-256", a)
	}
	if c.Auth != "" && c.User == "" {
		return Config{}, fmt.Errorf("smtp URL: auth=%s without a user (smtp://user:password@host)", c.Auth)
	}
	switch v := q.Get("verify"); v {
	case "", "true":
	case "false":
		c.InsecureSkipVerify = true
	default:
		return Config{}, fmt.Errorf("smtp URL: verify=%q, want true or false", v)
	}
	return c, nil
}

// String is the URL without its password, for logs and the admin page.
func (c Config) String() string {
	scheme := "smtp"
	if c.TLS == ImplicitTLS {
		scheme = "smtps"
	}
	u := url.URL{Scheme: scheme, Host: net.JoinHostPort(c.Host, strconv.Itoa(c.Port))}
	if c.User != "" {
		u.User = url.User(c.User)
	}
	q := url.Values{}
	if c.TLS != ImplicitTLS && c.TLS != STARTTLS {
		q.Set("tls", c.TLS)
	}
	if c.Auth != "" {
		q.Set("auth", c.Auth)
	}
	if c.InsecureSkipVerify {
		q.Set("verify", "false")
	}
	u.RawQuery = q.Encode()
	return u.String()
}

// validHost accepts an IP address or a DNS name (letters, digits, '-',
// '_' and '.').
func validHost(h string) bool {
	if net.ParseIP(h) != nil {
		return true
	}
	for _, r := range h {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.') {
			return false
		}
	}
	return true
}
