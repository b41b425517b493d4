package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"damlam/internal/ledger"
	"damlam/internal/sqlstore"
)

// dataFlags are the flags every command that opens the data shares.
type dataFlags struct {
	data   string
	db     string
	origin string
	// quiet writes no notices and no mail (serve --no-notices).
	quiet bool
}

func (d *dataFlags) register(fs *flag.FlagSet, e *env) {
	def := e.getenv("DAMLAM_DATA")
	if def == "" {
		def = "./damlam-data"
	}
	fs.StringVar(&d.data, "data", def, "thư mục dữ liệu / data folder (SQLite database, log key, attachments) [DAMLAM_DATA]")
	fs.StringVar(&d.db, "db", e.getenv("DAMLAM_DB"), "cơ sở dữ liệu / database: postgres://… or sqlite:PATH (default: SQLite in --data) [DAMLAM_DB]")
	origin := e.getenv("DAMLAM_ORIGIN")
	if origin == "" {
		origin = "damlam.local/log"
	}
	fs.StringVar(&d.origin, "origin", origin, "tên sổ ghi trong checkpoint / log origin line of checkpoints [DAMLAM_ORIGIN]")
}

// app is an opened deployment: database, log and store.
type app struct {
	db    *sqlstore.DB
	log   *ledger.Log
	store *sqlstore.Store
}

func (a *app) Close() { a.db.Close() }

// open creates the data folder if needed, opens (and migrates) the
// database and the log, and runs the log's start-up check.
func (d *dataFlags) open(ctx context.Context, now func() time.Time) (*app, error) {
	if err := os.MkdirAll(d.data, 0o750); err != nil {
		return nil, fmt.Errorf("data folder: %w", err)
	}
	target := d.db
	if target == "" {
		target = "sqlite:" + filepath.Join(d.data, "damlam.db")
	}
	db, err := sqlstore.Open(ctx, target)
	if err != nil {
		return nil, err
	}
	lg, err := ledger.Open(ctx, db.DB, ledger.Config{Origin: d.origin, Dialect: db.Dialect, KeyDir: filepath.Join(d.data, "log-key"), Now: now})
	if err != nil {
		db.Close()
		return nil, err
	}
	store := sqlstore.New(db, lg, sqlstore.Config{Now: now, AttachmentDir: filepath.Join(d.data, "attachments"), Quiet: d.quiet})
	return &app{db: db, log: lg, store: store}, nil
}

func newFlagSet(e *env, name, usageLine string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(e.stdout, "Cách dùng / usage: damlam %s\n\n", usageLine)
		fs.SetOutput(e.stdout)
		fs.PrintDefaults()
		fs.SetOutput(e.stderr)
	}
	return fs
}

// parse handles --help as success and bad flags as a usage error.
func parse(fs *flag.FlagSet, args []string) (bool, error) {
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return false, nil
		}
		return false, errUsage
	}
	return true, nil
}

// nowFunc is the clock: real time, or a fixed instant from DAMLAM_NOW
// (RFC 3339) so that demos and tests can stand on a chosen day.
func nowFunc(e *env) func() time.Time {
	if v := e.getenv("DAMLAM_NOW"); v != "" {
		if t, err := time.Parse(time.RFC3339, v); err == nil {
			return func() time.Time { return t }
		}
	}
	return time.Now
}

// withData parses a command's flags (the shared data flags plus those
// extra registers), opens the deployment and runs fn with it.
func withData(ctx context.Context, e *env, name, usageLine string, args []string, extra func(*flag.FlagSet), fn func(a *app, fs *flag.FlagSet) error) error {
	fs := newFlagSet(e, name, usageLine)
	var d dataFlags
	d.register(fs, e)
	if extra != nil {
		extra(fs)
	}
	if ok, err := parse(fs, args); !ok {
		return err
	}
	a, err := d.open(ctx, nowFunc(e))
	if err != nil {
		return err
	}
	defer a.Close()
	return fn(a, fs)
}
