package workflow

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"time"

	"damlam/internal/problem"
	"damlam/internal/proof"
)

// Record is a case as its events decide it: every fact an outcome is read
// from. The database keeps a copy of it (the projection) for reading, and
// the audit replays every case's events to check that copy column by
// column; a step is always decided by Apply, so an edit of the copy can
// change no decision unseen.
type Record struct {
	ID         string
	UnitID     string
	ProposerID string
	DeciderID  string
	SourceID   string
	State      State
	// Version is the last submitted version, ContentSHA256 its digest.
	Version       int
	ContentSHA256 string
	SubmittedAt   time.Time
	EnteredAt     time.Time
	ReportedAt    time.Time
	DecidedAt     time.Time
	// EscalatedFor is the EnteredAt of the waiting spell last escalated.
	EscalatedFor time.Time

	// VoteRound is the current round; Collective the members convened for
	// it, as logged then; Ballots the round's ballots so far.
	VoteRound  int
	Collective []Member
	Ballots    map[string]Ballot

	// Rules is the rule set the case's first submission fixed (nil: a
	// case submitted before cases logged theirs follows the national set).
	Rules *RuleSet

	Scope        *proof.Scope
	ScopeIndex   int64 // log index of the event that approved Scope, -1 if none
	ScopeSpent   int64
	OutsideScope int
	Evaluation   *EvaluationInput
	Result       Result
	Outcome      Outcome

	// Obstacles are the seqs of the obstacles raised; Violations the
	// number of violations each inspection (by seq) found.
	Obstacles  map[int]bool
	Violations map[int]int
	// Corrective is where each violation's corrective action stands
	// (corrective.go); a stored record holds it when a step asks for it.
	Corrective map[ViolationRef]Correction
	// Replicas are the cases replicated from this one.
	Replicas []string

	LastSeq   int
	LastIndex int64
}

// PendingIndex stands for the log index of an event whose leaf is not yet
// appended: a step is decided before its leaf goes into the log, so that a
// refused step never reaches the log, and the store stamps the index in
// once it is known (a Record's ScopeIndex may hold it until then).
const PendingIndex = -2

// NewRecord is a case before its first event: a draft, nothing approved.
func NewRecord(id string) Record {
	return Record{ID: id, State: Draft, ScopeIndex: -1, LastIndex: -1}
}

// Change says what one event touched, so that whatever is kept beside the
// record (a cache, a read model) is kept exact by the change, never by the
// action's name.
type Change struct {
	State      bool // the case moved to another state
	Version    bool // a new content version was submitted
	Round      bool // a new vote round was convened
	Ballot     bool // a ballot was cast (the voter's id in Voter)
	Voter      string
	Scope      bool // an approved scope was set
	Spent      bool // money or a flag counted against the scope
	Evaluation bool
	Outcome    bool
	Replicas   bool // cases were started from this one
	Decided    bool // the collective (or the head in writing) decided
	Escalated  bool
	Corrective bool // a violation was opened, corrected or sent up
	// StopsCrossed: a report crossed a stop condition of the scope.
	StopsCrossed bool
	Rules        bool // the first submission fixed the case's rule set
}

// ReplayError is a step of a case's events that does not follow from the
// events before it: the record is not what the log can justify.
type ReplayError struct {
	Case  string
	Seq   int
	Index int64
	Err   error
}

func (e *ReplayError) Error() string {
	return fmt.Sprintf("%s seq %d (log index %d): %v", e.Case, e.Seq, e.Index, e.Err)
}

func (e *ReplayError) Unwrap() error { return e.Err }

// Replay rebuilds a case from nothing: the fold of Apply over its events.
func Replay(id string, events []Event) (Record, error) {
	r := NewRecord(id)
	for _, e := range events {
		next, _, err := Apply(r, e)
		if err != nil {
			return r, &ReplayError{Case: id, Seq: e.Seq, Index: e.Index, Err: err}
		}
		r = next
	}
	return r, nil
}

// Apply applies one event to a case and says what it changed. It is a
// pure function of the record and the event: the service calls it to take
// a step (an error refuses the step, in the API's order of refusals after
// authority), and the audit calls it to re-derive every case from the log.
//
// The event carries every fact its outcome depends on; Apply recomputes
// what it can (the tally, the scope check, the protection rule) and
// refuses an event whose logged result differs from what the rule gives.
func Apply(r Record, e Event) (Record, Change, error) {
	var ch Change
	if e.Seq != r.LastSeq+1 {
		return r, ch, fmt.Errorf("event %d follows event %d", e.Seq, r.LastSeq)
	}
	if e.From != r.State {
		return r, ch, fmt.Errorf("event starts in %s, the case is in %s", e.From, r.State)
	}
	// Copy what the step may change in place, so that r stays as it was.
	r.Ballots = maps.Clone(r.Ballots)
	r.Obstacles = maps.Clone(r.Obstacles)
	r.Violations = maps.Clone(r.Violations)
	r.Corrective = maps.Clone(r.Corrective)
	r.Replicas = slices.Clone(r.Replicas)

	to := r.State
	if e.Type == AdoptedEvent {
		if err := r.adopted(e); err != nil {
			return r, ch, err
		}
	} else {
		t, ok := Find(r.State, e.Action)
		if !ok {
			return r, ch, problem.New(problem.Conflict, "wrong_state", e.Action.Label(), r.State.Label())
		}
		if e.Type != t.Event {
			return r, ch, fmt.Errorf("event type %s, the table says %s for %s in %s", e.Type, t.Event, e.Action, r.State)
		}
		if err := r.step(e, &ch); err != nil {
			return r, ch, err
		}
		to = t.To
	}
	if e.To != to {
		return r, ch, fmt.Errorf("event leaves %s, the table says %s", e.To, to)
	}
	// Once a case has its rules, every leaf names them.
	if want := r.rulesRef(); !sameRef(e.Payload.Rules, want) {
		return r, ch, fmt.Errorf("event names rule set %v, the case follows %v", e.Payload.Rules, want)
	}
	if to != r.State {
		r.EnteredAt, ch.State = e.At, true
	}
	r.State = to
	r.LastSeq, r.LastIndex = e.Seq, e.Index
	return r, ch, nil
}

// rulesRef names the record's own rule set, nil if it has none.
func (r *Record) rulesRef() *RulesRef {
	if r.Rules == nil {
		return nil
	}
	ref := r.Rules.Ref()
	return &ref
}

func sameRef(a, b *RulesRef) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

// adopted starts a case from a model elsewhere.
func (r *Record) adopted(e Event) error {
	if r.LastSeq != 0 {
		return fmt.Errorf("%s is not a case's first event", AdoptedEvent)
	}
	var d AdoptedDetails
	if err := decodeDetails(e, &d); err != nil {
		return err
	}
	if d.SourceID == "" {
		return fmt.Errorf("adopted case names no source")
	}
	r.SourceID = d.SourceID
	if d.UnitID != "" {
		r.UnitID = d.UnitID
	}
	if d.ProposerID != "" {
		r.ProposerID = d.ProposerID
	}
	return nil
}

// step applies what the action itself decides.
func (r *Record) step(e Event, ch *Change) error {
	switch e.Action {
	case Submit:
		return r.submit(e, ch)

	case Convene:
		var d ConveneDetails
		if err := decodeDetails(e, &d); err != nil {
			return err
		}
		if d.Round != r.VoteRound+1 {
			return fmt.Errorf("round %d convened after round %d", d.Round, r.VoteRound)
		}
		for _, m := range d.Members {
			// Recusal is the rule's, not the caller's: the proposer never
			// votes on their own proposal, whatever their seat.
			if m.Recused != (m.PersonID == r.ProposerID) {
				return fmt.Errorf("member %s logged with recused=%v", m.PersonID, m.Recused)
			}
		}
		r.VoteRound, r.Collective, r.Ballots = d.Round, d.Members, map[string]Ballot{}
		ch.Round = true

	case CastVote:
		var d VoteDetails
		if err := decodeDetails(e, &d); err != nil {
			return err
		}
		var in VoteInput
		if err := decodeInput(e, &in); err != nil {
			return err
		}
		if d.Round != r.VoteRound {
			return fmt.Errorf("ballot for round %d in round %d", d.Round, r.VoteRound)
		}
		if !ValidBallot(in.Ballot) {
			return fmt.Errorf("ballot %q", in.Ballot)
		}
		if !r.Eligible(e.Actor) {
			return problem.New(problem.Forbidden, "not_in_collective")
		}
		if r.Ballots == nil {
			r.Ballots = map[string]Ballot{}
		}
		r.Ballots[e.Actor] = in.Ballot
		ch.Ballot, ch.Voter = true, e.Actor

	case Approve, ApprovePilot, ApproveOverride:
		return r.decide(e, ch)

	case Adjust:
		if e.Payload.Scope == nil {
			return fieldError("scope", "scope_required")
		}
		r.Scope, r.ScopeIndex = e.Payload.Scope, e.Index
		ch.Scope = true

	case ReportProgress:
		if e.Payload.Act == nil || e.Payload.ScopeUnder == nil {
			return fmt.Errorf("progress report without its scoped action")
		}
		if err := r.takeScoped(e, ch); err != nil { // scoped.go
			return err
		}
		var in ProgressInput
		if err := decodeInput(e, &in); err != nil {
			return err
		}
		return r.reportStops(e, in.Indicators, e.Payload.Act.Date, ch) // stops.go

	case RaiseObstacle:
		if r.Obstacles == nil {
			r.Obstacles = map[int]bool{}
		}
		r.Obstacles[e.Seq] = true

	case ResolveObstacle:
		var in ResolveObstacleInput
		if err := decodeInput(e, &in); err != nil {
			return err
		}
		if !r.Obstacles[in.Obstacle] {
			return fieldError("obstacle", "field.unknown_event", in.Obstacle)
		}

	case Inspect:
		var in InspectInput
		if err := decodeInput(e, &in); err != nil {
			return err
		}
		if r.Violations == nil {
			r.Violations = map[int]int{}
		}
		r.Violations[e.Seq] = len(in.Violations)
		r.inspected(e, in) // corrective.go
		ch.Corrective = ch.Corrective || len(in.Violations) > 0

	case CorrectViolation:
		var in CorrectionInput
		if err := decodeInput(e, &in); err != nil {
			return err
		}
		n, ok := r.Violations[in.Inspection]
		if !ok || in.Violation < 1 || in.Violation > n {
			return fieldError("inspection", "field.unknown_event", in.Inspection)
		}
		if err := r.takeScoped(e, ch); err != nil { // scoped.go
			return err
		}
		r.corrected(e, in) // corrective.go
		ch.Corrective = true

	case EscalateCorrection:
		return r.escalateCorrection(e, ch) // corrective.go

	case ReportCompletion:
		r.ReportedAt = e.At
		if err := r.takeScoped(e, ch); err != nil { // scoped.go
			return err
		}
		var in CompletionInput
		if len(e.Payload.Input) > 0 {
			if err := decodeInput(e, &in); err != nil {
				return err
			}
		}
		return r.reportStops(e, in.Indicators, in.Date, ch) // stops.go

	case Evaluate:
		var in EvaluationInput
		if err := decodeInput(e, &in); err != nil {
			return err
		}
		r.Evaluation, r.Result = &in, in.Result
		ch.Evaluation = true

	case DetermineProtection:
		facts, err := r.ProtectionFacts()
		if err != nil {
			return err
		}
		d := DetermineUnder(r.Rules, facts)
		var logged ProtectionDetails
		if err := decodeDetails(e, &logged); err != nil {
			return err
		}
		if logged.Facts != facts || logged.Determination.Outcome != d.Outcome || logged.Determination.Basis != d.Basis {
			return fmt.Errorf("logged protection %s on %+v; the record's facts %+v give %s", logged.Determination.Outcome, logged.Facts, facts, d.Outcome)
		}
		r.Outcome = d.Outcome
		ch.Outcome = true

	case Replicate:
		if !r.GoodResult() {
			return problem.New(problem.Conflict, "replication_needs_good_result")
		}
		var d ReplicateDetails
		if err := decodeDetails(e, &d); err != nil {
			return err
		}
		r.Replicas = append(r.Replicas, d.Created...)
		ch.Replicas = len(d.Created) > 0

	case Escalate:
		r.EscalatedFor = r.EnteredAt
		ch.Escalated = true
	}
	return nil
}

func (r *Record) submit(e Event, ch *Change) error {
	var d SubmitDetails
	if err := decodeDetails(e, &d); err != nil {
		return err
	}
	if r.ProposerID == "" {
		r.ProposerID = e.Actor
	} else if e.Actor != r.ProposerID {
		return fmt.Errorf("submitted by %s, the proposer is %s", e.Actor, r.ProposerID)
	}
	if r.UnitID == "" {
		r.UnitID = d.UnitID
	} else if d.UnitID != "" && d.UnitID != r.UnitID {
		return fmt.Errorf("submitted for unit %s, the case's unit is %s", d.UnitID, r.UnitID)
	}
	if d.Version != r.Version+1 {
		return fmt.Errorf("version %d submitted after version %d", d.Version, r.Version)
	}
	decider, err := RouteDecider(r.UnitID, d.ProposerHead, d.SuperiorUnitID)
	if err != nil {
		return err
	}
	if decider != d.DeciderUnitID || d.Routed != (decider != r.UnitID) {
		return fmt.Errorf("logged decider %s, routing gives %s", d.DeciderUnitID, decider)
	}
	if d.Rules != nil {
		if r.Rules == nil && r.Version == 0 {
			r.Rules = d.Rules
			ch.Rules = true
		} else if r.Rules == nil || r.Rules.Digest() != d.Rules.Digest() {
			return fmt.Errorf("rule set %s logged on resubmission, the case follows %v", d.Rules.Ref(), r.rulesRef())
		}
	}
	r.DeciderID, r.Version, r.ContentSHA256 = decider, d.Version, d.ContentSHA256
	r.SubmittedAt = e.At
	ch.Version = true
	return nil
}

func (r *Record) decide(e Event, ch *Change) error {
	m := r.Minutes()
	if e.Action == ApproveOverride {
		if m.Passed {
			return problem.New(problem.Conflict, "vote_passed")
		}
	} else if !m.Passed {
		return problem.New(problem.Conflict, "vote_not_passed")
	}
	if e.Payload.Scope == nil {
		return fieldError("scope", "scope_required")
	}
	var d DecisionDetails
	if err := decodeDetails(e, &d); err != nil {
		return err
	}
	if !sameJSON(d.Minutes, m) {
		return fmt.Errorf("logged minutes %d/%d in favour, the round's ballots give %d/%d", d.Minutes.Yes, d.Minutes.Eligible, m.Yes, m.Eligible)
	}
	r.Scope, r.ScopeIndex, r.DecidedAt = e.Payload.Scope, e.Index, e.At
	ch.Scope, ch.Decided = true, true
	return nil
}

// RouteDecider is who decides a proposal: the head of its unit, or, when
// the proposer heads that unit, the head of the unit above (Decree 73,
// Art. 7): a head cannot decide on their own proposal.
func RouteDecider(unit string, proposerHeadsUnit bool, superior string) (string, error) {
	if !proposerHeadsUnit {
		return unit, nil
	}
	if superior == "" {
		return "", problem.New(problem.Conflict, "no_superior")
	}
	return superior, nil
}

// Convened is the collective for a new round: the deciding unit's head
// and deputies as seated now, the proposer recused.
func Convened(seated []Member, proposer string) []Member {
	out := make([]Member, len(seated))
	for i, m := range seated {
		m.Recused = m.PersonID == proposer
		out[i] = m
	}
	return out
}

// Eligible reports whether person sits in the round's collective and may
// vote in it.
func (r *Record) Eligible(person string) bool {
	for _, m := range r.Collective {
		if m.PersonID == person {
			return !m.Recused
		}
	}
	return false
}

// Minutes tallies the current round from the collective convened for it
// and the ballots cast in it: never from today's seats.
func (r *Record) Minutes() Minutes { return TallyUnder(r.Rules, r.Collective, r.Ballots) }

// EscalationDue reports whether a case due on due (yyyy-mm-dd, "" if it
// waits for nothing) is past it on today and not yet escalated for the
// waiting spell it is in: a case is sent up once per spell.
func (r *Record) EscalationDue(due, today string) bool {
	return due != "" && due < today && !r.EscalatedFor.Equal(r.EnteredAt)
}

// ModelStates are the states an evaluated case can be in: with a good
// result, a model other units may adopt.
var ModelStates = []State{Evaluated, ProtectionDetermined, Rewarded, Replicated, Institutionalised, Closed}

// Adoptable reports whether the case is a model another unit may adopt:
// evaluated with a good result.
func (r *Record) Adoptable() bool { return r.GoodResult() && slices.Contains(ModelStates, r.State) }

// GoodResult reports whether the model may be replicated or adopted.
func (r *Record) GoodResult() bool { return r.Result == Completed || r.Result == PartlyCompleted }

// CheckScoped checks one action's coordinates against the approved scope.
// An action outside is still recorded, flagged and counted: the flag is
// what later decides protection.
func (r *Record) CheckScoped(act ScopedAction) []proof.Violation {
	if r.Scope == nil {
		return nil
	}
	return r.Scope.Check(act.Unit, act.Date, act.AmountVND, r.ScopeSpent)
}

// ProtectionFacts are what the protection rule reads of the record: the
// procedure it shows and the agency's findings at evaluation.
func (r *Record) ProtectionFacts() (ProtectionFacts, error) {
	ev := r.Evaluation
	if ev == nil {
		return ProtectionFacts{}, problem.New(problem.Conflict, "no_evaluation")
	}
	return ProtectionFacts{
		WentThroughProcedure: r.ScopeIndex >= 0,
		OutsideScopeActions:  r.OutsideScope,
		WithinCompetence:     ev.WithinCompetence,
		NoContravention:      ev.NoContravention,
		Result:               ev.Result,
		FollowedPlan:         ev.FollowedPlan,
		HonestMotive:         ev.HonestMotive,
		CommonGood:           ev.CommonGood,
		SelfInterest:         ev.SelfInterest,
		Damage:               ev.Damage,
	}, nil
}

func sameViolations(a, b []proof.Violation) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Code != b[i].Code {
			return false
		}
	}
	return true
}

// sameJSON compares two values as the log keeps them.
func sameJSON(a, b any) bool {
	ja, err1 := json.Marshal(a)
	jb, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && string(ja) == string(jb)
}

func decodeDetails(e Event, v any) error {
	if len(e.Payload.Details) == 0 {
		return fmt.Errorf("%s logged without its details", e.Type)
	}
	if err := json.Unmarshal(e.Payload.Details, v); err != nil {
		return fmt.Errorf("%s details: %w", e.Type, err)
	}
	return nil
}

func decodeInput(e Event, v any) error {
	if len(e.Payload.Input) == 0 {
		return fmt.Errorf("%s logged without its input", e.Type)
	}
	if err := json.Unmarshal(e.Payload.Input, v); err != nil {
		return fmt.Errorf("%s input: %w", e.Type, err)
	}
	return nil
}

func fieldError(field, code string, args ...any) error {
	var f problem.Fields
	f.Add(field, code, args...)
	return f.Err()
}
