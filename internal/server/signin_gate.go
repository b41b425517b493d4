package server

import (
	"context"
	"runtime"
	"sync/atomic"
	"time"
)

// hashGate admits a few password checks at once. Each argon2id check
// holds 64 MiB for its whole run, so checks admitted without bound drove
// a server from 218 MiB to 2.35 GiB resident under unauthenticated
// requests alone. With one check per core the memory they hold is
// bounded, and the throughput is what the cores give anyway. A request
// that would wait too long is turned away with a time to come back
// instead of piling up.
type hashGate struct {
	slots   chan struct{}
	waiting atomic.Int64
	queue   int64         // at most this many wait
	wait    time.Duration // for at most this long
}

func newHashGate(slots, queue int, wait time.Duration) *hashGate {
	if slots <= 0 {
		slots = max(1, runtime.GOMAXPROCS(0))
	}
	return &hashGate{slots: make(chan struct{}, slots), queue: int64(queue), wait: wait}
}

// enter takes a slot, or says how long to wait before trying again.
func (g *hashGate) enter(ctx context.Context) (release func(), retry time.Duration, err error) {
	select {
	case g.slots <- struct{}{}:
		return g.leave, 0, nil
	default:
	}
	if g.waiting.Add(1) > g.queue {
		g.waiting.Add(-1)
		return nil, g.wait, nil
	}
	defer g.waiting.Add(-1)
	t := time.NewTimer(g.wait)
	defer t.Stop()
	select {
	case g.slots <- struct{}{}:
		return g.leave, 0, nil
	case <-t.C:
		return nil, g.wait, nil
	case <-ctx.Done():
		return nil, 0, ctx.Err()
	}
}

func (g *hashGate) leave() { <-g.slots }

// A sign-in waits at most hashWait for a password check, behind at most
// hashQueue others; past either it is answered 429 with Retry-After.
const (
	hashQueue = 64
	hashWait  = 3 * time.Second
)
