// Package clock holds a settable clock, for code that stands on a chosen
// time and moves it on: tests of deadlines and pages, and the demo laying
// out a history.
package clock

import (
	"sync"
	"time"
)

// Settable is a clock that reads the time it was last set to; it is safe
// for concurrent use, as the servers it is handed to read it from many
// goroutines.
type Settable struct {
	mu sync.Mutex
	t  time.Time
}

// New returns a clock standing at t.
func New(t time.Time) *Settable { return &Settable{t: t} }

// Now reads the clock.
func (c *Settable) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

// Set moves the clock to t.
func (c *Settable) Set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

// Advance moves the clock on by d.
func (c *Settable) Advance(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }
