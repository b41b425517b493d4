package server

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"damlam/internal/i18n"
	"damlam/internal/sqlstore"
)

// versionDiff is one submitted version with what changed since the one
// before: the page highlights exactly the fields a revision touched.
type versionDiff struct {
	Version   int
	CreatedAt time.Time
	Changes   []change
	// Old marks a version a later one replaced: drawn folded.
	Old bool
}

type change struct {
	Label    string
	Old, New string
}

func versionDiffs(vs []sqlstore.VersionView, lang i18n.Lang) []versionDiff {
	var out []versionDiff
	var prev map[string]string
	for _, ver := range vs {
		flat := flatContent(ver.Content)
		d := versionDiff{Version: ver.Version, CreatedAt: ver.CreatedAt}
		for _, path := range ver.Changed {
			d.Changes = append(d.Changes, change{Label: fieldLabel(path, lang), Old: money(path, prev[path], lang), New: money(path, flat[path], lang)})
		}
		prev = flat
		out = append(out, d)
	}
	// Newest first: the latest revision is what a reader looks for.
	sort.SliceStable(out, func(i, j int) bool { return out[i].Version > out[j].Version })
	return out
}

// money writes amounts of money the Vietnamese way.
func money(path, v string, lang i18n.Lang) string {
	if !strings.HasSuffix(path, "_vnd") {
		return v
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return v
	}
	return i18n.FormatVND(n, lang)
}

// fieldLabel names a content path ("pilot.budget_vnd") with the form's
// label, falling back to its parent's label for deeper paths.
func fieldLabel(path string, lang i18n.Lang) string {
	p := path
	for {
		if i18n.Has("web.f." + p) {
			return i18n.T("web.f." + p).In(lang)
		}
		i := strings.LastIndexByte(p, '.')
		if i < 0 {
			return path
		}
		p = p[:i]
	}
}

// flatContent renders content as path → readable value, on the same
// paths the store reports as changed (objects by dots, lists whole).
func flatContent(c any) map[string]string {
	b, _ := json.Marshal(c)
	var m map[string]any
	_ = json.Unmarshal(b, &m)
	out := map[string]string{}
	flatten("", m, out)
	return out
}

func flatten(prefix string, m map[string]any, out map[string]string) {
	for k, v := range m {
		if sub, ok := v.(map[string]any); ok {
			flatten(prefix+k+".", sub, out)
			continue
		}
		out[prefix+k] = display(v)
	}
}

// display writes a JSON value for reading: lists joined, objects as their
// values in a row.
func display(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case bool:
		if x {
			return "✓"
		}
		return "✗"
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case []any:
		parts := make([]string, 0, len(x))
		for _, e := range x {
			parts = append(parts, display(e))
		}
		return strings.Join(parts, "; ")
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		parts := make([]string, 0, len(keys))
		for _, k := range keys {
			if s := display(x[k]); s != "" {
				parts = append(parts, s)
			}
		}
		return strings.Join(parts, " · ")
	}
	return fmt.Sprint(v)
}
