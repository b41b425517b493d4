//go:build linux

package testdb

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// helperEnv switches TestLifecycleHelper from a no-op into a child test
// binary that starts a cluster and reports it, so the lifecycle tests can
// observe what happens across process boundaries.
const helperEnv = "TESTDB_LIFECYCLE_HELPER"

// TestLifecycleHelper only does something when run as a child by the tests
// below: mode "exit" returns normally (Main cleans up), mode "hold" waits to
// be killed.
func TestLifecycleHelper(t *testing.T) {
	mode := os.Getenv(helperEnv)
	if mode == "" {
		t.Skip("child process for TestClusterLifecycle")
	}
	Postgres(t)
	c := shared.cluster
	fmt.Printf("CLUSTER %s %d %d %d\n", c.dir, c.proc.Pid, c.port, shared.startup.Milliseconds())
	if mode == "hold" {
		time.Sleep(time.Minute)
	}
}

type child struct {
	cmd     *exec.Cmd
	dir     string
	pid     int
	port    int
	startMS int

	mode     string
	reported chan bool // true once the fields above are filled in
}

func startChild(t *testing.T, mode string) *child {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "-test.run=^TestLifecycleHelper$", "-test.count=1")
	// The children must exercise the throwaway-cluster path even when this
	// run points at an external server.
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, EnvPostgres+"=") {
			env = append(env, kv)
		}
	}
	cmd.Env = append(env, helperEnv+"="+mode)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	c := &child{cmd: cmd, mode: mode, reported: make(chan bool, 1)}
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if _, err := fmt.Sscanf(sc.Text(), "CLUSTER %s %d %d %d", &c.dir, &c.pid, &c.port, &c.startMS); err == nil {
				c.reported <- true
				for sc.Scan() { // drain, so the child never blocks on a full pipe
				}
				return
			}
		}
		c.reported <- false
	}()
	return c
}

// await waits for the child's cluster report.
func (c *child) await(t *testing.T) {
	t.Helper()
	select {
	case ok := <-c.reported:
		if !ok {
			t.Fatalf("child (%s) ended without reporting a cluster", c.mode)
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("child (%s) reported no cluster within 30s", c.mode)
	}
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

func TestClusterLifecycle(t *testing.T) {
	if _, err := findBinDir(); err != nil {
		t.Skip(notInstalledMsg)
	}

	// Two child binaries at once, as `go test ./...` runs packages: one ends
	// normally, one is killed.
	exiting, killed := startChild(t, "exit"), startChild(t, "hold")
	exiting.await(t)
	killed.await(t)
	t.Logf("cluster start with two binaries starting at once: %d ms and %d ms",
		exiting.startMS, killed.startMS)

	t.Run("concurrent binaries get their own cluster", func(t *testing.T) {
		if exiting.dir == killed.dir || exiting.port == killed.port || exiting.pid == killed.pid {
			t.Errorf("binaries share a cluster: %+v %+v", exiting, killed)
		}
	})

	t.Run("Main stops the cluster and removes its files", func(t *testing.T) {
		if err := exiting.cmd.Wait(); err != nil {
			t.Fatalf("child: %v", err)
		}
		if alive(exiting.pid) {
			t.Errorf("postmaster %d still running after the binary exited", exiting.pid)
		}
		if exists(exiting.dir) {
			t.Errorf("cluster directory %s left behind", exiting.dir)
		}
	})

	t.Run("killed binary takes its server down and the next run sweeps the files", func(t *testing.T) {
		if !alive(killed.pid) {
			t.Fatalf("postmaster %d not running", killed.pid)
		}
		killed.cmd.Process.Kill() // SIGKILL: no Go code of the child runs
		killed.cmd.Wait()
		if !waitGone(killed.pid, 10*time.Second) {
			t.Fatalf("postmaster %d survived its test binary", killed.pid)
		}
		if !exists(killed.dir) {
			t.Fatalf("expected %s to remain until swept", killed.dir)
		}
		sweepStale(filepath.Dir(killed.dir))
		if exists(killed.dir) {
			t.Errorf("stale cluster directory %s not swept", killed.dir)
		}
	})

	t.Run("sweep keeps live clusters and removes dead owners' ones", func(t *testing.T) {
		root := clusterRoots(os.Geteuid() == 0)[0]
		// Stands in for a concurrently running binary's cluster: its owner
		// (this process) is alive.
		live, err := os.MkdirTemp(root, clusterPrefix+"*")
		if err != nil {
			t.Fatal(err)
		}
		defer os.RemoveAll(live)
		if err := os.WriteFile(filepath.Join(live, ownerFile), []byte(processIdentity()+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}

		dead, err := os.MkdirTemp(root, clusterPrefix+"*")
		if err != nil {
			t.Fatal(err)
		}
		defer os.RemoveAll(dead)
		// A PID beyond pid_max never runs.
		if err := os.WriteFile(filepath.Join(dead, ownerFile), []byte("2147483647 1\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		fresh, err := os.MkdirTemp(root, clusterPrefix+"*") // ownerless but new: being created
		if err != nil {
			t.Fatal(err)
		}
		defer os.RemoveAll(fresh)

		sweepStale(root)
		if exists(dead) {
			t.Error("directory of a dead owner not swept")
		}
		if !exists(fresh) {
			t.Error("directory still being created was swept")
		}
		if !exists(live) {
			t.Error("sweep removed a cluster whose owner is alive")
		}
	})
}

func TestProcessIdentity(t *testing.T) {
	id := processIdentity()
	if !ownerAlive(id) {
		t.Errorf("own identity %q not recognised as alive", id)
	}
	pid, _, _ := strings.Cut(id, " ")
	if ownerAlive(pid + " 1") {
		t.Error("a different start time must mean a different (reused-PID) process")
	}
}

// The first cluster on a machine runs initdb and caches the result; later
// ones copy it. Both paths must yield a data directory the server accepts.
func TestTemplateCache(t *testing.T) {
	bin, err := findBinDir()
	if err != nil {
		t.Skip(notInstalledMsg)
	}
	as, err := serverUser()
	if err != nil {
		t.Fatal(err)
	}
	cacheRoot := t.TempDir()
	root := clusterRoots(as != nil)[0]

	newPrepared := func() *cluster {
		c, err := newCluster(root, as)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.stop() })
		if err := c.prepareData(bin, as, cacheRoot); err != nil {
			t.Fatal(err)
		}
		return c
	}

	first := newPrepared()
	if first.fromTemplate {
		t.Fatal("empty cache, yet the data directory came from a template")
	}
	second := newPrepared()
	if !second.fromTemplate {
		t.Fatal("second cluster did not use the cached template")
	}
	t.Logf("data directory: initdb %v, from template %v", first.prepareTime, second.prepareTime)

	fi, err := os.Stat(second.dataDir())
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o700 {
		t.Errorf("copied data directory has mode %v, want 0700", fi.Mode().Perm())
	}
	if st := fi.Sys().(*syscall.Stat_t); as != nil && st.Uid != as.uid {
		t.Errorf("copied data directory owned by uid %d, want %d", st.Uid, as.uid)
	}

	admin, err := second.start(bin, as)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	var n int
	if err := admin.QueryRow("SELECT 1").Scan(&n); err != nil || n != 1 {
		t.Fatalf("server from template: %v", err)
	}
}
