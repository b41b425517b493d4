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
	return Message{VI: fmt.Sprintf(e.VI, args...), EN: fmt.Sprintf(e.EN, args...)}
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
