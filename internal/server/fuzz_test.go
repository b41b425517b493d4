package server

import (
	"testing"

	"damlam/internal/problem"
	"damlam/internal/workflow"
)

// FuzzDecodeAction feeds arbitrary bodies to every action's decoder: it
// must never panic, and a body it accepts must validate without panicking.
func FuzzDecodeAction(f *testing.F) {
	for _, seed := range []string{
		`{}`, `{"ballot":"yes"}`, `{"unit":"HCM-BTH","date":"2026-12-01","amount_vnd":5,"summary":"x"}`,
		`{"scope":{"units":["A"],"start":"2026-01-01","end":"2026-02-01","budget_vnd":1}}`,
		`{"violations":[{"description":"x","corrective_action":"y","deadline":"2026-13-40"}]}`,
		`{"amount_vnd":-1}`, `[1,2]`, `{"a":` + "\x00", `null`, `"x"`, `{"units":["A","A"]}`,
	} {
		f.Add(seed)
	}
	actions := workflow.Actions()
	f.Fuzz(func(t *testing.T, body string) {
		for _, a := range actions {
			in := workflow.NewInput(a)
			if err := decodeBytes([]byte(body), in); err != nil {
				if problem.KindOf(err) != problem.Malformed {
					t.Fatalf("%s: decode error of kind %s", a, problem.KindOf(err))
				}
				continue
			}
			var fields problem.Fields
			in.Validate(&fields)
		}
	})
}
