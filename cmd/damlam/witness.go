package main

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/mod/sumdb/note"

	"damlam/internal/proof"
	"damlam/internal/witness"
)

// cmdWitness runs a minimal C2SP witness, as an inspection agency would:
// it cosigns a damlam log's checkpoints only while the log keeps growing
// consistently, and its cosignatures date every decision independently.
// It also answers GET /latest-checkpoint?origin=, which `serve` asks at
// start to check that its database has not gone back in time.
func cmdWitness(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "witness", "witness --name NAME --log-key LOG.vkey... [--data DIR] [--addr 127.0.0.1:8090]")
	data := fs.String("data", "./damlam-witness", "thư mục khóa và trạng thái / folder for the key and state")
	name := fs.String("name", "witness.local/w1", "tên nhân chứng / witness name (a schema-less URL)")
	addr := fs.String("addr", "127.0.0.1:8090", "địa chỉ lắng nghe / listen address")
	var logKeys multiFlag
	fs.Var(&logKeys, "log-key", "tệp khóa công khai của sổ ghi được chứng kiến / a witnessed log's verifier key file (repeatable)")
	if ok, err := parse(fs, args); !ok {
		return err
	}
	if len(logKeys) == 0 {
		fs.Usage()
		return errUsage
	}
	logs := map[string][]string{}
	for _, f := range logKeys {
		b, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		vkey := strings.TrimSpace(string(b))
		v, err := note.NewVerifier(vkey)
		if err != nil {
			return fmt.Errorf("%s: %w", f, err)
		}
		logs[v.Name()] = append(logs[v.Name()], vkey)
	}
	if err := os.MkdirAll(*data, 0o700); err != nil {
		return err
	}
	cos, err := loadCosigner(filepath.Join(*data, "witness.key"), *name)
	if err != nil {
		return err
	}
	srv, err := witness.NewServer(cos, logs, filepath.Join(*data, "state.json"))
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "khóa nhân chứng / witness key: %s\n", cos.VerifierKey())
	fmt.Fprintf(e.stdout, "nhân chứng đang chạy tại / witness listening on http://%s\n", ln.Addr())
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		hs.Close()
	}()
	if err := hs.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// loadCosigner reads the witness's Ed25519 seed, creating it on first run.
func loadCosigner(path, name string) (*proof.Cosigner, error) {
	seed, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		_, seed, err = proof.GenerateCosigner(rand.Reader, name, nil)
		if err != nil {
			return nil, err
		}
		if err := os.WriteFile(path, seed, 0o600); err != nil {
			return nil, err
		}
	} else if err != nil {
		return nil, err
	}
	if len(seed) != ed25519.SeedSize {
		return nil, fmt.Errorf("%s: not an Ed25519 seed", path)
	}
	return proof.NewCosigner(name, ed25519.NewKeyFromSeed(seed), nil)
}

// witnessFlag is "URL=VKEY_FILE" for `serve --witness`.
func parseWitnesses(specs []string) ([]*witness.Client, error) {
	var out []*witness.Client
	for _, spec := range specs {
		url, file, ok := strings.Cut(spec, "=")
		if !ok {
			return nil, fmt.Errorf("--witness %q: want URL=KEY_FILE", spec)
		}
		b, err := os.ReadFile(file)
		if err != nil {
			return nil, err
		}
		v, err := proof.NewCosignatureVerifier(strings.TrimSpace(string(b)))
		if err != nil {
			return nil, fmt.Errorf("--witness %s: %w", file, err)
		}
		out = append(out, &witness.Client{URL: url, Verifier: v})
	}
	return out, nil
}

// witnessEvery sends new checkpoints to the witnesses until ctx ends.
// Those out of reach at start (unchecked) are checked against the
// database as soon as they answer, so that a restored backup they would
// have refused at start is caught late rather than never.
func witnessEvery(ctx context.Context, a *app, clients, unchecked []*witness.Client, logger *slog.Logger, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	failing := false
	for {
		if len(unchecked) > 0 {
			unchecked = recheckWitnesses(ctx, a, unchecked, logger)
		}
		err := a.store.WitnessRound(ctx, clients)
		switch {
		case err != nil && ctx.Err() == nil && !failing:
			logger.Warn("witness", "err", err)
			failing = true
		case err == nil && failing:
			logger.Info("witness reachable again")
			failing = false
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func cmdKeys(ctx context.Context, e *env, args []string) error {
	return withData(ctx, e, "keys", "keys [--data DIR | --db URL]", args, nil, func(a *app, _ *flag.FlagSet) error {
		keys, err := a.log.VerifierKeys(ctx)
		if err != nil {
			return err
		}
		for _, k := range keys {
			fmt.Fprintln(e.stdout, k)
		}
		return nil
	})
}
