package workflow

import (
	"damlam/internal/i18n"
	"damlam/internal/org"
	"damlam/internal/problem"
)

// Permitted reports whether actor may take the step t on p. It answers for
// the role and the organisational scope only; the state is the table's job.
func Permitted(actor *org.Person, p *Proposal, who Who) bool {
	if actor == nil {
		return who == WhoSystem
	}
	switch who {
	case WhoProposer:
		return actor.ID == p.ProposerID
	case WhoImplementer:
		if actor.ID == p.ProposerID {
			return true
		}
		for _, id := range p.Content.Implementers {
			if id == actor.ID {
				return true
			}
		}
	case WhoHead:
		return actor.HeadOf(p.DeciderID)
	case WhoMember:
		// The proposer never votes on their own proposal, whatever their seat.
		return actor.ID != p.ProposerID && (actor.HeadOf(p.DeciderID) || actor.DeputyOf(p.DeciderID))
	case WhoParty:
		return actor.Has(org.PartyCommittee, p.DeciderPath)
	case WhoInspector:
		return actor.Has(org.Inspector, p.UnitPath)
	case WhoReward:
		return actor.Has(org.RewardOfficer, p.DeciderPath) || actor.Has(org.RewardOfficer, p.UnitPath)
	case WhoDisciplinary:
		return actor.Has(org.Disciplinary, p.UnitPath)
	case WhoSuperior:
		return actor.HeadAbove(p.DeciderPath) && !actor.HeadOf(p.DeciderID)
	}
	return false
}

// WhoFor returns who may take action a (the same in every state it appears in).
func WhoFor(a Action) (Who, bool) {
	for _, t := range Table {
		if t.Action == a {
			return t.Who, true
		}
	}
	return "", false
}

// CanRead reports whether actor may see p at all: its people, its units'
// leaders, and oversight roles over its units.
func CanRead(actor *org.Person, p *Proposal) bool {
	if actor == nil {
		return false
	}
	if actor.ID == p.ProposerID || actor.CanRead(p.UnitPath) || actor.CanRead(p.DeciderPath) {
		return true
	}
	for _, id := range p.Content.Implementers {
		if id == actor.ID {
			return true
		}
	}
	return false
}

// Allowed lists the steps actor may take on p now, in table order.
func Allowed(actor *org.Person, p *Proposal) []Transition {
	var out []Transition
	for _, t := range ActionsFrom(p.State) {
		if t.Who != WhoSystem && Permitted(actor, p, t.Who) {
			out = append(out, t)
		}
	}
	return out
}

// StatesWhere lists the states in which who has a step to take; inboxes
// are built from it so they follow the table.
func StatesWhere(who Who) []State {
	seen := map[State]bool{}
	var out []State
	for _, t := range Table {
		if t.Who == who && !seen[t.From] && t.Action != Edit && t.Action != Withdraw {
			seen[t.From] = true
			out = append(out, t.From)
		}
	}
	return out
}

// Authorize applies the order of refusals the API promises: not theirs to
// do (403), not now (409). Case numbers are sequential, so hiding a case's
// existence from someone who may not act on it protects nothing: the
// answer is plainly 403.
func Authorize(actor *org.Person, p *Proposal, a Action) error {
	who, ok := WhoFor(a)
	if !ok {
		return problem.New(problem.NotFound, "unknown_action", string(a))
	}
	if !Permitted(actor, p, who) {
		return problem.New(problem.Forbidden, "forbidden_action", a.Label())
	}
	if _, ok := Find(p.State, a); !ok {
		e := problem.New(problem.Conflict, "wrong_state", a.Label(), p.State.Label())
		e.Message.EN = i18n.T("wrong_state", a.Label().EN, p.State.Label().EN).EN
		return e
	}
	return nil
}
