package document

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"damlam/internal/i18n"
	"damlam/internal/workflow"
)

// Case is what a case's documents are made from: its record as logged
// (the history carries every input and every computed detail), and how the
// units and people it names are written.
type Case struct {
	ID       string
	Title    string
	Content  workflow.Content // the version the decisions rest on
	Version  int
	Proposer workflow.PersonRef
	// Issuer is the deciding unit; Superior the unit above it (escalation
	// notices go there), when there is one.
	Issuer   Issuer
	Superior *Issuer
	// ProposerUnit names the proposer's unit.
	ProposerUnit string
	History      []workflow.Line
	// Deputies are the people who sign as deputies (KT.); everyone else
	// taking a head's step signs as the head.
	Deputies map[string]bool
	// Names names the people and units the record refers to by id.
	Names map[string]string
	// Issuers is the issuer of a person's own documents (an inspector's
	// record), by person id; by default the deciding unit issues.
	Issuers map[string]Issuer
	// ProposerIssuer is the proposer's unit, which submits the plan (a
	// head's proposal goes to the unit above); by default Issuer.
	ProposerIssuer *Issuer
}

// Kind is a kind of document a step produces.
type Kind string

const (
	Approval      Kind = "approval"       // Quyết định phê duyệt
	PilotApproval Kind = "pilot_approval" // Quyết định cho phép thí điểm
	Override      Kind = "override"       // Quyết định của người đứng đầu sau biểu quyết không đạt
	Minutes       Kind = "minutes"        // Biên bản họp tập thể lãnh đạo
	ReturnNotice  Kind = "return"         // Thông báo trả lại
	RejectNotice  Kind = "rejection"      // Thông báo không chấp thuận
	Suspension    Kind = "suspension"     // Quyết định tạm dừng
	Stopping      Kind = "stop"           // Quyết định dừng
	Adjustment    Kind = "adjustment"     // Quyết định điều chỉnh
	Inspection    Kind = "inspection"     // Biên bản kiểm tra
	Evaluation    Kind = "evaluation"     // Kết luận đánh giá
	Protection    Kind = "protection"     // Kết luận về việc bảo vệ cán bộ
	RewardDecided Kind = "reward"         // Quyết định khen thưởng
	Escalation    Kind = "escalation"     // Thông báo quá hạn
	ProposalPlan  Kind = "proposal"       // Tờ trình phương án đề xuất (Điều 7)
)

// Kinds lists every kind in the order a case meets them.
var Kinds = []Kind{ProposalPlan, Minutes, Approval, PilotApproval, Override, ReturnNotice, RejectNotice,
	Adjustment, Suspension, Stopping, Inspection, Evaluation, Protection, RewardDecided, Escalation}

// TypeCode is the abbreviation of the document's type in its symbol
// (Decree 30, Appendix III): QĐ, BB, TB, KL.
func (k Kind) TypeCode() string {
	switch k {
	case Minutes, Inspection:
		return "BB"
	case ReturnNotice, RejectNotice, Escalation:
		return "TB"
	case Evaluation, Protection:
		return "KL"
	case ProposalPlan:
		return "TTr"
	}
	return "QĐ"
}

// Label names the kind for people.
func (k Kind) Label() i18n.Message { return i18n.T("doc.kind." + string(k)) }

// Entry is one document a case's record produces: the event it comes from
// and its kind.
type Entry struct {
	Seq   int
	Kind  Kind
	Event string // the event's type
	At    time.Time
	Actor string // who took the step (person id)
}

// kindsOf is which documents an event of a type produces, in print order.
func kindsOf(ev workflow.Line) []Kind {
	var ks []Kind
	if hasMinutes(ev) {
		ks = append(ks, Minutes)
	}
	switch ev.Type {
	case "proposal.submitted":
		ks = append(ks, ProposalPlan)
	case "proposal.approved":
		ks = append(ks, Approval)
	case "proposal.approved_pilot":
		ks = append(ks, PilotApproval)
	case "proposal.approved_override":
		ks = append(ks, Override)
	case "proposal.returned":
		ks = append(ks, ReturnNotice)
	case "proposal.rejected":
		ks = append(ks, RejectNotice)
	case "pilot.adjusted":
		ks = append(ks, Adjustment)
	case "pilot.suspended":
		ks = append(ks, Suspension)
	case "pilot.stopped":
		ks = append(ks, Stopping)
	case "pilot.inspected":
		ks = append(ks, Inspection)
	case "proposal.evaluated":
		ks = append(ks, Evaluation)
	case "protection.determined":
		ks = append(ks, Protection)
	case "proposal.rewarded":
		ks = append(ks, RewardDecided)
	case "deadline.escalated":
		ks = append(ks, Escalation)
	}
	return ks
}

// KindsOf is the documents one event produces.
func KindsOf(ev workflow.Line) []Kind { return kindsOf(ev) }

// Entries lists the documents a case's record produces, oldest first.
func Entries(history []workflow.Line) []Entry {
	var out []Entry
	for _, ev := range history {
		for _, k := range kindsOf(ev) {
			out = append(out, Entry{Seq: ev.Seq, Kind: k, Event: ev.Type, At: ev.At, Actor: ev.Actor.ID})
		}
	}
	return out
}

// ErrNoDocument is returned for an event and kind that make no document.
var ErrNoDocument = errors.New("document: this step produces no such document")

// Build lays out the document of kind k that the event seq of c produces,
// numbered n in its issuer's register (0: not yet numbered).
func Build(c Case, seq int, k Kind, n int) (Doc, error) {
	ev, ok := c.event(seq)
	if !ok {
		return Doc{}, ErrNoDocument
	}
	found := false
	for _, x := range kindsOf(ev) {
		found = found || x == k
	}
	if !found {
		return Doc{}, ErrNoDocument
	}
	c.Deputies = deputiesOf(c)
	b := &builder{c: c, ev: ev, is: c.Issuer}
	if k == Inspection {
		if is, ok := c.Issuers[ev.Actor.ID]; ok {
			b.is = is
		}
	}
	if k == Escalation && c.Superior != nil {
		b.is = *c.Superior
	}
	if k == ProposalPlan && c.ProposerIssuer != nil {
		b.is = *c.ProposerIssuer
	}
	d := b.base(k, n)
	if err := b.fill(&d, k); err != nil {
		return Doc{}, err
	}
	return d, nil
}

// IssuerOf is the unit whose register numbers the document.
func IssuerOf(c Case, e Entry) Issuer {
	if e.Kind == Inspection {
		if is, ok := c.Issuers[e.Actor]; ok {
			return is
		}
	}
	if e.Kind == Escalation && c.Superior != nil {
		return *c.Superior
	}
	if e.Kind == ProposalPlan && c.ProposerIssuer != nil {
		return *c.ProposerIssuer
	}
	return c.Issuer
}

// Symbol is a document's ký hiệu: "QĐ-UBND".
func Symbol(k Kind, is Issuer) string { return k.TypeCode() + "-" + is.Abbrev }

func (c Case) event(seq int) (workflow.Line, bool) {
	for _, ev := range c.History {
		if ev.Seq == seq {
			return ev, true
		}
	}
	return workflow.Line{}, false
}

// deputiesOf adds to the deputies the caller named those the record's
// minutes seat as members other than the head.
func deputiesOf(c Case) map[string]bool {
	out := map[string]bool{}
	for id, ok := range c.Deputies {
		out[id] = ok
	}
	for _, ev := range c.History {
		var d struct {
			Minutes *workflow.Minutes `json:"minutes"`
		}
		if !hasMinutes(ev) || decodeDetails(ev, &d) != nil {
			continue
		}
		for _, m := range d.Minutes.Members {
			if _, set := out[m.PersonID]; !set {
				out[m.PersonID] = !m.Head
			}
		}
	}
	return out
}

func hasMinutes(ev workflow.Line) bool {
	switch ev.Type {
	case "proposal.approved", "proposal.approved_pilot", "proposal.approved_override", "proposal.returned", "proposal.rejected":
	default:
		return false
	}
	var d struct {
		Minutes *workflow.Minutes `json:"minutes"`
	}
	return decodeDetails(ev, &d) == nil && d.Minutes != nil && len(d.Minutes.Members) > 0
}

func decodeInput(ev workflow.Line, v any) error {
	var p workflow.Payload
	if err := json.Unmarshal(ev.Payload, &p); err != nil {
		return fmt.Errorf("document: event %d: %w", ev.Seq, err)
	}
	if len(p.Input) == 0 {
		return nil
	}
	if err := json.Unmarshal(p.Input, v); err != nil {
		return fmt.Errorf("document: event %d input: %w", ev.Seq, err)
	}
	return nil
}

func decodeDetails(ev workflow.Line, v any) error {
	var p workflow.Payload
	if err := json.Unmarshal(ev.Payload, &p); err != nil {
		return fmt.Errorf("document: event %d: %w", ev.Seq, err)
	}
	if len(p.Details) == 0 {
		return nil
	}
	if err := json.Unmarshal(p.Details, v); err != nil {
		return fmt.Errorf("document: event %d details: %w", ev.Seq, err)
	}
	return nil
}

func payloadOf(ev workflow.Line) workflow.Payload {
	var p workflow.Payload
	_ = json.Unmarshal(ev.Payload, &p)
	return p
}

// name is how the record's person or unit id is written.
func (c Case) name(id string) string {
	if n, ok := c.Names[id]; ok && n != "" {
		return n
	}
	if id == c.Proposer.ID && c.Proposer.Name != "" {
		return c.Proposer.Name
	}
	return id
}

func quoted(s string) string { return "“" + strings.TrimSpace(nfc(s)) + "”" }
