package webtest

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// voidElements never have an end tag.
var voidElements = map[string]bool{"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true, "img": true,
	"input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true}

// svgSelfClosing are SVG elements pages write as <x/>.
var svgSelfClosing = map[string]bool{"rect": true, "line": true, "circle": true, "path": true}

// CheckHTML validates a page as served. It is stricter than browsers, which
// repair anything: every element is closed in order (a template that drops
// a </div> fails here, not silently in one browser); ids are unique and
// every id a label, aria-describedby or aria-labelledby names exists; every
// form control has a label; the document says its language and has a
// title; no form nests in a form and nothing interactive nests in a link
// or a button. It returns the problems found, empty when the page is valid.
func CheckHTML(doc string) []string {
	var probs []string
	add := func(format string, args ...any) { probs = append(probs, fmt.Sprintf(format, args...)) }
	if !strings.HasPrefix(strings.ToLower(strings.TrimSpace(doc)), "<!doctype html>") {
		add("no <!doctype html>")
	}
	probs = append(probs, checkNesting(doc)...)
	root, err := html.Parse(strings.NewReader(doc))
	if err != nil {
		return append(probs, "parse: "+err.Error())
	}
	ids := map[string]int{}
	labelled := map[string]bool{}
	var refs []string
	var controls []*html.Node
	titles := 0
	var walk func(n *html.Node, inForm, inInteractive bool)
	walk = func(n *html.Node, inForm, inInteractive bool) {
		if n.Type == html.ElementNode {
			if id := attr(n, "id"); id != "" {
				ids[id]++
			}
			for _, name := range []string{"aria-describedby", "aria-labelledby"} {
				refs = append(refs, strings.Fields(attr(n, name))...)
			}
			switch n.DataAtom {
			case atom.Html:
				if attr(n, "lang") == "" {
					add("<html> has no lang")
				}
			case atom.Title:
				if n.Parent != nil && n.Parent.DataAtom == atom.Head {
					titles++
					if strings.TrimSpace(text(n)) == "" {
						add("empty <title>")
					}
				}
			case atom.Label:
				if f := attr(n, "for"); f != "" {
					labelled[f] = true
					refs = append(refs, f)
				}
			case atom.Form:
				if inForm {
					add("a form inside a form")
				}
				inForm = true
			case atom.Img:
				if _, ok := attrOK(n, "alt"); !ok {
					add("<img> without alt")
				}
			case atom.Input, atom.Select, atom.Textarea:
				controls = append(controls, n)
			case atom.Button:
				if strings.TrimSpace(text(n)) == "" && attr(n, "aria-label") == "" {
					add("a button without text")
				}
			}
			interactive := n.DataAtom == atom.A && attr(n, "href") != "" || n.DataAtom == atom.Button || n.DataAtom == atom.Select || n.DataAtom == atom.Textarea ||
				n.DataAtom == atom.Input && attr(n, "type") != "hidden"
			if interactive && inInteractive {
				add("<%s> inside a link or a button", n.Data)
			}
			if n.DataAtom == atom.A || n.DataAtom == atom.Button {
				inInteractive = true
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inForm, inInteractive)
		}
	}
	walk(root, false, false)
	if titles != 1 {
		add("%d <title> elements in <head>, want 1", titles)
	}
	for id, n := range ids {
		if n > 1 {
			add("id %q used %d times", id, n)
		}
	}
	for _, r := range refs {
		if ids[r] == 0 {
			add("reference to missing id %q", r)
		}
	}
	for _, c := range controls {
		typ := attr(c, "type")
		if slices.Contains([]string{"hidden", "submit", "button", "reset", "image"}, typ) {
			continue
		}
		if labelled[attr(c, "id")] || attr(c, "aria-label") != "" || attr(c, "aria-labelledby") != "" || insideLabel(c) {
			continue
		}
		add("<%s name=%q> has no label", c.Data, attr(c, "name"))
	}
	slices.Sort(probs)
	return slices.Compact(probs)
}

// checkNesting walks the tokens and insists that every element the page
// opens is closed, in order.
func checkNesting(doc string) []string {
	var probs []string
	var stack []string
	z := html.NewTokenizer(strings.NewReader(doc))
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			if z.Err() != io.EOF {
				probs = append(probs, "tokenize: "+z.Err().Error())
			}
			if len(stack) > 0 {
				probs = append(probs, "unclosed at the end: "+strings.Join(stack, " > "))
			}
			return probs
		case html.StartTagToken:
			name, _ := z.TagName()
			if !voidElements[string(name)] {
				stack = append(stack, string(name))
			}
		case html.SelfClosingTagToken:
			name, _ := z.TagName()
			if !voidElements[string(name)] && !svgSelfClosing[string(name)] {
				probs = append(probs, "<"+string(name)+"/> is not a void element")
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			if len(stack) == 0 || stack[len(stack)-1] != string(name) {
				probs = append(probs, fmt.Sprintf("</%s> does not close the open element (open: %s)", name, strings.Join(stack, " > ")))
				if i := slices.Index(stack, string(name)); i >= 0 {
					stack = stack[:i]
				}
				continue
			}
			stack = stack[:len(stack)-1]
		}
	}
}

func attr(n *html.Node, key string) string {
	v, _ := attrOK(n, key)
	return v
}

func attrOK(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

func text(n *html.Node) string {
	var b strings.Builder
	var f func(*html.Node)
	f = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			f(c)
		}
	}
	f(n)
	return b.String()
}

func insideLabel(n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.DataAtom == atom.Label {
			return true
		}
	}
	return false
}
