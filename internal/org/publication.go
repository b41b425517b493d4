package org

import "time"

// Publication is what a unit has chosen to show the public about its
// approved pilots on the transparency page (/cong-khai). Nothing is shown
// until an administrator of the unit opts in: Published is false for every
// unit that never chose.
type Publication struct {
	UnitID string `json:"unit_id"`
	// Published puts the unit's approved pilots on the public page.
	Published bool `json:"published"`
	// Names shows who proposed each pilot; otherwise only the deciding
	// office is named.
	Names bool `json:"names"`
	// Money shows the approved budget and what was spent against it.
	Money bool `json:"money"`
	// UpdatedAt is when an administrator last changed the choice; zero
	// when no one ever did.
	UpdatedAt time.Time `json:"updated_at,omitzero"`
}

// PublicationInput is an administrator's choice for a unit. The choices
// of names and money are kept while the unit is not published, so that
// publishing again shows what it showed before.
type PublicationInput struct {
	Published bool `json:"published"`
	Names     bool `json:"names"`
	Money     bool `json:"money"`
}
