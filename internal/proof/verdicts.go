package proof

// Two verdicts. Whether a dossier is authentic and complete (nothing
// altered, every decision in the log, the chain unbroken, each decider in
// their seat) is one question; whether the actions it records stayed
// inside the approved scope is another, and a record that shows its own
// overspending is evidence, not a forgery. An inspector who reads
// "INVALID" on a genuine record of a cadre who overspent would read it as
// forged; the verifier therefore gives each question its own verdict.

// complianceClaims are the claims about what was done, not about the
// record: they are only as good as the record's authenticity.
var complianceClaims = map[string]bool{ClaimInScope: true}

// IsCompliance says whether claim id is about compliance (the actions
// stayed inside the approved scope) rather than authenticity.
func IsCompliance(id string) bool { return complianceClaims[id] }

// Authenticity is the verdict on the record itself: every claim but the
// compliance ones.
func (r Report) Authenticity() Status {
	s := Holds
	for _, c := range r.Claims {
		if !complianceClaims[c.ID] {
			s = worse(s, c.Status)
		}
	}
	return s
}

// Compliance is the verdict on the actions the record shows: the
// compliance claims, and "cannot tell" unless the record is authentic
// (what a forged record shows proves nothing either way).
func (r Report) Compliance() Status {
	s := Holds
	for _, c := range r.Claims {
		if complianceClaims[c.ID] {
			s = worse(s, c.Status)
		}
	}
	if a := r.Authenticity(); a != Holds {
		return CannotTell
	}
	return s
}
