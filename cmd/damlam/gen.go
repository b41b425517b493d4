package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"runtime/pprof"
	"time"

	"damlam/internal/gen"
	"damlam/internal/sqlstore"
)

func cmdGen(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "gen", "gen --scale ward|province|national [--seed N] [--data DIR | --db URL]")
	var d dataFlags
	d.register(fs, e)
	scale := fs.String("scale", "ward", "cỡ dữ liệu / size: ward (one ward's years), province (Hồ Chí Minh City), national (1,000,000 proposals)")
	seed := fs.Uint64("seed", 1, "hạt giống ngẫu nhiên / random seed: the same seed gives the same dataset")
	now := fs.String("now", "", "ngày kết thúc lịch sử / end of the generated history (RFC 3339; default: now, or DAMLAM_NOW)")
	batch := fs.Int("batch", 0, "số bước mỗi giao dịch / steps per transaction (default 20000)")
	cpuprofile := fs.String("cpuprofile", "", "ghi hồ sơ CPU / write a CPU profile to this file")
	if ok, err := parse(fs, args); !ok {
		return err
	}
	sc, err := gen.ScaleNamed(*scale)
	if err != nil {
		fmt.Fprintln(e.stderr, "damlam gen:", err)
		return errUsage
	}
	end := nowFunc(e)()
	if *now != "" {
		if end, err = time.Parse(time.RFC3339, *now); err != nil {
			return fmt.Errorf("--now: %w", err)
		}
	}
	if d.db == "" {
		// A bulk load wants a page cache that holds the indexes it
		// appends to (2 GB: a province's whole database, the hot part of
		// the country's); the server keeps SQLite's default.
		d.db = sqlstore.SQLiteDSN(filepath.Join(d.data, "damlam.db")) + "&_pragma=cache_size(-2097152)"
	}
	// The generator's heap is mostly long-lived (the plans of open cases,
	// the loader's rows): collecting at twice the default growth halves
	// the collector's share of the CPU.
	debug.SetGCPercent(200)
	if *cpuprofile != "" {
		stop, err := startCPUProfile(*cpuprofile)
		if err != nil {
			return err
		}
		defer stop()
	}
	a, err := d.open(ctx, time.Now)
	if err != nil {
		return err
	}
	defer a.Close()
	res, err := gen.Run(ctx, a.store, gen.Options{Scale: sc, Seed: *seed, Now: end, Progress: e.stderr, BatchSteps: *batch})
	if errors.Is(err, gen.ErrInterrupted) {
		fmt.Fprintf(e.stderr, "damlam gen: đã dừng / interrupted after %d steps; chạy lại cùng lệnh để tiếp tục / run the same command again to resume\n", res.Steps)
		return err
	}
	if err != nil {
		return err
	}
	rate := float64(res.LogSize) / res.Elapsed.Seconds()
	fmt.Fprintf(e.stdout, "damlam gen --scale %s --seed %d: %d đề xuất / proposals, %d mục sổ ghi / log entries, %d escalated, in %s (%.0f entries/s)%s\n",
		sc.Name, *seed, res.Proposals, res.LogSize, res.Escalated, res.Elapsed.Round(time.Millisecond), rate, resumedNote(res.Resumed))
	return nil
}

func resumedNote(resumed bool) string {
	if resumed {
		return " (resumed)"
	}
	return ""
}

// startCPUProfile writes a pprof CPU profile until the returned func runs.
func startCPUProfile(name string) (func(), error) {
	f, err := os.Create(name)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}
