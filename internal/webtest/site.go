package webtest

import (
	"context"
	"damlam/internal/casework"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"damlam/internal/clock"
	"damlam/internal/demo"
	"damlam/internal/ledger"
	"damlam/internal/org"
	"damlam/internal/sqlstore"
)

// Password is every fixture person's password.
const Password = "mat-khau-thu-nghiem"

// Day1 is the fixture's first day: Tuesday 1 December 2026, 09:00 in Hà Nội.
var Day1 = time.Date(2026, 12, 1, 9, 0, 0, 0, time.FixedZone("ICT", 7*3600))

// Site is a deployment for page tests: a real SQLite file, a real log with
// its key, attachments on disk, a fixed clock, and the alley-road cast.
type Site struct {
	Store *sqlstore.Store
	// Clock stands on Day1; page tests move it on as a case would take
	// days.
	Clock *clock.Settable
	Dir   string
	// next is how far each scripted case has gone.
	next map[string]int
}

// units of the fixture: a city, four of its wards, and the nation above.
var units = []sqlstore.UnitInput{
	{ID: "VN", Name: "Việt Nam", Kind: "nation"},
	{ID: "HCM", ParentID: "VN", Name: "Thành phố Hồ Chí Minh", Kind: "province", PartyCommittee: "Thành ủy Thành phố Hồ Chí Minh"},
	{ID: "HCM-BTH", ParentID: "HCM", Name: "Phường Bình Thạnh", Kind: "ward", PartyCommittee: "Đảng ủy phường Bình Thạnh"},
	{ID: "HCM-GD", ParentID: "HCM", Name: "Phường Gia Định", Kind: "ward", PartyCommittee: "Đảng ủy phường Gia Định"},
	{ID: "HCM-BQ", ParentID: "HCM", Name: "Phường Bình Quới", Kind: "ward", PartyCommittee: "Đảng ủy phường Bình Quới"},
	{ID: "HCM-SG", ParentID: "HCM", Name: "Phường Sài Gòn", Kind: "ward", PartyCommittee: "Đảng ủy phường Sài Gòn"},
}

type castMember struct {
	id, name, unit string
	position       org.Position
	roles          []org.Role
}

// cast is the alley-road case's people (the article's ward of Bình Thạnh),
// a neighbouring head who will adopt the model, and the city's oversight.
var cast = []castMember{
	{"admin", "Quản trị hệ thống", "HCM", org.Staff, []org.Role{org.Admin, org.Secretariat}},
	{"chutich.bth", "Huỳnh Thị Lan", "HCM-BTH", org.Head, nil},
	{"pct1.bth", "Ngô Văn Hùng", "HCM-BTH", org.Deputy, nil},
	{"pct2.bth", "Bùi Thị Hạnh", "HCM-BTH", org.Deputy, nil},
	{"pct3.bth", "Đỗ Minh Tuấn", "HCM-BTH", org.Deputy, nil},
	{"pct4.bth", "Lý Thanh Sơn", "HCM-BTH", org.Deputy, nil},
	{"danguy.bth", "Phan Văn Lợi", "HCM-BTH", org.Staff, []org.Role{org.PartyCommittee}},
	{"canbo.bth", "Trương Ngọc Ánh", "HCM-BTH", org.Staff, nil},
	{"chutich.gd", "Trần Quốc Việt", "HCM-GD", org.Head, nil},
	{"chutich.bq", "Lê Thị Thu", "HCM-BQ", org.Head, nil},
	{"chutich.sg", "Phạm Văn Nam", "HCM-SG", org.Head, nil},
	{"chutich.hcm", "Nguyễn Văn Thành", "HCM", org.Head, nil},
	{"kiemtra.hcm", "Phạm Thu Hà", "HCM", org.Staff, []org.Role{org.Inspector}},
	{"thiduakt.hcm", "Võ Hoàng Long", "HCM", org.Staff, []org.Role{org.RewardOfficer}},
	{"kyluat.hcm", "Đặng Quốc Bảo", "HCM", org.Staff, []org.Role{org.Disciplinary}},
}

// Grant roles over the city for oversight, over the person's own unit
// otherwise (a ward's Party committee speaks for its ward).
func grantUnit(m castMember, r org.Role) string {
	if r == org.Admin || r == org.Secretariat {
		return "VN"
	}
	return m.unit
}

// NewSite opens a fresh deployment in a temporary folder, on SQLite.
func NewSite(t testing.TB) *Site {
	t.Helper()
	return NewSiteOn(t, "")
}

// NewSiteOn opens a fresh deployment on the database target (a
// postgres:// URL or an SQLite DSN), or on SQLite in the folder when
// target is "".
func NewSiteOn(t testing.TB, target string) *Site {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	if target == "" {
		target = "sqlite:" + filepath.Join(dir, "damlam.db")
	}
	db, err := sqlstore.Open(ctx, target)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	clk := clock.New(Day1)
	lg, err := ledger.Open(ctx, db.DB, ledger.Config{Origin: "damlam.test/log", Dialect: db.Dialect, KeyDir: filepath.Join(dir, "log-key"), Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	store := sqlstore.New(db, lg, sqlstore.Config{Now: clk.Now, AttachmentDir: filepath.Join(dir, "attachments")})
	for _, u := range units {
		if _, err := casework.New(store).CreateUnit(ctx, nil, u); err != nil {
			t.Fatalf("unit %s: %v", u.ID, err)
		}
	}
	for _, m := range cast {
		in := sqlstore.PersonInput{ID: m.id, Name: m.name, Email: m.id + "@test.vn",
			Seats: []sqlstore.SeatInput{{UnitID: m.unit, Position: m.position}}}
		for _, r := range m.roles {
			in.Grants = append(in.Grants, sqlstore.GrantInput{Role: r, UnitID: grantUnit(m, r)})
		}
		if _, err := casework.New(store).CreatePerson(ctx, nil, in); err != nil {
			t.Fatalf("person %s: %v", m.id, err)
		}
	}
	// Hashing a password is slow on purpose; hash the fixture's one
	// password once per test binary and give it to everyone.
	hashOnce.Do(func() { hash, hashErr = sqlstore.HashPassword(Password) })
	if hashErr != nil {
		t.Fatal(hashErr)
	}
	if _, err := db.ExecContext(ctx, `UPDATE people SET password_hash = $1`, hash); err != nil {
		t.Fatal(err)
	}
	return &Site{Store: store, Clock: clk, Dir: dir}
}

var (
	hashOnce sync.Once
	hash     string
	hashErr  error
)

// Person loads a fixture person.
func (s *Site) Person(t testing.TB, id string) *org.Person {
	t.Helper()
	p, err := s.Store.Person(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// Serve runs handler on a loopback port until the test ends.
func Serve(t testing.TB, handler http.Handler) string {
	t.Helper()
	srv := httptest.NewServer(handler)
	t.Cleanup(srv.Close)
	return srv.URL
}

// NewDemoSite opens a fresh SQLite deployment holding the demonstration
// deployment (internal/demo): its wards, people and cases in every state.
// Its clock stands on Day1.
func NewDemoSite(t testing.TB) *Site {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	db, err := sqlstore.Open(ctx, "sqlite:"+filepath.Join(dir, "damlam.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	clk := clock.New(Day1)
	lg, err := ledger.Open(ctx, db.DB, ledger.Config{Origin: "damlam.test/log", Dialect: db.Dialect, KeyDir: filepath.Join(dir, "log-key"), Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	store := sqlstore.New(db, lg, sqlstore.Config{Now: clk.Now, AttachmentDir: filepath.Join(dir, "attachments")})
	if _, err := demo.Load(ctx, store, Day1); err != nil {
		t.Fatalf("demo: %v", err)
	}
	return &Site{Store: store, Clock: clk, Dir: dir}
}
