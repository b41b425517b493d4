package server

import (
	"testing"

	"damlam/internal/i18n"
	"damlam/internal/sqlstore"
	"damlam/internal/workflow"
)

// TestEveryActionHasAForm checks that each step a person takes through
// the decision route has fields on the case's pages: a new action in the
// transition table without its form in actionItems fails here.
func TestEveryActionHasAForm(t *testing.T) {
	v := &view{Lang: i18n.VI}
	p := &sqlstore.ProposalView{}
	for _, a := range workflow.Actions() {
		if !workflow.Personal(a) {
			continue
		}
		if len(actionItems(v, p, actionContext{}, a)) == 0 {
			t.Errorf("action %s has no form fields (web_actions.go actionItems)", a)
		}
	}
}
