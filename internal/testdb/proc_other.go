//go:build !linux

package testdb

import (
	"errors"
	"os"
	"strconv"
	"syscall"
)

// Outside Linux there is no parent-death signal: Main is the only thing that
// stops the cluster, so packages using Postgres should call it from TestMain.
func sysProcAttr(as *runAs) *syscall.SysProcAttr { return nil }

func serverUser() (*runAs, error) {
	if os.Geteuid() == 0 {
		return nil, errors.New("running PostgreSQL tests as root is supported on Linux only; run them as a regular user")
	}
	return nil, nil
}

// os.Interrupt is SIGINT on Unix, PostgreSQL's fast shutdown; where signals
// are unsupported the caller falls back to killing the process.
func signalShutdown(p *os.Process) error { return p.Signal(os.Interrupt) }

// fastTempDirs: no memory-backed directory is known to exist elsewhere.
func fastTempDirs() []string { return nil }

func processIdentity() string { return strconv.Itoa(os.Getpid()) }

// sweepStale is a no-op here: without /proc, a dead owner cannot be told
// apart reliably from a PID reused by another process.
func sweepStale(root string) {}
