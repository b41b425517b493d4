package testdb

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Every cluster lives in one directory named with this prefix directly under
// the temp root, so a later run can recognise and sweep what a killed run
// left behind.
const clusterPrefix = "damlam-testpg-"

// ownerFile, inside a cluster directory, identifies the test process that
// owns it (see processIdentity); a directory whose owner is gone is stale.
const ownerFile = "owner"

// serverSettings trade durability for speed — the data is thrown away — and
// keep each cluster small, since `go test ./...` runs one per package binary
// at the same time.
var serverSettings = []string{
	"fsync=off",
	"synchronous_commit=off",
	"full_page_writes=off",
	"wal_level=minimal",
	"max_wal_senders=0",
	"shared_buffers=16MB",
	// Parallel tests each hold a pool; the default 100 is easy to exhaust.
	"max_connections=200",
	// JIT compilation only adds latency to the short queries tests run.
	"jit=off",
	"huge_pages=off",
}

// runAs is the unprivileged account the server runs as when the tests run as
// root: initdb and postgres refuse to run as root.
type runAs struct {
	uid, gid uint32
}

// cluster is a PostgreSQL instance started by this test binary.
type cluster struct {
	dir  string // holds ownerFile, data/, s/ (unix socket), postgres.log
	port int

	proc   *os.Process
	exited chan struct{} // closed once the postmaster has exited

	// For reporting start-up cost: how long the data directory took, and
	// whether it came from the template cache or from initdb.
	prepareTime  time.Duration
	fromTemplate bool

	stopOnce sync.Once
	stopErr  error
}

func (c *cluster) dataDir() string { return filepath.Join(c.dir, "data") }
func (c *cluster) sockDir() string { return filepath.Join(c.dir, "s") }
func (c *cluster) logPath() string { return filepath.Join(c.dir, "postgres.log") }

// url returns the TCP URL of database db. Trust authentication, so no
// password.
func (c *cluster) url(db string) url.URL {
	return url.URL{
		Scheme:   "postgres",
		User:     url.User("postgres"),
		Host:     net.JoinHostPort("127.0.0.1", strconv.Itoa(c.port)),
		Path:     "/" + db,
		RawQuery: "sslmode=disable",
	}
}

// startLocalCluster creates and starts this binary's throwaway cluster.
func startLocalCluster() (*server, error) {
	began := time.Now()
	bin, err := findBinDir()
	if err != nil {
		return nil, err
	}
	as, err := serverUser()
	if err != nil {
		return nil, err
	}
	roots := clusterRoots(as != nil)
	// Sweep every candidate, not just the one used now: an earlier run may
	// have chosen another (say, before /dev/shm filled up).
	for _, r := range roots {
		sweepStale(r)
	}
	root := roots[0]

	c, err := newCluster(root, as)
	if err != nil {
		return nil, err
	}
	if err := c.prepareData(bin, as, templateCacheRoot()); err != nil {
		c.stop()
		return nil, err
	}
	admin, err := c.start(bin, as)
	if err != nil {
		c.stop()
		return nil, err
	}
	return &server{base: c.url("postgres"), admin: admin, cluster: c, startup: time.Since(began)}, nil
}

// findBinDir returns the directory holding initdb and postgres: the newest
// Debian/Ubuntu server under /usr/lib/postgresql/<version>/bin, else
// whichever initdb is on PATH (Homebrew, Fedora, source builds).
func findBinDir() (string, error) {
	matches, _ := filepath.Glob("/usr/lib/postgresql/*/bin/postgres")
	best, bestVer := "", []int(nil)
	for _, m := range matches {
		dir := filepath.Dir(m)
		if !isExecutable(m) || !isExecutable(filepath.Join(dir, "initdb")) {
			continue // client-only packages ship bin/ without the server
		}
		v := parseVersion(filepath.Base(filepath.Dir(dir)))
		if best == "" || compareVersions(v, bestVer) > 0 {
			best, bestVer = dir, v
		}
	}
	if best != "" {
		return best, nil
	}
	if p, err := exec.LookPath("initdb"); err == nil {
		dir := filepath.Dir(p)
		if isExecutable(filepath.Join(dir, "postgres")) {
			return dir, nil
		}
	}
	return "", errNotInstalled
}

func isExecutable(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.Mode().IsRegular() && fi.Mode().Perm()&0o111 != 0
}

// parseVersion turns "15" or "9.6" into comparable numbers; the directory
// names are versions, and "9.6" < "15" must hold (it does not as strings).
func parseVersion(s string) []int {
	var v []int
	for _, part := range strings.Split(s, ".") {
		n, err := strconv.Atoi(part)
		if err != nil {
			n = -1
		}
		v = append(v, n)
	}
	return v
}

func compareVersions(a, b []int) int {
	for i := 0; i < len(a) || i < len(b); i++ {
		x, y := 0, 0
		if i < len(a) {
			x = a[i]
		}
		if i < len(b) {
			y = b[i]
		}
		if x != y {
			if x < y {
				return -1
			}
			return 1
		}
	}
	return 0
}

// clusterRoots lists, best first, the directories cluster directories may go
// in. A memory-backed one comes first where available (see fastTempDirs): on
// a disk-backed /tmp, creating the ~1000 files of a data directory costs
// several times more than the whole rest of the start-up. The usual temp dir
// follows, and /tmp as the last resort, for when the unix socket path would
// exceed the kernel's 107-byte limit, or the server runs as another user who
// cannot reach into the temp dir (e.g. TMPDIR under root's private home).
func clusterRoots(otherUser bool) []string {
	var roots []string
	for _, r := range append(fastTempDirs(), os.TempDir()) {
		// r + "/damlam-testpg-NNNNNNNNNN/s/.s.PGSQL.NNNNN" must fit.
		if len(r) > 60 || (otherUser && !traversableByOthers(r)) {
			continue
		}
		roots = append(roots, r)
	}
	if !slices.Contains(roots, "/tmp") {
		roots = append(roots, "/tmp")
	}
	return roots
}

func traversableByOthers(dir string) bool {
	for p := filepath.Clean(dir); ; p = filepath.Dir(p) {
		fi, err := os.Stat(p)
		if err != nil || fi.Mode().Perm()&0o001 == 0 {
			return false
		}
		if p == filepath.Dir(p) {
			return true
		}
	}
}

// newCluster makes the cluster directory, records its owner and hands it to
// the server account.
func newCluster(root string, as *runAs) (*cluster, error) {
	dir, err := os.MkdirTemp(root, clusterPrefix+"*")
	if err != nil {
		return nil, fmt.Errorf("create cluster directory: %w", err)
	}
	c := &cluster{dir: dir}
	err = os.WriteFile(filepath.Join(dir, ownerFile), []byte(processIdentity()+"\n"), 0o644)
	if err == nil {
		err = os.Mkdir(c.sockDir(), 0o700)
	}
	if err == nil && as != nil {
		for _, p := range []string{dir, c.sockDir()} {
			if err = os.Chown(p, int(as.uid), int(as.gid)); err != nil {
				break
			}
		}
	}
	if err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("prepare cluster directory: %w", err)
	}
	return c, nil
}

func (c *cluster) initdb(bin string, as *runAs) error {
	run := func(locale string) ([]byte, error) {
		cmd := exec.Command(filepath.Join(bin, "initdb"),
			"-D", c.dataDir(),
			"-U", "postgres",
			"-A", "trust",
			"-E", "UTF8",
			locale,
			// Skips fsyncing ~40 MB of fresh files: the cluster is
			// disposable, and this is most of initdb's time on slow disks.
			"--no-sync",
		)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		done, err := startPinned(c, cmd, as)
		if err != nil {
			return nil, err
		}
		err = <-done // before reading out: the copier writes it until exit
		return out.Bytes(), err
	}
	// C.UTF-8 sorts like C (stable, byte order) but, unlike C, upper()/lower()
	// and ILIKE understand non-ASCII letters such as Vietnamese ones.
	out, err := run("--locale=C.UTF-8")
	if err != nil && bytes.Contains(bytes.ToLower(out), []byte("locale")) {
		// Not every libc ships C.UTF-8; plain C still works.
		os.RemoveAll(c.dataDir())
		out, err = run("--no-locale")
	}
	if err != nil {
		return fmt.Errorf("initdb: %v\n%s", err, out)
	}
	return nil
}

// start launches the postmaster and waits until it accepts connections,
// returning an admin pool. The port is chosen free just before launch; if
// another process grabs it in between, the server fails to bind and we retry
// on a new one.
func (c *cluster) start(bin string, as *runAs) (*sql.DB, error) {
	const attempts = 5
	var lastErr error
	for i := 0; i < attempts; i++ {
		port, err := freePort()
		if err != nil {
			return nil, err
		}
		c.port = port
		admin, retry, err := c.launch(bin, as)
		if err == nil {
			return admin, nil
		}
		lastErr = err
		if !retry {
			break
		}
	}
	return nil, lastErr
}

func (c *cluster) launch(bin string, as *runAs) (admin *sql.DB, retry bool, err error) {
	logf, err := os.OpenFile(c.logPath(), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, false, err
	}
	defer logf.Close() // the child keeps its own copy of the descriptor
	logStart, _ := logf.Seek(0, io.SeekEnd)

	args := []string{
		"-D", c.dataDir(),
		"-c", "port=" + strconv.Itoa(c.port),
		// TCP on loopback only, plus a socket in our private directory, so
		// concurrent binaries (and a distro cluster on 5432) never collide
		// and nothing is reachable from outside the machine.
		"-c", "listen_addresses=127.0.0.1",
		"-c", "unix_socket_directories=" + c.sockDir(),
	}
	for _, s := range serverSettings {
		args = append(args, "-c", s)
	}
	// The postmaster is started directly rather than through pg_ctl so that
	// it is our child and can carry a parent-death signal (see sysProcAttr):
	// if the test binary is killed, the server goes down with it.
	cmd := exec.Command(filepath.Join(bin, "postgres"), args...)
	cmd.Stdout, cmd.Stderr = logf, logf
	done, err := startPinned(c, cmd, as)
	if err != nil {
		return nil, false, fmt.Errorf("start postgres: %w", err)
	}
	c.proc = cmd.Process
	c.exited = make(chan struct{})
	go func() {
		<-done
		close(c.exited)
	}()

	u := c.url("postgres")
	admin, err = sql.Open("pgx", u.String())
	if err != nil {
		return nil, false, err
	}
	admin.SetMaxOpenConns(4)
	admin.SetMaxIdleConns(4)

	deadline := time.Now().Add(60 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		err = admin.PingContext(ctx)
		cancel()
		if err == nil {
			return admin, false, nil
		}
		select {
		case <-c.exited:
			admin.Close()
			log := readFrom(c.logPath(), logStart)
			retry = strings.Contains(log, "Address already in use")
			return nil, retry, fmt.Errorf("postgres exited during startup:\n%s", log)
		case <-time.After(10 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			admin.Close()
			c.kill()
			return nil, false, fmt.Errorf("postgres not ready after 60s: %v\n%s",
				err, readFrom(c.logPath(), logStart))
		}
	}
}

// startPinned starts cmd as the server account from a goroutine locked to
// its own OS thread, and keeps that thread alive until the child exits.
// Linux delivers the parent-death signal when the *thread* that forked the
// child exits, not the process; an ordinary goroutine's thread can be torn
// down by the runtime at any time (e.g. after runtime.LockOSThread in a
// test), which would kill the server mid-run.
func startPinned(c *cluster, cmd *exec.Cmd, as *runAs) (<-chan error, error) {
	cmd.Dir = c.dir // the server account may not be able to enter our cwd
	cmd.Env = childEnv()
	cmd.SysProcAttr = sysProcAttr(as)
	started := make(chan error, 1)
	done := make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		// Deliberately never unlocked: returning while locked retires the
		// thread, which is fine once the child is gone.
		if err := cmd.Start(); err != nil {
			started <- err
			return
		}
		started <- nil
		done <- cmd.Wait()
	}()
	if err := <-started; err != nil {
		return nil, err
	}
	return done, nil
}

// childEnv is our environment without the variables that would redirect
// initdb/postgres (PGDATA, PGPORT, ...) or localise their messages, which we
// surface in errors.
func childEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "PG") || strings.HasPrefix(kv, "LC_") ||
			strings.HasPrefix(kv, "LANG=") || strings.HasPrefix(kv, "LANGUAGE=") {
			continue
		}
		env = append(env, kv)
	}
	return append(env, "LC_ALL=C")
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("find a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func readFrom(path string, offset int64) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	if _, err := f.Seek(offset, io.SeekStart); err != nil {
		return ""
	}
	b, _ := io.ReadAll(io.LimitReader(f, 16<<10))
	return string(b)
}

// kill ends the postmaster at once and waits for it.
func (c *cluster) kill() {
	if c.proc == nil {
		return
	}
	c.proc.Kill()
	<-c.exited
}

// stop shuts the server down and deletes the cluster directory. An
// immediate shutdown (no checkpoint) is enough: the data is discarded.
func (c *cluster) stop() error {
	c.stopOnce.Do(func() {
		if c.proc != nil {
			select {
			case <-c.exited:
			default:
				if err := signalShutdown(c.proc); err != nil {
					c.kill()
					break
				}
				select {
				case <-c.exited:
				case <-time.After(15 * time.Second):
					c.kill()
				}
			}
		}
		c.stopErr = os.RemoveAll(c.dir)
	})
	return c.stopErr
}

var errNoServerUser = errors.New("tests run as root, but initdb and postgres refuse to run as root " +
	"and there is no \"postgres\" system user to run them as " +
	"(apt-get install postgresql creates it), or run the tests as a regular user")
