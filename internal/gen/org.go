package gen

import (
	"bytes"
	"context"
	"damlam/internal/casework"
	"encoding/csv"
	"fmt"
	"math/rand/v2"
	"strings"
	"unicode"
	"unicode/utf8"

	"damlam/internal/sqlstore"
)

// lowerFirst lowers the first letter of s, which may take more than one
// byte ("Đặc khu"): cutting at a byte left invalid UTF-8 in the names of
// special zones' Party committees.
func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToLower(r)) + s[n:]
}

// unit is a generated unit with the people seated in it.
type unit struct {
	ID, Parent, Name, Kind, Party string
	Province                      int // index into org.provinces
	Head, PartyMember             string
	Deputies, Staff               []string
	Weight                        float64 // share of the proposals filed here
	Siblings                      []*unit // where its models may be replicated
}

// orgTree is the generated organisation.
type orgTree struct {
	units     []*unit
	byID      map[string]*unit
	provinces []province
	people    int
}

// buildOrg lays out the tree for a scale: the nation, its provinces, their
// departments with public service units, and the commune-level units.
func buildOrg(sc Scale, seed uint64) *orgTree {
	rng := rand.New(rand.NewPCG(seed, 0x6f7267))
	t := &orgTree{byID: map[string]*unit{}}
	nation := t.add(&unit{ID: "VN", Name: "Việt Nam", Kind: "nation", Province: -1})
	nation.Staff = []string{"admin.VN", NationalInspector}
	for _, p := range provinces {
		if sc.Provinces != nil && !contains(sc.Provinces, p.ID) {
			continue
		}
		pi := len(t.provinces)
		t.provinces = append(t.provinces, p)
		pu := t.add(&unit{ID: p.ID, Parent: "VN", Name: p.provinceName(), Kind: "province", Province: pi,
			Party: "Tỉnh ủy " + p.Name, Weight: 4})
		if p.City {
			pu.Party = "Thành ủy " + p.Name
		}
		t.seat(pu, 4, 3)
		pu.Staff = append(pu.Staff, inspectorID(p.ID), rewardID(p.ID), disciplinaryID(p.ID))
		var depts []*unit
		for _, d := range departments {
			du := t.add(&unit{ID: p.ID + "-" + d.Code, Parent: p.ID, Name: d.Name + " " + p.Name, Kind: "department",
				Province: pi, Party: "Đảng ủy " + d.Name, Weight: 2.5})
			t.seat(du, 2+rng.IntN(2), 3)
			depts = append(depts, du)
			var psus []*unit
			for i, name := range d.Units {
				su := t.add(&unit{ID: fmt.Sprintf("%s-%s-%d", p.ID, d.Code, i+1), Parent: du.ID, Name: name + " " + p.Name,
					Kind: "public_service_unit", Province: pi, Party: "Chi bộ " + name, Weight: 0.8})
				t.seat(su, 1+rng.IntN(2), 2)
				psus = append(psus, su)
			}
			siblings(psus)
		}
		siblings(depts)
		t.communes(pu, p, sc, rng)
	}
	return t
}

// communes adds the commune-level units of a province with generated
// names, unique within the province.
func (t *orgTree) communes(pu *unit, p province, sc Scale, rng *rand.Rand) {
	n := p.Communes
	if sc.Communes > 0 {
		n = min(n, sc.Communes)
	}
	used := map[string]bool{}
	var all []*unit
	for i := range n {
		kind, prefix := "commune", "Xã "
		name := ""
		switch {
		case i < len(p.Zones) && sc.Communes == 0:
			kind, prefix, name = "special_zone", "Đặc khu ", p.Zones[i]
		case i < p.Wards || sc.Communes > 0:
			kind, prefix = "ward", "Phường "
		}
		for name == "" || used[name] {
			name = placeSyllables[rng.IntN(len(placeSyllables))] + " " + placeSyllables[rng.IntN(len(placeSyllables))]
		}
		used[name] = true
		u := t.add(&unit{ID: fmt.Sprintf("%s-%03d", p.ID, i+1), Parent: p.ID, Name: prefix + name, Kind: kind,
			Province: pu.Province, Party: "Đảng ủy " + lowerFirst(prefix) + name, Weight: 1})
		if p.City {
			u.Weight = 1.4
		}
		deputies := 2 + rng.IntN(2)
		if u.ID == DecisionWard {
			deputies = 3
		}
		if u.ID == InboxWard {
			u.Weight *= 1 + sc.InboxBoost
		}
		t.seat(u, deputies, 3)
		all = append(all, u)
	}
	siblings(all)
}

// siblings lets each unit replicate its models to the next few of its kind.
func siblings(us []*unit) {
	for i, u := range us {
		for k := 1; k <= 3 && k < len(us); k++ {
			u.Siblings = append(u.Siblings, us[(i+k)%len(us)])
		}
	}
}

func (t *orgTree) add(u *unit) *unit {
	t.units = append(t.units, u)
	t.byID[u.ID] = u
	return u
}

// seat names a unit's head, deputies, staff and Party committee member.
func (t *orgTree) seat(u *unit, deputies, staff int) {
	u.Head = HeadID(u.ID)
	for i := 1; i <= deputies; i++ {
		u.Deputies = append(u.Deputies, DeputyID(u.ID, i))
	}
	for i := 1; i <= staff; i++ {
		u.Staff = append(u.Staff, StaffID(u.ID, i))
	}
	u.PartyMember = PartyID(u.ID)
}

// unitsCSV is the tree in the import format, parents first.
func (t *orgTree) unitsCSV() []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write([]string{"id", "parent_id", "name", "kind", "party_committee"})
	for _, u := range t.units {
		w.Write([]string{u.ID, u.Parent, u.Name, u.Kind, u.Party})
	}
	w.Flush()
	return b.Bytes()
}

// peopleCSV seats everyone in the import format, with the roles each holds
// over their own unit.
func (t *orgTree) peopleCSV(seed uint64) []byte {
	rng := rand.New(rand.NewPCG(seed, 0x706570))
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write([]string{"id", "name", "email", "unit_id", "position", "roles"})
	row := func(id, unitID, position, roles string) {
		name := familyNames[rng.IntN(len(familyNames))] + " " + middleNames[rng.IntN(len(middleNames))] + " " + givenNames[rng.IntN(len(givenNames))]
		w.Write([]string{id, name, strings.ToLower(id) + "@gen.damlam.vn", unitID, position, roles})
		t.people++
	}
	for _, u := range t.units {
		if u.Head != "" {
			row(u.Head, u.ID, "head", "")
		}
		for _, d := range u.Deputies {
			row(d, u.ID, "deputy", "")
		}
		for _, s := range u.Staff {
			roles := ""
			switch {
			case s == "admin.VN":
				roles = "admin;secretariat"
			case strings.HasPrefix(s, "kiemtra."):
				roles = "inspector"
			case strings.HasPrefix(s, "thiduakt."):
				roles = "reward_officer"
			case strings.HasPrefix(s, "kyluat."):
				roles = "disciplinary"
			}
			row(s, u.ID, "staff", roles)
		}
		if u.PartyMember != "" {
			row(u.PartyMember, u.ID, "staff", "party_committee")
		}
	}
	w.Flush()
	return b.Bytes()
}

// importOrg writes the tree and its people the way an administrator does,
// then gives the benchmark users their password.
func (t *orgTree) importOrg(ctx context.Context, store *sqlstore.Store, seed uint64, passwords bool) error {
	// Each import is one transaction, and the database was empty when the
	// run began: a run stopped between them (or before the passwords)
	// finds what committed and goes on from there.
	var units, people int
	if err := store.DB().QueryRowContext(ctx, `SELECT (SELECT count(*) FROM units), (SELECT count(*) FROM people)`).Scan(&units, &people); err != nil {
		return err
	}
	if units == 0 {
		if _, err := casework.New(store).ImportUnits(ctx, nil, bytes.NewReader(t.unitsCSV())); err != nil {
			return fmt.Errorf("import units: %w", err)
		}
	}
	if people == 0 {
		if _, err := casework.New(store).ImportPeople(ctx, nil, bytes.NewReader(t.peopleCSV(seed))); err != nil {
			return fmt.Errorf("import people: %w", err)
		}
	}
	for _, id := range BenchUsers {
		if !passwords {
			break
		}
		if err := store.SetPassword(ctx, id, BenchPassword); err != nil {
			return fmt.Errorf("password for %s: %w", id, err)
		}
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
