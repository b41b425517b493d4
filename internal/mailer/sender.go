package mailer

import (
	"context"
	"crypto/tls"
	"fmt"
	"time"

	gomail "github.com/wneessen/go-mail"

	"damlam/internal/sqlstore"
)

// Sender sends one outbox row as one mail over SMTP.
type Sender struct {
	cfg  Config
	from string
	base string
	now  func() time.Time
}

// NewSender sends with cfg from address from ("Name <addr>" or addr);
// base is the site's address for the links in each mail.
func NewSender(cfg Config, from, base string, now func() time.Time) (*Sender, error) {
	probe := gomail.NewMsg()
	if err := probe.From(from); err != nil {
		return nil, fmt.Errorf("--mail-from %q: %w", from, err)
	}
	if now == nil {
		now = time.Now
	}
	return &Sender{cfg: cfg, from: from, base: base, now: now}, nil
}

// Config is where the sender sends.
func (s *Sender) Config() Config { return s.cfg }

// Message builds the mail for m: UTF-8 headers and an HTML and a plain
// part; its Message-ID is the outbox row's, so that a mail sent again in
// the window between the server's acceptance and the row's commit carries
// the same id and a mailbox can tell it is the same message.
func (s *Sender) Message(m sqlstore.Mail) (*gomail.Msg, error) {
	l := Render(m, s.base)
	msg := gomail.NewMsg(gomail.WithCharset(gomail.CharsetUTF8), gomail.WithEncoding(gomail.EncodingQP))
	if err := msg.From(s.from); err != nil {
		return nil, err
	}
	if err := msg.AddToFormat(m.Name, m.To); err != nil {
		return nil, fmt.Errorf("to %q: %w", m.To, err)
	}
	msg.Subject(l.Subject)
	msg.SetMessageIDWithValue(m.ID + "@damlam")
	msg.SetDateWithValue(s.now())
	msg.SetGenHeader("X-Damlam-Outbox", m.ID)
	if m.Urgent {
		msg.SetImportance(gomail.ImportanceHigh)
	}
	if !sqlstore.IsLinkMail(m.Kind) {
		// Notices are automatic mail; a one-time link is the person's own,
		// not to be filed away with them.
		msg.SetBulk()
	}
	msg.SetBodyString(gomail.TypeTextPlain, l.Text)
	msg.AddAlternativeString(gomail.TypeTextHTML, l.HTML)
	return msg, nil
}

// Send sends m; nil means the server accepted it.
func (s *Sender) Send(ctx context.Context, m sqlstore.Mail) error {
	msg, err := s.Message(m)
	if err != nil {
		return err
	}
	c, err := s.client()
	if err != nil {
		return err
	}
	return c.DialAndSendWithContext(ctx, msg)
}

func (s *Sender) client() (*gomail.Client, error) {
	opts := []gomail.Option{gomail.WithPort(s.cfg.Port), gomail.WithTimeout(30 * time.Second),
		gomail.WithTLSConfig(&tls.Config{ServerName: s.cfg.Host, InsecureSkipVerify: s.cfg.InsecureSkipVerify, MinVersion: tls.VersionTLS12})}
	switch s.cfg.TLS {
	case ImplicitTLS:
		opts = append(opts, gomail.WithSSL())
	case Opportunistic:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSOpportunistic))
	case NoTLS:
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	default:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	}
	if s.cfg.User != "" {
		auth := map[string]gomail.SMTPAuthType{
			"": gomail.SMTPAuthAutoDiscover, "plain": gomail.SMTPAuthPlain, "login": gomail.SMTPAuthLogin,
			"cram-md5": gomail.SMTPAuthCramMD5, "scram-sha-1": gomail.SMTPAuthSCRAMSHA1, "scram-sha-256": gomail.SMTPAuthSCRAMSHA256,
		}[s.cfg.Auth]
		if s.cfg.TLS == NoTLS {
			// Without TLS the client refuses to send a password in the
			// clear unless told to: a relay on the same machine.
			switch auth {
			case gomail.SMTPAuthPlain, gomail.SMTPAuthAutoDiscover:
				auth = gomail.SMTPAuthPlainNoEnc
			case gomail.SMTPAuthLogin:
				auth = gomail.SMTPAuthLoginNoEnc
			}
		}
		opts = append(opts, gomail.WithSMTPAuth(auth), gomail.WithUsername(s.cfg.User), gomail.WithPassword(s.cfg.Password))
	}
	return gomail.NewClient(s.cfg.Host, opts...)
}
