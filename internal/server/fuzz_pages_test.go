package server

import (
	"bytes"
	"damlam/internal/sqlstore"
	"encoding/binary"
	"fmt"
	"html/template"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unsafe"

	"golang.org/x/net/html"

	"damlam/internal/i18n"
	"damlam/internal/org"
)

// pageSamples are the data every page template is given, one value of
// each page's type; fill sets every text in them.
var pageSamples = map[string]func() any{
	"admin":         func() any { return &adminData{} },
	"calendar":      func() any { return &calendarData{} },
	"rules":         func() any { return &rulesData{} },
	"catalogue":     func() any { return &catalogueData{} },
	"model":         func() any { return &modelData{} },
	"dashboard":     func() any { return &dashboardData{} },
	"evaluation":    func() any { return &evaluationData{} },
	"form":          func() any { return &formData{} },
	"inbox":         func() any { return &inboxData{} },
	"corrections":   func() any { return &correctionsData{} },
	"meeting":       func() any { return &meetingData{} },
	"pilot":         func() any { return &pilotData{} },
	"proposal":      func() any { return &proposalData{} },
	"verify":        func() any { return &verifyData{} },
	"login":         func() any { return &loginData{} },
	"error":         func() any { i := 500; return &i },
	"import":        func() any { return &importData{} },
	"register":      func() any { return &registerData{} },
	"invite":        func() any { return &inviteData{} },
	"public":        func() any { return &publicIndexData{} },
	"public_unit":   func() any { return &publicUnitData{} },
	"public_verify": func() any { return &publicVerifyData{} },
	"public_admin":  func() any { return &publicAdminData{} },
	"report":        func() any { return &reportData{} },
	"evidence":      func() any { return &evidenceData{} },
	"help":          func() any { return &helpData{} },
	"help_state":    func() any { return &helpData{} },
	"account":       func() any { return &accountData{} },
	"access": func() any {
		var events []sqlstore.AuthEvent
		return &events
	},
	"notifications": func() any { return &notificationsData{} },
	"profile":       func() any { return &profileData{} },
	"outbox":        func() any { return &OutboxPage{} },
	"identities":    func() any { return &identitiesData{} },
}

var (
	stringType   = reflect.TypeFor[string]()
	htmlType     = reflect.TypeFor[template.HTML]()
	fragmentType = reflect.TypeFor[fragment]()
	markedType   = reflect.TypeFor[marked]()
)

// fill sets, through v, every plain string to s (what people write: names,
// titles, texts, values), every bool to true, every number to 1, every
// slice and map to one element and every pointer to a filled value, to
// depth levels. Enumerations (named string types) stay empty; markup
// (template.HTML, fragments) comes only from templates, and marked texts
// are s marked whole.
func fill(v reflect.Value, s string, depth int) {
	if depth == 0 {
		return
	}
	switch v.Kind() {
	case reflect.String:
		if v.Type() == stringType {
			v.SetString(s)
		}
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(1)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(1)
	case reflect.Float32, reflect.Float64:
		v.SetFloat(1)
	case reflect.Pointer:
		if v.Type().Elem().Kind() == reflect.Struct || v.Type().Elem().Kind() == reflect.String {
			p := reflect.New(v.Type().Elem())
			fill(p.Elem(), s, depth-1)
			v.Set(p)
		}
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return
		}
		e := reflect.New(v.Type().Elem()).Elem()
		fill(e, s, depth-1)
		v.Set(reflect.Append(reflect.MakeSlice(v.Type(), 0, 1), e))
	case reflect.Map:
		k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
		fill(k, s, depth-1)
		fill(e, s, depth-1)
		m := reflect.MakeMap(v.Type())
		m.SetMapIndex(k, e)
		v.Set(m)
	case reflect.Struct:
		switch v.Type() {
		case fragmentType:
			return
		case markedType:
			var marks []byte
			marks = binary.LittleEndian.AppendUint32(marks, 0)
			marks = binary.LittleEndian.AppendUint32(marks, uint32(len(s)))
			v.Set(reflect.ValueOf(marked{Text: s, Marks: string(marks)}))
			return
		}
		t := v.Type()
		for i := range t.NumField() {
			f := t.Field(i)
			fv := v.Field(i)
			switch {
			case f.Type == htmlType:
			case f.IsExported():
				fill(fv, s, depth-1)
			case f.Anonymous && v.CanAddr():
				// An embedded unexported struct, such as proposalData in each
				// tab's data: its exported fields are the page's too.
				fill(reflect.NewAt(fv.Type(), unsafe.Pointer(fv.UnsafeAddr())).Elem(), s, depth-1)
			}
		}
	}
}

// renderAll renders every page, and the search page's fragments, with
// every text set to s, in both languages. A page whose data cannot be
// rendered at all is an error.
func renderAll(t testing.TB, s string) map[string]string {
	out := map[string]string{}
	person := &org.Person{}
	fill(reflect.ValueOf(person).Elem(), s, 4)
	for _, lang := range []i18n.Lang{i18n.VI, i18n.EN} {
		base := func() *view {
			return &view{Lang: lang, Title: s, Me: person, InboxN: 3, Nav: s, Notice: s, Problem: s,
				Errors: map[string]string{s: s}, URL: &url.URL{Path: "/" + s, RawQuery: "q=" + url.QueryEscape(s)}}
		}
		for name, sample := range pageSamples {
			v := base()
			data := sample()
			fill(reflect.ValueOf(data).Elem(), s, 7)
			v.Data = reflect.ValueOf(data).Elem().Interface()
			head, tail, err := v.layout()
			if err != nil {
				t.Fatalf("%s: layout: %v", name, err)
			}
			var b bytes.Buffer
			b.WriteString(head.markup)
			if err := pages[name].ExecuteTemplate(&b, "content", v); err != nil {
				t.Fatalf("%s with every text %q: %v", name, s, err)
			}
			b.WriteString(tail.markup)
			out[name+"/"+string(lang)] = b.String()
		}
		// The search page: its data, and a unit filter kept as markup.
		var d searchData
		fill(reflect.ValueOf(&d).Elem(), s, 7)
		c, err := (&unitChoices{opts: []option{{s, s}, {s + "2", s}}}).withMarkup()
		if err != nil {
			t.Fatal(err)
		}
		d.UnitChoices = c
		v := base()
		parts, err := d.parts(v)
		if err != nil {
			t.Fatalf("search with every text %q: %v", s, err)
		}
		var b strings.Builder
		for _, p := range parts {
			b.WriteString(p.markup)
		}
		out["search/"+string(lang)] = b.String()
		chart, err := barChart(s, s, s, []bar{{Label: s, Text: s, Class: s, Value: 1, Target: 2}})
		if err != nil {
			t.Fatal(err)
		}
		out["chart/"+string(lang)] = string(chart)
	}
	return out
}

// shape is a page's elements and attributes, without their texts and
// values: what a reader's browser builds, less the words. It also names
// any link, form or source whose URL would run script.
func shape(page string) []string {
	var out []string
	z := html.NewTokenizer(strings.NewReader(page))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return out
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			tok := z.Token()
			if tok.Data == "mark" {
				continue
			}
			line := tok.Type.String() + " " + tok.Data
			for _, a := range tok.Attr {
				line += " " + a.Key
				switch a.Key {
				case "href", "src", "action", "formaction":
					if u := strings.ToLower(strings.TrimSpace(a.Val)); strings.HasPrefix(u, "javascript:") || strings.HasPrefix(u, "data:") {
						line += "=SCRIPT"
					}
				}
			}
			out = append(out, line)
		}
	}
}

// FuzzPages puts hostile text in every text of every page — the layout,
// each page's data, the search page's form and rows, options, marked
// matches, charts — and requires each page to have the elements and
// attributes it has with a harmless text: text can only ever be text.
func FuzzPages(f *testing.F) {
	for _, s := range []string{
		`<script>alert(1)</script>`, `"><img src=x onerror=alert(1)>`, `' onmouseover='alert(1)`, `javascript:alert(1)`,
		`</textarea><script>x</script>`, `</title><script>x</script>`, `<!--`, `]]><svg onload=alert(1)>`, "\x00\xff\xfe",
		`&amp;&lt;&#34;`, `{{.Me}}`, `%zz%41 a+b`, `Nguyễn Văn "A" & 'B' <b>`, `</option><option selected>`, `"/><g onload="x`,
	} {
		f.Add(s)
	}
	for name := range pages {
		if _, ok := pageSamples[name]; !ok {
			f.Fatalf("page %s has no sample in pageSamples: its data is not fuzzed", name)
		}
	}
	// Every text begins with a mark no template tests for, so that no
	// condition (empty or not, equal to a constant) changes with it.
	benign := renderAll(f, "☠x")
	f.Fuzz(func(t *testing.T, s string) {
		for name, page := range renderAll(t, "☠"+s) {
			want, have := shape(benign[name]), shape(page)
			if !slices.Equal(want, have) {
				t.Fatalf("%s: text %q changed the page's elements:\n%s", name, s, firstDiff(want, have))
			}
		}
		// As written, the text may also be a whole URL.
		if s == "" {
			return
		}
		for name, page := range renderAll(t, s) {
			for _, line := range shape(page) {
				if strings.HasSuffix(line, "=SCRIPT") || strings.Contains(line, "=SCRIPT ") {
					t.Fatalf("%s: text %q made a URL that runs script: %s", name, s, line)
				}
			}
		}
	})
}

func firstDiff(a, b []string) string {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return fmt.Sprintf("element %d: want %s, got %s", i, a[i], b[i])
		}
	}
	return fmt.Sprintf("want %d elements, got %d", len(a), len(b))
}
