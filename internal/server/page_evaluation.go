package server

import (
	"net/http"

	"damlam/internal/i18n"
	"damlam/internal/org"
	"damlam/internal/sqlstore"
	"damlam/internal/workflow"
)

// evaluationData is evaluation and protection: the completion report, the
// Party committee's opinion, the collective's Art. 11 findings, the rule's
// determination with its legal basis in plain words, the disciplinary
// authority's final outcome, rewards, and the dossier to download.
type evaluationData struct {
	*proposalData
	Completion    *completionLine
	PartyOpinion  *opinionLine
	Evaluation    *evaluationLine
	Determination *determinationLine
	Liability     []liabilityLine
	Rewards       []rewardLine
}

type evaluationLine struct {
	sqlstore.EventView
	In workflow.EvaluationInput
}

type determinationLine struct {
	sqlstore.EventView
	D     workflow.Determination
	Steps []ruleStep
}

// ruleStep is one question of the protection rule (DOMAIN.md §5) with the
// answer the record gave, so a reader sees which branch decided.
type ruleStep struct {
	Question string
	Answer   bool
	Decisive bool
}

type liabilityLine struct {
	sqlstore.EventView
	In workflow.LiabilityInput
}

type rewardLine struct {
	sqlstore.EventView
	In workflow.RewardInput
	// Recipient is the rewarded person's name; Decided the decision's
	// number and date; Effect what the reward changes for them (a salary
	// step, a priority), in the reader's language.
	Recipient, Decided, Effect string
}

// newRewardLine words a logged reward for the reader.
func newRewardLine(v *view, ev sqlstore.EventView, in workflow.RewardInput, names map[string]string) rewardLine {
	l := rewardLine{EventView: ev, In: in, Recipient: in.Recipient, Decided: in.Decision}
	if n := names[in.Recipient]; n != "" {
		l.Recipient = n
	}
	if in.DecisionDate != "" {
		l.Decided = v.T("web.reward.decided", in.Decision, v.Day(in.DecisionDate))
	}
	switch in.Kind {
	case "early_salary_step":
		l.Effect = v.T("web.reward.effect.salary", in.SalaryStep, in.MonthsAdvanced, v.Day(in.EffectiveDate))
	case "appointment_priority":
		l.Effect = v.T("web.reward.effect.position", in.Position)
	case "commendation":
		if in.Level != "" {
			l.Effect = v.T("web.reward.level." + in.Level)
		}
	}
	return l
}

func (s *Server) evaluationPage(w http.ResponseWriter, r *http.Request, me *org.Person) {
	p, ok := s.loadCase(w, r, me)
	if !ok {
		return
	}
	v := s.newView(r, "", "web.tab.evaluation")
	v.Title = s.caseTitle(v, "web.tab.evaluation", p)
	s.showEvaluation(w, r, http.StatusOK, v, p)
}

func (s *Server) showEvaluation(w http.ResponseWriter, r *http.Request, status int, v *view, p *sqlstore.ProposalView) {
	d := &evaluationData{proposalData: s.proposalData(r, v, p, "evaluation", workflow.StageEvaluation)}
	for _, ev := range p.History {
		switch ev.Type {
		case "pilot.completion_reported":
			d.Completion = &completionLine{ev, input[workflow.CompletionInput](ev)}
		case "party.opinion_before_evaluation":
			d.PartyOpinion = &opinionLine{ev, input[workflow.PartyOpinionInput](ev)}
		case "proposal.evaluated":
			d.Evaluation = &evaluationLine{ev, input[workflow.EvaluationInput](ev)}
		case "protection.determined":
			det, facts, _ := determination(p)
			d.Determination = &determinationLine{EventView: ev, D: det, Steps: ruleSteps(v.Lang, facts)}
		case "protection.liability_recorded":
			d.Liability = append(d.Liability, liabilityLine{ev, input[workflow.LiabilityInput](ev)})
		case "proposal.rewarded":
			in := input[workflow.RewardInput](ev)
			d.Rewards = append(d.Rewards, rewardLine{EventView: ev, In: in})
		}
	}
	if len(d.Rewards) > 0 {
		var ids []string
		for _, l := range d.Rewards {
			ids = append(ids, l.In.Recipient)
		}
		names, _ := s.store.PersonNames(r.Context(), ids) // an unknown name shows its id
		for i, l := range d.Rewards {
			d.Rewards[i] = newRewardLine(v, l.EventView, l.In, names)
		}
	}
	v.Data = d
	s.render(w, r, status, "evaluation", v)
}

// ruleSteps walks the protection rule with the recorded facts, in the
// order the rule asks, stopping where the answer decided the outcome.
func ruleSteps(lang i18n.Lang, f workflow.ProtectionFacts) []ruleStep {
	q := func(key string) string { return i18n.T(key).In(lang) }
	procedure := f.WentThroughProcedure && f.WithinCompetence && f.NoContravention
	steps := []ruleStep{{Question: q("web.rule.procedure"), Answer: procedure, Decisive: !procedure}}
	if !procedure {
		return steps
	}
	completed := f.Result == workflow.Completed
	steps = append(steps, ruleStep{Question: q("web.rule.completed"), Answer: completed, Decisive: completed})
	if completed {
		return steps
	}
	inScope := f.OutsideScopeActions == 0
	steps = append(steps, ruleStep{Question: q("web.rule.in_scope"), Answer: inScope, Decisive: !inScope})
	if !inScope {
		return steps
	}
	conduct := f.FollowedPlan && f.HonestMotive && f.CommonGood && !f.SelfInterest
	steps = append(steps, ruleStep{Question: q("web.rule.conduct"), Answer: conduct, Decisive: !conduct})
	if !conduct {
		return steps
	}
	return append(steps, ruleStep{Question: q("web.rule.damage"), Answer: f.Damage, Decisive: true})
}
