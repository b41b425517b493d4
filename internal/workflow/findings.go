package workflow

import (
	"strconv"
	"strings"

	"damlam/internal/calendar"
	"damlam/internal/problem"
)

// Findings that contradict each other are refused (422), not recorded:
// an evaluation that finds no damage cannot put a sum on it, and a
// correction cannot be due before the inspection that asked for it. A
// record that says both is one no inspector can rely on.

// consistentDamage checks an evaluation's damage findings against each other.
func (in *EvaluationInput) consistentDamage(f *problem.Fields) {
	if in.Damage {
		return
	}
	if in.DamageVND > 0 {
		f.Add("damage_vnd", "field.contradicts", "damage: false")
	}
	if strings.TrimSpace(in.DamageText) != "" {
		f.Add("damage_text", "field.contradicts", "damage: false")
	}
}

// consistentDeadlines checks that each violation's deadline is on or after
// the inspection's date.
func (in *InspectInput) consistentDeadlines(f *problem.Fields) {
	day, err := calendar.ParseDate(in.Date)
	if err != nil {
		return
	}
	for i, v := range in.Violations {
		if d, err := calendar.ParseDate(v.Deadline); err == nil && d.Before(day) {
			f.Add(fieldIndex("violations", i, "deadline"), "field.before_date", "date", day.FormatVI())
		}
	}
}

// UnitsKnown refuses (422) a step whose input names units that do not
// exist: a scope approved over a misspelt unit would make every action in
// the real one "outside the approved scope". field names the list
// ("scope.units") or, with one unit, the field itself ("unit").
func UnitsKnown(field string, units, unknown []string) error {
	if len(unknown) == 0 {
		return nil
	}
	missing := map[string]bool{}
	for _, u := range unknown {
		missing[u] = true
	}
	var f problem.Fields
	for i, u := range units {
		if !missing[u] {
			continue
		}
		name := field
		if len(units) > 1 || strings.HasSuffix(field, "units") {
			name = field + "[" + strconv.Itoa(i) + "]"
		}
		f.Add(name, "field.unknown_unit", u)
	}
	return f.Err()
}
