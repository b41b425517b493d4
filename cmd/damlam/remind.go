package main

import (
	"context"
	"flag"
	"fmt"
	"strings"

	"damlam/internal/mailer"
)

// cmdRemind writes the reminders owed today (serve does it every hour),
// and with --smtp sends what the outbox holds, once: for a cron job, or
// to see the reminders a day produces.
func cmdRemind(ctx context.Context, e *env, args []string) error {
	var mail mailFlags
	return withData(ctx, e, "remind", "remind [--data DIR | --db URL] [--remind-days N] [--smtp URL --mail-from ADDR --public-url URL]", args,
		func(fs *flag.FlagSet) { mail.register(fs, e) },
		func(a *app, _ *flag.FlagSet) error {
			if err := mail.checkRemindDays(); err != nil {
				return err
			}
			rs, err := a.store.WithReminderDays(mail.remindDays).Remind(ctx)
			if err != nil {
				return err
			}
			for _, r := range rs {
				fmt.Fprintf(e.stdout, "%s\t%s\t%s\thạn/due %s\t→ %s\n", r.ProposalID, r.State, r.Kind, r.DueDate, strings.Join(r.Notified, ","))
			}
			fmt.Fprintf(e.stdout, "đã nhắc %d việc / %d reminders written\n", len(rs), len(rs))
			if mail.smtp == "" {
				return nil
			}
			cfg, err := mailer.ParseURL(mail.smtp)
			if err != nil {
				return err
			}
			sender, err := mailer.NewSender(cfg, mail.from, mail.public, a.store.Now)
			if err != nil {
				return err
			}
			sent, failed, err := mailer.NewWorker(a.store, sender.Send, 0, nil).Round(ctx)
			fmt.Fprintf(e.stdout, "đã gửi %d thư, lỗi %d / %d sent, %d failed\n", sent, failed, sent, failed)
			return err
		})
}
