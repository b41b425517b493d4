package gen

import (
	"fmt"
	"strings"
)

// Scale says how much of the country to build.
type Scale struct {
	Name string
	// Provinces limits the tree to these provinces (nil: all 34).
	Provinces []string
	// Communes limits the commune-level units per province (0: all).
	Communes int
	// Proposals is the number of proposals, replicas included.
	Proposals int
	// Pool is the number of cases left open for the collective's vote in
	// the decision ward: the HTTP decision benchmark votes on them.
	Pool int
	// InboxBoost weights the inbox ward so that its head has about 500
	// items waiting at national scale (fewer at the smaller scales).
	InboxBoost float64
}

// Scales, smallest first. "ward" is what one ward accumulates over the
// years, over a minimal tree, small enough for the test suite; "province"
// is Hồ Chí Minh City; "national" is the whole country.
var Scales = []Scale{
	{Name: "ward", Provinces: []string{"HCM"}, Communes: 4, Proposals: 600, Pool: 60, InboxBoost: 1},
	{Name: "province", Provinces: []string{"HCM"}, Proposals: 30_000, Pool: 1_000, InboxBoost: 4},
	{Name: "national", Proposals: 1_000_000, Pool: 4_000, InboxBoost: 2.7},
}

// ScaleNamed finds a scale by name.
func ScaleNamed(name string) (Scale, error) {
	var names []string
	for _, s := range Scales {
		if s.Name == name {
			return s, nil
		}
		names = append(names, s.Name)
	}
	return Scale{}, fmt.Errorf("unknown scale %q: use one of %s", name, strings.Join(names, ", "))
}

// code is the scale's number in the generation marker.
func (s Scale) code() int64 {
	for i, x := range Scales {
		if x.Name == s.Name {
			return int64(i + 1)
		}
	}
	return 0
}

// The units and people the benchmarks use by name. Their ids are fixed so
// that `damlam bench` finds them in any generated database.
const (
	DecisionWard = "HCM-001" // its deputies vote on the pool
	InboxWard    = "HCM-002" // its head has the long inbox
	Province     = "HCM"
)

// BenchPassword is the password of the benchmark users (and only theirs:
// hashing a password is slow by design, so the other generated people
// have none and cannot sign in).
const BenchPassword = "damlam-bench-2026"

// BenchUsers are the people who get BenchPassword.
var BenchUsers = []string{
	NationalInspector,
	HeadID(Province),
	HeadID(InboxWard),
	DeputyID(DecisionWard, 1), DeputyID(DecisionWard, 2), DeputyID(DecisionWard, 3),
}

// NationalInspector reads the whole country (the national dashboard).
const NationalInspector = "kiemtra.VN"

// HeadID, DeputyID, StaffID and PartyID name the people of a unit the same
// way as the demo does (chutich.X, pct1.X, canbo1.X, danguy.X).
func HeadID(unit string) string             { return "chutich." + unit }
func DeputyID(unit string, n int) string    { return fmt.Sprintf("pct%d.%s", n, unit) }
func StaffID(unit string, n int) string     { return fmt.Sprintf("canbo%d.%s", n, unit) }
func PartyID(unit string) string            { return "danguy." + unit }
func inspectorID(province string) string    { return "kiemtra." + province }
func rewardID(province string) string       { return "thiduakt." + province }
func disciplinaryID(province string) string { return "kyluat." + province }
