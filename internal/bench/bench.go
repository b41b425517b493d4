package bench

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"damlam/internal/gen"
	"damlam/internal/org"
	"damlam/internal/sqlstore"
	"damlam/internal/workflow"
)

// Config is what a benchmark run needs.
type Config struct {
	// Store is the generated database, opened in this process with the
	// clock standing at the end of the generated history.
	Store *sqlstore.Store
	Info  gen.Info
	// StartServer starts damlam serve on the same data; StartBare a
	// server with a bare net/http handler. Both must answer on loopback.
	StartServer func(ctx context.Context) (*Server, error)
	StartBare   func(ctx context.Context) (*Server, error)
	// Quick is the smoke run: the same figures from a few hundred
	// requests, for the test suite.
	Quick bool
	// TempDir holds the scratch database of the append comparison.
	TempDir string
	// Log receives a line per step.
	Log io.Writer
	// Only, if set, runs one part: "inprocess", "pages", "decisions" or
	// "notifying" (for profiling one of them, or comparing a server with
	// notices on and off).
	Only string
}

func (c Config) runs(part string) bool { return c.Only == "" || c.Only == part }

// sizes are how much of each measurement a run takes.
type sizes struct {
	appends, batched, proofs, checkpoints, dossiers int
	pageTime, decisionTime                          time.Duration
	pageRequests, decisionRequests                  int
	rate                                            float64
}

func (c Config) sizes() sizes {
	if c.Quick {
		return sizes{appends: 20, batched: 1000, proofs: 100, checkpoints: 5, dossiers: 2,
			pageTime: time.Second, pageRequests: 100, decisionTime: time.Second, decisionRequests: 200, rate: 100}
	}
	return sizes{appends: 1000, batched: 50_000, proofs: 5000, checkpoints: 200, dossiers: 20,
		pageTime: 20 * time.Second, pageRequests: 100_000, decisionTime: 20 * time.Second, decisionRequests: 200_000, rate: 3000}
}

func (c Config) logf(format string, args ...any) {
	if c.Log != nil {
		fmt.Fprintf(c.Log, "bench: "+format+"\n", args...)
	}
}

// Run measures everything and returns the table's lines.
func Run(ctx context.Context, cfg Config) ([]Figure, error) {
	sz := cfg.sizes()
	var figs []Figure
	add := func(f Figure) {
		figs = append(figs, f)
		cfg.logf("%s: %s (target %s)", f.Name, f.Value, f.Target)
	}
	store := cfg.Store
	voter, err := store.Person(ctx, gen.DeputyID(gen.DecisionWard, 1))
	if err != nil {
		return nil, fmt.Errorf("the decision ward's deputy (is this a generated database?): %w", err)
	}
	pool, err := poolCases(ctx, store)
	if err != nil {
		return nil, err
	}
	if len(pool) == 0 {
		return nil, fmt.Errorf("no case of %s waits for the collective's vote", gen.DecisionWard)
	}

	// The first dashboard counts the decisions made before the database
	// kept decision times (once per database): not a figure to time.
	if insp, err := store.Person(ctx, gen.NationalInspector); err == nil {
		if _, err := store.Dashboard(ctx, insp, ""); err != nil {
			return nil, fmt.Errorf("dashboard: %w", err)
		}
	}
	settle := 2 * time.Minute
	if cfg.Quick {
		settle = 10 * time.Second
	}
	if waited, err := WaitIdle(ctx, os.Getpid(), settle); err == nil && waited > 2*time.Second {
		cfg.logf("waited %s for this process's start-up checks", waited.Round(time.Second))
	}
	if cfg.runs("inprocess") {
		cfg.logf("in-process figures")
		if err := inProcess(ctx, cfg, sz, voter, pool, add); err != nil {
			return figs, err
		}
	}

	cfg.logf("starting the server")
	srv, err := cfg.StartServer(ctx)
	if err != nil {
		return figs, err
	}
	defer srv.Stop()
	add(Figure{Name: "cold start to first answered request", Value: ms(srv.Ready), Target: "≤ 1 s", Met: met(srv.Ready <= time.Second),
		Method: fmt.Sprintf("exec of damlam serve on the %s database to the first 200 from /healthz (files in the OS cache)", cfg.Info.Scale.Name)})
	if srv.PID != os.Getpid() {
		if waited, err := WaitIdle(ctx, srv.PID, settle); err == nil && waited > 2*time.Second {
			cfg.logf("waited %s for the server's start-up checks", waited.Round(time.Second))
		}
	}
	h, err := httpFigures(ctx, cfg, sz, srv, pool)
	for _, f := range h {
		add(f)
	}
	if err != nil {
		return figs, err
	}
	mem, err := ReadMemory(srv.PID)
	if err == nil {
		who := "the server process"
		if srv.PID == os.Getpid() {
			who = "this process (server and load driver together)"
		}
		add(Figure{Name: "resident memory of the server under this load", Value: fmt.Sprintf("%d MB", mem.Peak>>20), Target: "≤ 300 MB",
			Met: met(mem.Peak <= 300<<20), Method: "peak RSS (VmHWM) of " + who + " over every load above"})
	}
	g := cfg.Info
	took, ok := g.Elapsed.Round(time.Second).String(), met(g.Elapsed <= 10*time.Minute)
	if g.Elapsed == 0 {
		took, ok = "not recorded", "" // made before gen kept its time
	}
	if g.Scale.Name != "national" {
		ok = "" // the target is the national run's
	}
	add(Figure{Name: "damlam gen --scale " + g.Scale.Name, Value: took,
		Target: "≤ 10 min (national)", Met: ok,
		Method: fmt.Sprintf("time gen recorded over its runs: %s proposals, %s log entries", groupDigits(int64(g.Scale.Proposals)), groupDigits(g.LogSize))})
	return figs, nil
}

// poolCases lists the decision ward's cases waiting for the vote.
func poolCases(ctx context.Context, store *sqlstore.Store) ([]string, error) {
	head, err := store.Person(ctx, gen.HeadID(gen.DecisionWard))
	if err != nil {
		return nil, err
	}
	var ids []string
	f := sqlstore.ListFilter{Unit: gen.DecisionWard, State: string(workflow.CollectiveReview), Limit: 200}
	for {
		page, err := store.List(ctx, head, f)
		if err != nil {
			return nil, err
		}
		for _, p := range page {
			ids = append(ids, p.ID)
		}
		if len(page) < f.Limit {
			return ids, nil
		}
		f.After = page[len(page)-1].ID
	}
}

func inProcess(ctx context.Context, cfg Config, sz sizes, voter *org.Person, pool []string, add func(Figure)) error {
	aRate, rRate, err := appendRatio(ctx, cfg.TempDir, sz.appends, 1)
	if err != nil {
		return fmt.Errorf("append ratio: %w", err)
	}
	add(Figure{Name: "log append vs raw insert of the same bytes, one durable transaction each", Value: fmt.Sprintf("%.2f (%.0f vs %.0f /s)", aRate/rRate, aRate, rRate),
		Target: "≥ 0.5", Met: met(aRate/rRate >= 0.5), Method: fmt.Sprintf("%d appends and %d inserts, alternating in chunks, SQLite as damlam opens it (WAL, synchronous FULL)", sz.appends, sz.appends)})
	aRate, rRate, err = appendRatio(ctx, cfg.TempDir+"/batched", sz.batched, 1000)
	if err != nil {
		return fmt.Errorf("append ratio: %w", err)
	}
	add(Figure{Name: "log append vs raw insert, 1,000 per transaction", Value: fmt.Sprintf("%.2f (%.0f vs %.0f /s)", aRate/rRate, aRate, rRate),
		Target: "reported", Method: "the log's own work without the commit: sequencer, chain check, tree hashes"})

	proofs, size, err := inclusionProofs(ctx, cfg.Store.Log(), sz.proofs)
	if err != nil {
		return fmt.Errorf("inclusion proofs: %w", err)
	}
	add(Figure{Name: fmt.Sprintf("inclusion proof at %s entries", groupDigits(size)), Value: "p99 " + ms(proofs.p(0.99)) + ", p50 " + ms(proofs.p(0.5)),
		Target: "p99 ≤ 1 ms (at 20 M)", Met: met(proofs.p(0.99) <= time.Millisecond), Method: fmt.Sprintf("%d proofs of random leaves in the whole tree, read from the stored hashes", len(proofs))})

	cps, err := commitToCheckpoint(ctx, cfg.Store, voter, pool, sz.checkpoints)
	if err != nil {
		return fmt.Errorf("commit to checkpoint: %w", err)
	}
	add(Figure{Name: "decision's commit to a signed checkpoint covering it", Value: "p99 " + ms(cps.p(0.99)) + ", p50 " + ms(cps.p(0.5)),
		Target: "≤ 5 ms", Met: met(cps.p(0.99) <= 5*time.Millisecond),
		Method: fmt.Sprintf("%d single votes: commit with its sync, signature, fsynced copy in the key folder, checkpoint row", len(cps))})

	id, events, err := dossierCase(ctx, cfg.Store, 50)
	if err != nil {
		return err
	}
	build, verify, err := dossierTimes(ctx, cfg.Store, id, sz.dossiers)
	if err != nil {
		return err
	}
	add(Figure{Name: fmt.Sprintf("dossier of a %d-event case: build / verify", events), Value: ms(build.p(0.5)) + " / " + ms(verify.p(0.5)),
		Target: "≤ 20 ms / ≤ 5 ms", Met: met(build.p(0.5) <= 20*time.Millisecond && verify.p(0.5) <= 5*time.Millisecond),
		Method: fmt.Sprintf("median of %d: sealed zip with every receipt and consistency proof / offline check of every claim", len(build))})
	return nil
}

func groupDigits(n int64) string {
	s := fmt.Sprint(n)
	out := ""
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			out += ","
		}
		out += string(r)
	}
	return out
}
