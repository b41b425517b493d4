package gen

import (
	"context"
	"testing"
	"time"
)

// TestProvinceReplaysToItsProjection generates a province — 30,000 cases
// through every step of the procedure, about 590,000 log entries — and
// audits it: the audit replays every case from its logged events through
// the fold (workflow.Replay) and compares each column of its proposals
// row, its ballots, versions and attachments with what the replay
// decides, after checking every event against its leaf. A clean audit of
// every case is the proof that the projection a decision is read from is
// the fold of the log, at the scale a province reaches. It takes minutes,
// so -short skips it.
func TestProvinceReplaysToItsProjection(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the province replay generates 30,000 cases (minutes); run without -short")
	}
	sc, err := ScaleNamed("province")
	if err != nil {
		t.Fatal(err)
	}
	store := open(t, t.TempDir())
	began := time.Now()
	res, err := Run(context.Background(), store, Options{Scale: sc, Seed: 1, Now: testNow, NoPasswords: true})
	if err != nil {
		t.Fatal(err)
	}
	generated := time.Since(began)
	began = time.Now()
	rep, err := store.Audit(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() {
		n := min(len(rep.Problems), 20)
		t.Fatalf("the replay of the province differs from its projection in %d places; first %d:\n%q", len(rep.Problems), n, rep.Problems[:n])
	}
	if int64(rep.Cases) != res.Proposals {
		t.Fatalf("the audit replayed %d cases, the run made %d", rep.Cases, res.Proposals)
	}
	t.Logf("%d cases, %d steps, %d log entries: generated in %v, every case replayed and compared in %v",
		rep.Cases, res.Steps, res.LogSize, generated.Round(time.Second), time.Since(began).Round(time.Second))
}
