package main

import (
	"context"
	"damlam/internal/casework"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"damlam/internal/server"
	"damlam/internal/witness"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func cmdServe(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "serve", "serve [--addr 127.0.0.1:8080] [--data DIR | --db URL] [--demo] [--trusted-proxy CIDR]... [--public-url URL] [--oidc-issuer URL --oidc-client-id ID --oidc-client-secret-file FILE [--oidc-email] [--no-passwords]] [--witness URL=KEY_FILE]... [--checkpoint FILE]...")
	var d dataFlags
	d.register(fs, e)
	fs.BoolVar(&d.quiet, "no-notices", e.getenv("DAMLAM_NO_NOTICES") == "1",
		"không ghi thông báo và thư (để đo chi phí của chúng) / write no notices and no mail, to measure what they cost [DAMLAM_NO_NOTICES=1]")
	addr := fs.String("addr", "127.0.0.1:8080", "địa chỉ lắng nghe / listen address (port 0: any free port)")
	demo := fs.Bool("demo", false, "nạp dữ liệu mẫu nếu cơ sở dữ liệu còn trống / load demo data into an empty database")
	var witnesses multiFlag
	fs.Var(&witnesses, "witness", "nhân chứng độc lập, URL=KEY_FILE; khi khởi động, cơ sở dữ liệu phải chứa checkpoint mới nhất nhân chứng đã đồng ký / "+
		"an independent witness, URL=KEY_FILE (repeatable); at start the database must hold the latest checkpoint it cosigned")
	var mail mailFlags
	mail.register(fs, e)
	var checkpoints multiFlag
	fs.Var(&checkpoints, "checkpoint", "checkpoint đã công bố mà cơ sở dữ liệu phải chứa / a published checkpoint of this log the database must hold (repeatable)")
	var web webFlags
	web.register(fs)
	if ok, err := parse(fs, args); !ok {
		return err
	}
	if err := mail.checkRemindDays(); err != nil {
		return err
	}
	web.publicURL = mail.public
	opts, err := web.options(server.Options{}, e.getenv)
	if err != nil {
		return err
	}
	clients, err := parseWitnesses(witnesses)
	if err != nil {
		return err
	}
	limitHeap(e)
	return serve(ctx, e, &d, &mail, *addr, *demo, clients, opts, checkpoints...)
}

// serveHeapLimit is the server's soft limit on the Go heap. The server
// keeps what its answers need again (cases' rows and what their views
// hold beside them, encoded history lines, unit filters), a few tens of
// MB under load; with the collector's default of letting the heap double
// between collections, the peak was twice that. Near the limit the
// collector runs more often instead (never using more than half the CPU on
// it, and never failing an allocation), at no cost in CPU per decision
// beyond the runs' spread (docs/performance.md, fb856fe). GOMEMLIMIT in
// the environment overrides it.
const serveHeapLimit = 200 << 20

func limitHeap(e *env) {
	if e.getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(serveHeapLimit)
	}
}

func serve(ctx context.Context, e *env, d *dataFlags, mail *mailFlags, addr string, demo bool, witnesses []*witness.Client, opts server.Options, checkpoints ...string) error {
	logger := slog.New(slog.NewTextHandler(e.stderr, nil))
	a, err := d.open(ctx, nowFunc(e))
	if err != nil {
		return err
	}
	if mail != nil {
		a.store = a.store.WithReminderDays(mail.remindDays)
	}
	defer a.Close()
	unchecked, err := checkOutside(ctx, a, witnesses, checkpoints, logger)
	if err != nil {
		return err
	}
	if demo {
		loaded, err := loadDemo(ctx, a.store)
		if err != nil {
			return fmt.Errorf("demo data: %w", err)
		}
		if loaded {
			fmt.Fprintln(e.stdout, "đã nạp dữ liệu mẫu / demo data loaded (mật khẩu / password: "+demoPassword+")")
		}
	}
	// A database from before the log recorded authority gets its
	// organisation recorded before anyone decides again.
	if err := a.store.StartOrgLog(ctx); err != nil {
		return fmt.Errorf("record the organisation in the log: %w", err)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	smtp, err := startMail(ctx, e, a, mail, ln.Addr(), logger) // mail.go
	if err != nil {
		ln.Close()
		return err
	}
	opts = withServeDefaults(opts, logger, demo, smtp, mail != nil && mail.smtp != "")
	// A change of the security-relevant configuration since the last
	// start is recorded for the administrators (/admin/access).
	changed, err := a.store.RecordConfig(ctx, "serve", server.SecurityConfig(opts))
	if err != nil {
		ln.Close()
		return fmt.Errorf("record the configuration: %w", err)
	}
	if len(changed) > 0 {
		logger.Info("security configuration changed since the last start", "changes", strings.Join(changed, "; "))
	}
	srv := &http.Server{
		Handler:           server.New(a.store, opts),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      120 * time.Second,
		IdleTimeout:       120 * time.Second,
	}
	fmt.Fprintf(e.stdout, "damlam đang chạy tại / listening on http://%s\n", ln.Addr())
	go escalateEvery(ctx, a, logger, time.Hour)
	if len(witnesses) > 0 {
		go witnessEvery(ctx, a, witnesses, unchecked, logger, time.Second)
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		if !errors.Is(err, http.ErrServerClosed) {
			return err
		}
		return nil
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return srv.Shutdown(shutdown)
}

func withServeDefaults(o server.Options, logger *slog.Logger, demo bool, smtp string, mail bool) server.Options {
	o.Logger, o.Demo, o.Version, o.SMTP, o.Mail = logger, demo, version, smtp, mail
	return o
}

// escalateEvery reminds people of due dates and sends overdue cases up,
// at start and then periodically, so that a deadline passing overnight
// reaches the superior in the morning.
func escalateEvery(ctx context.Context, a *app, logger *slog.Logger, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		// Reminders before and on the due day, then escalation after it.
		if rs, err := a.store.Remind(ctx); err != nil && ctx.Err() == nil {
			logger.Error("reminders", "err", err)
		} else if len(rs) > 0 {
			logger.Info("reminded people of due dates", "count", len(rs))
		}
		escs, err := casework.New(a.store).EscalateOverdue(ctx)
		if err != nil && ctx.Err() == nil {
			logger.Error("escalation", "err", err)
		}
		if len(escs) > 0 {
			logger.Info("escalated overdue cases", "count", len(escs))
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func cmdDemo(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "demo", "demo [--addr 127.0.0.1:8080] [--data DIR]")
	var d dataFlags
	d.register(fs, e)
	fs.BoolVar(&d.quiet, "no-notices", e.getenv("DAMLAM_NO_NOTICES") == "1",
		"không ghi thông báo và thư (để đo chi phí của chúng) / write no notices and no mail, to measure what they cost [DAMLAM_NO_NOTICES=1]")
	addr := fs.String("addr", "127.0.0.1:8080", "địa chỉ lắng nghe / listen address")
	var mail mailFlags
	mail.register(fs, e)
	if ok, err := parse(fs, args); !ok {
		return err
	}
	limitHeap(e)
	return serve(ctx, e, &d, &mail, *addr, true, nil, server.Options{})
}
