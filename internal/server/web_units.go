package server

import (
	"net/http"
	"strings"
	"sync"

	"damlam/internal/org"
)

// The unit filter of the list, search and dashboard pages offers every
// unit the reader may read: two hundred options for a province head,
// thousands for the country's inspectors. Building them (a walk of the
// whole tree per read scope, an indented label each) and escaping them
// was a tenth of the list page's CPU, for a list that changes only with
// the tree. They are kept per read scope, with their markup, until the
// store reads the tree again (a new slice from UnitTree).

// unitChoices is what is kept for one read scope.
type unitChoices struct {
	tree *org.Unit // the first unit of the tree they were made from
	opts []option
	// markup is the options' <option> tags with none selected; at holds,
	// per value, where its tag begins and ends in markup, and index where
	// it is in opts (values are unique ids).
	markup fragment
	at     map[string][2]int
	index  map[string]int
}

// unitChoiceCache keeps unitChoices by read scope.
type unitChoiceCache struct {
	mu    sync.Mutex
	m     map[string]*unitChoices
	bytes int // of the kept markup
}

// maxUnitScopes bounds the scopes kept: a scope is a set of seats and
// grants, and most people of a unit share one.
const maxUnitScopes = 10_000

// maxUnitMarkup bounds the markup kept: a hundred scopes of the whole
// country's options, and a ward's are a few hundred bytes.
const maxUnitMarkup = 32 << 20

// readableUnits lists the units under the reader's read scopes, indented
// by depth, for filters. The slice is shared: callers copy it to change it.
func (s *Server) readableUnits(r *http.Request, me *org.Person) []option {
	if c := s.unitChoicesFor(r, me); c != nil {
		return c.opts
	}
	return nil
}

// unitChoicesFor returns the reader's unit options and their markup, or
// nil if the tree cannot be read.
func (s *Server) unitChoicesFor(r *http.Request, me *org.Person) *unitChoices {
	tree, err := s.store.UnitTree(r.Context())
	if err != nil || len(tree) == 0 {
		return nil
	}
	subtrees, exact := me.ReadScopes()
	key := strings.Join(subtrees, "\x00") + "\x01" + strings.Join(exact, "\x00")
	c := &s.unitChoices
	c.mu.Lock()
	kept, ok := c.m[key]
	c.mu.Unlock()
	if ok && kept.tree == &tree[0] {
		return kept
	}
	made, err := makeUnitChoices(tree, subtrees, exact)
	if err != nil {
		return nil
	}
	c.mu.Lock()
	if c.m == nil || len(c.m) >= maxUnitScopes || c.bytes+len(made.markup.markup) > maxUnitMarkup {
		c.m, c.bytes = map[string]*unitChoices{}, 0
	}
	c.m[key] = made
	c.bytes += len(made.markup.markup)
	c.mu.Unlock()
	return made
}

// makeUnitChoices lists, in tree order, each subtree's units indented by
// their depth below the subtree's root, then each exact unit, each unit
// once.
func makeUnitChoices(tree []org.Unit, subtrees, exact []string) (*unitChoices, error) {
	c := &unitChoices{tree: &tree[0]}
	seen := map[string]bool{}
	add := func(u org.Unit, depth int) {
		if !seen[u.ID] {
			seen[u.ID] = true
			c.opts = append(c.opts, option{u.ID, indent(depth) + u.Name})
		}
	}
	for _, root := range subtrees {
		base := depthOf(root)
		for _, u := range tree {
			if strings.HasPrefix(u.Path, root) {
				add(u, depthOf(u.Path)-base)
			}
		}
	}
	for _, path := range exact {
		for _, u := range tree {
			if strings.HasPrefix(u.Path, path) {
				add(u, 0)
				break
			}
		}
	}
	return c.withMarkup()
}

// withMarkup writes the options' tags ("option", none selected) and notes
// where each one's tag begins and ends.
func (c *unitChoices) withMarkup() (*unitChoices, error) {
	c.at, c.index = make(map[string][2]int, len(c.opts)), make(map[string]int, len(c.opts))
	fs := make([]fragment, len(c.opts))
	n := 0
	for i, o := range c.opts {
		f, err := execFragment("option", optionTag{Value: o.Value, Label: o.Label})
		if err != nil {
			return nil, err
		}
		fs[i] = f
		c.at[o.Value], c.index[o.Value] = [2]int{n, n + len(f.markup)}, i
		n += len(f.markup)
	}
	c.markup = fragment{string(joinFragments(fs))}
	return c, nil
}

// tags are the options' tags with the one whose value is selected marked:
// the kept tags before it, its tag selected, the kept tags after it.
func (c *unitChoices) tags(selected string) ([]fragment, error) {
	at, ok := c.at[selected]
	if !ok {
		return []fragment{c.markup}, nil
	}
	o := c.opts[c.index[selected]]
	f, err := optionTags.get(optionTag{Value: o.Value, Label: o.Label, Selected: true})
	if err != nil {
		return nil, err
	}
	return []fragment{{c.markup.markup[:at[0]]}, f, {c.markup.markup[at[1]:]}}, nil
}
