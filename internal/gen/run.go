package gen

import (
	"context"
	"damlam/internal/casework"
	"errors"
	"fmt"
	"io"
	"sync/atomic"
	"time"

	"damlam/internal/calendar"
	"damlam/internal/org"
	"damlam/internal/sqlstore"
)

// Options say what to generate.
type Options struct {
	Scale Scale
	Seed  uint64
	// Now ends the generated history. A resumed run keeps the first run's.
	Now time.Time
	// Progress receives a progress line, rewritten in place; nil for none.
	Progress io.Writer
	// BatchSteps is the number of steps per transaction (and per signed
	// checkpoint); the default suits a national run.
	BatchSteps int
	// NoPasswords leaves the benchmark users without a password (hashing
	// one is slow by design; tests do not sign in).
	NoPasswords bool
}

// Result is what a run did.
type Result struct {
	Proposals int64 // planned proposals, replicas included
	Steps     int64 // drafts created and actions taken, this run and before
	LogSize   int64
	Escalated int
	Resumed   bool
	Elapsed   time.Duration
	Now       time.Time
}

// ErrInterrupted means the run stopped on request after committing its
// last batch; running it again resumes.
var ErrInterrupted = errors.New("generation interrupted; run the same command again to resume")

// Counters that mark a generated database and its progress.
const (
	ctrSeed  = "gen:seed"
	ctrScale = "gen:scale"
	ctrNow   = "gen:now"
	ctrOrg   = "gen:org"
	ctrSteps = "gen:steps"
	ctrDone  = "gen:done"
	// ctrMillis is the time spent generating, summed over resumed runs.
	ctrMillis = "gen:ms"
)

// Run generates the dataset into store, or resumes an interrupted run.
func Run(ctx context.Context, store *sqlstore.Store, opt Options) (Result, error) {
	began := time.Now()
	if opt.BatchSteps <= 0 {
		// A loader writes a case's row once per batch however many of its
		// steps the batch holds, so a batch should span the same stretch
		// of history at every scale: 20,000 steps are a month of a
		// province's, a day of the country's. A fifth of a step per
		// proposal keeps the province's batches and gives the country
		// batches of 200,000 (about a week).
		opt.BatchSteps = max(20_000, opt.Scale.Proposals/5)
	}
	res := Result{Proposals: int64(opt.Scale.Proposals)}
	now, resumed, err := mark(ctx, store, opt)
	if err != nil {
		return res, err
	}
	res.Resumed, res.Now = resumed, now
	if info, err := ReadInfo(ctx, store); err != nil {
		return res, err
	} else if info.Done {
		// Nothing left to do: report the finished run.
		res.Elapsed, res.LogSize = info.Elapsed, info.LogSize
		return res, nil
	}
	tree := buildOrg(opt.Scale, opt.Seed)
	if done, _, err := store.Counter(ctx, ctrOrg); err != nil {
		return res, err
	} else if done == 0 {
		if err := tree.importOrg(ctx, store, opt.Seed, !opt.NoPasswords); err != nil {
			return res, err
		}
		if err := store.SetCounter(ctx, ctrOrg, 1); err != nil {
			return res, err
		}
	}
	// The secondary indexes of events and proposals are built once, at
	// the end (sqlstore.DropBulkIndexes): a resumed run drops them again.
	if err := store.DropBulkIndexes(ctx); err != nil {
		return res, err
	}
	sched := newSchedule(newPlanner(tree, opt.Scale, opt.Seed, now))
	ex := &executor{store: store, clock: &clock{}, people: map[string]*org.Person{}, ids: map[int]int{}, seed: opt.Seed}
	ex.st = store.WithClock(ex.clock.Now)
	done, _, err := store.Counter(ctx, ctrSteps)
	if err != nil {
		return res, err
	}
	// Replay what earlier runs committed, without the database, to
	// restore the schedule and the case numbers.
	for range done {
		c, s := sched.next()
		if c == nil {
			break
		}
		ex.predict(c, s)
	}
	bar := newProgress(opt.Progress, "gen "+opt.Scale.Name, began)
	spent, _, err := store.Counter(ctx, ctrMillis)
	if err != nil {
		return res, err
	}
	millis := func() int64 { return spent + time.Since(began).Milliseconds() }
	steps := newFeed(sched)
	defer steps.close()
	taken := done
	// One loader for the whole run: it keeps the open cases and the log's
	// chain ends between batches instead of reading them back.
	ld := ex.st.NewLoader()
	for {
		if ctx.Err() != nil {
			bar.finish()
			return res, ErrInterrupted
		}
		n := 0
		_, err := ld.Batch(context.WithoutCancel(ctx), func(b *sqlstore.Batch) error {
			for ; n < opt.BatchSteps && ctx.Err() == nil; n++ {
				c, s := steps.next()
				if c == nil {
					break
				}
				if err := ex.run(ctx, b, c, s); err != nil {
					return fmt.Errorf("case %d (%s), step %q by %s at %s: %w", c.no, c.id, s.act, s.who,
						time.Unix(s.at, 0).In(ict).Format(time.DateTime), err)
				}
				taken++
				if n%2048 == 0 {
					bar.show(taken, steps.estimate)
				}
			}
			if err := b.SetCounter(ctrMillis, millis()); err != nil {
				return err
			}
			return b.SetCounter(ctrSteps, taken)
		})
		if err != nil {
			bar.finish()
			return res, err
		}
		res.Steps = taken
		bar.show(taken, steps.estimate)
		if n == 0 || (n < opt.BatchSteps && ctx.Err() == nil) {
			break
		}
	}
	bar.finish()
	if opt.Progress != nil {
		fmt.Fprintf(opt.Progress, "gen %s: building indexes\n", opt.Scale.Name)
	}
	if err := store.CreateBulkIndexes(ctx); err != nil {
		return res, err
	}
	// Cases whose head sat on them are overdue by now: escalate them the
	// way the server does every hour, through the same service.
	// A generated history issues no official documents (its papers stand
	// for ones issued elsewhere).
	escs, err := casework.New(store.WithClock(func() time.Time { return now }).WithoutDocuments()).EscalateOverdue(ctx)
	res.Escalated = len(escs)
	if err != nil {
		return res, err
	}
	if err := store.SetCounter(ctx, ctrDone, 1); err != nil {
		return res, err
	}
	if err := store.SetCounter(ctx, ctrMillis, millis()); err != nil {
		return res, err
	}
	res.LogSize, err = store.Log().Size(ctx)
	res.Elapsed = time.Since(began)
	return res, err
}

// mark records the seed, scale and end of history in a new database, or
// checks them against an earlier run's.
func mark(ctx context.Context, store *sqlstore.Store, opt Options) (time.Time, bool, error) {
	seed, ok, err := store.Counter(ctx, ctrSeed)
	if err != nil {
		return time.Time{}, false, err
	}
	if ok {
		scale, _, _ := store.Counter(ctx, ctrScale)
		if uint64(seed) != opt.Seed || scale != opt.Scale.code() {
			return time.Time{}, false, fmt.Errorf("this database was generated with --scale %s --seed %d; use another data folder",
				Scales[max(0, scale-1)].Name, seed)
		}
		at, _, err := store.Counter(ctx, ctrNow)
		return time.Unix(at, 0), true, err
	}
	empty, err := store.Empty(ctx)
	if err != nil {
		return time.Time{}, false, err
	}
	if !empty {
		return time.Time{}, false, errors.New("the database already holds data that was not generated; use an empty data folder")
	}
	now := opt.Now.Truncate(time.Minute)
	for name, v := range map[string]int64{ctrSeed: int64(opt.Seed), ctrScale: opt.Scale.code(), ctrNow: now.Unix()} {
		if err := store.SetCounter(ctx, name, v); err != nil {
			return time.Time{}, false, err
		}
	}
	return now, false, nil
}

// clock is the time the service sees while a step runs.
type clock struct{ t atomic.Int64 }

func (c *clock) Now() time.Time  { return time.Unix(0, c.t.Load()) }
func (c *clock) Set(t time.Time) { c.t.Store(t.UnixNano()) }

// yearOf is the year a proposal created at unix time at is numbered in.
func yearOf(at int64) int { return calendar.DateOf(time.Unix(at, 0)).Year }

// Info describes a generated database.
type Info struct {
	Scale   Scale
	Seed    uint64
	Now     time.Time // the end of the generated history
	Done    bool
	Elapsed time.Duration // generating, over every run
	LogSize int64
}

// ReadInfo reads what gen recorded in the database; ok is false for a
// database gen did not make.
func ReadInfo(ctx context.Context, store *sqlstore.Store) (Info, error) {
	var info Info
	seed, ok, err := store.Counter(ctx, ctrSeed)
	if err != nil || !ok {
		return info, err
	}
	scale, _, _ := store.Counter(ctx, ctrScale)
	now, _, _ := store.Counter(ctx, ctrNow)
	done, _, _ := store.Counter(ctx, ctrDone)
	ms, _, _ := store.Counter(ctx, ctrMillis)
	if scale >= 1 && int(scale) <= len(Scales) {
		info.Scale = Scales[scale-1]
	}
	info.Seed, info.Now, info.Done, info.Elapsed = uint64(seed), time.Unix(now, 0), done == 1, time.Duration(ms)*time.Millisecond
	info.LogSize, err = store.Log().Size(ctx)
	return info, err
}
