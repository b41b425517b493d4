package server

import (
	"encoding/json"
	"strings"

	"damlam/internal/i18n"
	"damlam/internal/proof"
	"damlam/internal/sqlstore"
	"damlam/internal/workflow"
)

// payload is an event's business record as stored: the action's input and
// what the action computed. Pages read the parts they show from it, so the
// page and the dossier tell the same story.
type payload struct {
	Input      json.RawMessage        `json:"input"`
	Scope      *proof.Scope           `json:"scope"`
	ScopeUnder *int64                 `json:"scope_under"`
	Act        *workflow.ScopedAction `json:"act"`
	Outside    []proof.Violation      `json:"outside_scope"`
	Docs       []string               `json:"docs"`
	Details    json.RawMessage        `json:"details"`
}

func parsePayload(ev sqlstore.EventView) payload {
	var p payload
	_ = json.Unmarshal(ev.Payload, &p)
	return p
}

// input decodes an event's input into the action's own type.
func input[T any](ev sqlstore.EventView) T {
	var out T
	p := parsePayload(ev)
	if len(p.Input) > 0 {
		_ = json.Unmarshal(p.Input, &out)
	}
	return out
}

// details decodes what the action computed (minutes, determination…).
func details[T any](ev sqlstore.EventView) T {
	var out T
	p := parsePayload(ev)
	if len(p.Details) > 0 {
		_ = json.Unmarshal(p.Details, &out)
	}
	return out
}

// eventsOf lists the events of one type, in order.
func eventsOf(v *sqlstore.ProposalView, types ...string) []sqlstore.EventView {
	var out []sqlstore.EventView
	for _, ev := range v.History {
		for _, t := range types {
			if ev.Type == t {
				out = append(out, ev)
			}
		}
	}
	return out
}

// lastEvent is the newest event of a type, if any.
func lastEvent(v *sqlstore.ProposalView, typ string) (sqlstore.EventView, bool) {
	evs := eventsOf(v, typ)
	if len(evs) == 0 {
		return sqlstore.EventView{}, false
	}
	return evs[len(evs)-1], true
}

// summaryKeys are the input fields that say in words what an event was,
// in the order we prefer them.
var summaryKeys = []string{"justification", "reason", "text", "summary", "findings", "description", "resolution", "correction", "decision", "comment", "note", "title"}

// eventSummary is one line about an event for the timeline.
func eventSummary(ev sqlstore.EventView, lang i18n.Lang) string {
	p := parsePayload(ev)
	var in map[string]any
	_ = json.Unmarshal(p.Input, &in)
	var parts []string
	if b, ok := in["ballot"].(string); ok {
		parts = append(parts, i18n.T("web.ballot."+b).In(lang))
	}
	if o, ok := in["opinion"].(string); ok {
		parts = append(parts, i18n.T("web.opinion."+o).In(lang))
	}
	if r, ok := in["result"].(string); ok {
		parts = append(parts, i18n.T("web.result."+r).In(lang))
	}
	for _, k := range summaryKeys {
		if s, ok := in[k].(string); ok && strings.TrimSpace(s) != "" {
			parts = append(parts, s)
			break
		}
	}
	if ev.Type == "protection.determined" {
		var d struct {
			Determination workflow.Determination `json:"determination"`
		}
		_ = json.Unmarshal(p.Details, &d)
		parts = append(parts, d.Determination.Label.In(lang))
	}
	for _, o := range p.Outside {
		if lang == i18n.EN {
			parts = append(parts, "⚠ "+o.EN)
		} else {
			parts = append(parts, "⚠ "+o.VI)
		}
	}
	return strings.Join(parts, " — ")
}
