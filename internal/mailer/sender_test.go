package mailer

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"damlam/internal/i18n"
	"damlam/internal/mailtest"
	"damlam/internal/sqlstore"
)

var when = time.Date(2026, 12, 3, 8, 0, 0, 0, time.UTC)

func letter() sqlstore.Mail {
	return sqlstore.Mail{ID: "m_1", PersonID: "pct1.bth", Name: "Nguyễn Thị Hồng Đào", To: "pct1.bth@demo.damlam.vn", Kind: "approved_pilot",
		ProposalID: "DX-2026-000012", Title: "Vận động Nhân dân góp vốn làm đường hẻm & cống", Link: "/proposals/DX-2026-000012/pilot"}
}

func TestSendOverSMTP(t *testing.T) {
	for _, c := range []struct {
		name string
		opts mailtest.Options
	}{
		{"plain", mailtest.Options{}},
		{"starttls and a password", mailtest.Options{StartTLS: true, User: "damlam", Password: "mật-khẩu"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			srv := mailtest.Start(t, c.opts)
			cfg, err := ParseURL(srv.URL())
			if err != nil {
				t.Fatal(err)
			}
			s, err := NewSender(cfg, "Hệ thống damlam <noreply@damlam.vn>", "https://damlam.example.vn/", func() time.Time { return when })
			if err != nil {
				t.Fatal(err)
			}
			if err := s.Send(context.Background(), letter()); err != nil {
				t.Fatal(err)
			}
			msgs := srv.Messages()
			if len(msgs) != 1 || msgs[0].To[0] != "pct1.bth@demo.damlam.vn" || msgs[0].From != "noreply@damlam.vn" {
				t.Fatalf("messages %+v", msgs)
			}
			if c.opts.StartTLS && (!msgs[0].TLS || !msgs[0].Auth) {
				t.Fatalf("sent without TLS or authentication: %+v", msgs[0])
			}
			p, err := msgs[0].Parse()
			if err != nil {
				t.Fatal(err)
			}
			// Byte for byte after decoding: the diacritics survive the
			// header's encoding.
			want := "Đề xuất DX-2026-000012 đã được chấp thuận thí điểm: Vận động Nhân dân góp vốn làm đường hẻm & cống"
			if p.Subject != want {
				t.Fatalf("subject %q\nwant    %q", p.Subject, want)
			}
			if raw := p.Header.Get("Subject"); !strings.HasPrefix(raw, "=?UTF-8?") {
				t.Fatalf("raw subject %q is not an encoded word", raw)
			}
			if p.Header.Get("Message-Id") != "<m_1@damlam>" || p.Header.Get("X-Damlam-Outbox") != "m_1" {
				t.Fatalf("headers %v", p.Header)
			}
			to, _ := p.Header.AddressList("To")
			if len(to) != 1 || to[0].Name != "Nguyễn Thị Hồng Đào" {
				t.Fatalf("to %v", to)
			}
			for _, s := range []string{"Kính gửi Nguyễn Thị Hồng Đào,", want, "Mở trang xử lý: https://damlam.example.vn/proposals/DX-2026-000012/pilot"} {
				if !strings.Contains(p.Text, s) {
					t.Fatalf("plain part lacks %q:\n%s", s, p.Text)
				}
			}
			// A Vietnamese reader's letter is Vietnamese only.
			if strings.Contains(p.Text, "approved as a pilot") || strings.Contains(p.HTML, "Open the page") {
				t.Fatalf("a Vietnamese letter carries English:\n%s\n%s", p.Text, p.HTML)
			}
			if !strings.Contains(p.HTML, `<a href="https://damlam.example.vn/proposals/DX-2026-000012/pilot">Mở trang xử lý</a>`) || !strings.Contains(p.HTML, "đường hẻm &amp; cống") {
				t.Fatalf("HTML part:\n%s", p.HTML)
			}
		})
	}
}

func TestSendRefusedIsAnError(t *testing.T) {
	srv := mailtest.Start(t, mailtest.Options{User: "u", Password: "p"})
	cfg, _ := ParseURL(strings.Replace(srv.URL(), "u:p@", "u:wrong@", 1))
	s, _ := NewSender(cfg, "noreply@damlam.vn", "http://x", nil)
	if err := s.Send(context.Background(), letter()); err == nil {
		t.Fatal("sent with a wrong password")
	}
	cfg, _ = ParseURL(srv.URL())
	s, _ = NewSender(cfg, "noreply@damlam.vn", "http://x", nil)
	srv.Refuse(1)
	if err := s.Send(context.Background(), letter()); err == nil || srv.Refused() != 1 {
		t.Fatalf("a refusal: %v", err)
	}
	if err := s.Send(context.Background(), letter()); err != nil || len(srv.Messages()) != 1 {
		t.Fatalf("after the refusal: %v", err)
	}
	if _, err := NewSender(cfg, "not an address", "http://x", nil); err == nil {
		t.Fatal("a bad sender address was taken")
	}
}

func TestDigestLetter(t *testing.T) {
	m := sqlstore.Mail{ID: "dg", Name: "Đảng ủy phường", Kind: sqlstore.KindDigest, DueDate: "2026-12-03", Digest: []sqlstore.Notification{
		{ProposalID: "DX-1", Kind: "convened", Link: "/proposals/DX-1", Message: i18n.Message{VI: "Cấp ủy cần cho ý kiến", EN: "Opinion needed"}},
	}}
	l := Render(m, "http://h")
	if l.Subject != "Bản tin thông báo ngày 03/12/2026 (1 thông báo)" || !strings.Contains(l.Text, "Cấp ủy cần cho ý kiến\nMở trang xử lý: http://h/proposals/DX-1") {
		t.Fatalf("%q\n%s", l.Subject, l.Text)
	}
	m.Lang = "en"
	if l := Render(m, "http://h"); l.Subject != "Notifications of 03/12/2026 (1 notice)" || !strings.Contains(l.Text, "Opinion needed\nOpen the page: http://h/proposals/DX-1") {
		t.Fatalf("%q\n%s", l.Subject, l.Text)
	}
}

// TestSendInTheRecipientsLanguage: through a real SMTP server, a person
// who chose English gets an English subject and parts, a person who chose
// Vietnamese (or nothing) a Vietnamese one, byte for byte after decoding.
func TestSendInTheRecipientsLanguage(t *testing.T) {
	srv := mailtest.Start(t, mailtest.Options{})
	cfg, err := ParseURL(srv.URL())
	if err != nil {
		t.Fatal(err)
	}
	s, err := NewSender(cfg, "noreply@damlam.vn", "https://damlam.example.vn", func() time.Time { return when })
	if err != nil {
		t.Fatal(err)
	}
	title := "Vận động Nhân dân góp vốn làm đường hẻm & cống"
	want := map[string]struct{ subject, text, html, foreign string }{
		"en": {"Proposal DX-2026-000012 was approved as a pilot: " + title,
			"Dear Nguyễn Thị Hồng Đào,\n\nProposal DX-2026-000012 was approved as a pilot: " + title + "\nOpen the page: https://damlam.example.vn/proposals/DX-2026-000012/pilot\n",
			`<html lang="en">`, "Mở trang xử lý"},
		"vi": {"Đề xuất DX-2026-000012 đã được chấp thuận thí điểm: " + title,
			"Kính gửi Nguyễn Thị Hồng Đào,\n\nĐề xuất DX-2026-000012 đã được chấp thuận thí điểm: " + title + "\nMở trang xử lý: https://damlam.example.vn/proposals/DX-2026-000012/pilot\n",
			`<html lang="vi">`, "Open the page"},
	}
	for _, lang := range []string{"en", "vi"} {
		m := letter()
		m.ID, m.Lang, m.To = "m_"+lang, lang, lang+"@demo.damlam.vn"
		if err := s.Send(context.Background(), m); err != nil {
			t.Fatal(err)
		}
	}
	msgs := srv.Wait(2, 5*time.Second)
	if len(msgs) != 2 {
		t.Fatalf("%d messages", len(msgs))
	}
	for _, msg := range msgs {
		p, err := msg.Parse()
		if err != nil {
			t.Fatal(err)
		}
		lang, _, _ := strings.Cut(msg.To[0], "@")
		w := want[lang]
		if !bytes.Equal([]byte(p.Subject), []byte(w.subject)) {
			t.Fatalf("%s subject % x\nwant       % x", lang, p.Subject, w.subject)
		}
		if !strings.HasPrefix(strings.ReplaceAll(p.Text, "\r\n", "\n"), w.text) || !strings.Contains(p.HTML, w.html) {
			t.Fatalf("%s letter:\n%q\n%s", lang, p.Text, p.HTML)
		}
		if strings.Contains(p.Text, w.foreign) || strings.Contains(p.HTML, w.foreign) {
			t.Fatalf("%s letter carries the other language:\n%s\n%s", lang, p.Text, p.HTML)
		}
	}
}
