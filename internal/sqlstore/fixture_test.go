package sqlstore_test

import (
	"context"
	"damlam/internal/casework"
	"encoding/json"
	"testing"
	"time"

	"damlam/internal/clock"
	"damlam/internal/ledger"
	"damlam/internal/org"
	"damlam/internal/proof"
	"damlam/internal/sqlstore"
	"damlam/internal/testdb"
	"damlam/internal/workflow"
)

func TestMain(m *testing.M) { testdb.Main(m) }

// fixture is a store over a real database with a settable clock and a
// small organisation: the city HCM with wards BTH and GD.
type fixture struct {
	t      testing.TB
	ctx    context.Context
	db     *sqlstore.DB
	store  *sqlstore.Store
	clock  *clock.Settable
	people map[string]*org.Person
	keyDir string
	// attachDir is the store's attachments folder.
	attachDir string
}

// ict is Vietnam's civil time, for clocks set in local terms.
var ict = time.FixedZone("ICT", 7*3600)

func newFixture(t testing.TB, dsn string) *fixture {
	t.Helper()
	f := &fixture{t: t, ctx: context.Background(), clock: &clock.Settable{}, people: map[string]*org.Person{}, keyDir: t.TempDir()}
	f.clock.Set(time.Date(2026, 11, 26, 10, 0, 0, 0, ict)) // a Thursday
	db, err := sqlstore.Open(f.ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	f.db = db
	lg, err := ledger.Open(f.ctx, db.DB, ledger.Config{Origin: "test.damlam/log", Dialect: db.Dialect, KeyDir: f.keyDir, Now: f.clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	f.attachDir = t.TempDir()
	f.store = sqlstore.New(db, lg, sqlstore.Config{Now: f.clock.Now, AttachmentDir: f.attachDir})
	f.seed()
	return f
}

func (f *fixture) seed() {
	for _, u := range []sqlstore.UnitInput{
		{ID: "VN", Name: "Việt Nam", Kind: "nation"},
		{ID: "HCM", ParentID: "VN", Name: "Thành phố Hồ Chí Minh", Kind: "province"},
		{ID: "BTH", ParentID: "HCM", Name: "Phường Bình Thạnh", Kind: "ward"},
		{ID: "GD", ParentID: "HCM", Name: "Phường Gia Định", Kind: "ward"},
	} {
		if _, err := f.store.CreateUnit(f.ctx, nil, u, org.Operator); err != nil {
			f.t.Fatal(err)
		}
	}
	seat := func(unit string, pos org.Position) []sqlstore.SeatInput {
		return []sqlstore.SeatInput{{UnitID: unit, Position: pos}}
	}
	grant := func(role org.Role, unit string) []sqlstore.GrantInput {
		return []sqlstore.GrantInput{{Role: role, UnitID: unit}}
	}
	for _, p := range []sqlstore.PersonInput{
		{ID: "head.hcm", Seats: seat("HCM", org.Head)},
		{ID: "head.bth", Seats: seat("BTH", org.Head)},
		{ID: "dep1.bth", Seats: seat("BTH", org.Deputy)},
		{ID: "dep2.bth", Seats: seat("BTH", org.Deputy)},
		{ID: "staff.bth", Seats: seat("BTH", org.Staff)},
		{ID: "party.bth", Seats: seat("BTH", org.Staff), Grants: grant(org.PartyCommittee, "BTH")},
		{ID: "party.hcm", Seats: seat("HCM", org.Staff), Grants: grant(org.PartyCommittee, "HCM")},
		{ID: "head.gd", Seats: seat("GD", org.Head)},
		{ID: "inspector", Seats: seat("HCM", org.Staff), Grants: grant(org.Inspector, "HCM")},
		{ID: "reward", Seats: seat("HCM", org.Staff), Grants: grant(org.RewardOfficer, "HCM")},
	} {
		p.Name, p.Email = "Người "+p.ID, p.ID+"@test.vn"
		person, err := f.store.CreatePerson(f.ctx, nil, p, org.Operator)
		if err != nil {
			f.t.Fatal(err)
		}
		f.people[p.ID] = person
	}
}

func fullContent(unit string) workflow.Content {
	return workflow.Content{
		Title: "Vận động Nhân dân góp vốn làm đường hẻm", Field: "Giao thông", LegalBasis: "decree73",
		Bottleneck: workflow.Bottleneck{Kind: "missing", Rule: "Chưa có quy định", Level: "locality"},
		Necessity:  "Hẻm ngập.", Purpose: "Hạ tầng tốt hơn.", Contents: "Bê tông hóa hẻm.", Timeline: "60 ngày",
		PositiveImpacts: "Hẻm không ngập.",
		Checklist:       workflow.Checklist{RemovesBottleneck: true, CommonGood: true, UrgentNeed: true, NoSecurityImpact: true, NoHarmToOthers: true},
		PilotRequested:  true,
		Pilot:           &proof.Scope{Units: []string{unit}, Start: "2026-12-01", End: "2027-02-28", BudgetVND: 300_000_000},
	}
}

// draft starts a proposal by who in unit.
func (f *fixture) draft(who, unit string) string {
	f.t.Helper()
	id, err := casework.New(f.store).Create(f.ctx, f.people[who], unit, fullContent(unit))
	if err != nil {
		f.t.Fatal(err)
	}
	return id
}

// do takes an action and fails the test on error.
func (f *fixture) do(who, id string, a workflow.Action, in workflow.Input) *casework.Result {
	f.t.Helper()
	res, err := f.try(who, id, a, in)
	if err != nil {
		f.t.Fatalf("%s by %s: %v", a, who, err)
	}
	return res
}

func (f *fixture) try(who, id string, a workflow.Action, in workflow.Input) (*casework.Result, error) {
	var actor *org.Person
	if who != "" {
		actor = f.people[who]
	}
	return casework.New(f.store).Do(f.ctx, actor, id, a, in)
}

// approve takes a fresh draft of staff.bth to an approved pilot.
func (f *fixture) approve(scope *proof.Scope) string {
	id := f.draft("staff.bth", "BTH")
	f.do("staff.bth", id, workflow.Submit, nil)
	f.do("head.bth", id, workflow.Convene, nil)
	f.do("party.bth", id, workflow.GivePartyOpinion, &workflow.PartyOpinionInput{Opinion: "agree", Text: "Đồng ý."})
	for _, who := range []string{"head.bth", "dep1.bth", "dep2.bth"} {
		f.do(who, id, workflow.CastVote, &workflow.VoteInput{Ballot: workflow.Yes})
	}
	f.do("head.bth", id, workflow.ApprovePilot, &workflow.ApprovePilotInput{Scope: scope})
	return id
}

func (f *fixture) view(id string) *sqlstore.ProposalView {
	f.t.Helper()
	v, err := f.store.Proposal(f.ctx, f.people["head.hcm"], id)
	if err != nil {
		f.t.Fatal(err)
	}
	return v
}

func (f *fixture) audit() sqlstore.AuditReport {
	f.t.Helper()
	rep, err := f.store.Audit(f.ctx)
	if err != nil {
		f.t.Fatal(err)
	}
	return rep
}

func mustUnmarshal(t testing.TB, data []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("%v: %s", err, data)
	}
}
