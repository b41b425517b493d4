package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"strconv"
	"time"

	"damlam/internal/mailer"
	"damlam/internal/workflow"
)

// mailFlags say where serve sends the outbox's mail.
type mailFlags struct {
	smtp   string
	from   string
	public string
	every  time.Duration
	// remindDays is how many working days before a due date the first
	// reminder goes out.
	remindDays int
}

func (m *mailFlags) register(fs *flag.FlagSet, e *env) {
	fs.StringVar(&m.smtp, "smtp", e.getenv("DAMLAM_SMTP"), "máy chủ gửi thư, smtp://user:pass@host:587 (STARTTLS), smtps://…:465 (TLS), …?tls=none; không có thì thư ở lại hộp thư đi / "+
		"mail server (also DAMLAM_SMTP): smtp:// with STARTTLS, smtps:// with TLS, ?tls=none for a local relay; without it mail stays in the outbox")
	fs.StringVar(&m.from, "mail-from", envOr(e, "DAMLAM_MAIL_FROM", "damlam <noreply@damlam.local>"), "địa chỉ người gửi / sender address")
	fs.StringVar(&m.public, "public-url", e.getenv("DAMLAM_PUBLIC_URL"), "địa chỉ người dùng truy cập, ví dụ https://damlam.tinh.gov.vn: liên kết trong thư; https làm cookie chỉ gửi qua TLS / "+
		"the address users reach the server at, e.g. https://damlam.example.gov.vn (also DAMLAM_PUBLIC_URL): links in mail use it, and https makes cookies Secure (default http://ADDR)")
	fs.DurationVar(&m.every, "mail-every", 10*time.Second, "chu kỳ gửi thư / how often the outbox is delivered")
	fs.IntVar(&m.remindDays, "remind-days", envInt(e, "DAMLAM_REMIND_DAYS", workflow.DefaultReminderDays),
		"nhắc việc trước hạn bao nhiêu ngày làm việc (1–20; nhắc thêm vào ngày đến hạn) / how many working days before a due date the first reminder goes out (1–20; a second goes on the day) [DAMLAM_REMIND_DAYS]")
}

// checkRemindDays refuses a reminder offset no one would mean.
func (m *mailFlags) checkRemindDays() error {
	if m.remindDays < 1 || m.remindDays > 20 {
		return fmt.Errorf("--remind-days %d: phải từ 1 đến 20 ngày làm việc / must be from 1 to 20 working days", m.remindDays)
	}
	return nil
}

func envInt(e *env, key string, def int) int {
	if n, err := strconv.Atoi(e.getenv(key)); err == nil {
		return n
	}
	return def
}

func envOr(e *env, key, def string) string {
	if v := e.getenv(key); v != "" {
		return v
	}
	return def
}

// startMail starts the delivery worker if an SMTP server is configured,
// and says where mail goes either way; it returns the mail server's
// address without its password ("" when there is none) for the admin page.
func startMail(ctx context.Context, e *env, a *app, m *mailFlags, addr net.Addr, logger *slog.Logger) (string, error) {
	if m == nil || m.smtp == "" {
		fmt.Fprintf(e.stdout, "chưa cấu hình --smtp: thư được giữ trong hộp thư đi / no --smtp: mail stays in the outbox, http://%s/admin/outbox\n", addr)
		return "", nil
	}
	cfg, err := mailer.ParseURL(m.smtp)
	if err != nil {
		return "", err
	}
	public := m.public
	if public == "" {
		public = "http://" + addr.String()
	}
	sender, err := mailer.NewSender(cfg, m.from, public, nil)
	if err != nil {
		return "", err
	}
	w := mailer.NewWorker(a.store, sender.Send, m.every, logger)
	go w.Run(ctx)
	fmt.Fprintf(e.stdout, "thư gửi qua / mail goes through %s from %s\n", cfg, m.from)
	return cfg.String(), nil
}
