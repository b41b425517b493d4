package casework

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"

	"damlam/internal/org"
	"damlam/internal/problem"
	"damlam/internal/proof"
	"damlam/internal/workflow"
)

// draft is a step's event before the fold decides it: every fact its
// outcome depends on, gathered from the record, the store and the rules.
type draft struct {
	rec     workflow.Record
	now     facts
	input   any
	details any
	payload workflow.Payload
	content []byte
	adopted []workflow.Adoption
}

// facts is what the step asked the store, kept for the event's time.
type facts = workflow.Facts

// compose gathers what action t's event must carry. It decides nothing:
// the fold does, in decide.
func compose(actor *org.Person, p *workflow.Proposal, r workflow.Record, t workflow.Transition, in workflow.Input, ask func(workflow.Need) (workflow.Facts, error)) (*draft, error) {
	need := workflow.Need{}
	switch t.Action {
	case workflow.Submit:
		need.Submission = true
		need.Superior = actor.HeadOf(p.UnitID)
	case workflow.Convene:
		need.Seated = true
	case workflow.CastVote:
		need.Round = true
	case workflow.Approve, workflow.ApprovePilot, workflow.ApproveOverride:
		need.Round, need.Content, need.Verified = true, true, true
		if sc := givenScope(in); sc != nil {
			need.Units = sc.Units
		}
	case workflow.Adjust:
		need.Units = in.(*workflow.AdjustInput).Scope.Units
	case workflow.ReportProgress:
		need.Units = []string{in.(*workflow.ProgressInput).Unit}
	case workflow.ResolveObstacle:
		need.Event, need.EventType = in.(*workflow.ResolveObstacleInput).Obstacle, "pilot.obstacle_raised"
	case workflow.CorrectViolation:
		// A copy: the step fills in the violation's id or place, and the
		// caller's input (or a retried transaction's) stays as sent.
		cp := *in.(*workflow.CorrectionInput)
		c := &cp
		in = c
		if c.ViolationID != "" {
			c.Inspection = workflow.ViolationInspection(c.ViolationID)
		}
		need.Event, need.EventType = c.Inspection, "pilot.inspected"
	case workflow.DetermineProtection:
		need.Evaluation, need.Verified = true, true
	case workflow.Reward:
		need.Content = true
	case workflow.Replicate:
		// The gate is the fold's; asked first so that no case is numbered
		// for a replication the fold would refuse.
		if !r.GoodResult() {
			return nil, problem.New(problem.Conflict, "replication_needs_good_result")
		}
		need.Targets, need.Content, need.Verified = in.(*workflow.ReplicateInput).Units, true, true
	}
	f, err := ask(need)
	if err != nil {
		return nil, err
	}
	if err := unitsKnown(actor, p, t.Action, in, f, ask); err != nil { // units.go
		return nil, err
	}
	d := &draft{rec: f.Record, now: f, input: in}
	rec := &d.rec
	switch t.Action {
	case workflow.Submit:
		if err := f.Content.ValidateForSubmission(); err != nil {
			return nil, err
		}
		sd := workflow.SubmitDetails{UnitID: p.UnitID, ProposerHead: actor.HeadOf(p.UnitID), SuperiorUnitID: f.Superior, Version: rec.Version + 1}
		decider, err := workflow.RouteDecider(sd.UnitID, sd.ProposerHead, sd.SuperiorUnitID)
		if err != nil {
			return nil, err
		}
		sd.DeciderUnitID, sd.Routed = decider, decider != p.UnitID
		sum := sha256.Sum256(f.ContentJSON)
		sd.ContentSHA256 = hex.EncodeToString(sum[:])
		sd.Files = f.Files
		if rec.Version == 0 && rec.Rules == nil {
			sd.Rules = f.Rules // fixed by the first submission
		}
		for _, file := range f.Files {
			d.payload.Docs = append(d.payload.Docs, file.SHA256)
		}
		d.content, d.details = f.ContentJSON, sd

	case workflow.Convene:
		d.details = workflow.ConveneDetails{Members: workflow.Convened(f.Seated, p.ProposerID), Round: rec.VoteRound + 1}

	case workflow.CastVote:
		d.details = workflow.VoteDetails{Round: rec.VoteRound}

	case workflow.Approve, workflow.ApprovePilot, workflow.ApproveOverride:
		var scope *proof.Scope
		switch v := in.(type) {
		case *workflow.ApproveInput:
			scope = v.Scope
		case *workflow.ApprovePilotInput:
			scope = v.Scope
		case *workflow.OverrideInput:
			scope = v.Scope
		}
		if scope == nil {
			scope = f.Content.Pilot
		}
		o, override := in.(*workflow.OverrideInput)
		d.payload.Scope = scope
		d.details = workflow.DecisionDetails{Minutes: rec.Minutes(), Pilot: t.Action == workflow.ApprovePilot || (override && o.Pilot)}

	case workflow.ReportProgress:
		act := in.(*workflow.ProgressInput).ScopedAction
		under := rec.ScopeIndex
		d.payload.ScopeUnder, d.payload.Act = &under, &act
		d.payload.Outside = rec.CheckScoped(act)

	case workflow.ResolveObstacle:
		if f.Event != nil {
			rec.Obstacles = map[int]bool{need.Event: true}
		}

	case workflow.CorrectViolation:
		var insp struct {
			Input workflow.InspectInput `json:"input"`
		}
		if f.Event != nil && json.Unmarshal(f.Event, &insp) == nil {
			rec.Violations = map[int]int{need.Event: len(insp.Input.Violations)}
		}
		// The violation named by id is recorded by place too, and one
		// named by place gets its id: the logged step names it both ways.
		c := in.(*workflow.CorrectionInput)
		vs := insp.Input.Violations
		if c.ViolationID != "" {
			if c.Violation = workflow.ViolationNumber(p.ID, need.Event, vs, c.ViolationID); c.Violation == 0 {
				return nil, fieldError("violation_id", "field.unknown_violation", c.ViolationID)
			}
		} else if c.Violation >= 1 && c.Violation <= len(vs) {
			c.ViolationID = workflow.ViolationID(p.ID, need.Event, c.Violation, vs[c.Violation-1])
		}

	case workflow.Reward:
		// Who may be rewarded is read from the plan as it stands.
		q := *p
		q.Content = f.Content
		if err := workflow.RewardRecipient(&q, in.(*workflow.RewardInput)); err != nil {
			return nil, err
		}

	case workflow.Adjust:
		scope := in.(*workflow.AdjustInput).Scope
		d.payload.Scope = &scope

	case workflow.DetermineProtection:
		facts, err := rec.ProtectionFacts()
		if err != nil {
			return nil, err
		}
		d.details = workflow.ProtectionDetails{Facts: facts, Determination: workflow.DetermineUnder(rec.Rules, facts)}

	case workflow.Replicate:
		return d, d.replicate(actor, p, in.(*workflow.ReplicateInput), f)
	}
	// A completion or a correction under a scope is checked against it
	// like a progress report (workflow/scoped.go).
	if act := rec.ScopedStep(p.UnitID, in); act != nil {
		under := rec.ScopeIndex
		d.payload.ScopeUnder, d.payload.Act = &under, act
		d.payload.Outside = rec.CheckScoped(*act)
	}
	// A report is checked against the scope's stop conditions, with the
	// spending it brings the scope to (workflow/stops.go).
	var indicators map[string]float64
	var date string
	switch v := in.(type) {
	case *workflow.ProgressInput:
		indicators, date = v.Indicators, v.Date
	case *workflow.CompletionInput:
		indicators, date = v.Indicators, v.Date
	default:
		return d, nil
	}
	spent := rec.ScopeSpent
	if d.payload.Act != nil {
		spent += d.payload.Act.AmountVND
	}
	if crossed := rec.CrossedStops(indicators, date, spent); len(crossed) > 0 {
		d.details = workflow.StopDetails{StopsCrossed: crossed}
	}
	return d, nil
}

// replicate starts, in each target unit, a draft of the model proposed by
// that unit's head, whose record starts with where it came from.
func (d *draft) replicate(actor *org.Person, p *workflow.Proposal, in *workflow.ReplicateInput, f workflow.Facts) error {
	var fields problem.Fields
	for i, tg := range f.Targets {
		field := "units[" + itoa(i) + "]"
		switch {
		case !tg.Known:
			fields.Add(field, "field.unknown_unit", tg.Unit)
		case tg.Unit == p.UnitID:
			fields.Add(field, "field.same_unit")
		case tg.Head == "":
			fields.Add(field, "field.no_head", tg.Unit)
		}
	}
	if err := fields.Err(); err != nil {
		return err
	}
	var created []string
	for _, tg := range f.Targets {
		content := f.Content
		content.Pilot, content.Implementers, content.Tasks = nil, nil, nil
		ad, err := workflow.Adopt(p, actorID(actor), tg.NewID, tg.Unit, tg.Head, content, "", f.Now)
		if err != nil {
			return err
		}
		d.adopted = append(d.adopted, ad)
		created = append(created, tg.NewID)
	}
	d.details = workflow.ReplicateDetails{Created: created, Units: strings.Join(in.Units, ",")}
	return nil
}

// decide builds the event and lets the fold decide it against the record.
func (d *draft) decide(actor *org.Person, p *workflow.Proposal, t workflow.Transition) (workflow.Step, error) {
	pl := d.payload
	var err error
	if pl.Input, err = rawJSON(d.input); err != nil {
		return workflow.Step{}, err
	}
	if pl.Details, err = rawJSON(d.details); err != nil {
		return workflow.Step{}, err
	}
	st, err := workflow.Take(d.rec, t, actorID(actor), d.now.Now, pl)
	if err != nil {
		return workflow.Step{}, err
	}
	st.Content, st.Adopted = d.content, d.adopted
	return st, nil
}

func actorID(actor *org.Person) string {
	if actor == nil {
		return workflow.SystemActor
	}
	return actor.ID
}

func itoa(i int) string {
	const digits = "0123456789"
	if i < 10 {
		return digits[i : i+1]
	}
	return itoa(i/10) + digits[i%10:i%10+1]
}
