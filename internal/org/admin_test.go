package org_test

import (
	"testing"

	"damlam/internal/org"
	"damlam/internal/problem"
)

func TestWhoMayChangeTheOrganisation(t *testing.T) {
	wardAdmin := &org.Person{ID: "qt.bth", Grants: []org.Grant{{Role: org.Admin, UnitID: "BTH", UnitPath: "/HCM/BTH/"}}}
	cityAdmin := &org.Person{ID: "qt.hcm", Grants: []org.Grant{{Role: org.Admin, UnitID: "HCM", UnitPath: "/HCM/"}}}
	citySecretariat := &org.Person{ID: "vp.hcm", Grants: []org.Grant{{Role: org.Secretariat, UnitID: "HCM", UnitPath: "/HCM/"}}}
	wardSecretariat := &org.Person{ID: "vp.bth", Grants: []org.Grant{{Role: org.Secretariat, UnitID: "BTH", UnitPath: "/HCM/BTH/"}}}
	inspector := &org.Person{ID: "tt.hcm", Grants: []org.Grant{{Role: org.Inspector, UnitID: "HCM", UnitPath: "/HCM/"}}}
	cases := []struct {
		name    string
		check   org.AdminCheck
		paths   []string
		refused bool
	}{
		{"the operator creates a root", org.Operator, []string{"/VN/"}, false},
		{"a city administrator, a unit under a ward of the city", org.Administrator(cityAdmin), []string{"/HCM/BTH/"}, false},
		{"a ward administrator, their own ward", org.Administrator(wardAdmin), []string{"/HCM/BTH/"}, false},
		{"a ward administrator, a unit below their ward", org.Administrator(wardAdmin), []string{"/HCM/BTH/KP1/"}, false},
		{"a ward administrator, the city", org.Administrator(wardAdmin), []string{"/HCM/"}, true},
		{"a ward administrator, another ward", org.Administrator(wardAdmin), []string{"/HCM/TD/"}, true},
		{"a ward administrator, their ward and another", org.Administrator(wardAdmin), []string{"/HCM/BTH/", "/HCM/TD/"}, true},
		{"a city administrator, a new root", org.Administrator(cityAdmin), []string{"/VN/"}, true},
		{"an administrator, a person with no post", org.Administrator(wardAdmin), nil, false},
		{"an inspector, a person with no post", org.Administrator(inspector), nil, true},
		{"an inspector, a unit they oversee", org.Administrator(inspector), []string{"/HCM/BTH/"}, true},
		{"a city's secretariat announces a day", org.CalendarManager(citySecretariat), nil, false},
		{"a city's administrator announces a day", org.CalendarManager(cityAdmin), nil, false},
		{"a ward's secretariat announces a day", org.CalendarManager(wardSecretariat), nil, true},
		{"a ward's administrator announces a day", org.CalendarManager(wardAdmin), nil, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.check(c.paths)
			if (err != nil) != c.refused || (err != nil && problem.KindOf(err) != problem.Forbidden) {
				t.Fatalf("got %v, refused (403) %v", err, c.refused)
			}
		})
	}
}

func TestNoOneTakesAwayTheirOwnAdministration(t *testing.T) {
	admin := &org.Person{ID: "qt.hcm"}
	cases := []struct {
		person  string
		role    org.Role
		refused bool
	}{
		{"qt.hcm", org.Admin, true},
		{"qt.hcm", org.Inspector, false},
		{"qt2.hcm", org.Admin, false},
	}
	for _, c := range cases {
		err := org.MayTakeAway(admin, c.person, c.role)
		if (err != nil) != c.refused || (err != nil && problem.KindOf(err) != problem.Conflict) {
			t.Errorf("%s takes %s from %s: got %v, refused (409) %v", admin.ID, c.role, c.person, err, c.refused)
		}
	}
	if err := org.MayTakeAway(nil, "qt.hcm", org.Admin); err != nil {
		t.Errorf("the operator: %v", err)
	}
}
