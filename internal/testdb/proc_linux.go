//go:build linux

package testdb

import (
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// sysProcAttr makes a server process die with the test binary and, under
// root, run as the server account.
func sysProcAttr(as *runAs) *syscall.SysProcAttr {
	a := &syscall.SysProcAttr{
		// SIGQUIT is PostgreSQL's immediate shutdown: the postmaster takes its
		// backends down with it. The kernel sends it even when the test
		// binary dies from SIGKILL or a panic, where no Go code runs.
		Pdeathsig: syscall.SIGQUIT,
		// Own process group, so a terminal's Ctrl-C reaches only `go test`
		// and its binary; the server then follows via Pdeathsig.
		Setpgid: true,
	}
	if as != nil {
		// Go sets the death signal after switching credentials, so it
		// survives the switch (the kernel clears it on a uid change).
		a.Credential = &syscall.Credential{Uid: as.uid, Gid: as.gid}
	}
	return a
}

// serverUser returns the account to run initdb/postgres as: nil (ourselves)
// unless we are root, which both programs refuse.
func serverUser() (*runAs, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		return nil, errNoServerUser
	}
	uid, err1 := strconv.ParseUint(u.Uid, 10, 32)
	gid, err2 := strconv.ParseUint(u.Gid, 10, 32)
	if err1 != nil || err2 != nil || uid == 0 {
		return nil, errNoServerUser
	}
	return &runAs{uid: uint32(uid), gid: uint32(gid)}, nil
}

// fastTempDirs returns /dev/shm when it is a tmpfs with room to spare. A
// throwaway cluster needs no durability, and on tmpfs initdb runs about twice
// as fast and copying the template about ten times as fast as on a disk.
// Containers often cap /dev/shm at 64 MB, too small for a cluster (40 MB
// before any test data), hence the free-space floor.
func fastTempDirs() []string {
	const dir = "/dev/shm"
	const tmpfsMagic = 0x01021994
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil || st.Type != tmpfsMagic {
		return nil
	}
	if uint64(st.Bavail)*uint64(st.Bsize) < 2<<30 {
		return nil
	}
	if fi, err := os.Stat(dir); err != nil || fi.Mode().Perm()&0o003 != 0o003 {
		return nil // not writable and traversable by everyone, like /tmp
	}
	return []string{dir}
}

func signalShutdown(p *os.Process) error { return p.Signal(syscall.SIGQUIT) }

// processIdentity names this process so that a PID reused by an unrelated
// process later is not mistaken for it: PID plus its start time in clock
// ticks since boot.
func processIdentity() string {
	pid := os.Getpid()
	start, _, _ := procStat(pid)
	return strconv.Itoa(pid) + " " + start
}

// procStat returns a process's start time and state letter from
// /proc/PID/stat; ok is false when the process does not exist.
func procStat(pid int) (start, state string, ok bool) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return "", "", false
	}
	// The command name (field 2) is in parentheses and may contain spaces,
	// so count fields from the last ')'.
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return "", "", false
	}
	f := strings.Fields(s[i+1:])
	if len(f) < 20 {
		return "", "", false
	}
	return f[19], f[0], true // fields 22 (starttime) and 3 (state)
}

// alive reports whether pid runs and is not a zombie (a dead child whose
// parent has not reaped it yet, which is common for orphans in containers).
func alive(pid int) bool {
	_, state, ok := procStat(pid)
	return ok && state != "Z"
}

func ownerAlive(identity string) bool {
	f := strings.Fields(identity)
	if len(f) != 2 {
		return false
	}
	pid, err := strconv.Atoi(f[0])
	if err != nil {
		return false
	}
	start, state, ok := procStat(pid)
	return ok && state != "Z" && start == f[1]
}

// sweepStale removes clusters left by test binaries that died without
// cleaning up (killed, panicked, or no TestMain calling Main): a surviving
// postmaster is stopped and the directory deleted. Clusters whose owner still
// runs belong to concurrent test binaries and are left alone.
func sweepStale(root string) {
	dirs, _ := filepath.Glob(filepath.Join(root, clusterPrefix+"*"))
	for _, dir := range dirs {
		fi, err := os.Lstat(dir)
		if err != nil || !fi.IsDir() {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, ownerFile))
		if err != nil {
			// No owner yet: possibly being created right now by another
			// binary. Only a directory that stayed ownerless is stale.
			if time.Since(fi.ModTime()) < time.Minute {
				continue
			}
		} else if ownerAlive(strings.TrimSpace(string(b))) {
			continue
		}
		stopStalePostmaster(dir)
		os.RemoveAll(dir)
	}
}

// stopStalePostmaster stops the server recorded in dir's postmaster.pid,
// after checking that the PID really is that server (PIDs get reused).
func stopStalePostmaster(dir string) {
	data := filepath.Join(dir, "data")
	b, err := os.ReadFile(filepath.Join(data, "postmaster.pid"))
	if err != nil {
		return
	}
	line, _, _ := strings.Cut(string(b), "\n")
	pid, err := strconv.Atoi(strings.TrimSpace(line))
	if err != nil || pid <= 0 || !alive(pid) {
		return
	}
	// The postmaster's working directory is its data directory.
	if cwd, err := os.Readlink("/proc/" + strconv.Itoa(pid) + "/cwd"); err != nil || cwd != data {
		return
	}
	syscall.Kill(pid, syscall.SIGQUIT)
	if waitGone(pid, 5*time.Second) {
		return
	}
	syscall.Kill(pid, syscall.SIGKILL)
	waitGone(pid, 2*time.Second)
}

func waitGone(pid int, timeout time.Duration) bool {
	for deadline := time.Now().Add(timeout); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if !alive(pid) {
			return true
		}
	}
	return !alive(pid)
}
