package workflow

import "damlam/internal/i18n"

// Action is something a person does to a proposal.
type Action string

const (
	Edit                Action = "edit"
	Submit              Action = "submit"
	Withdraw            Action = "withdraw"
	Convene             Action = "convene"
	GivePartyOpinion    Action = "party_opinion"
	CastVote            Action = "vote"
	Approve             Action = "approve"
	ApprovePilot        Action = "approve_pilot"
	ApproveOverride     Action = "approve_override"
	Return              Action = "return"
	Reject              Action = "reject"
	AllocateResources   Action = "allocate_resources"
	ReportProgress      Action = "report_progress"
	RaiseObstacle       Action = "raise_obstacle"
	ResolveObstacle     Action = "resolve_obstacle"
	Inspect             Action = "inspect"
	CorrectViolation    Action = "correct_violation"
	Adjust              Action = "adjust"
	Suspend             Action = "suspend"
	Resume              Action = "resume"
	Stop                Action = "stop"
	ReportCompletion    Action = "report_completion"
	Evaluate            Action = "evaluate"
	DetermineProtection Action = "determine_protection"
	RecordLiability     Action = "record_liability"
	Reward              Action = "reward"
	Replicate           Action = "replicate"
	Institutionalise    Action = "institutionalise"
	Close               Action = "close"
	Escalate            Action = "escalate"
	// EscalateCorrection sends a violation whose corrective deadline passed
	// uncorrected up to the superior head, once per violation.
	EscalateCorrection Action = "escalate_correction"
)

// Label is the action's name for people (the button's text).
func (a Action) Label() i18n.Message { return i18n.T("action." + string(a)) }

// Who says which caller may take an action, relative to the proposal.
type Who string

const (
	WhoProposer     Who = "proposer"        // the cadre who wrote it
	WhoImplementer  Who = "implementer"     // the proposer or a named implementer
	WhoHead         Who = "head"            // head of the deciding unit
	WhoMember       Who = "member"          // head or deputy of the deciding unit, not the proposer
	WhoParty        Who = "party_committee" // same-level Party committee of the deciding unit
	WhoInspector    Who = "inspector"       // inspection over the proposal's unit
	WhoReward       Who = "reward_officer"  // emulation and reward over the deciding unit
	WhoDisciplinary Who = "disciplinary"    // disciplinary authority over the proposal's unit
	WhoSuperior     Who = "superior_head"   // head of a unit above the deciding unit
	WhoSystem       Who = "system"          // damlam itself (deadline escalation)
)

// Label names the role for people.
func (w Who) Label() i18n.Message { return i18n.T("who." + string(w)) }
