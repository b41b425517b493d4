package mailer

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"damlam/internal/sqlstore"
)

// Outbox is what the worker needs of the store.
type Outbox interface {
	DeliverOne(ctx context.Context, send func(context.Context, sqlstore.Mail) error) (sqlstore.Mail, error)
	QueueDigests(ctx context.Context) (int, error)
}

// Worker (NewWorker) delivers the outbox in the background: every Every, it writes
// the day's digests (once a day) and sends every row that is due. A row
// that fails waits by backoff in the outbox, so a restart loses nothing:
// the next worker finds it there.
type Worker struct {
	Outbox Outbox
	Send   func(context.Context, sqlstore.Mail) error
	Every  time.Duration
	Log    *slog.Logger
	// poke wakes the worker early.
	poke chan struct{}
}

// NewWorker delivers outbox with send, a round every every.
func NewWorker(outbox Outbox, send func(context.Context, sqlstore.Mail) error, every time.Duration, log *slog.Logger) *Worker {
	if every <= 0 {
		every = 10 * time.Second
	}
	return &Worker{Outbox: outbox, Send: send, Every: every, Log: log, poke: make(chan struct{}, 1)}
}

// maxPerRound bounds one round, so that a round ends.
const maxPerRound = 1000

// Round sends what is due now; it returns how many were sent and how many
// failed (and wait for a retry).
func (w *Worker) Round(ctx context.Context) (sent, failed int, err error) {
	if _, err := w.Outbox.QueueDigests(ctx); err != nil {
		return 0, 0, err
	}
	for range maxPerRound {
		m, err := w.Outbox.DeliverOne(ctx, w.Send)
		var se *sqlstore.SendError
		switch {
		case errors.Is(err, sqlstore.ErrNoMail):
			return sent, failed, nil
		case errors.As(err, &se):
			failed++
			if w.Log != nil {
				w.Log.Warn("mail not sent; it waits in the outbox for a retry", "outbox", m.ID, "to", m.To, "attempts", m.Attempts, "err", se.Err)
			}
		case err != nil:
			return sent, failed, err
		default:
			if m.SentAt != "" {
				sent++
			}
		}
	}
	return sent, failed, nil
}

// Poke asks the worker for a round now.
func (w *Worker) Poke() {
	select {
	case w.poke <- struct{}{}:
	default:
	}
}

// Run delivers until ctx ends.
func (w *Worker) Run(ctx context.Context) {
	t := time.NewTicker(w.Every)
	defer t.Stop()
	for {
		if _, _, err := w.Round(ctx); err != nil && ctx.Err() == nil && w.Log != nil {
			w.Log.Error("mail delivery", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-w.poke:
		}
	}
}
