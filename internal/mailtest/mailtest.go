// Package mailtest is a real SMTP server on port 0 for tests
// (github.com/emersion/go-smtp): it keeps every message it accepts, can
// refuse a number of messages first, and can require STARTTLS and a
// password.
package mailtest

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"fmt"
	"io"
	"math/big"
	"mime"
	"mime/multipart"
	"net"
	"net/mail"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Options shape the server.
type Options struct {
	// User and Password, if set, are required (AUTH PLAIN).
	User, Password string
	// StartTLS offers STARTTLS with a self-signed certificate.
	StartTLS bool
	// Delay is how long the server takes over each message before it
	// answers, as a busy relay does: senders working at once then overlap.
	Delay time.Duration
}

// Server is a running SMTP server.
type Server struct {
	srv  *smtp.Server
	addr string
	opts Options

	mu       sync.Mutex
	messages []Message
	refuse   int
	refused  int
}

// Message is one accepted mail.
type Message struct {
	From string
	To   []string
	Data []byte
	TLS  bool
	Auth bool
}

// Start starts a server on 127.0.0.1:0, stopped when the test ends.
func Start(t testing.TB, opts Options) *Server {
	t.Helper()
	s := &Server{opts: opts}
	srv := smtp.NewServer(backend{s})
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = !opts.StartTLS
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	srv.MaxRecipients = 10
	if opts.StartTLS {
		cert, err := selfSigned()
		if err != nil {
			t.Fatal(err)
		}
		srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}}
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.srv, s.addr = srv, l.Addr().String()
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	return s
}

// URL is the server's address as --smtp takes it.
func (s *Server) URL() string {
	u := url.URL{Scheme: "smtp", Host: s.addr, RawQuery: "tls=none"}
	if s.opts.User != "" {
		u.User = url.UserPassword(s.opts.User, s.opts.Password)
	}
	if s.opts.StartTLS {
		u.RawQuery = "verify=false"
	}
	return u.String()
}

// Refuse makes the server refuse the next n messages (451, try later).
func (s *Server) Refuse(n int) {
	s.mu.Lock()
	s.refuse = n
	s.mu.Unlock()
}

// Refused is how many messages were refused so far.
func (s *Server) Refused() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.refused
}

// Messages are the messages accepted so far.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.messages...)
}

// Wait waits until n messages were accepted, or d has passed.
func (s *Server) Wait(n int, d time.Duration) []Message {
	deadline := time.Now().Add(d)
	for {
		m := s.Messages()
		if len(m) >= n || time.Now().After(deadline) {
			return m
		}
		time.Sleep(20 * time.Millisecond)
	}
}

type backend struct{ s *Server }

func (b backend) NewSession(c *smtp.Conn) (smtp.Session, error) {
	return &session{s: b.s, c: c}, nil
}

type session struct {
	s    *Server
	c    *smtp.Conn
	auth bool
	from string
	to   []string
}

func (x *session) AuthMechanisms() []string {
	if x.s.opts.User == "" {
		return nil
	}
	return []string{sasl.Plain}
}

func (x *session) Auth(mech string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(identity, user, pass string) error {
		if user != x.s.opts.User || pass != x.s.opts.Password {
			return errors.New("invalid credentials")
		}
		x.auth = true
		return nil
	}), nil
}

func (x *session) Mail(from string, _ *smtp.MailOptions) error {
	if x.s.opts.User != "" && !x.auth {
		return smtp.ErrAuthRequired
	}
	if x.s.opts.StartTLS {
		if _, ok := x.c.TLSConnectionState(); !ok {
			return &smtp.SMTPError{Code: 530, EnhancedCode: smtp.EnhancedCode{5, 7, 0}, Message: "STARTTLS first"}
		}
	}
	x.from = from
	return nil
}

func (x *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	x.to = append(x.to, to)
	return nil
}

func (x *session) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	time.Sleep(x.s.opts.Delay)
	x.s.mu.Lock()
	defer x.s.mu.Unlock()
	if x.s.refuse > 0 {
		x.s.refuse--
		x.s.refused++
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try again later"}
	}
	_, tlsOn := x.c.TLSConnectionState()
	x.s.messages = append(x.s.messages, Message{From: x.from, To: x.to, Data: data, TLS: tlsOn, Auth: x.auth})
	return nil
}

func (x *session) Reset()        { x.from, x.to = "", nil }
func (x *session) Logout() error { return nil }

// Parsed is a message read back: its decoded subject, its headers, and
// its plain and HTML parts decoded.
type Parsed struct {
	Header  mail.Header
	Subject string
	Text    string
	HTML    string
}

// Parse reads a message back as a mail client would.
func (m Message) Parse() (Parsed, error) {
	msg, err := mail.ReadMessage(bytes.NewReader(m.Data))
	if err != nil {
		return Parsed{}, err
	}
	var p Parsed
	p.Header = msg.Header
	if p.Subject, err = new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject")); err != nil {
		return p, fmt.Errorf("subject: %w", err)
	}
	mt, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil {
		return p, err
	}
	if !strings.HasPrefix(mt, "multipart/") {
		return p, fmt.Errorf("content type %s, want multipart/alternative", mt)
	}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	for {
		part, err := mr.NextPart() // decodes quoted-printable itself
		if err == io.EOF {
			return p, nil
		}
		if err != nil {
			return p, err
		}
		body, err := io.ReadAll(part)
		if err != nil {
			return p, err
		}
		pt, pparams, _ := mime.ParseMediaType(part.Header.Get("Content-Type"))
		if cs := strings.ToLower(pparams["charset"]); cs != "utf-8" {
			return p, fmt.Errorf("part %s in charset %q, want UTF-8", pt, cs)
		}
		switch pt {
		case "text/plain":
			p.Text = string(body)
		case "text/html":
			p.HTML = string(body)
		}
	}
}

func selfSigned() (tls.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, err
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, err
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, nil
}
