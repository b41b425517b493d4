package main

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"time"

	"damlam/internal/i18n"
	"damlam/internal/ledger"
	"damlam/internal/problem"
	"damlam/internal/witness"
)

// witnessStartTimeout bounds how long start-up waits for each witness (all
// are asked at once): a witness that does not answer by then is warned
// about, and the server starts without it.
const witnessStartTimeout = 10 * time.Second

// holder names who keeps a checkpoint outside the database, in both
// languages, for the start-up refusal.
type holder struct{ vi, en string }

// checkOutside runs before the server takes a request: it compares the
// database with every checkpoint of the log kept outside it — each
// witness's latest cosigned checkpoint, and the published checkpoints
// given with --checkpoint — and refuses to start if the database does not
// hold one of them. The key folder's copy of the last checkpoint, which
// ledger.Open checked, cannot see a database and key folder restored
// together from one backup; these can. A checkpoint the database holds
// becomes the floor the signer never signs below (ledger.CheckOutside).
//
// A witness that cannot be reached, or answers with something that does
// not carry its valid cosignature, is warned about and skipped: a witness
// is another agency's server, and its outage must not stop a commune's.
// Those witnesses are returned; the server checks against each as soon as
// it answers (recheckWitnesses).
func checkOutside(ctx context.Context, a *app, witnesses []*witness.Client, checkpoints []string, logger *slog.Logger) (unchecked []*witness.Client, err error) {
	for _, f := range checkpoints {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		h := holder{vi: "Checkpoint đã công bố trong " + f, en: "The published checkpoint in " + f}
		if err := outsideRefusal(h, a.log.CheckOutside(ctx, h.en, b)); err != nil {
			return nil, err
		}
	}
	type answer struct {
		w   *witness.Witnessed
		err error
	}
	answers := make([]chan answer, len(witnesses))
	for i, c := range witnesses {
		answers[i] = make(chan answer, 1)
		go func() {
			wctx, cancel := context.WithTimeout(ctx, witnessStartTimeout)
			defer cancel()
			w, err := c.Latest(wctx, a.log.Origin())
			answers[i] <- answer{w, err}
		}()
	}
	for i, c := range witnesses {
		ans := <-answers[i]
		if ans.err != nil {
			logger.Warn("không kiểm tra được cơ sở dữ liệu với nhân chứng; vẫn khởi động / could not check the database against the witness; starting anyway",
				"witness", c.Verifier.Name(), "url", c.URL, "err", ans.err)
			unchecked = append(unchecked, c)
			continue
		}
		if err := checkWitnessed(ctx, a, c, ans.w, logger); err != nil {
			return nil, err
		}
	}
	return unchecked, nil
}

// checkWitnessed checks the database against what witness c answered.
func checkWitnessed(ctx context.Context, a *app, c *witness.Client, w *witness.Witnessed, logger *slog.Logger) error {
	name := c.Verifier.Name()
	if w == nil {
		logger.Info("nhân chứng chưa đồng ký checkpoint nào / the witness has cosigned no checkpoint yet", "witness", name)
		return nil
	}
	h := holder{vi: "Nhân chứng " + name, en: "Witness " + name}
	if err := outsideRefusal(h, a.log.CheckOutside(ctx, h.en, w.Note)); err != nil {
		return err
	}
	logger.Info("cơ sở dữ liệu chứa checkpoint của nhân chứng / the database holds the witness's checkpoint",
		"witness", name, "size", w.Checkpoint.Size, "cosigned_at", w.Time.Format(time.RFC3339))
	return nil
}

// recheckWitnesses asks each witness that was out of reach at start until
// it answers, and checks the database against its answer. A refusal then
// comes too late to stop the start, so it is logged and the log stops
// itself: it appends, signs and hands out nothing more (ledger.CheckOutside),
// while the server keeps answering reads. It returns the witnesses still
// unchecked.
func recheckWitnesses(ctx context.Context, a *app, unchecked []*witness.Client, logger *slog.Logger) []*witness.Client {
	var still []*witness.Client
	for _, c := range unchecked {
		wctx, cancel := context.WithTimeout(ctx, witnessStartTimeout)
		w, err := c.Latest(wctx, a.log.Origin())
		cancel()
		if err != nil {
			still = append(still, c)
			continue
		}
		err = checkWitnessed(ctx, a, c, w, logger)
		var oe *ledger.OutsideError
		switch {
		case errors.As(err, &oe):
			logger.Error("sổ ghi ngừng ghi / the log stopped writing", "witness", c.Verifier.Name(), "err", describe(err))
		case err != nil: // the database's, not the witness's: ask again
			logger.Warn("không kiểm tra được cơ sở dữ liệu với nhân chứng / could not check the database against the witness", "witness", c.Verifier.Name(), "err", err)
			still = append(still, c)
		}
	}
	return still
}

// outsideRefusal turns CheckOutside's refusal into the bilingual error the
// command prints, naming the holder and both sizes and saying what to do;
// other errors pass unchanged.
func outsideRefusal(h holder, err error) error {
	var oe *ledger.OutsideError
	if !errors.As(err, &oe) {
		return err
	}
	code := map[ledger.OutsideReason]string{
		ledger.OutsideAhead:      "log_behind_outside",
		ledger.OutsideFork:       "log_fork_outside",
		ledger.OutsideUnknownKey: "log_key_outside",
	}[oe.Reason]
	return &problem.Error{Kind: problem.Conflict, Code: code, Err: err, Message: i18n.Message{
		VI: i18n.T(code, h.vi, oe.Size, oe.Leaves).VI,
		EN: i18n.T(code, h.en, oe.Size, oe.Leaves).EN,
	}}
}
