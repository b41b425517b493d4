// Package proof holds damlam's evidence formats and their verification:
// the leaf layout, approved scopes, C2SP receipts (tlog-proof), signed
// checkpoints, case dossiers, and the claim-by-claim verifier used by
// damlam-verify. It depends only on the standard library, the
// transparency-dev merkle and formats modules and sumdb/note, so an
// inspector can audit it and an independent Merkle implementation checks
// the proofs the log produces.
//
// # Leaves
//
// A leaf is a versioned text (see Entry.Marshal). It names the previous
// leaf of the same case, so a case's leaves form a chain inside the log,
// and it carries digests and coordinates, never personal data or document
// bodies. Field keys in use:
//
//	payload.sha256  hex SHA-256 of the event's JSON business record, as stored
//	                (records/<index>.json in a dossier)
//	scope.sha256    on approval leaves: hex SHA-256 of Scope.Canonical()
//	                (scope/<index>.json in a dossier)
//	scope.under     log index of the approval leaf an action or report is
//	                filed under; it must be an earlier approval of the case
//	act.unit        an action's coordinates, checked with Scope.Check:
//	act.date        the unit acting, the date (YYYY-MM-DD) and the amount
//	act.amount      in whole VND; spending is cumulative over the case
//	scope.outside   set by the system when it recorded an action it found
//	                outside the approved scope; the value says why
//	doc.sha256      hex SHA-256 of an attachment; may repeat
//	                (attachments/<sha256>[.ext] in a v2 dossier)
//	key.id, key.vkey  on log.key_rotated leaves: the new signing key
//
// Authority leaves (authority.go) record units, people, seats, roles and
// announced days on chains of their own (ids with a ':', never a case's):
// unit, unit.parent, unit.kind, unit.path, name.sha256, party.sha256,
// person (a pseudonym), email.sha256, position, role, day, day.kind,
// note.sha256 and recorded.rows. Names, e-mail addresses and notes are
// there only as digests.
//
// Approval types (ApprovalTypes) are proposal.approved,
// proposal.approved_pilot, proposal.approved_override and pilot.adjusted;
// a later approval replaces the scope of an earlier one.
//
// # Dossiers
//
// A dossier is a zip archive in one canonical form (see WriteZip) holding
// a case's leaves, their receipts, the latest checkpoint, consistency
// proofs from each receipt's checkpoint to the latest, the log's keys,
// records, scopes, content versions, summaries and attachments, plus
// manifest.json (the SHA-256 of every file) and manifest.sig (the log key's
// signature over the manifest). Verify reports, in order: the dossier is
// intact; every leaf is in the log; the log only grew; the case chain is
// unbroken; records and scopes match their digests; the documents the log
// names match theirs; approvals precede actions; and actions stayed inside
// their scope.
//
// The format is versioned (DossierFormat). In damlam-dossier v2 a
// document is bound by a digest the log commits to, not by the dossier's
// signature: records/<index>.json by its leaf's payload.sha256;
// scope/<index>.json by scope.sha256; versions/<n>.json, the content a
// submission sent, by the details.content_sha256 (with details.version n)
// of that submission's record; attachments/<sha256>[.ext] by a leaf's
// doc.sha256 and by its own name. A record must also say what its leaf
// says: the digest of its "scope" is the leaf's scope.sha256 and its
// "docs" are the leaf's doc.sha256 values. Every file must be present,
// must match, and must be named by something in the log; a file the format
// does not define is reported by name. damlam-dossier v1, which carried no
// content versions, still verifies under its own, looser rules. A dossier that carries authority/ (the authority chains of the case's
// deciders, each leaf with an inclusion proof in the tree of
// checkpoint.txt) gets one claim more: each decider held the seat or role
// the decision needs in the deciding unit when it was logged
// (verify_authority.go).
//
// What a dossier cannot show: that no later leaf of the case exists. It
// proves what it contains, which is what protects the cadre who acted.
package proof

// Field keys; see the package documentation.
const (
	FieldPayload      = "payload.sha256"
	FieldScope        = "scope.sha256"
	FieldScopeUnder   = "scope.under"
	FieldActUnit      = "act.unit"
	FieldActDate      = "act.date"
	FieldActAmount    = "act.amount"
	FieldScopeOutside = "scope.outside"
	FieldDoc          = "doc.sha256"
	// FieldOfficial is an official document the step issued: "unit year
	// number symbol date sha256" (documents/<unit>-<year>-<number>.pdf).
	FieldOfficial = "official"
	FieldKeyID    = "key.id"
	FieldKeyVKey  = "key.vkey"
)
