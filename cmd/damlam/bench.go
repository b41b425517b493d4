package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"damlam/internal/bench"
	"damlam/internal/gen"
)

func cmdBench(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "bench", "bench [--data DIR | --db URL] [--quick] [--only PART] [--no-notices]")
	var d dataFlags
	d.register(fs, e)
	quick := fs.Bool("quick", false, "chạy nhanh để kiểm tra / a short run that checks every figure can be measured")
	bin := fs.String("bin", "", "tệp damlam để chạy máy chủ / the damlam binary to serve with (default: this one)")
	inProcess := fs.Bool("in-process", false, "chạy máy chủ trong tiến trình này / serve inside this process (tests)")
	bare := fs.Bool("bare-serve", false, "chỉ phục vụ trang net/http trần / serve the bare net/http baseline (used by bench itself)")
	only := fs.String("only", "", "chỉ chạy một phần / run one part only: inprocess, pages, decisions or notifying")
	quiet := fs.Bool("no-notices", false, "máy chủ không ghi thông báo và thư / serve with --no-notices, to compare the notifying decisions with notices off")
	cpuprofile := fs.String("cpuprofile", "", "ghi hồ sơ CPU / write a CPU profile of this process (with --in-process: of the server too)")
	if ok, err := parse(fs, args); !ok {
		return err
	}
	if *cpuprofile != "" {
		stop, err := startCPUProfile(*cpuprofile)
		if err != nil {
			return err
		}
		defer stop()
	}
	if *bare {
		return bench.ServeBare(ctx, e.stdout)
	}
	a, err := d.open(ctx, time.Now)
	if err != nil {
		return err
	}
	defer a.Close()
	info, err := gen.ReadInfo(ctx, a.store)
	if err != nil {
		return err
	}
	if !info.Done {
		return errors.New("the database was not made by a finished `damlam gen`; run `damlam gen --scale …` on an empty data folder first")
	}
	// Everything stands on the day the history ends, so that deadlines
	// fall the same way whenever the benchmark runs.
	env := []string{"DAMLAM_NOW=" + info.Now.UTC().Format(time.RFC3339), "DAMLAM_ORIGIN=" + d.origin}
	if d.db != "" {
		env = append(env, "DAMLAM_DB="+d.db)
	}
	serveArgs := []string{"serve", "--addr", "127.0.0.1:0", "--data", d.data}
	if *quiet {
		serveArgs = append(serveArgs, "--no-notices")
	}
	if *bin == "" {
		if *bin, err = os.Executable(); err != nil {
			return err
		}
	}
	tmp, err := os.MkdirTemp("", "damlam-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	cfg := bench.Config{Store: a.store.WithClock(func() time.Time { return info.Now }), Info: info, Quick: *quick, TempDir: tmp, Log: e.stderr, Only: *only}
	cfg.StartServer = func(ctx context.Context) (*bench.Server, error) {
		if *inProcess {
			getenv := func(k string) string {
				for _, kv := range env {
					if name, v, _ := strings.Cut(kv, "="); name == k {
						return v
					}
				}
				return e.getenv(k)
			}
			return startInProcess(ctx, func(ctx context.Context, stdout io.Writer) error {
				return run(ctx, serveArgs, getenv, strings.NewReader(""), stdout, io.Discard)
			})
		}
		return bench.StartProcess(ctx, *bin, serveArgs, env, prefixWriter(e.stderr, "server: "))
	}
	cfg.StartBare = func(ctx context.Context) (*bench.Server, error) {
		if *inProcess {
			return startInProcess(ctx, bench.ServeBare)
		}
		return bench.StartProcess(ctx, *bin, []string{"bench", "--bare-serve"}, nil, e.stderr)
	}
	began := time.Now()
	figs, err := bench.Run(ctx, cfg)
	title := fmt.Sprintf("damlam bench on the %s dataset (seed %d, %d log entries), %s", info.Scale.Name, info.Seed, info.LogSize, time.Since(began).Round(time.Second))
	bench.WriteTable(e.stdout, title, figs)
	return err
}

// startInProcess runs a server function in this process and waits until
// it listens, as bench.StartProcess does for a real process.
func startInProcess(ctx context.Context, serve func(context.Context, io.Writer) error) (*bench.Server, error) {
	ctx, cancel := context.WithCancel(ctx)
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	start := time.Now()
	go func() {
		done <- serve(ctx, pw)
		pw.Close()
	}()
	urlc := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			line := sc.Text()
			if i := strings.Index(line, "http://"); i >= 0 && strings.Contains(line, "listening on") {
				select {
				case urlc <- strings.Fields(line[i:])[0]:
				default:
				}
			}
		}
	}()
	stop := func() error { cancel(); return <-done }
	select {
	case url := <-urlc:
		return &bench.Server{URL: url, PID: os.Getpid(), Ready: time.Since(start), Stop: stop}, nil
	case err := <-done:
		cancel()
		return nil, fmt.Errorf("the server stopped: %w", err)
	case <-time.After(2 * time.Minute):
		stop()
		return nil, errors.New("the server did not start within 2 minutes")
	}
}

// prefixWriter marks each line written through it.
func prefixWriter(w io.Writer, prefix string) io.Writer {
	pr, pw := io.Pipe()
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			fmt.Fprintln(w, prefix+sc.Text())
		}
	}()
	return pw
}
