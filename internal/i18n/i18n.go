// Package i18n holds damlam's two languages: Vietnamese, the default, and
// English. Messages live in one catalogue keyed by a stable code, so an error
// can travel from the domain to the API and the pages without knowing which
// language its reader speaks.
package i18n

import (
	"fmt"
	"strings"
)

// Lang is a user interface language.
type Lang string

const (
	VI Lang = "vi"
	EN Lang = "en"
)

// ParseLang maps an Accept-Language value or a query value to a Lang,
// falling back to Vietnamese: our users read Vietnamese first.
func ParseLang(s string) Lang {
	s = strings.ToLower(strings.TrimSpace(s))
	if strings.HasPrefix(s, "en") {
		return EN
	}
	return VI
}

// Message is one text in both languages.
type Message struct {
	VI string `json:"vi"`
	EN string `json:"en"`
}

// In returns the text in lang.
func (m Message) In(lang Lang) string {
	if lang == EN {
		return m.EN
	}
	return m.VI
}

// T formats the catalogue entry key with args in both languages. An unknown
// key is a programming error; it still renders, visibly, rather than panic
// in front of a user.
func T(key string, args ...any) Message {
	e, ok := catalogue[key]
	if !ok {
		return Message{VI: "[" + key + "]", EN: "[" + key + "]"}
	}
	if len(args) == 0 {
		// Entries are format strings; without arguments, "%%" still means "%".
		return Message{VI: strings.ReplaceAll(e.VI, "%%", "%"), EN: strings.ReplaceAll(e.EN, "%%", "%")}
	}
	en := e.EN
	if one, ok := englishOne[key]; ok && isOne(args[0]) {
		en = one
	}
	vi, ena := inLang(args, VI), inLang(args, EN)
	return Message{VI: fmt.Sprintf(e.VI, vi...), EN: fmt.Sprintf(en, ena...)}
}

// inLang is args with every Message among them (a state's or an action's
// label) in lang: the English text then names the English label, never
// the Vietnamese one.
func inLang(args []any, lang Lang) []any {
	out := args
	for i, a := range args {
		m, ok := a.(Message)
		if !ok {
			continue
		}
		if &out[0] == &args[0] {
			out = append([]any(nil), args...)
		}
		out[i] = m.In(lang)
	}
	return out
}

// englishOne holds the English of entries whose first number counts
// something, for when that number is 1: Vietnamese nouns do not change
// with the count ("1 kết quả", "2 kết quả"), English ones do ("1 result").
var englishOne = map[string]string{
	"web.overdue_by":      "Overdue by %d working day",
	"web.days_left":       "%d working day left",
	"web.inbox.summary":   "%d item waits on you; overdue: %d.",
	"web.pilot.outside_n": "%d action fell outside the approved scope.",
	"web.verify.hashes":   "%d proof hash",
	"web.models.count":    "%d model",
	"web.models.replicas": "adopted by %d unit",
	"web.search.results":  "%d result",
	"web.dash.over_n":     "over %d decided proposal",
	"import_failed":       "The file has %d bad line; nothing was imported.",
	"field.too_long":      "Too long (at most %d character).",
	"field.weak_password": "The password must have at least %d character.",
}

func isOne(v any) bool {
	switch n := v.(type) {
	case int:
		return n == 1
	case int64:
		return n == 1
	}
	return false
}

// Has reports whether key is in the catalogue.
func Has(key string) bool { _, ok := catalogue[key]; return ok }

// Keys lists every catalogue key (for tests and tooling).
func Keys() []string {
	keys := make([]string, 0, len(catalogue))
	for k := range catalogue {
		keys = append(keys, k)
	}
	return keys
}

// Raw returns a catalogue entry without formatting.
func Raw(key string) (Message, bool) { m, ok := catalogue[key]; return m, ok }
