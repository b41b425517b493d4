package gen

import (
	"bytes"
	"context"
	"crypto/sha256"
	"damlam/internal/casework"
	"errors"
	"fmt"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"damlam/internal/ledger"
	"damlam/internal/sqlstore"
	"damlam/internal/testdb"
	"damlam/internal/workflow"
)

func TestMain(m *testing.M) { testdb.Main(m) }

var testNow = time.Date(2026, 11, 27, 16, 0, 0, 0, ict)

// digest runs a scale's schedule without a database and hashes every step.
func digest(sc Scale, seed uint64) (string, map[workflow.Action]int) {
	s := newSchedule(newPlanner(buildOrg(sc, seed), sc, seed, testNow))
	h := sha256.New()
	acts := map[workflow.Action]int{}
	for {
		c, st := s.next()
		if c == nil {
			break
		}
		fmt.Fprintf(h, "%d %d %s %s %d %d\n", c.no, st.at, st.act, st.who, st.arg, st.n)
		acts[st.act]++
	}
	return fmt.Sprintf("%x", h.Sum(nil)), acts
}

// TestScheduleIsDeterministic: a seed gives the same history every time,
// another seed another one, and the history uses the whole procedure.
func TestScheduleIsDeterministic(t *testing.T) {
	sc, _ := ScaleNamed("ward")
	a, acts := digest(sc, 7)
	b, _ := digest(sc, 7)
	c, _ := digest(sc, 8)
	if a != b || a == c {
		t.Fatalf("seed 7 gave %s then %s; seed 8 gave %s", a, b, c)
	}
	for _, act := range []workflow.Action{"", workflow.Submit, workflow.Convene, workflow.CastVote, workflow.ApprovePilot,
		workflow.ReportProgress, workflow.ReportCompletion, workflow.Evaluate, workflow.DetermineProtection, workflow.Close} {
		if acts[act] == 0 {
			t.Errorf("no %q step in the ward's history: %v", act, acts)
		}
	}
}

// TestCountryShape: the national tree has the reform's 34 provinces and
// 3,321 commune-level units, Hồ Chí Minh City 168 and Hà Nội 126.
func TestCountryShape(t *testing.T) {
	sc, _ := ScaleNamed("national")
	tree := buildOrg(sc, 1)
	kinds := map[string]int{}
	perProvince := map[string]int{}
	for _, u := range tree.units {
		kinds[u.Kind]++
		if u.Kind == "ward" || u.Kind == "commune" || u.Kind == "special_zone" {
			perProvince[u.Parent]++
		}
	}
	if kinds["province"] != 34 || kinds["ward"]+kinds["commune"]+kinds["special_zone"] != 3321 || kinds["special_zone"] != 13 {
		t.Errorf("units by kind: %v", kinds)
	}
	if perProvince["HCM"] != 168 || perProvince["HN"] != 126 {
		t.Errorf("HCM has %d, HN %d", perProvince["HCM"], perProvince["HN"])
	}
}

// stopAfter is a context that reports itself cancelled after n checks:
// an operator's Ctrl-C at a chosen step.
type stopAfter struct {
	context.Context
	n atomic.Int64
}

func (c *stopAfter) Err() error {
	if c.n.Add(-1) < 0 {
		return context.Canceled
	}
	return nil
}

func open(t *testing.T, dir string) *sqlstore.Store {
	t.Helper()
	ctx := context.Background()
	db, err := sqlstore.Open(ctx, sqlstore.SQLiteDSN(filepath.Join(dir, "damlam.db")))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	lg, err := ledger.Open(ctx, db.DB, ledger.Config{Origin: "gen.test/log", Dialect: db.Dialect, KeyDir: filepath.Join(dir, "log-key")})
	if err != nil {
		t.Fatal(err)
	}
	return sqlstore.New(db, lg, sqlstore.Config{AttachmentDir: filepath.Join(dir, "attachments")})
}

// TestInterruptedRunResumes: a run stopped part way commits what it did;
// the same command then finishes it, and the result is the one a single
// run gives.
func TestInterruptedRunResumes(t *testing.T) {
	sc := Scale{Name: "ward", Provinces: []string{"HCM"}, Communes: 3, Proposals: 60, Pool: 5, InboxBoost: 1}
	opt := Options{Scale: sc, Seed: 3, Now: testNow, BatchSteps: 200, NoPasswords: true}

	whole := open(t, t.TempDir())
	want, err := Run(context.Background(), whole, opt)
	if err != nil {
		t.Fatal(err)
	}

	dir := t.TempDir()
	ctx := &stopAfter{Context: context.Background()}
	ctx.n.Store(450)
	if _, err := Run(ctx, open(t, dir), opt); !errors.Is(err, ErrInterrupted) {
		t.Fatalf("interrupted run: %v", err)
	}
	got, err := Run(context.Background(), open(t, dir), opt)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Resumed || got.LogSize != want.LogSize || got.Steps != want.Steps {
		t.Fatalf("resumed run: %+v, single run: %+v", got, want)
	}
	if _, err := Run(context.Background(), open(t, dir), Options{Scale: sc, Seed: 4, Now: testNow}); err == nil {
		t.Fatal("a run with another seed went on in the same database")
	}
}

// TestRunStoppedDuringImportResumes: a run killed after the units were
// imported and before the people were goes on from there.
func TestRunStoppedDuringImportResumes(t *testing.T) {
	sc := Scale{Name: "ward", Provinces: []string{"HCM"}, Communes: 2, Proposals: 20, Pool: 2, InboxBoost: 1}
	opt := Options{Scale: sc, Seed: 5, Now: testNow, NoPasswords: true}
	ctx := context.Background()
	store := open(t, t.TempDir())
	if _, _, err := mark(ctx, store, opt); err != nil {
		t.Fatal(err)
	}
	if _, err := casework.New(store).ImportUnits(ctx, nil, bytes.NewReader(buildOrg(sc, opt.Seed).unitsCSV())); err != nil {
		t.Fatal(err)
	}
	res, err := Run(ctx, store, opt)
	if err != nil || !res.Resumed || res.LogSize == 0 {
		t.Fatalf("resumed run: %+v, %v", res, err)
	}
}
