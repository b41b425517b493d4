package sqlstore

import (
	"damlam/internal/i18n"
	"damlam/internal/org"
)

// Lists of units and people are ordered in Go, in Vietnamese order, so
// that they read the same on SQLite and PostgreSQL whatever collation the
// database server has.

// orderUnits puts units in tree order — every unit before its children —
// with siblings in Vietnamese order of their names.
func orderUnits(units []org.Unit) []org.Unit {
	byID := make(map[string]bool, len(units))
	for _, u := range units {
		byID[u.ID] = true
	}
	i18n.SortByName(units, func(u org.Unit) string { return u.Name })
	children := map[string][]org.Unit{}
	var roots []org.Unit
	for _, u := range units {
		if byID[u.ParentID] {
			children[u.ParentID] = append(children[u.ParentID], u)
		} else {
			roots = append(roots, u)
		}
	}
	out := make([]org.Unit, 0, len(units))
	var walk func([]org.Unit)
	walk = func(level []org.Unit) {
		for _, u := range level {
			out = append(out, u)
			walk(children[u.ID])
		}
	}
	walk(roots)
	return out
}

// orderPeople sorts people by name in Vietnamese order, then by id.
func orderPeople(people []PersonSummary) {
	i18n.SortByName(people, func(p PersonSummary) string { return p.Name + "\x00" + p.ID })
}
