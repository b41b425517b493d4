package server

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"damlam/internal/i18n"
	"damlam/internal/workflow"
)

// vietnameseLetters are the letters Vietnamese has and English does not.
const vietnameseLetters = "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"

// officialSymbols are the Vietnamese words an English text may keep: the
// symbols of the legal documents it cites (Decree 73/2023/NĐ-CP, a
// decision numbered 12/QĐ-UBND), which have no English form, and the
// search hint's example of a Vietnamese phrase.
var officialSymbols = regexp.MustCompile(`[0-9A-Z/-]*(NĐ|QĐ)[-/][A-Z/-]*|“làm đường”`)

// vietnameseIn is the first Vietnamese word of an English text, or "".
func vietnameseIn(en string) string {
	rest := officialSymbols.ReplaceAllString(en, "")
	for _, w := range strings.FieldsFunc(rest, func(r rune) bool { return strings.ContainsRune(" \t\n.,;:()“”\"'!?", r) }) {
		if strings.ContainsAny(strings.ToLower(w), vietnameseLetters) {
			return w
		}
	}
	for _, l := range vietnameseLabels() {
		if strings.Contains(rest, l) {
			return l
		}
	}
	return ""
}

// vietnameseLabels are the Vietnamese labels of every state and action, the
// words an English message used to embed.
func vietnameseLabels() []string {
	var out []string
	for _, st := range workflow.States {
		out = append(out, st.Label().VI)
	}
	for _, a := range workflow.Actions() {
		out = append(out, a.Label().VI)
	}
	return out
}

var verb = regexp.MustCompile(`%(?:\[(\d+)\])?([sdvqf])`)

// sampleArgs are arguments for the entry's verbs: a number for %d, and for
// %s an action's label, which each language must render in its own words.
func sampleArgs(format string) []any {
	var args []any
	next := 0
	for _, m := range verb.FindAllStringSubmatch(format, -1) {
		at := next
		if m[1] != "" {
			n, _ := strconv.Atoi(m[1])
			at = n - 1
		}
		next = at + 1
		for len(args) <= at {
			args = append(args, nil)
		}
		switch m[2] {
		case "d":
			args[at] = 2
		case "f":
			args[at] = 2.5
		default:
			args[at] = workflow.Submit.Label()
		}
	}
	return args
}

// TestEnglishCatalogueHasNoVietnamese walks every entry of the catalogue
// in English, with its arguments filled by labels as the domain passes
// them, and fails on a Vietnamese word or label.
func TestEnglishCatalogueHasNoVietnamese(t *testing.T) {
	for _, k := range i18n.Keys() {
		raw, _ := i18n.Raw(k)
		m := i18n.T(k, sampleArgs(raw.EN+raw.VI)...)
		if w := vietnameseIn(m.EN); w != "" {
			t.Errorf("%s in English says %q: %s", k, w, m.EN)
		}
		if raw.VI != "" && !strings.Contains(raw.VI, "%") && m.VI != raw.VI {
			t.Errorf("%s in Vietnamese changed: %s", k, m.VI)
		}
	}
	// The check itself finds what it is for.
	for _, bad := range []string{"“Nộp đề xuất” cannot be done", "while the proposal is Dự thảo", "Phường Bình Thạnh"} {
		if vietnameseIn(bad) == "" {
			t.Errorf("%q passed as English", bad)
		}
	}
}

// TestEnglishProblemsHaveNoVietnamese: refusals answered in English — a
// step in the wrong state, an action the caller may not take, a field
// error, a bad filter — carry no Vietnamese words in their title, detail
// or English messages, while the Vietnamese answer still names the
// Vietnamese label.
func TestEnglishProblemsHaveNoVietnamese(t *testing.T) {
	ps := newPageSite(t, Options{})
	running := ps.site.AlleyRoad(t, workflow.InImplementation)
	draft := ps.site.AlleyRoad(t, workflow.Draft)
	staff, head := ps.token("pct1.bth"), ps.token("chutich.bth")
	for _, tc := range []struct {
		name, method, path, token, body, code string
	}{
		{"a step in the wrong state", "POST", "/api/v1/proposals/" + running + "/submit", staff, `{}`, "wrong_state"},
		{"an action the caller may not take", "POST", "/api/v1/proposals/" + draft + "/submit", head, `{}`, "forbidden_action"},
		{"a field error", "POST", "/api/v1/proposals/" + running + "/report_progress", staff, `{"unit":"","date":"x","summary":""}`, "invalid_fields"},
		{"a bad filter", "GET", "/api/v1/proposals?state=OPEN&limit=0", staff, "", "bad_query"},
		{"an unknown case", "GET", "/api/v1/proposals/DX-2026-999999", staff, "", "proposal_not_found"},
	} {
		var body []byte
		if tc.body != "" {
			body = []byte(tc.body)
		}
		a := ps.api(tc.method, tc.path, tc.token, body, "Accept-Language", "en")
		var p Problem
		if err := json.Unmarshal(a.body, &p); err != nil || p.Code != tc.code {
			t.Errorf("%s: %d %s, want %s", tc.name, a.status, a.body, tc.code)
			continue
		}
		texts := []string{p.Title, p.Detail, p.Message.EN}
		for _, f := range p.Errors {
			texts = append(texts, f.Message.EN)
		}
		for _, s := range texts {
			if w := vietnameseIn(s); w != "" {
				t.Errorf("%s: the English answer says %q: %s", tc.name, w, s)
			}
		}
		if a.status == http.StatusConflict && !strings.Contains(p.Message.VI, workflow.InImplementation.Label().VI) {
			t.Errorf("%s: the Vietnamese message lost the state's label: %s", tc.name, p.Message.VI)
		}
	}
}
