package server

import (
	"html/template"
	"strings"
	"testing"
)

// TestOptionTagsAsTheTemplate checks that options written in Go are what
// the template's range wrote, escaping included.
func TestOptionTagsAsTheTemplate(t *testing.T) {
	tmpl := template.Must(template.New("").Parse(`{{range .Options}}<option value="{{.Value}}"{{if eq .Value $.Value}} selected{{end}}>{{.Label}}</option>
{{end}}`))
	for _, f := range []field{
		{Value: "b", Options: []option{{"", "Tất cả"}, {"a", "Phường A"}, {"b", "— Xã B"}}},
		{Value: `x"+'<&>`, Options: []option{{`x"+'<&>`, `<b>"A+B" & 'C'</b>`}, {"\x00z", "\x00ü\xff"}}},
		{},
	} {
		var want strings.Builder
		if err := tmpl.Execute(&want, f); err != nil {
			t.Fatal(err)
		}
		if got := string(f.OptionTags()); got != want.String() {
			t.Errorf("options of %q:\n got %q\nwant %q", f.Value, got, want.String())
		}
	}
}
