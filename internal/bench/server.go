package bench

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Server is a server under test.
type Server struct {
	URL string
	// PID is the server's process, or this process when it runs inside it
	// (then its memory figures include the load driver's).
	PID int
	// Ready is the time from starting the server to its first answer.
	Ready time.Duration
	Stop  func() error
}

var listening = regexp.MustCompile(`listening on (http://\S+)`)

// StartProcess runs bin with args (a serve command on 127.0.0.1:0) and
// waits until it answers GET /healthz; Ready counts from the exec.
func StartProcess(ctx context.Context, bin string, args, env []string, stderr io.Writer) (*Server, error) {
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), env...)
	cmd.Stderr = stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	stop := func() error {
		cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case err := <-done:
			return err
		case <-time.After(30 * time.Second):
			cmd.Process.Kill()
			return errors.New("the server did not stop within 30 s")
		}
	}
	urlc := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if m := listening.FindStringSubmatch(sc.Text()); m != nil {
				select {
				case urlc <- m[1]:
				default:
				}
			}
		}
	}()
	var url string
	select {
	case url = <-urlc:
	case <-time.After(5 * time.Minute):
		stop()
		return nil, errors.New("the server did not say where it listens within 5 minutes")
	case <-ctx.Done():
		stop()
		return nil, ctx.Err()
	}
	if err := waitHealthy(ctx, url); err != nil {
		stop()
		return nil, err
	}
	return &Server{URL: url, PID: cmd.Process.Pid, Ready: time.Since(start), Stop: stop}, nil
}

// waitHealthy polls /healthz until it answers 200.
func waitHealthy(ctx context.Context, url string) error {
	client := &http.Client{Timeout: 5 * time.Second}
	deadline := time.Now().Add(time.Minute)
	for {
		resp, err := client.Get(url + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s/healthz did not answer within a minute: %v", url, err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(2 * time.Millisecond):
		}
	}
}

// Memory is a process's resident memory now and at its peak, in bytes.
type Memory struct{ RSS, Peak int64 }

// ReadMemory reads /proc/PID/status (Linux).
func ReadMemory(pid int) (Memory, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return Memory{}, err
	}
	var m Memory
	for _, line := range strings.Split(string(b), "\n") {
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		f := strings.Fields(v)
		if len(f) < 1 {
			continue
		}
		n, _ := strconv.ParseInt(f[0], 10, 64)
		switch k {
		case "VmRSS":
			m.RSS = n << 10
		case "VmHWM":
			m.Peak = n << 10
		}
	}
	return m, nil
}

// bareBody is what the bare handler answers: a small page, so that the
// comparison measures damlam's work rather than the bytes on the wire.
var bareBody = []byte("<!doctype html><html lang=vi><title>damlam</title><body><main><h1>Đề xuất</h1><p>" +
	strings.Repeat("Một dòng của trang. ", 100) + "</p></main></body></html>\n")

// BareHandler is the baseline: net/http and nothing else.
func BareHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(bareBody)
	})
}

// ServeBare serves BareHandler on a free loopback port, printing where it
// listens the way damlam serve does, until ctx ends.
func ServeBare(ctx context.Context, stdout io.Writer) error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: BareHandler(), ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(stdout, "listening on http://%s\n", ln.Addr())
	go func() {
		<-ctx.Done()
		srv.Close()
	}()
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// tick is the length of a clock tick of /proc/PID/stat: USER_HZ, 100 on
// every Linux architecture Go builds for.
const tick = 10 * time.Millisecond

// cpuTicks is the CPU time a process has used, in clock ticks (Linux).
func cpuTicks(pid int) (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	// Fields after the command name, which is in parentheses and may hold
	// spaces: utime and stime are the 12th and 13th of them.
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(f) < 13 {
		return 0, fmt.Errorf("/proc/%d/stat: %q", pid, s)
	}
	u, _ := strconv.ParseInt(f[11], 10, 64)
	k, _ := strconv.ParseInt(f[12], 10, 64)
	return u + k, nil
}

// WaitIdle waits until process pid uses under a twentieth of a core over a
// second, or max has passed: a server opening a large log counts its rows
// in the background right after it starts answering, and a measurement
// should not share the cores with that.
func WaitIdle(ctx context.Context, pid int, max time.Duration) (time.Duration, error) {
	start := time.Now()
	prev, err := cpuTicks(pid)
	if err != nil {
		return 0, err
	}
	for time.Since(start) < max {
		select {
		case <-ctx.Done():
			return time.Since(start), ctx.Err()
		case <-time.After(time.Second):
		}
		now, err := cpuTicks(pid)
		if err != nil {
			return time.Since(start), err
		}
		if now-prev <= 5 { // clock ticks are 1/100 s
			return time.Since(start), nil
		}
		prev = now
	}
	return time.Since(start), nil
}
