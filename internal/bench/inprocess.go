package bench

import (
	"bytes"
	"context"
	"crypto/sha256"
	"damlam/internal/casework"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"time"

	"damlam/internal/calendar"
	"damlam/internal/ledger"
	"damlam/internal/org"
	"damlam/internal/proof"
	"damlam/internal/sqlstore"
	"damlam/internal/workflow"
)

// timings summarises repeated measurements.
type timings []time.Duration

func (t timings) p(q float64) time.Duration {
	s := slices.Clone(t)
	slices.Sort(s)
	return percentile(s, q)
}

// appendRatio compares the log's append path with plain inserts of the
// same leaf bytes into a table of the same shape, in a fresh database
// opened as damlam opens its own. perTx leaves go in each transaction; a
// transaction of one is a durable decision, a large one shows the log's
// own work without the commit.
func appendRatio(ctx context.Context, dir string, n, perTx int) (appendRate, rawRate float64, err error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return 0, 0, err
	}
	db, err := sqlstore.Open(ctx, sqlstore.SQLiteDSN(filepath.Join(dir, "append.db")))
	if err != nil {
		return 0, 0, err
	}
	defer db.Close()
	lg, err := ledger.Open(ctx, db.DB, ledger.Config{Origin: "bench.damlam/log", Dialect: db.Dialect, KeyDir: filepath.Join(dir, "append-key")})
	if err != nil {
		return 0, 0, err
	}
	if _, err := db.ExecContext(ctx, `CREATE TABLE raw_leaves (idx INTEGER PRIMARY KEY, case_id TEXT NOT NULL, leaf BLOB NOT NULL, created_at TEXT NOT NULL)`); err != nil {
		return 0, 0, err
	}
	at := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	var raw int64
	var appendTime, rawTime time.Duration
	for done := 0; done < n; done += perTx {
		// The leaves are built outside the timings: both sides store the
		// same bytes.
		leaves := make([][]byte, perTx)
		for i := range leaves {
			sum := sha256.Sum256([]byte(strconv.Itoa(done + i)))
			// A fresh log: leaf k of the one case sits at index k.
			leaves[i], err = proof.Entry{Type: "proposal.progress_reported", Case: "bench", Seq: done + i + 1, Prev: int64(done+i) - 1,
				Time: at, Actor: "c0ffee", State: "IN_IMPLEMENTATION",
				Fields: []proof.Field{{Key: proof.FieldPayload, Value: hex.EncodeToString(sum[:])}}}.Marshal()
			if err != nil {
				return 0, 0, err
			}
		}
		t0 := time.Now()
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return 0, 0, err
		}
		// As the store's batches and shared commits do.
		actx := ledger.NewTxHashes(tx).Context(ctx)
		for _, leaf := range leaves {
			if _, err := lg.Append(actx, tx, "bench", leaf); err != nil {
				tx.Rollback()
				return 0, 0, err
			}
		}
		if err := tx.Commit(); err != nil {
			return 0, 0, err
		}
		appendTime += time.Since(t0)
		t0 = time.Now()
		tx, err = db.BeginTx(ctx, nil)
		if err != nil {
			return 0, 0, err
		}
		for _, leaf := range leaves {
			if _, err := tx.ExecContext(ctx, `INSERT INTO raw_leaves (idx, case_id, leaf, created_at) VALUES ($1, $2, $3, $4)`,
				raw, "bench", leaf, at.Format(time.RFC3339Nano)); err != nil {
				tx.Rollback()
				return 0, 0, err
			}
			raw++
		}
		if err := tx.Commit(); err != nil {
			return 0, 0, err
		}
		rawTime += time.Since(t0)
	}
	return float64(n) / appendTime.Seconds(), float64(n) / rawTime.Seconds(), nil
}

// inclusionProofs times proofs of random leaves in the whole tree.
func inclusionProofs(ctx context.Context, lg *ledger.Log, n int) (timings, int64, error) {
	size, err := lg.Size(ctx)
	if err != nil || size == 0 {
		return nil, size, err
	}
	rng := rand.New(rand.NewPCG(1, 2))
	t := make(timings, 0, n)
	for range n {
		idx := rng.Int64N(size)
		t0 := time.Now()
		if _, err := lg.InclusionProof(ctx, idx, size); err != nil {
			return nil, size, err
		}
		t = append(t, time.Since(t0))
	}
	return t, size, nil
}

// commitToCheckpoint takes single decisions (votes on the pool) and times
// from the end of each decision's work to the signed checkpoint that
// covers it: the commit with its sync, then the signature, the copy kept
// in the key folder, and the checkpoint's row.
func commitToCheckpoint(ctx context.Context, store *sqlstore.Store, voter *org.Person, pool []string, n int) (timings, error) {
	t := make(timings, 0, n)
	for i := range n {
		var workDone time.Time
		cp, err := store.Batch(ctx, func(b *sqlstore.Batch) error {
			_, err := casework.DoIn(b, voter, pool[i%len(pool)], workflow.CastVote, &workflow.VoteInput{Ballot: workflow.Yes})
			workDone = time.Now()
			return err
		})
		if err != nil {
			return nil, err
		}
		if len(cp) == 0 {
			return nil, fmt.Errorf("no checkpoint after decision %d", i)
		}
		t = append(t, time.Since(workDone))
	}
	return t, nil
}

// dossierCase finds a running pilot and adds progress reports until its
// record holds at least events events, as a long pilot's would.
func dossierCase(ctx context.Context, store *sqlstore.Store, events int) (string, int, error) {
	var id, unit, proposer string
	var seq int
	err := store.DB().QueryRowContext(ctx, `SELECT id, unit_id, proposer_id, last_seq FROM proposals
		WHERE state IN ('IN_IMPLEMENTATION', 'ADJUSTED') ORDER BY last_seq DESC, id LIMIT 1`).Scan(&id, &unit, &proposer, &seq)
	if err != nil {
		return "", 0, fmt.Errorf("a running pilot for the dossier: %w", err)
	}
	if seq >= events {
		return id, seq, nil
	}
	who, err := store.Person(ctx, proposer)
	if err != nil {
		return "", 0, err
	}
	today := calendar.DateOf(store.Now()).String()
	_, err = store.Batch(ctx, func(b *sqlstore.Batch) error {
		for ; seq < events; seq++ {
			in := &workflow.ProgressInput{ScopedAction: workflow.ScopedAction{Unit: unit, Date: today, AmountVND: 1_000_000},
				Summary: "Báo cáo tiến độ định kỳ."}
			if _, err := casework.DoIn(b, who, id, workflow.ReportProgress, in); err != nil {
				return err
			}
		}
		return nil
	})
	return id, seq, err
}

// dossierTimes builds a case's dossier (sealed zip) and verifies it
// offline, n times each.
func dossierTimes(ctx context.Context, store *sqlstore.Store, id string, n int) (build, verify timings, err error) {
	trusted, err := store.Log().Verifiers(ctx)
	if err != nil {
		return nil, nil, err
	}
	var zip []byte
	for range n {
		t0 := time.Now()
		d, err := store.DossierAsSystem(ctx, id)
		if err != nil {
			return nil, nil, err
		}
		var buf bytes.Buffer
		if err := d.WriteZip(&buf); err != nil {
			return nil, nil, err
		}
		build = append(build, time.Since(t0))
		zip = buf.Bytes()
	}
	for range n {
		t0 := time.Now()
		d, err := proof.ReadZip(bytes.NewReader(zip), int64(len(zip)))
		if err != nil {
			return nil, nil, err
		}
		rep := proof.Verify(d, trusted)
		verify = append(verify, time.Since(t0))
		// Every claim must be checkable and all but the scope claim hold:
		// a pilot may well have acted outside its scope, and the dossier
		// rightly says so.
		for _, c := range rep.Claims {
			if c.Status != proof.Holds && (c.ID != proof.ClaimInScope || c.Status != proof.Fails) {
				return nil, nil, fmt.Errorf("the dossier of %s: %s %s: %s", id, c.ID, c.Status, c.EN)
			}
		}
	}
	return build, verify, nil
}
