package server

import (
	"html/template"
	"net/http"
	"strings"
	"sync"

	"damlam/internal/i18n"
	"damlam/internal/org"
	"damlam/internal/problem"
	"damlam/internal/proof"
	"damlam/internal/workflow"
)

// Forms name units and people by choosing them, never by typing a code:
// a select (several for a pilot's units or a plan's implementers) whose
// options are names with the unit's place in the tree or the person's
// post, sending the ids. Without script it is a plain select; app.js adds
// a search box above it that filters the options as one types, with or
// without diacritics ("binh thanh" finds "Bình Thạnh").

// picks are the choices of one reader's forms.
type picks struct {
	// Units is every unit, in tree order, labelled "name — parent › …".
	Units []option
	// People is everyone seated in the units the reader may read, labelled
	// "name — post, unit".
	People []option
}

// unitPickCache keeps the unit choices until the store reads the tree
// again (a new slice from UnitTree).
type unitPickCache struct {
	mu   sync.Mutex
	tree *org.Unit
	opts []option
}

func (s *Server) unitPickOptions(r *http.Request) []option {
	tree, err := s.store.UnitTree(r.Context())
	if err != nil || len(tree) == 0 {
		return nil
	}
	c := &s.unitPicks
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.tree == &tree[0] {
		return c.opts
	}
	c.tree, c.opts = &tree[0], unitPlaces(tree)
	return c.opts
}

// unitPlaces labels each unit with the chain of units above it, nearest
// first, leaving out the tree's root (the country), which every unit
// shares.
func unitPlaces(tree []org.Unit) []option {
	byID := make(map[string]*org.Unit, len(tree))
	for i := range tree {
		byID[tree[i].ID] = &tree[i]
	}
	out := make([]option, 0, len(tree))
	for _, u := range tree {
		var up []string
		for p := byID[u.ParentID]; p != nil && p.ParentID != ""; p = byID[p.ParentID] {
			up = append(up, p.Name)
			if len(up) > 8 {
				break
			}
		}
		label := u.Name
		if len(up) > 0 {
			label += " — " + strings.Join(up, " › ")
		}
		out = append(out, option{u.ID, label})
	}
	return out
}

// maxPickPeople bounds the people one picker offers.
const maxPickPeople = 3000

func (s *Server) peoplePickOptions(r *http.Request, me *org.Person) []option {
	subtrees, exact := me.ReadScopes()
	seen := map[string]int{}
	var out []option
	for _, path := range append(subtrees, exact...) {
		seated, err := s.store.Seated(r.Context(), path, maxPickPeople)
		if err != nil {
			continue
		}
		for _, p := range seated {
			post := postLabel(r, p.Position) + ", " + p.UnitName
			if i, ok := seen[p.ID]; ok {
				if !strings.Contains(out[i].Label, post) {
					out[i].Label += "; " + post
				}
				continue
			}
			seen[p.ID] = len(out)
			out = append(out, option{p.ID, p.Name + " — " + post})
		}
	}
	if len(subtrees)+len(exact) > 1 {
		i18n.SortByName(out, func(o option) string { return o.Label + "\x00" + o.Value })
	}
	return out[:min(len(out), maxPickPeople)]
}

func postLabel(r *http.Request, p org.Position) string {
	v := view{Lang: pageLang(r)}
	return v.T("web.position." + string(p))
}

// Pick makes the field a picker over choices: one value, or several when
// many is set (then values are the chosen ids). A chosen id that is not
// among the choices is kept as an option of its own, so that the form
// comes back as it was sent and the error beside it says what is wrong.
func (f field) Pick(choices []option, many bool, values []string) field {
	f.Type, f.Multiple = "select", many
	if many {
		f.Values = values
	} else if len(values) > 0 {
		f.Value = values[0]
	}
	known := map[string]bool{}
	for _, o := range choices {
		known[o.Value] = true
	}
	var extra []option
	for _, v := range values {
		if v != "" && !known[v] {
			known[v] = true
			extra = append(extra, option{v, v})
		}
	}
	if !many {
		extra = append([]option{{"", f.choose}}, extra...)
	}
	f.Options = append(extra, choices...)
	f.Picker = true
	return f
}

// choices are the reader's picks, read when a form first needs them (most
// pages have no form that names a unit); none for a view made without a
// server.
func (v *view) choices() *picks {
	if v.pk == nil {
		v.pk = &picks{}
		if v.srv != nil {
			v.pk.Units = v.srv.unitPickOptions(v.req)
			if v.Me != nil {
				v.pk.People = v.srv.peoplePickOptions(v.req, v.Me)
			}
		}
	}
	return v.pk
}

// chosen are the ids a picker shows chosen: what was posted if its form
// was, else def.
func (v *view) chosen(name string, posted bool, def []string) []string {
	if !posted || v.Form == nil {
		return def
	}
	var out []string
	for _, raw := range v.Form[name] {
		out = append(out, splitList(name, raw)...)
	}
	return out
}

// unitPicker makes f choose units by name.
func (v *view) unitPicker(f field, posted, many bool, def ...string) field {
	return f.Pick(v.choices().Units, many, v.chosen(f.Name, posted, def))
}

// personPicker makes f choose people by name.
func (v *view) personPicker(f field, posted, many bool, def ...string) field {
	return f.Pick(v.choices().People, many, v.chosen(f.Name, posted, def))
}

// PersonPicker, for templates: the field of the page form action choosing
// one person.
func (v *view) PersonPicker(action string, f field) field {
	return v.personPicker(f, v.Form != nil && v.FormAction == action, false)
}

// unitName is a unit's label among the choices, or its id.
func (v *view) unitName(id string) string {
	for _, o := range v.choices().Units {
		if o.Value == id {
			return o.Label
		}
	}
	return id
}

// manyOptionTags writes the options of a picker that chooses several.
func (f field) manyOptionTags() template.HTML {
	chosen := map[string]bool{}
	for _, v := range f.Values {
		chosen[v] = true
	}
	var b strings.Builder
	for _, o := range f.Options {
		b.WriteString(`<option value="`)
		b.WriteString(template.HTMLEscapeString(o.Value))
		b.WriteByte('"')
		if chosen[o.Value] {
			b.WriteString(" selected")
		}
		b.WriteByte('>')
		b.WriteString(template.HTMLEscapeString(o.Label))
		b.WriteString("</option>")
	}
	return template.HTML(b.String())
}

// CanOpen says whether the reader may open case id's page, so that a page
// links only to what its reader can open (a model's source case in another
// ward is named, not linked).
func (v *view) CanOpen(id string) bool {
	if v.srv == nil || v.Me == nil {
		return false
	}
	if ok, done := v.opens[id]; done {
		return ok
	}
	p, err := v.srv.store.Peek(v.req.Context(), id)
	ok := err == nil && workflow.CanRead(v.Me, p)
	if v.opens == nil {
		v.opens = map[string]bool{}
	}
	v.opens[id] = ok
	return ok
}

// unknownUnits refuses the units of a posted scope that are not in the
// tree, each named beside the field prefix.units: a page offers units by
// name, and a code typed or kept from an older page must not reach an
// approved scope unnoticed.
func (s *Server) unknownUnits(r *http.Request, prefix string, sc *proof.Scope) error {
	if sc == nil || len(sc.Units) == 0 {
		return nil
	}
	tree, err := s.store.UnitTree(r.Context())
	if err != nil {
		return nil // the service's own checks still run
	}
	known := make(map[string]bool, len(tree))
	for _, u := range tree {
		known[u.ID] = true
	}
	var f problem.Fields
	for _, u := range sc.Units {
		if !known[u] {
			f.Add(prefix+".units", "field.scope_unit_unknown", u)
		}
	}
	return f.Err()
}

// scopeOf is the scope an action's input approves, if it has one.
func scopeOf(in workflow.Input) *proof.Scope {
	switch x := in.(type) {
	case *workflow.ApproveInput:
		return x.Scope
	case *workflow.ApprovePilotInput:
		return x.Scope
	case *workflow.OverrideInput:
		return x.Scope
	case *workflow.AdjustInput:
		return &x.Scope
	}
	return nil
}
