package main

import (
	"context"
	"damlam/internal/casework"
	"flag"
	"fmt"
	"io"
	"text/tabwriter"

	"damlam/internal/server"
	"damlam/internal/workflow"
)

func cmdLifecycle(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "lifecycle", "lifecycle [--markdown]")
	markdown := fs.Bool("markdown", false, "in dạng Markdown (docs/lifecycle.md) / print the Markdown document")
	if ok, err := parse(fs, args); !ok {
		return err
	}
	if *markdown {
		return lifecycleMarkdown(e.stdout)
	}
	tw := tabwriter.NewWriter(e.stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "FROM\tACTION\tTO\tWHO\tDEADLINE (working days)\tBASIS")
	for _, r := range server.LifecycleTable() {
		dl := ""
		if r.Deadline != nil {
			dl = fmt.Sprintf("%d from %s", r.Deadline.Days, r.Deadline.From)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", r.From, r.Action, r.To, r.Who, dl, r.Basis)
	}
	return tw.Flush()
}

// lifecycleMarkdown writes docs/lifecycle.md from the transition table,
// so the documentation cannot drift from what the code enforces.
func lifecycleMarkdown(w io.Writer) error {
	fmt.Fprint(w, `# Vòng đời đề xuất / The proposal lifecycle

Sinh tự động từ bảng chuyển trạng thái (`+"`internal/workflow/transitions.go`"+`) bằng
`+"`damlam lifecycle --markdown`"+`; đừng sửa tay. Generated from the transition table; do not edit.

## Trạng thái / States

| trạng thái / state | tên / name | thời hạn / deadline (ngày làm việc / working days) |
|---|---|---|
`)
	for _, s := range workflow.States {
		dl := ""
		if d, ok := workflow.Deadlines[s]; ok {
			dl = fmt.Sprintf("%d, từ / from %s — %s", d.Days, d.From, d.Basis)
		}
		fmt.Fprintf(w, "| `%s` | %s / %s | %s |\n", s, s.Label().VI, s.Label().EN, dl)
	}
	fmt.Fprint(w, `
## Chuyển trạng thái / Transitions

| từ / from | thao tác / action | sang / to | ai / who | sự kiện sổ ghi / log event | căn cứ / basis |
|---|---|---|---|---|---|
`)
	for _, t := range workflow.Table {
		to := "`" + string(t.To) + "`"
		if t.To == t.From {
			to = "(giữ nguyên / unchanged)"
		}
		event := "—"
		if t.Event != "" {
			event = "`" + t.Event + "`"
		}
		fmt.Fprintf(w, "| `%s` | `%s` %s | %s | %s | %s | %s |\n", t.From, t.Action, t.Action.Label().VI, to, t.Who.Label().VI, event, t.Basis)
	}
	return nil
}

func cmdEscalate(ctx context.Context, e *env, args []string) error {
	return withData(ctx, e, "escalate", "escalate [--data DIR | --db URL]", args, nil, func(a *app, _ *flag.FlagSet) error {
		escs, err := casework.New(a.store).EscalateOverdue(ctx)
		if err != nil {
			return err
		}
		for _, x := range escs {
			fmt.Fprintf(e.stdout, "%s\t%s\thạn/due %s\t→ %v\tlog %d\n", x.ProposalID, x.State, x.DueDate, x.Notified, x.LogIndex)
		}
		fmt.Fprintf(e.stdout, "đã chuyển %d việc quá hạn / escalated %d overdue cases\n", len(escs), len(escs))
		return nil
	})
}

func cmdRotateKey(ctx context.Context, e *env, args []string) error {
	return withData(ctx, e, "rotate-key", "rotate-key [--data DIR | --db URL]", args, nil, func(a *app, _ *flag.FlagSet) error {
		if err := a.log.RotateKey(ctx); err != nil {
			return err
		}
		keys, err := a.log.VerifierKeys(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintln(e.stdout, "đã đổi khóa ký; các khóa xác minh / signing key rotated; verifier keys:")
		for _, k := range keys {
			fmt.Fprintln(e.stdout, k)
		}
		return nil
	})
}
