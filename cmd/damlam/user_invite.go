package main

import (
	"context"
	"fmt"
	"time"

	"damlam/internal/i18n"
	"damlam/internal/server"
	"damlam/internal/sqlstore"
)

// userInvite prints a one-time link for a person to set a password. Until
// the notifications outbox sends it by e-mail, the operator passes it on.
func userInvite(ctx context.Context, e *env, a *app, id string, reset bool, publicURL string) error {
	kind, ttl := sqlstore.LinkInvite, 7*24*time.Hour
	if reset {
		kind, ttl = sqlstore.LinkReset, 24*time.Hour
	}
	l, err := a.store.IssueLink(ctx, nil, "", id, kind, ttl)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "đường dẫn một lần cho / one-time link for %s <%s>, hết hạn / expires %s:\n%s\n",
		l.Name, l.Email, i18n.FormatDateTime(l.ExpiresAt), server.LinkURL(publicURL, l.Secret))
	return nil
}
