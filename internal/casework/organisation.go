package casework

import (
	"context"
	"io"

	"damlam/internal/calendar"
	"damlam/internal/org"
)

// Organisation is what the administration use cases need of persistence:
// units, people, their posts and roles, and the announced days that
// deadlines are counted over. Each method validates its input, reads the
// units it names inside its transaction, asks may with their paths, and
// writes the change and its log entry only when may allows it. by is
// who made the change (nil: the operator at the machine).
type Organisation interface {
	CreateUnit(ctx context.Context, by *org.Person, in org.UnitInput, may org.AdminCheck) (org.Unit, error)
	CreatePerson(ctx context.Context, by *org.Person, in org.PersonInput, may org.AdminCheck) (*org.Person, error)
	AddGrant(ctx context.Context, by *org.Person, personID string, seat *org.SeatInput, grant *org.GrantInput, may org.AdminCheck) error
	RemoveSeat(ctx context.Context, by *org.Person, personID, unitID string, may org.AdminCheck) error
	RemoveGrant(ctx context.Context, by *org.Person, personID string, role org.Role, unitID string, may org.AdminCheck) error
	SetCalendarDay(ctx context.Context, by *org.Person, day string, in calendar.DayInput, may org.AdminCheck) (calendar.Date, error)
	ImportUnits(ctx context.Context, by *org.Person, r io.Reader, may org.AdminCheck) (int, error)
	ImportPeople(ctx context.Context, by *org.Person, r io.Reader, may org.AdminCheck) (int, error)
	// PreviewUnits and PreviewPeople check an import as ImportUnits and
	// ImportPeople do, and write nothing.
	PreviewUnits(ctx context.Context, by *org.Person, r io.Reader, may org.AdminCheck) (int, error)
	PreviewPeople(ctx context.Context, by *org.Person, r io.Reader, may org.AdminCheck) (int, error)
}

// administers is the rule for organisation changes made by actor: the
// operator (nil) may change anything, a person what lies within the
// units they administer.
func administers(actor *org.Person) org.AdminCheck {
	if actor == nil {
		return org.Operator
	}
	return org.Administrator(actor)
}

// CreateUnit adds a unit under its parent. Refusals: the input is
// malformed or names an unknown parent (422), actor does not administer
// the parent (403); only the operator creates a root.
func (s *Service) CreateUnit(ctx context.Context, actor *org.Person, in org.UnitInput) (org.Unit, error) {
	return s.store.CreateUnit(ctx, actor, in, administers(actor))
}

// CreatePerson adds a person with their posts and roles. Refusals: the
// input is malformed, names an unknown unit or an address in use (422),
// actor does not administer every unit named (403).
func (s *Service) CreatePerson(ctx context.Context, actor *org.Person, in org.PersonInput) (*org.Person, error) {
	return s.store.CreatePerson(ctx, actor, in, administers(actor))
}

// Give gives a person a post in a unit (seat; or another position in
// it) or a role over a unit (grant): one of the two. Refusals: neither,
// an unknown person or unit, a bad position or role (422), actor does not
// administer the unit (403). What the person holds already changes
// nothing and logs nothing.
func (s *Service) Give(ctx context.Context, actor *org.Person, personID string, seat *org.SeatInput, grant *org.GrantInput) error {
	return s.store.AddGrant(ctx, actor, personID, seat, grant, administers(actor))
}

// RemoveSeat ends a person's post in a unit; what they decided stays in
// the log under their pseudonym.
func (s *Service) RemoveSeat(ctx context.Context, actor *org.Person, personID, unitID string) error {
	return s.store.RemoveSeat(ctx, actor, personID, unitID, administers(actor))
}

// RemoveGrant takes a role over a unit away from a person. No one takes
// away their own administration (409).
func (s *Service) RemoveGrant(ctx context.Context, actor *org.Person, personID string, role org.Role, unitID string) error {
	if err := org.MayTakeAway(actor, personID, role); err != nil {
		return err
	}
	return s.store.RemoveGrant(ctx, actor, personID, role, unitID, administers(actor))
}

// SetCalendarDay announces a day off or a swapped working day (kind ""
// withdraws an announcement). Refusals: a malformed date (422), actor is
// neither an administrator nor the secretariat of a root unit (403), a
// malformed kind or note (422).
func (s *Service) SetCalendarDay(ctx context.Context, actor *org.Person, day string, in calendar.DayInput) (calendar.Date, error) {
	may := org.Operator
	if actor != nil {
		may = org.CalendarManager(actor)
	}
	return s.store.SetCalendarDay(ctx, actor, day, in, may)
}

// ImportUnits creates the units of a CSV file in one transaction: a file
// with any bad line, or a line actor may not create, imports nothing.
func (s *Service) ImportUnits(ctx context.Context, actor *org.Person, r io.Reader) (int, error) {
	return s.store.ImportUnits(ctx, actor, r, administers(actor))
}

// ImportPeople creates the people of a CSV file in one transaction, as
// ImportUnits does.
func (s *Service) ImportPeople(ctx context.Context, actor *org.Person, r io.Reader) (int, error) {
	return s.store.ImportPeople(ctx, actor, r, administers(actor))
}

// PreviewImport checks an import file of kind "units" or "people" for
// actor as the import would, and writes nothing: the number of rows it
// would import, or the error naming every bad line.
func (s *Service) PreviewImport(ctx context.Context, actor *org.Person, kind string, r io.Reader) (int, error) {
	if kind == "units" {
		return s.store.PreviewUnits(ctx, actor, r, administers(actor))
	}
	return s.store.PreviewPeople(ctx, actor, r, administers(actor))
}
