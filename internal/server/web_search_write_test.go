package server

import (
	"bytes"
	"html/template"
	"testing"

	"damlam/internal/i18n"
	"damlam/internal/org"
)

// TestSearchContentAsTheTemplate checks that the search page's content
// written in Go is what templates/page_search.html writes, byte for byte,
// for hostile queries, filters, options and links, in both languages.
func TestSearchContentAsTheTemplate(t *testing.T) {
	hostile := `<script>alert("x&y")</script> 'a'+b`
	opts := []option{{"", "Tất cả"}, {"HCM", "TP. Hồ Chí Minh"}, {hostile, "— " + hostile}, {"\x00", "\x00"}}
	result := searchResult{TitleHTML: "<mark>x</mark> &amp;"}
	result.ID, result.State = "2026-000001", "draft"
	// A result whose every field is hostile, written straight onto the
	// page by the Go side and through Items by the template.
	bad := searchResult{TitleHTML: highlight(hostile, []string{"script"}), ExcerptHTML: highlight("…"+hostile+"…", []string{"x"})}
	bad.ID, bad.State, bad.UnitName, bad.Field, bad.Proposer, bad.DueDate, bad.Overdue = `2026-"<x>`, `draft"<`, hostile, hostile, hostile, "2026-01-02", true
	for i, d := range []searchData{
		{},
		{Q: hostile, State: "draft", Field: hostile, Unit: hostile, Overdue: true, States: opts, Fields: opts, Units: opts, Searched: true},
		{Q: "lam duong", Unit: "HCM", Units: opts, Searched: true, Results: []searchResult{result}, Items: "<li>x</li>\n",
			Next: "/search?after=2026-000001&q=" + template.URLQueryEscaper(hostile)},
		{Q: "x", Searched: true, Results: []searchResult{result}, Items: "<li>x</li>\n", Next: `/search?q=a b"c<d>é%zz%41`},
		{Q: "x", Searched: true, Results: []searchResult{result}, Next: "javascript:alert(1)"},
		{Q: "script", Searched: true, Results: []searchResult{bad, result}},
		{Unit: hostile, Units: opts},
		{Unit: "", Units: opts},
		{Unit: "\x00", Units: opts[:2]},
	} {
		for _, lang := range []i18n.Lang{i18n.VI, i18n.EN} {
			v := &view{Lang: lang, Me: &org.Person{Name: "A"}}
			if d.Items == "" {
				// The page writes the results itself (writeSearchItems).
				g := d
				g.Items = searchItems(v, d.Results)
				v.Data = g
			} else {
				v.Data = d
			}
			var want, got bytes.Buffer
			if err := pages["search"].ExecuteTemplate(&want, "content", v); err != nil {
				t.Fatal(err)
			}
			// The page writes the units after the first option from kept
			// markup (web_units.go): the same options, split that way.
			g := d
			if len(d.Units) > 1 {
				g.Units, g.units = d.Units[:1], (&unitChoices{opts: d.Units[1:]}).withMarkup()
			}
			writeSearchContent(&got, v, &g)
			if got.String() != want.String() {
				t.Errorf("search %d (%s): the content differs from the template's\n got: %s\nwant: %s", i, lang, got.String(), want.String())
			}
		}
	}
}

// TestFieldAsTheTemplate checks selects and checkboxes written in Go
// against the "field" template, with hints, errors and required marks.
// TestDay checks dates written by hand against fmt.
func TestDay(t *testing.T) {
	v := &view{}
	for _, c := range []struct{ in, want string }{
		{"2026-03-07", "07/03/2026"}, {"2023-09-29", "29/09/2023"}, {"0999-12-31", "31/12/0999"}, {"", ""}, {"bad", "bad"}, {"2026-13-01", "2026-13-01"},
	} {
		if got := v.Day(c.in); got != c.want {
			t.Errorf("Day(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestFieldAsTheTemplate(t *testing.T) {
	hostile := `<b>"x" & 'y'+z</b>`
	opts := []option{{"", "—"}, {"a", hostile}, {hostile, "b"}}
	var fields []field
	for _, typ := range []string{"select", "checkbox"} {
		for _, f := range []field{
			{ID: "f-unit", Name: "unit", Label: "Đơn vị", Value: "a", Options: opts},
			{ID: "f-x", Name: hostile, Label: hostile, Value: hostile, Hint: hostile, Error: hostile, Required: true, Checked: true, Options: opts},
			{ID: hostile, Name: "y", Label: "Y", Hint: "gợi ý", Options: nil},
			{ID: "f-z", Name: "z", Label: "Z", Error: "sai", Value: "true"},
		} {
			f.Type = typ
			fields = append(fields, f)
		}
	}
	for i, f := range fields {
		var want, got bytes.Buffer
		if err := pages["search"].ExecuteTemplate(&want, "field", f); err != nil {
			t.Fatal(err)
		}
		writeField(&got, f)
		if got.String() != want.String() {
			t.Errorf("field %d (%s): differs from the template's\n got: %s\nwant: %s", i, f.Type, got.String(), want.String())
		}
	}
}
