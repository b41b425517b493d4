package ledger

import (
	"bufio"
	"context"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"damlam/internal/proof"
	"damlam/internal/testdb"
)

const crashEnv = "DAMLAM_LEDGER_CRASH_CHILD"

// TestCrashChild is the child side of TestCrashRecovery: once its log is
// open it says "ready", then appends from several goroutines, each in its
// own transaction, and prints every acknowledged index after its commit
// and every checkpoint it was handed. It runs until the parent kills it.
func TestCrashChild(t *testing.T) {
	spec := os.Getenv(crashEnv)
	if spec == "" {
		t.Skip("runs only as the child of TestCrashRecovery")
	}
	dbPath, keyDir, _ := strings.Cut(spec, "|")
	db := testdb.Open(t, SQLite, testdb.SQLiteDSN(dbPath))
	ctx := context.Background()
	l, err := Open(ctx, db, Config{Origin: testOrigin, Dialect: SQLite, KeyDir: keyDir})
	if err != nil {
		fmt.Printf("open-error %v\n", err)
		os.Exit(3)
	}
	var mu sync.Mutex
	say := func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		fmt.Fprintf(os.Stdout, format, args...)
	}
	say("ready\n")
	deadline := time.Now().Add(5 * time.Second) // never outlive a lost parent
	var wg sync.WaitGroup
	for g := range 3 {
		wg.Go(func() {
			for i := 0; time.Now().Before(deadline); i++ {
				idx, leaf, err := addLeaf(ctx, db, l, "crash-"+strconv.Itoa(g), "proposal.note")
				if err != nil {
					say("append-error %v\n", err)
					continue
				}
				h := proof.LeafHash(leaf)
				say("ack %d %s\n", idx, hex.EncodeToString(h[:]))
				if i%3 == 0 {
					r, err := l.Receipt(ctx, idx)
					if err != nil {
						say("receipt-error %v\n", err)
						continue
					}
					say("cp %s\n", hex.EncodeToString(r.Checkpoint))
				}
			}
		})
	}
	wg.Wait()
	os.Exit(0)
}

// TestCrashRecovery SIGKILLs an appending child at random moments. After
// each kill the log must open, audit clean, hold every acknowledged leaf,
// and its next checkpoint must be consistent with every earlier one.
func TestCrashRecovery(t *testing.T) {
	if os.Getenv(crashEnv) != "" {
		t.Skip("child")
	}
	dir := t.TempDir()
	dbPath, keyDir := filepath.Join(dir, "crash.db"), filepath.Join(dir, "keys")
	first := testdb.Open(t, SQLite, testdb.SQLiteDSN(dbPath))
	migrate(t, first, SQLite)
	if _, err := Open(context.Background(), first, Config{Origin: testOrigin, Dialect: SQLite, KeyDir: keyDir}); err != nil {
		t.Fatal(err)
	}
	first.Close()

	acked := map[int64]string{}
	var cps [][]byte
	rng := rand.New(rand.NewPCG(7, 7))
	ctx := context.Background()
	for round := range 5 {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), crashEnv+"="+dbPath+"|"+keyDir)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := make(chan string)
		go func() {
			sc := bufio.NewScanner(out)
			for sc.Scan() {
				lines <- sc.Text()
			}
			close(lines)
		}()
		// The kill lands at a random moment of the appending: counted from
		// "ready", since starting the child and opening the log take far
		// longer under the race detector or on a loaded machine. A child
		// that never gets ready is killed all the same.
		delay := time.Duration(150+rng.IntN(350)) * time.Millisecond
		kill := time.After(time.Minute)
	read:
		for {
			select {
			case <-kill:
				cmd.Process.Kill()
				kill = nil
			case line, ok := <-lines:
				if !ok {
					break read
				}
				f := strings.Fields(line)
				switch {
				case line == "ready":
					kill = time.After(delay)
				case len(f) == 3 && f[0] == "ack":
					idx, _ := strconv.ParseInt(f[1], 10, 64)
					acked[idx] = f[2]
				case len(f) == 2 && f[0] == "cp":
					b, _ := hex.DecodeString(f[1])
					cps = append(cps, b)
				case strings.HasSuffix(line, "error") || strings.Contains(line, "-error "):
					t.Errorf("round %d: child: %s", round, line)
				}
			}
		}
		cmd.Wait()

		db := testdb.Open(t, SQLite, testdb.SQLiteDSN(dbPath))
		l, err := Open(ctx, db, Config{Origin: testOrigin, Dialect: SQLite, KeyDir: keyDir})
		if err != nil {
			t.Fatalf("round %d: Open after kill: %v", round, err)
		}
		rep, err := l.AuditTree(ctx)
		if err != nil || !rep.OK() {
			t.Fatalf("round %d: audit: %v %v", round, err, rep.Problems)
		}
		for idx, h := range acked {
			leaf, err := l.Leaf(ctx, idx)
			lh := proof.LeafHash(leaf)
			if err != nil || hex.EncodeToString(lh[:]) != h {
				t.Fatalf("round %d: acknowledged leaf %d lost or changed: %v", round, idx, err)
			}
		}
		latestNote, err := l.Checkpoint(ctx)
		if err != nil {
			t.Fatal(err)
		}
		vs, _ := l.Verifiers(ctx)
		latest, _, err := proof.OpenCheckpoint(latestNote, vs)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cps {
			old, _, err := proof.OpenCheckpoint(c, vs)
			if err != nil {
				t.Fatal(err)
			}
			p, err := l.ConsistencyProof(ctx, int64(old.Size), int64(latest.Size))
			if err == nil {
				err = proof.VerifyConsistency(old, latest, p)
			}
			if err != nil {
				t.Fatalf("round %d: checkpoint %d not consistent with %d: %v", round, old.Size, latest.Size, err)
			}
		}
		t.Logf("round %d: %d leaves, %d acknowledged, %d checkpoints seen", round, rep.Size, len(acked), len(cps))
		db.Close()
	}
	if len(acked) == 0 {
		t.Fatal("the child never acknowledged an append")
	}
}
