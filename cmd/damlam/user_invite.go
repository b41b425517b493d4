package main

import (
	"context"
	"fmt"
	"time"

	"damlam/internal/i18n"
	"damlam/internal/server"
	"damlam/internal/sqlstore"
)

// userInvite makes a one-time link for a person to set a password: with
// mail, it goes into the outbox, which the server's mailer sends to the
// person; else it is printed for the operator to pass on.
func userInvite(ctx context.Context, e *env, a *app, id string, reset, mail bool, publicURL string) error {
	kind, ttl := sqlstore.LinkInvite, 7*24*time.Hour
	if reset {
		kind, ttl = sqlstore.LinkReset, 24*time.Hour
	}
	if mail {
		l, err := a.store.IssueLinkByMail(ctx, nil, "", id, kind, ttl)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "đường dẫn một lần đã vào hộp thư đi, gửi tới / one-time link queued for %s <%s>, hết hạn / expires %s\n",
			l.Name, l.Email, i18n.FormatDateTime(l.ExpiresAt))
		return nil
	}
	l, err := a.store.IssueLink(ctx, nil, "", id, kind, ttl)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "đường dẫn một lần cho / one-time link for %s <%s>, hết hạn / expires %s:\n%s\n",
		l.Name, l.Email, i18n.FormatDateTime(l.ExpiresAt), server.LinkURL(publicURL, l.Secret))
	return nil
}
