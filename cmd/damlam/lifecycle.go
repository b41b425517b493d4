package main

import (
	"context"
	"fmt"
	"text/tabwriter"

	"damlam/internal/server"
)

func cmdLifecycle(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "lifecycle", "lifecycle")
	if ok, err := parse(fs, args); !ok {
		return err
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

func cmdEscalate(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "escalate", "escalate [--data DIR | --db URL]")
	var d dataFlags
	d.register(fs, e)
	if ok, err := parse(fs, args); !ok {
		return err
	}
	a, err := d.open(ctx, nowFunc(e))
	if err != nil {
		return err
	}
	defer a.Close()
	escs, err := a.store.EscalateOverdue(ctx)
	if err != nil {
		return err
	}
	for _, x := range escs {
		fmt.Fprintf(e.stdout, "%s\t%s\thạn/due %s\t→ %v\tlog %d\n", x.ProposalID, x.State, x.DueDate, x.Notified, x.LogIndex)
	}
	fmt.Fprintf(e.stdout, "đã chuyển %d việc quá hạn / escalated %d overdue cases\n", len(escs), len(escs))
	return nil
}
