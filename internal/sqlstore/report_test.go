package sqlstore_test

import (
	"context"
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"damlam/internal/calendar"
	"damlam/internal/gen"
	"damlam/internal/ledger"
	"damlam/internal/org"
	"damlam/internal/sqlstore"
	"damlam/internal/testdb"
	"damlam/internal/workflow"
)

// reportWard is a small generated ward history (150 cases over three
// wards and the city), on a fixed clock.
var reportWard = gen.Scale{Name: "ward", Provinces: []string{"HCM"}, Communes: 3, Proposals: 150, Pool: 5, InboxBoost: 1}

var reportNow = time.Date(2026, 11, 27, 16, 0, 0, 0, time.UTC)

func reportStore(t *testing.T, dsn string) *sqlstore.Store {
	t.Helper()
	ctx := context.Background()
	db, err := sqlstore.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	lg, err := ledger.Open(ctx, db.DB, ledger.Config{Origin: "report.damlam/log", Dialect: db.Dialect, KeyDir: filepath.Join(t.TempDir(), "keys")})
	if err != nil {
		t.Fatal(err)
	}
	store := sqlstore.New(db, lg, sqlstore.Config{Now: func() time.Time { return reportNow }, AttachmentDir: t.TempDir()})
	if _, err := gen.Run(ctx, store, gen.Options{Scale: reportWard, Seed: 11, Now: reportNow, NoPasswords: true}); err != nil {
		t.Fatal(err)
	}
	return store
}

// independent is the figures a report must hold, counted here from the
// raw events in Go: every event of every case, filtered by the unit's
// path prefix and the period's bounds.
type independent struct {
	submitted, approved, approvedPilot, override, rejected, returned                                           int
	decided, onTime, inspections, violations, corrections, replications, institutionalised, completed, stopped int
	allocated, spent                                                                                           int64
	byField, byState, protection, rewards                                                                      map[string]int
	days                                                                                                       []int
}

func countIndependently(t *testing.T, store *sqlstore.Store, path string, p workflow.Period) independent {
	t.Helper()
	ctx := context.Background()
	cal, err := store.Calendar(ctx)
	if err != nil {
		t.Fatal(err)
	}
	type kase struct{ path, field, state string }
	cases := map[string]kase{}
	rows, err := store.DB().QueryContext(ctx, `SELECT id, unit_path, field, state FROM proposals`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id string
		var k kase
		rows.Scan(&id, &k.path, &k.field, &k.state)
		cases[id] = k
	}
	rows.Close()
	evs, err := store.DB().QueryContext(ctx, `SELECT proposal_id, seq, action, at, payload FROM events`)
	if err != nil {
		t.Fatal(err)
	}
	type ev struct {
		id      string
		seq     int
		action  workflow.Action
		at      time.Time
		payload workflow.Payload
	}
	var all []ev
	for evs.Next() {
		var e ev
		var at, payload, action string
		if err := evs.Scan(&e.id, &e.seq, &action, &at, &payload); err != nil {
			t.Fatal(err)
		}
		e.action = workflow.Action(action)
		e.at, _ = time.Parse(time.RFC3339Nano, at)
		json.Unmarshal([]byte(payload), &e.payload)
		all = append(all, e)
	}
	evs.Close()
	slices.SortFunc(all, func(a, b ev) int {
		if c := strings.Compare(a.id, b.id); c != 0 {
			return c
		}
		return a.seq - b.seq
	})
	in := func(t time.Time) bool { return !t.Before(p.Start()) && t.Before(p.End()) }
	got := independent{byField: map[string]int{}, byState: map[string]int{}, protection: map[string]int{}, rewards: map[string]int{}}
	// A case counts as submitted in the period of its first submission.
	submitted := map[string]bool{}
	lastSubmit := map[string]time.Time{}
	for _, e := range all {
		k := cases[e.id]
		if !strings.HasPrefix(k.path, path) {
			continue
		}
		first := false
		if e.action == workflow.Submit {
			lastSubmit[e.id] = e.at
			first = !submitted[e.id]
			submitted[e.id] = true
		}
		if !in(e.at) {
			continue
		}
		var input map[string]any
		json.Unmarshal(e.payload.Input, &input)
		num := func(key string) int64 { f, _ := input[key].(float64); return int64(f) }
		switch e.action {
		case workflow.Submit:
			if first {
				got.submitted++
				got.byField[k.field]++
				got.byState[k.state]++
			}
		case workflow.Approve:
			got.approved++
		case workflow.ApprovePilot:
			got.approvedPilot++
		case workflow.ApproveOverride:
			got.override++
		case workflow.Reject:
			got.rejected++
		case workflow.Return:
			got.returned++
		case workflow.AllocateResources:
			got.allocated += num("money_vnd")
		case workflow.ReportProgress:
			got.spent += num("amount_vnd")
		case workflow.ReportCompletion:
			got.completed++
		case workflow.Stop:
			got.stopped++
		case workflow.Inspect:
			got.inspections++
			vs, _ := input["violations"].([]any)
			got.violations += len(vs)
		case workflow.CorrectViolation:
			got.corrections++
		case workflow.DetermineProtection:
			var d struct {
				Determination struct{ Outcome string } `json:"determination"`
			}
			json.Unmarshal(e.payload.Details, &d)
			got.protection[d.Determination.Outcome]++
		case workflow.Reward:
			kind, _ := input["kind"].(string)
			got.rewards[kind]++
		case workflow.Replicate:
			us, _ := input["units"].([]any)
			got.replications += len(us)
		case workflow.Institutionalise:
			got.institutionalised++
		}
		switch e.action {
		case workflow.Approve, workflow.ApprovePilot, workflow.ApproveOverride, workflow.Reject:
			sub := lastSubmit[e.id]
			got.decided++
			got.days = append(got.days, cal.WorkingDaysBetween(calendar.DateOf(sub), calendar.DateOf(e.at)))
			if !calendar.DateOf(e.at).After(cal.DueDate(sub, 7)) {
				got.onTime++
			}
		}
	}
	return got
}

func asMap(cs []sqlstore.ReportCount) map[string]int {
	m := map[string]int{}
	for _, c := range cs {
		m[c.Key] = c.N
	}
	return m
}

// TestReportEqualsAnIndependentCount generates a ward's history on a
// fixed clock and checks the report of the city and of one ward, for a
// year and a quarter and the periods before, against a count made here
// from the raw events; on SQLite and PostgreSQL.
func TestReportEqualsAnIndependentCount(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dialect, dsn string) {
		store := reportStore(t, dsn)
		ctx := context.Background()
		inspector := &org.Person{ID: "x", Grants: []org.Grant{{Role: org.Inspector, UnitPath: "/VN/HCM/"}}}
		units, err := store.Units(ctx, "/VN/HCM/")
		if err != nil {
			t.Fatal(err)
		}
		ward := units[1]
		busy := false
		var kept int
		if err := store.DB().QueryRowContext(ctx, `SELECT count(*) FROM proposal_counts WHERE dim = 'rq.submitted'`).Scan(&kept); err != nil || kept == 0 {
			t.Fatalf("the steps kept no report counts (%d rows, %v)", kept, err)
		}
		// The counts as the steps kept them, then as counted again
		// from the events (a database from before they were kept).
		for _, how := range []string{"kept", "counted again"} {
			if how != "kept" {
				if err := store.CountReportAgain(ctx); err != nil {
					t.Fatal(err)
				}
			}
			for _, unit := range []org.Unit{units[0], ward} {
				for _, ps := range []string{"2026", "2026-Q3", "2026-Q4"} {
					p, _ := workflow.ParsePeriod(ps)
					rep, err := store.Report(ctx, inspector, unit.ID, p)
					if err != nil {
						t.Fatal(err)
					}
					for k, fig := range []sqlstore.ReportFigures{rep.This, rep.Prev} {
						period := p
						if k == 1 {
							period = p.Previous()
						}
						want := countIndependently(t, store, unit.Path, period)
						name := how + ": " + unit.ID + " " + period.String()
						check := func(what string, got, want int64) {
							if got != want {
								t.Errorf("%s: %s is %d, an independent count gives %d", name, what, got, want)
							}
						}
						check("submitted", int64(fig.Submitted), int64(want.submitted))
						check("approved", int64(fig.Approved), int64(want.approved))
						check("approved as pilots", int64(fig.ApprovedPilot), int64(want.approvedPilot))
						check("approved by override", int64(fig.ApprovedOverride), int64(want.override))
						check("rejected", int64(fig.Rejected), int64(want.rejected))
						check("returned", int64(fig.Returned), int64(want.returned))
						check("decided", int64(fig.Decided), int64(want.decided))
						check("on time", int64(fig.OnTime), int64(want.onTime))
						check("allocated", fig.AllocatedVND, want.allocated)
						check("spent", fig.SpentVND, want.spent)
						check("completed", int64(fig.PilotsCompleted), int64(want.completed))
						check("stopped", int64(fig.PilotsStopped), int64(want.stopped))
						check("inspections", int64(fig.Inspections), int64(want.inspections))
						check("violations", int64(fig.Violations), int64(want.violations))
						check("corrections", int64(fig.Corrections), int64(want.corrections))
						check("replications", int64(fig.Replications), int64(want.replications))
						check("institutionalised", int64(fig.Institutionalised), int64(want.institutionalised))
						for what, pair := range map[string][2]map[string]int{"by field": {asMap(fig.ByField), want.byField},
							"by state": {asMap(fig.ByState), want.byState}, "protection": {asMap(fig.Protection), want.protection},
							"rewards": {asMap(fig.Rewards), want.rewards}} {
							if len(pair[0]) != len(pair[1]) {
								t.Errorf("%s: %s is %v, an independent count gives %v", name, what, pair[0], pair[1])
							}
							for key, n := range pair[1] {
								if pair[0][key] != n {
									t.Errorf("%s: %s[%s] is %d, an independent count gives %d", name, what, key, pair[0][key], n)
								}
							}
						}
						if len(want.days) > 0 {
							slices.Sort(want.days)
							median := float64(want.days[len(want.days)/2])
							if len(want.days)%2 == 0 {
								median = float64(want.days[len(want.days)/2-1]+want.days[len(want.days)/2]) / 2
							}
							if fig.MedianDays != median {
								t.Errorf("%s: median %v working days, an independent count gives %v", name, fig.MedianDays, median)
							}
							if len(fig.Late) > 0 && fig.Late[0].WorkingDays != want.days[len(want.days)-1] {
								t.Errorf("%s: the worst is %d working days, an independent count gives %d", name, fig.Late[0].WorkingDays, want.days[len(want.days)-1])
							}
						}
						if want.decided > 0 && want.submitted > 0 && want.inspections > 0 {
							busy = true
						}
					}
				}
			}
		}
		if !busy {
			t.Fatal("no period had decisions, submissions and inspections: the test proves little")
		}
		// Someone who reads only their own unit gets no report.
		staff := &org.Person{ID: "y", Seats: []org.Seat{{UnitPath: ward.Path, Position: org.Staff}}}
		if _, err := store.Report(ctx, staff, ward.ID, workflow.Period{Year: 2026}); err == nil {
			t.Error("a member of staff read the ward's report")
		}
	})
}
