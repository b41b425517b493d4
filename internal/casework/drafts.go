package casework

import (
	"context"
	"fmt"

	"damlam/internal/org"
	"damlam/internal/problem"
	"damlam/internal/workflow"
)

// Drafts is what the draft use cases need of persistence. Each method runs
// its check inside the transaction that holds the case (or, creating one,
// that reads the facts), and writes nothing when the check refuses.
type Drafts interface {
	// CreateDraft numbers a new draft of unitID proposed by proposerID and
	// stores it, if check approves; it returns the draft's id.
	CreateDraft(ctx context.Context, unitID, proposerID string, content workflow.Content, check workflow.DecideDraft) (string, error)
	// EditDraft replaces case id's content, if check approves. An unknown
	// case is refused (404) before check runs.
	EditDraft(ctx context.Context, id string, content workflow.Content, check workflow.DecideDraft) error
	// AttachFile stores data under file.SHA256 and links it to case id
	// with file's name, adder and time, if check approves over the case
	// and the space its adder and unit already use. A refused file is not
	// written anywhere.
	AttachFile(ctx context.Context, id string, file workflow.File, data []byte, check workflow.DecideFile) error
	// CheckFile runs check over case id and the space adderID and the
	// case's unit use, and writes nothing: an upload is refused by it
	// before its body is read.
	CheckFile(ctx context.Context, id, adderID string, check workflow.DecideFile) error
}

// Create starts a draft of content in unitID, proposed by actor, and
// returns its id. Refusals: the content is malformed (422), the unit is
// unknown (422), actor does not work in it (403), an implementer is
// unknown (422).
func (s *Service) Create(ctx context.Context, actor *org.Person, unitID string, content workflow.Content) (string, error) {
	if err := content.ValidateDraft(); err != nil {
		return "", err
	}
	return s.store.CreateDraft(ctx, unitID, actor.ID, content, createCheck(actor, unitID, content))
}

// DraftBatch is a store's transaction that creates many drafts and takes
// many steps (a bulk load).
type DraftBatch interface {
	CreateDraft(unitID, proposerID string, content workflow.Content, check workflow.DecideDraft) (string, error)
}

// CreateIn is Create inside b.
func CreateIn(b DraftBatch, actor *org.Person, unitID string, content workflow.Content) (string, error) {
	if err := content.ValidateDraft(); err != nil {
		return "", err
	}
	return b.CreateDraft(unitID, actor.ID, content, createCheck(actor, unitID, content))
}

func createCheck(actor *org.Person, unitID string, content workflow.Content) workflow.DecideDraft {
	return func(_ *workflow.Proposal, f workflow.DraftFacts) error {
		if !f.UnitKnown {
			var fields problem.Fields
			fields.Add("unit_id", "field.unknown_unit", unitID)
			return fields.Err()
		}
		if !actor.MemberOf(unitID) {
			return problem.New(problem.Forbidden, "not_a_member", unitID)
		}
		return unknownPeople(actor, content, f)
	}
}

// Edit replaces the content of a draft or a returned proposal. Refusals:
// the content is malformed (422), the case is unknown (404), actor may
// not edit it (403) or it is not editable now (409), an implementer is
// unknown (422).
func (s *Service) Edit(ctx context.Context, actor *org.Person, id string, content workflow.Content) error {
	if err := content.ValidateDraft(); err != nil {
		return err
	}
	return s.store.EditDraft(ctx, id, content, func(p *workflow.Proposal, f workflow.DraftFacts) error {
		if err := workflow.Authorize(actor, p, workflow.Edit); err != nil {
			return err
		}
		return unknownPeople(actor, content, f)
	})
}

// unknownPeople refuses implementers that do not exist, or that are
// outside the writer's view (workflow.PersonInView).
func unknownPeople(actor *org.Person, content workflow.Content, f workflow.DraftFacts) error {
	var fields problem.Fields
	unknown := map[int]bool{}
	for _, i := range f.UnknownPeople {
		unknown[i] = true
		fields.Add(fmt.Sprintf("implementers[%d]", i), "field.unknown_person", content.Implementers[i])
	}
	for i, id := range content.Implementers {
		if unknown[i] || i >= len(f.PeopleSeats) || workflow.PersonInView(actor, f.UnitPath, id, f.PeopleSeats[i]) {
			continue
		}
		fields.Add(fmt.Sprintf("implementers[%d]", i), "field.person_not_visible", id)
	}
	return fields.Err()
}
