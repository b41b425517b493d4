package server

import (
	"sync"
	"time"
)

// signinLimiter slows down password guessing, per account and per client
// address. Each key allows a few attempts freely; beyond them every
// further attempt must wait a delay that doubles with each failure, up to
// a ceiling. A quiet hour forgets the key.
//
// An attempt is counted when it begins, not when its password check
// fails: a check takes a long time, and counting only failures let every
// guess sent in parallel through before the first one was counted. A
// successful sign-in gives its attempt back and clears the account's
// failures; the owner is never locked out, only slowed down as much as
// the guesser is, and never for longer than the ceiling.
type signinLimiter struct {
	mu       sync.Mutex
	base     time.Duration // the first delay
	ceiling  time.Duration // the longest delay
	forget   time.Duration // a key quiet this long starts afresh
	now      func() time.Time
	attempts map[string]*signinKey
}

// limitKey is one thing attempts are counted under, with how many it
// allows before the delays begin: an office behind one address needs
// more than one account does.
type limitKey struct {
	name string
	free int
}

type signinKey struct {
	n    int       // attempts counted: failures and those still running
	next time.Time // no attempt before this
	last time.Time // the last attempt
}

// maxSigninKeys bounds the limiter's memory under a spray of addresses:
// past it, keys quiet for a minute are dropped first.
const maxSigninKeys = 100000

func newSigninLimiter(base, ceiling time.Duration, now func() time.Time) *signinLimiter {
	return &signinLimiter{base: base, ceiling: ceiling, forget: time.Hour, now: now, attempts: map[string]*signinKey{}}
}

// delay is the wait after the k-th attempt beyond the free ones (k ≥ 1).
func (l *signinLimiter) delay(k int) time.Duration {
	d := l.base
	for i := 1; i < k && d < l.ceiling; i++ {
		d *= 2
	}
	return min(d, l.ceiling)
}

// begin counts an attempt under every key, all or none: it returns 0 if
// the attempt may go ahead (the caller must then call end), or how long
// to wait before trying again.
func (l *signinLimiter) begin(keys ...limitKey) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	var wait time.Duration
	for _, k := range keys {
		a := l.attempts[k.name]
		if a == nil || now.Sub(a.last) >= l.forget {
			continue
		}
		if a.n >= k.free && now.Before(a.next) {
			wait = max(wait, a.next.Sub(now))
		}
	}
	if wait > 0 {
		return wait
	}
	if len(l.attempts) >= maxSigninKeys {
		l.sweep(now)
	}
	for _, k := range keys {
		a := l.attempts[k.name]
		if a == nil || now.Sub(a.last) >= l.forget {
			a = &signinKey{}
			l.attempts[k.name] = a
		}
		a.n++
		a.last = now
		if a.n >= k.free {
			a.next = now.Add(l.delay(a.n - k.free + 1))
		}
	}
	return 0
}

// outcome is how an attempt ended.
type outcome int

const (
	failed    outcome = iota // a wrong password: stays counted
	unchecked                // turned away or abandoned before any check: given back
	succeeded                // given back, and the keys in clear forgotten
)

// end closes an attempt begun with the same keys.
func (l *signinLimiter) end(o outcome, keys []limitKey, clear ...string) {
	if o == failed {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, k := range keys {
		if a := l.attempts[k.name]; a != nil && a.n > 0 {
			a.n--
			if a.n < k.free {
				a.next = time.Time{}
			}
		}
	}
	if o == succeeded {
		for _, k := range clear {
			delete(l.attempts, k)
		}
	}
}

// sweep drops keys quiet for a minute, or all of them if that frees
// nothing: memory stays bounded, at the price of forgetting a flood.
func (l *signinLimiter) sweep(now time.Time) {
	for k, a := range l.attempts {
		if now.Sub(a.last) > time.Minute {
			delete(l.attempts, k)
		}
	}
	if len(l.attempts) >= maxSigninKeys {
		clear(l.attempts)
	}
}
